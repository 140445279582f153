import React from 'react';
import { Field, RadioButtonGroup } from '@grafana/ui';

import { QueryMode, resolveSettings } from '../../core/model/settings';
import { selectors } from '../selectors';
import { StoreSection } from './StoreSection';
import { JsonDataSectionProps } from './types';

const OPTIONS: Array<{ label: string; value: QueryMode; description: string }> = [
  {
    label: 'Server',
    value: 'server',
    description:
      "Grafana's server walks Microsoft Graph once per tenant for every viewer, panel, variable and alert rule, and keeps finished walks in memory. No proxy route carries the credentials.",
  },
  {
    label: 'Server with store',
    value: 'serverStore',
    description:
      "As Server, answered from a store on Grafana's disk that the server fills in the background: history beyond Microsoft's retention, dashboards answered at once. Needs store_dir in grafana.ini.",
  },
  {
    label: 'Browser',
    value: 'browser',
    description:
      "Each browser walks Microsoft Graph through Grafana's proxy routes, which attach the app's token to any request a Viewer sends through them.",
  },
];

const DESCRIPTION =
  "Where dashboards, Explore, variables and annotations run. Alert rules and Save & test always run on Grafana's server. Server or Server with store is recommended; changing between a server mode and Browser clears the stored client secret.";

/** The `queryMode` choice; a data source saved before it existed has no key and stays in Browser. */
export function QueryModeSection({ jsonData, onJsonDataChange }: JsonDataSectionProps) {
  const mode = resolveSettings(jsonData).queryMode;
  return (
    <>
      <Field label="Where queries run" description={DESCRIPTION}>
        <RadioButtonGroup<QueryMode>
          data-testid={selectors.config.queryMode}
          options={OPTIONS}
          value={mode}
          onChange={(queryMode) => onJsonDataChange({ queryMode })}
        />
      </Field>
      {mode === 'serverStore' && <StoreSection jsonData={jsonData} onJsonDataChange={onJsonDataChange} />}
    </>
  );
}
