import { FaultRule } from './faults';
import { RequestContext, sendText } from './http';
import { EmulatorState } from './state';

/** What a report handler did, for the request log. */
export interface HandledPage {
  status: number;
  events?: number;
  fault?: string;
  tenantId?: string;
  clientId?: string;
}

/** What a report API (Graph or legacy) needs to say its own errors in its own format. */
export interface ReportFlavour {
  api: 'graph' | 'legacy';
  sendError(
    ctx: RequestContext,
    status: number,
    code: string,
    message: string,
    headers?: Record<string, string>
  ): number;
  statusError(status: number): [string, string];
  throttled: [string, string];
}

export type GateResult = { proceed: true; pageFault?: FaultRule } | { proceed: false; status: number; fault?: string };

/**
 * What happens to every report request between authentication and the query itself:
 * injected faults, per-page latency, and the per-app-per-tenant throttle.
 */
export async function gateReportRequest(
  state: EmulatorState,
  ctx: RequestContext,
  flavour: ReportFlavour,
  throttleKey: string
): Promise<GateResult> {
  const fault = state.faults.next(flavour.api);
  if (fault?.kind === 'reset') {
    ctx.req.socket.destroy();
    return { proceed: false, status: 0, fault: 'reset' };
  }
  if (fault?.kind === 'status') {
    await state.clock.sleep(state.options.latencyMs);
    const [code, message] = flavour.statusError(fault.status!);
    const headers: Record<string, string> =
      fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
    return {
      proceed: false,
      status: flavour.sendError(ctx, fault.status!, code, message, headers),
      fault: `status ${fault.status}`,
    };
  }
  if (fault?.kind === 'slow') {
    await state.clock.sleep(fault.delayMs ?? 30_000);
  }
  await state.clock.sleep(state.options.latencyMs);
  const decision = state.throttle.check(throttleKey, state.clock.now());
  if (!decision.allowed) {
    if (fault && fault.kind !== 'slow') {
      state.faults.carry(fault);
    }
    // Retry-After is in real seconds, so a client that honours it waits the emulated window.
    const seconds = Math.max(0.001, state.clock.toReal(decision.retryAfterMs) / 1000);
    const [code, message] = flavour.throttled;
    const status = flavour.sendError(ctx, 429, code, message, { 'Retry-After': seconds.toFixed(3) });
    return { proceed: false, status, fault: 'throttled' };
  }
  return { proceed: true, pageFault: fault && fault.kind !== 'slow' ? fault : undefined };
}

/** Sends a page, bent by a page-level fault when one fired. */
export function sendPage(
  ctx: RequestContext,
  body: Record<string, unknown>,
  fault: FaultRule | undefined
): string | undefined {
  const currentUrl = `${ctx.origin}${ctx.req.url ?? ''}`;
  switch (fault?.kind) {
    case 'emptyPageWithNextLink':
      // A link of its own, as Graph's would be (a fresh skip token), that reads on from where this page was.
      sendText(
        ctx,
        200,
        JSON.stringify({ ...body, value: [], '@odata.nextLink': withParam(currentUrl, 'afterEmptyPage', '1') })
      );
      return fault.kind;
    case 'repeatNextLink':
      sendText(ctx, 200, JSON.stringify({ ...body, '@odata.nextLink': currentUrl }));
      return fault.kind;
    case 'truncatedJson': {
      const text = JSON.stringify(body);
      sendText(ctx, 200, text.slice(0, Math.floor(text.length / 2)));
      return fault.kind;
    }
    case 'malformedJson':
      sendText(ctx, 200, JSON.stringify(body).replace(',"', ',,"'));
      return fault.kind;
    default:
      sendText(ctx, 200, JSON.stringify(body));
      return undefined;
  }
}

function withParam(url: string, name: string, value: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}${name}=${value}`;
}
