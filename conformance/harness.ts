/**
 * What the TypeScript runners of conformance cases share (conformance/README.md): the canonical
 * request and frame forms, a scripted fake Graph behind the engine's Transport, and a runner for one
 * case on the ManualClock. pkg/internal/conformance is the Go counterpart.
 */
import { CanonicalFrame, coordinatedWalker, plainWalker, QueryResult, runQuery, Transport } from '../src/core/engine';
import { AuditQuery } from '../src/core/model/query';
import { AuditSettings, ResolvedSettings, resolveSettings } from '../src/core/model/settings';
import { apiBaseUrl } from '../src/core/plan/planRequest';
import { RequestBudget } from '../src/core/coordinate/requestBudget';
import { ManualClock } from '../src/core/time/manualClock';

export interface ScriptedAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  bodyText?: string;
  networkError?: boolean;
}

export interface CanonicalRequestExpectation {
  method: string;
  path: string;
  query: Record<string, string>;
}

/** A conformance vector without its expectations: what one query meets. */
export interface ConformanceCase {
  settings: AuditSettings;
  now: string;
  range: { from: string; to: string };
  intervalMs: number;
  maxDataPoints: number;
  query: AuditQuery;
  responses: ScriptedAnswer[];
}

/** The transport-free request of conformance/README.md; any other host keeps its full URL. */
export function canonicalRequest(rawUrl: string, graphUrl: string): CanonicalRequestExpectation {
  if (!URL.canParse(rawUrl) || !URL.canParse(graphUrl)) {
    // An engine that sends a relative or broken URL has its request kept whole, so it can never match.
    return { method: 'GET', path: rawUrl, query: {} };
  }
  const url = new URL(rawUrl);
  const base = new URL(graphUrl);
  const basePath = base.pathname.replace(/\/+$/, '') + '/';
  let path = url.origin + url.pathname;
  if (url.origin === base.origin && url.pathname.startsWith(basePath)) {
    path = url.pathname.slice(basePath.length);
  }
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, key) => {
    query[key] = key in query ? `${query[key]},${value}` : value;
  });
  return { method: 'GET', path, query };
}

/** Keeps only what the canonical frame defines: name, data-plane type, fields and their labels. */
export function canonicalFrame(frame: CanonicalFrame): unknown {
  return {
    name: frame.name,
    ...(frame.meta?.type ? { meta: { type: frame.meta.type, typeVersion: frame.meta.typeVersion } } : {}),
    fields: frame.fields.map((field) => ({
      name: field.name,
      type: field.type,
      ...(field.labels && Object.keys(field.labels).length > 0 ? { labels: field.labels } : {}),
      values: field.values,
    })),
  };
}

/** Advances the clock whenever the engine waits on it, until the promise settles. */
export async function settle<T>(promise: Promise<T>, clock: ManualClock): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true)
  );
  for (let step = 0; !settled; step++) {
    if (step > 10_000) {
      throw new Error('the engine never finished: it is waiting on something other than the clock');
    }
    if (!(await clock.advanceToNextWake())) {
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return promise;
}

/** A Transport answering with the scripted answers in order, recording each request in canonical form. */
export function scriptedTransport(responses: ScriptedAnswer[], graphUrl: string) {
  const answers = [...responses];
  const requests: CanonicalRequestExpectation[] = [];
  const overrun: string[] = [];
  const transport: Transport = async ({ url }) => {
    requests.push(canonicalRequest(url, graphUrl));
    const answer = answers.shift();
    if (!answer) {
      overrun.push(url);
      return { status: 500, headers: {}, bodyText: '{"error":{"code":"NoScriptedAnswer"}}' };
    }
    if (answer.networkError) {
      throw new Error('connection reset by peer');
    }
    return {
      status: answer.status ?? 200,
      headers: answer.headers ?? {},
      bodyText: answer.bodyText ?? JSON.stringify(answer.body),
    };
  };
  return { transport, requests, overrun };
}

/**
 * Runs one case through the TypeScript engine. With `budget`, requests are paced by the settings'
 * request budget, as the DataSource paces them.
 */
export async function runCase(
  vector: ConformanceCase,
  { budget = false }: { budget?: boolean } = {}
): Promise<{ result: QueryResult; requests: CanonicalRequestExpectation[]; overrun: string[] }> {
  const settings = resolveSettings(vector.settings);
  const clock = new ManualClock(vector.now);
  const { transport, requests, overrun } = scriptedTransport(vector.responses, baseOrNothing(settings));
  const result = await settle(
    runQuery(
      vector.query,
      {
        settings,
        range: { from: Date.parse(vector.range.from), to: Date.parse(vector.range.to) },
        intervalMs: vector.intervalMs,
        maxDataPoints: vector.maxDataPoints,
      },
      {
        // Paced, the walk goes through the browser's coordinator with the budget alone.
        walker: budget
          ? coordinatedWalker({
              transport,
              clock,
              budget: new RequestBudget(settings.requestBudget.requests, settings.requestBudget.perSeconds * 1000),
            })
          : plainWalker({ transport, clock }),
        clock,
      }
    ),
    clock
  );
  return { result, requests, overrun };
}

/** Settings the engine refuses may have no base URL (a tenant that cannot be encoded); they send nothing. */
function baseOrNothing(settings: ResolvedSettings): string {
  try {
    return apiBaseUrl(settings);
  } catch {
    return '';
  }
}
