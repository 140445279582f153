export { startGrafanaProxy } from './server';
export type { GrafanaProxy, GrafanaProxyOptions, ProxiedDataSource, ProxyAccessRecord } from './types';
export type { PluginRoute } from './routes';
export type { TokenRequestRecord } from './tokenProvider';
