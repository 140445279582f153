import type { AuditJsonData } from '../../src/datasource/DataSource';

export const DATASOURCE_UID = 'entra-audit';

/** The secrets Grafana keeps for this plugin (a type literal, so it reads as a plain record). */
type AuditSecureSettings = {
  clientSecret?: string;
  clientSecretBinding?: string;
  backendClientSecret?: string;
  backendClientSecretBinding?: string;
  /** Grafana's own TLS secret: the custom cloud's private CA (jsonData.tlsAuthWithCACert). */
  tlsCACert?: string;
};

/** Every secret key the plugin stores: Browser mode's and the server modes'. */
const SECURE_KEYS = [
  'clientSecret',
  'clientSecretBinding',
  'backendClientSecret',
  'backendClientSecretBinding',
  'tlsCACert',
] as const;

/** A data source as Grafana's database holds it: the secret stays here and in the proxy. */
export interface SavedDataSource {
  id: number;
  name: string;
  /** Bumped on every save; the proxy keys its token cache on it, as Grafana keys on `updated`. */
  version: number;
  jsonData: AuditJsonData;
  secureJsonData: AuditSecureSettings;
}

/** What the config page PUTs: Grafana's DataSourceSettings with any newly typed secret. */
export interface SettingsUpdate {
  name?: string;
  jsonData: AuditJsonData;
  secureJsonData?: AuditSecureSettings;
  secureJsonFields?: { [K in keyof AuditSecureSettings]?: boolean };
}

/**
 * What `GET /api/datasources/uid/<uid>` gives a browser: no secureJsonData, only which secret
 * fields are set. The config editor's SecretInput shows "configured" from secureJsonFields.
 */
export function publicSettings(saved: SavedDataSource, pluginId: string) {
  return {
    id: saved.id,
    uid: DATASOURCE_UID,
    orgId: 1,
    name: saved.name,
    type: pluginId,
    typeName: 'Microsoft Entra ID (Azure AD) audit logs',
    typeLogoUrl: `public/plugins/${pluginId}/img/logo.svg`,
    access: 'proxy',
    url: '',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    withCredentials: false,
    isDefault: false,
    jsonData: saved.jsonData,
    secureJsonFields: Object.fromEntries(SECURE_KEYS.map((key) => [key, Boolean(saved.secureJsonData[key])])),
    version: saved.version,
    readOnly: false,
  };
}

/**
 * Grafana's update: jsonData is replaced; a secret sent in secureJsonData replaces the stored one,
 * an omitted one is kept, and one the editor reset (secureJsonFields false, empty value) is removed.
 */
export function saveSettings(saved: SavedDataSource, update: SettingsUpdate): SavedDataSource {
  const secureJsonData: AuditSecureSettings = { ...saved.secureJsonData };
  for (const key of SECURE_KEYS) {
    const typed = update.secureJsonData?.[key];
    if (typed) {
      secureJsonData[key] = typed;
    } else if (update.secureJsonFields?.[key] === false || typed === '') {
      delete secureJsonData[key];
    }
  }
  return {
    ...saved,
    name: update.name ?? saved.name,
    version: saved.version + 1,
    jsonData: update.jsonData,
    secureJsonData,
  };
}
