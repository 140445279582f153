import { FaultRule } from '../faults';
import { headerValue, RequestContext, readBody, sendJson } from '../http';
import { EmulatorState } from '../state';
import { groundTruth, GroundTruthField } from './groundTruth';
import { injectEvent, InjectedEventSpec } from './injection';
import { refuseUnsafeControlRequest } from './writeGuard';

/**
 * `/_emulator/*`: ground-truth counts, the request log, faults, injected events, the clock and reset.
 * Served only when inspection is enabled; the programmatic API offers the same without HTTP.
 */
export async function handleControl(state: EmulatorState, ctx: RequestContext, path: string): Promise<number> {
  const method = ctx.req.method ?? 'GET';
  const refusal = refuseUnsafeControlRequest(method, path, headerValue(ctx.req, 'content-type'));
  if (refusal) {
    sendJson(ctx, refusal.status, { error: refusal.error }, refusal.headers);
    return refusal.status;
  }
  return dispatch(state, ctx, method, path);
}

async function dispatch(state: EmulatorState, ctx: RequestContext, method: string, path: string): Promise<number> {
  const reply = (status: number, body: unknown) => {
    sendJson(ctx, status, body);
    return status;
  };
  try {
    const route = `${method} ${path}`;
    switch (route) {
      case 'GET /counts': {
        const q = ctx.url.searchParams;
        return reply(
          200,
          groundTruth(state, {
            tenant: q.get('tenant') ?? undefined,
            from: q.get('from') ?? undefined,
            to: q.get('to') ?? undefined,
            filter: q.get('filter') ?? undefined,
            groupBy: (q.get('groupBy') ?? undefined) as GroundTruthField | undefined,
          })
        );
      }
      case 'GET /requests':
        return reply(200, { requests: state.log.list() });
      case 'GET /now':
        return reply(200, { now: new Date(state.clock.now()).toISOString(), timeScale: state.clock.timeScale });
      case 'POST /clock/advance': {
        const { ms } = JSON.parse((await readBody(ctx.req)) || '{}');
        if (!(Number.isFinite(ms) && ms >= 0)) {
          return reply(400, { error: 'Send {"ms": <non-negative emulated milliseconds>}.' });
        }
        state.clock.advance(ms);
        return reply(200, { now: new Date(state.clock.now()).toISOString() });
      }
      case 'GET /faults':
        return reply(200, { faults: state.faults.list() });
      case 'PUT /faults':
      case 'POST /faults':
        writeFaults(state, method, JSON.parse((await readBody(ctx.req)) || '{}'));
        return reply(200, { faults: state.faults.list() });
      case 'DELETE /faults':
        state.faults.set([]);
        return reply(200, { faults: [] });
      case 'POST /events': {
        const body = JSON.parse((await readBody(ctx.req)) || '[]');
        const specs: InjectedEventSpec[] = Array.isArray(body) ? body : [body];
        const events = specs.map((spec) => injectEvent(state, spec));
        return reply(201, { injected: events.map((e) => ({ id: e.id, correlationId: e.correlationId })) });
      }
      case 'POST /reset':
        resetState(state);
        return reply(200, { reset: true });
      default:
        return reply(404, { error: `No control endpoint '${route}'. See emulator/README.md.` });
    }
  } catch (error) {
    return reply(400, { error: (error as Error).message });
  }
}

/** PUT replaces the fault plan, POST adds to it; the body is one rule, an array, or `{faults: [...]}`. */
function writeFaults(state: EmulatorState, method: string, body: any): void {
  const rules: FaultRule[] = Array.isArray(body) ? body : Array.isArray(body.faults) ? body.faults : [body];
  if (method === 'PUT') {
    state.faults.set(rules);
  } else {
    rules.forEach((rule) => state.faults.add(rule));
  }
}

/** Forgets requests, throttle windows, faults and injected events; the seeded tenant stays as it is. */
export function resetState(state: EmulatorState): void {
  state.log.clear();
  state.throttle.reset();
  state.faults.set([]);
  state.tenants.forEach((t) => t.store.clearInjected());
}
