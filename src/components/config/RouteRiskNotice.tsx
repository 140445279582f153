import React from 'react';
import { Alert } from '@grafana/ui';

import { selectors } from '../selectors';

/** What the browser path (Grafana's data-source proxy routes) lets a Viewer send, and the way out: server mode. */
export function RouteRiskNotice() {
  return (
    <Alert
      severity="info"
      title="What Viewers can send through this data source"
      data-testid={selectors.config.routeRisk}
    >
      Dashboards query Microsoft through Grafana&apos;s data-source proxy, whose routes attach the app&apos;s access
      token. Any Viewer of this organisation can send GET requests through them, and Grafana forwards any path that
      starts with <code>…/auditLogs/directoryAudits</code> with the token. The plugin sends only that exact path, but a
      Viewer can craft others, such as percent-encoded <code>%2e%2e</code> segments; if Microsoft&apos;s front door
      normalised those, they could reach other Graph data the app may read (it holds <code>Directory.Read.All</code>).
      Grant the app only the two permissions below and restrict who can query this data source. In{' '}
      <strong>Server</strong> mode (Where queries run, below) the secret is kept where no route reads it, so the routes
      carry no token: use it in production.
    </Alert>
  );
}
