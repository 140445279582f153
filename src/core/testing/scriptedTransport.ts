import { Transport, TransportRequest, TransportResponse } from '../walk/transport';
import { ManualClock } from '../time/manualClock';

/** One scripted answer: a response, or a transport failure (connection reset, timeout). */
export type ScriptedAnswer = Partial<TransportResponse> & { body?: unknown; fail?: 'reset' | 'hang' };

/**
 * A Transport that answers from a script (in order, or by request) and records every request. Tests use it with
 * the ManualClock so retries and throttling run without waiting in real time.
 */
export function scriptedTransport(
  answers: ScriptedAnswer[] | ((request: TransportRequest) => ScriptedAnswer | undefined)
): Transport & { requests: TransportRequest[] } {
  const requests: TransportRequest[] = [];
  const transport = async (request: TransportRequest): Promise<TransportResponse> => {
    requests.push(request);
    const answer = typeof answers === 'function' ? answers(request) : answers.shift();
    if (!answer) {
      throw new Error(`unscripted request ${request.url}`);
    }
    if (answer.fail === 'reset') {
      throw new Error('socket hang up');
    }
    if (answer.fail === 'hang') {
      return new Promise((_resolve, reject) => {
        request.signal?.addEventListener('abort', () =>
          reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))
        );
      });
    }
    return {
      status: answer.status ?? 200,
      headers: answer.headers ?? {},
      bodyText: answer.bodyText ?? JSON.stringify(answer.body ?? { value: [] }),
    };
  };
  return Object.assign(transport, { requests });
}

export function graphPage(value: unknown[], nextLink?: string): ScriptedAnswer {
  return { status: 200, body: nextLink === undefined ? { value } : { value, '@odata.nextLink': nextLink } };
}

/** Advances the clock through every sleep until `promise` settles; returns the settled promise. */
export async function runWithClock<T>(clock: ManualClock, promise: Promise<T>): Promise<T> {
  let settled = false;
  const tracked = promise.finally(() => {
    settled = true;
  });
  tracked.catch(() => undefined);
  for (let i = 0; i < 10_000 && !settled; i++) {
    await Promise.resolve();
    if (!(await clock.advanceToNextWake())) {
      // A macrotask turn lets transport promises settle; no real time is waited for.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  return tracked;
}

export function directoryAudit(id: string, time: string, activity = 'Add user', extra: Record<string, unknown> = {}) {
  return {
    id,
    activityDateTime: time,
    activityDisplayName: activity,
    category: 'UserManagement',
    loggedByService: 'Core Directory',
    result: 'success',
    operationType: 'Add',
    initiatedBy: { user: { userPrincipalName: 'admin@contoso.com' }, app: null },
    targetResources: [{ id: `t-${id}`, displayName: 'Jo', type: 'User' }],
    additionalDetails: [],
    correlationId: `c-${id}`,
    ...extra,
  };
}
