/**
 * Sovereign clouds and their hosts: the one table the settings, the routes and the planner share.
 * Source: docs/reference/graph-api.md §6 (Microsoft Graph "national cloud deployments").
 */
export type CloudName = 'azure' | 'usgov' | 'usgovdod' | 'china' | 'custom';

export interface CloudEndpoints {
  label: string;
  loginUrl: string;
  graphUrl: string;
  legacyGraphUrl: string;
  /** Microsoft documents directory audits on Graph v1.0 as unavailable in China; beta serves them. */
  directoryAuditsOnlyOnBeta: boolean;
  portalUrl: string;
}

export const CLOUDS: Record<Exclude<CloudName, 'custom'>, CloudEndpoints> = {
  azure: {
    label: 'Azure (global)',
    loginUrl: 'https://login.microsoftonline.com',
    graphUrl: 'https://graph.microsoft.com',
    legacyGraphUrl: 'https://graph.windows.net',
    directoryAuditsOnlyOnBeta: false,
    portalUrl: 'https://entra.microsoft.com',
  },
  usgov: {
    label: 'Azure US Government (GCC High)',
    loginUrl: 'https://login.microsoftonline.us',
    graphUrl: 'https://graph.microsoft.us',
    legacyGraphUrl: 'https://graph.microsoftazure.us',
    directoryAuditsOnlyOnBeta: false,
    portalUrl: 'https://portal.azure.us',
  },
  usgovdod: {
    label: 'Azure US Government DoD',
    loginUrl: 'https://login.microsoftonline.us',
    graphUrl: 'https://dod-graph.microsoft.us',
    legacyGraphUrl: 'https://graph.microsoftazure.us',
    directoryAuditsOnlyOnBeta: false,
    portalUrl: 'https://portal.azure.us',
  },
  china: {
    label: 'Azure China (21Vianet)',
    loginUrl: 'https://login.chinacloudapi.cn',
    graphUrl: 'https://microsoftgraph.chinacloudapi.cn',
    legacyGraphUrl: 'https://graph.chinacloudapi.cn',
    directoryAuditsOnlyOnBeta: true,
    portalUrl: 'https://portal.azure.cn',
  },
};
