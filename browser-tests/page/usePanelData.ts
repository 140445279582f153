import { DataFrame, DataQuery, DataSourceApi, LoadingState, TimeRange } from '@grafana/data';
import { useEffect, useState } from 'react';

import { recordPanel } from './hostState';
import { panelRequest, runPanelQuery } from './queryRequest';

export interface PanelData {
  frames: DataFrame[];
  state: LoadingState;
  error?: string;
}

/** Runs one panel's query once, as Grafana's query runner does, and records each response for the tests. */
export function usePanelData(
  title: string,
  query: DataQuery,
  datasource: DataSourceApi,
  range: TimeRange,
  width: number
): PanelData {
  const [data, setData] = useState<PanelData>({ frames: [], state: LoadingState.Loading });
  useEffect(() => {
    const subscription = runPanelQuery(datasource, panelRequest([query], range, width)).subscribe((response) => {
      recordPanel(title, response, range);
      setData({
        frames: response.data,
        state: response.state ?? LoadingState.Done,
        error: response.errors?.[0]?.message,
      });
    });
    return () => subscription.unsubscribe();
    // The range is derived from a fixed "now"; running once per panel is what the tests need.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [datasource, query]);
  return data;
}
