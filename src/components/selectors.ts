/** data-testid values, shared by the component tests and the browser tests. */
export const selectors = {
  config: {
    cloud: 'entraid-config-cloud',
    loginUrl: 'entraid-config-login-url',
    graphUrl: 'entraid-config-graph-url',
    legacyGraphUrl: 'entraid-config-legacy-graph-url',
    customEndpointWarning: 'entraid-config-custom-endpoint-warning',
    chinaBetaNote: 'entraid-config-china-beta-note',
    tenantId: 'entraid-config-tenant-id',
    clientId: 'entraid-config-client-id',
    clientSecret: 'entraid-config-client-secret',
    permissionsHelp: 'entraid-config-permissions-help',
    apiNotServedInCloud: 'entraid-config-api-not-served-in-cloud',
    legacyWarning: 'entraid-config-legacy-warning',
    maxEvents: 'entraid-config-max-events',
  },
  query: {
    editor: 'entraid-query-editor',
    groupBy: 'entraid-query-group-by',
    filters: 'entraid-query-filters',
    filterRow: (index: number) => `entraid-query-filter-${index}`,
    addFilter: 'entraid-query-add-filter',
    rawFilter: 'entraid-query-raw-filter',
    bucket: 'entraid-query-bucket',
    topN: 'entraid-query-top-n',
    groups: 'entraid-query-groups',
    help: 'entraid-query-help',
    alertFormatWarning: 'entraid-query-alert-format-warning',
  },
  variable: {
    kind: 'entraid-variable-kind',
  },
} as const;
