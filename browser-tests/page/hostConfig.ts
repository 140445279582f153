import type { DataSourceInstanceSettings, DataSourcePluginMeta, DataSourceSettings } from '@grafana/data';

/** What the test host tells the page (GET /host/config.json), as Grafana's boot data would. */
export interface HostConfig {
  pluginId: string;
  moduleUrl: string;
  datasourceUid: string;
  /** The emulated tenant's "now", epoch ms: panels show the hours before it. */
  now: number;
  /** Dashboard variables for the template service. */
  variables: Record<string, string | string[]>;
}

export function pluginMeta(config: HostConfig): DataSourcePluginMeta {
  return {
    id: config.pluginId,
    name: 'Microsoft Entra ID (Azure AD) audit logs',
    type: 'datasource',
    module: config.moduleUrl,
    baseUrl: `public/plugins/${config.pluginId}`,
    info: {
      author: { name: 'Auditlens' },
      description: '',
      links: [],
      logos: {
        small: `/public/plugins/${config.pluginId}/img/logo.svg`,
        large: `/public/plugins/${config.pluginId}/img/logo.svg`,
      },
      screenshots: [],
      updated: '',
      version: '',
    },
  } as DataSourcePluginMeta;
}

/** What Grafana builds for a data source instance from its saved settings. */
export function toInstanceSettings(
  settings: DataSourceSettings,
  meta: DataSourcePluginMeta
): DataSourceInstanceSettings {
  return {
    id: settings.id,
    uid: settings.uid,
    type: settings.type,
    name: settings.name,
    meta,
    access: 'proxy',
    // Grafana's proxy path for a proxy-access data source, relative to Grafana's origin.
    url: `/api/datasources/proxy/uid/${settings.uid}`,
    jsonData: settings.jsonData,
    readOnly: settings.readOnly,
  } as DataSourceInstanceSettings;
}
