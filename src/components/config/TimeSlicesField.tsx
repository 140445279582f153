import React from 'react';
import { Alert, Field, Switch } from '@grafana/ui';

import { resolveSettings } from '../../core/model/settings';
import { slicesTheBudgetAllows } from '../../core/pages/timeSlices';
import { selectors } from '../selectors';
import { JsonDataSectionProps } from './types';

const DESCRIPTION =
  'Walk ranges of two hours or more as up to four time slices at once: they finish sooner and spend a few more ' +
  "requests than one walk. Takes effect only when the request budget allows at least two requests per second, so never with Microsoft's 5 requests per 10 s.";

/** The `timeSlices` switch; on only when stored as true, and removed (not stored false) when off. */
export function TimeSlicesField({ jsonData, onJsonDataChange }: JsonDataSectionProps) {
  const on = jsonData.timeSlices === true;
  const { requests, perSeconds } = resolveSettings(jsonData).requestBudget;
  const budgetAllows = slicesTheBudgetAllows({ requests, perSeconds }) > 1;
  return (
    <>
      <Field label="Parallel time slices" description={DESCRIPTION}>
        <Switch
          id="entraid-config-time-slices"
          data-testid={selectors.config.timeSlices}
          value={on}
          onChange={(event) => onJsonDataChange({ timeSlices: event.currentTarget.checked ? true : undefined })}
        />
      </Field>
      {on && !budgetAllows && (
        <Alert
          severity="info"
          title="No effect with this request budget"
          data-testid={selectors.config.timeSlicesInactive}
        >
          {`This data source's request budget is ${requests} per ${perSeconds} s: queries walk their range in one piece. ` +
            'Slices start only with a budget of at least two requests per second (requestBudget in the provisioned jsonData).'}
        </Alert>
      )}
    </>
  );
}
