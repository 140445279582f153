import { QueryMode, ResolvedSettings, runsOnServer } from './settings';

/** The secureJsonData key the config editor writes next to clientSecret (pkg/models/binding.go reads it). */
export const SECRET_BINDING_KEY = 'clientSecretBinding';

/**
 * "<cloud>|<login host>|<tenant>": where a client secret entered now may be sent. The Go backend
 * refuses to send the secret anywhere else (SecretBinding in pkg/models/binding.go writes the
 * same text; table: conformance/tables/secret-bindings.json). Grafana's routes cannot check it.
 */
export function secretBinding(settings: ResolvedSettings): string {
  const schemeEnd = settings.loginUrl.indexOf('://');
  const host = schemeEnd < 0 ? settings.loginUrl : settings.loginUrl.slice(schemeEnd + 3);
  return [settings.cloud, host.toLowerCase(), settings.tenantId.toLowerCase()].join('|');
}

/**
 * The secureJsonData keys of the secret and its binding in each query mode (SecretKeys in
 * pkg/models/querymode.go). The proxy routes in src/plugin.json template only `clientSecret`, so a
 * server-mode (and server-with-store) secret kept as `backendClientSecret` can never be used through a route.
 */
export function secretKeysOf(mode: QueryMode): {
  secret: 'clientSecret' | 'backendClientSecret';
  binding: 'clientSecretBinding' | 'backendClientSecretBinding';
} {
  return runsOnServer(mode)
    ? { secret: 'backendClientSecret', binding: 'backendClientSecretBinding' }
    : { secret: 'clientSecret', binding: SECRET_BINDING_KEY };
}
