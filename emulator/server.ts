import { IncomingMessage, ServerResponse } from 'node:http';
import { handleControl } from './control/controlEndpoints';
import { handleDirectoryAudits } from './graph/directoryAudits';
import type { HandledPage } from './report';
import { sendGraphError } from './graph/graphErrors';
import { routingPath } from './frontDoor';
import { contextOf, RequestContext, sendJson } from './http';
import { handleActivitiesAudit } from './legacy/activitiesAudit';
import { LoggedRequest } from './requestLog';
import { EmulatorState } from './state';
import { handleTokenRequest } from './tokens/tokenEndpoint';
import { handleInstanceDiscovery, handleOpenIdConfiguration } from './tokens/discovery';

const TOKEN_PATH = /^\/([^/]+)\/oauth2\/(v2\.0\/)?token\/?$/;
const OPENID_PATH = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration\/?$/;
const INSTANCE_DISCOVERY_PATH = /^\/common\/discovery\/instance\/?$/;
const GRAPH_PATH = /^\/(v1\.0|beta)\/auditLogs\/directoryAudits(?:\/([^/]+))?\/?$/i;
const LEGACY_PATH = /^\/([^/]+)\/activities\/audit\/?$/;
const CONTROL_PREFIX = '/_emulator';

/**
 * One request listener for every host the emulator stands in for: the login host, the Microsoft
 * Graph host and the Azure AD Graph host share one base URL and are told apart by path.
 */
export function createListener(state: EmulatorState, scheme: 'http' | 'https') {
  return (req: IncomingMessage, res: ServerResponse) => {
    const ctx = contextOf(req, res, scheme);
    const arrived = { atMs: state.clock.now(), realMs: Date.now() };
    route(state, ctx)
      .then((outcome) => record(state, ctx, arrived, outcome))
      .catch((error: unknown) => {
        const status = sendGraphError(
          ctx,
          state.clock.now(),
          500,
          'InternalServerError',
          `Emulator failure: ${(error as Error).message}`
        );
        record(state, ctx, arrived, { api: 'other', status });
      });
  };
}

type Outcome = Pick<LoggedRequest, 'api' | 'status' | 'clientId' | 'tenantId' | 'fault' | 'events'>;

async function route(state: EmulatorState, ctx: RequestContext): Promise<Outcome> {
  const path = routingPath(ctx.req.url ?? '/', state.options.normalizePaths);
  if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) {
    if (!state.options.inspection) {
      sendJson(ctx, 404, { error: 'Inspection is off. Start the emulator with --inspection to use /_emulator.' });
      return { api: 'control', status: 404 };
    }
    return { api: 'control', status: await handleControl(state, ctx, path.slice(CONTROL_PREFIX.length)) };
  }
  const token = TOKEN_PATH.exec(path);
  if (token) {
    const fault = state.faults.next('token');
    if (fault?.kind === 'reset') {
      ctx.req.socket.destroy();
      return { api: 'token', status: 0, fault: 'reset' };
    }
    return { api: 'token', status: await handleTokenRequest(state, ctx, token[1], token[2] ? 'v2' : 'v1') };
  }
  const openId = OPENID_PATH.exec(path);
  if (openId) {
    return { api: 'discovery', status: handleOpenIdConfiguration(state, ctx, openId[1]) };
  }
  if (INSTANCE_DISCOVERY_PATH.test(path)) {
    return { api: 'discovery', status: handleInstanceDiscovery(state, ctx) };
  }
  const graph = GRAPH_PATH.exec(path);
  if (graph) {
    const version = graph[1].toLowerCase() === 'beta' ? 'beta' : 'v1.0';
    const id = graph[2] === undefined ? undefined : decodeURIComponent(graph[2]);
    return page('graph', await handleDirectoryAudits(state, ctx, version, id));
  }
  const legacy = LEGACY_PATH.exec(path);
  if (legacy) {
    return page('legacy', await handleActivitiesAudit(state, ctx, legacy[1]));
  }
  const status = sendGraphError(
    ctx,
    state.clock.now(),
    404,
    'Request_ResourceNotFound',
    `Resource not found for the segment '${path}'.`
  );
  return { api: 'other', status };
}

function page(api: 'graph' | 'legacy', handled: HandledPage): Outcome {
  return { api, ...handled };
}

function record(
  state: EmulatorState,
  ctx: RequestContext,
  arrived: { atMs: number; realMs: number },
  outcome: Outcome
) {
  state.log.add({
    at: new Date(arrived.atMs).toISOString(),
    atMs: arrived.atMs,
    realMs: arrived.realMs,
    method: ctx.req.method ?? 'GET',
    url: ctx.req.url ?? '/',
    ...outcome,
  });
}
