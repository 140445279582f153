/**
 * The differential test: generated settings, queries, ranges and Graph pages (conformance/generators),
 * run through the TypeScript engine here and the Go engine (pkg/cmd/conformance-case). No input may be
 * accepted by one engine and refused by the other, and both must send the same requests, build the
 * same canonical frames and show the same notices and executed query string. Nothing is excused. The seed is fixed; DIFF_RUNS and DIFF_SEED run longer or other cases
 * (conformance/README.md).
 */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'util';

import { caseSpecArbitrary, renderCase } from './generators/case';
import { buildGoCommand, GoEngine, GoReply } from './goEngine';
import { canonicalFrame, ConformanceCase, runCase } from './harness';

const RUNS = Number(process.env.DIFF_RUNS ?? 300);
const SEED = Number(process.env.DIFF_SEED ?? 14);

interface Compared {
  error?: string;
  requests: unknown;
  frames: unknown;
  notices: unknown;
  executedQueryString: string;
}

async function typeScriptSide(c: ConformanceCase): Promise<Compared | { crash: string }> {
  try {
    // Requests beyond the script meet a 500 in both engines: they are compared like any other.
    const { result, requests } = await runCase(c, { budget: true });
    return {
      error: result.error?.code,
      requests,
      frames: result.error ? [] : result.frames.map(canonicalFrame),
      notices: result.notices.map(({ severity, text }) => ({ severity, text })),
      executedQueryString: result.executedQueryString,
    };
  } catch (error) {
    return { crash: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

function goSide(reply: GoReply): Compared | { crash: string } {
  if (reply.crash !== undefined) {
    return { crash: reply.crash.slice(0, 600) };
  }
  const { error, requests, frames, notices, executedQueryString } = reply.outcome;
  return {
    error: error?.code,
    requests,
    frames,
    notices: notices.map(({ severity, text }) => ({ severity, text })),
    executedQueryString,
  };
}

/** Why the engines disagree on a case, or undefined when they agree. */
function disagreement(ts: Compared | { crash: string }, go: Compared | { crash: string }): string | undefined {
  if ('crash' in ts || 'crash' in go) {
    return `a crash: TypeScript ${'crash' in ts ? ts.crash : 'ok'}; Go ${'crash' in go ? go.crash : 'ok'}`;
  }
  if (ts.error !== go.error) {
    return `error codes differ: TypeScript ${ts.error ?? 'none'}, Go ${go.error ?? 'none'}`;
  }
  if (!sameJson(ts.requests, go.requests)) {
    return `requests differ:\n TS ${JSON.stringify(ts.requests)}\n Go ${JSON.stringify(go.requests)}`;
  }
  if (!sameJson(ts.frames, go.frames)) {
    return `frames differ:\n TS ${JSON.stringify(ts.frames)}\n Go ${JSON.stringify(go.frames)}`;
  }
  if (!sameJson(ts.notices, go.notices)) {
    return `notices differ:\n TS ${JSON.stringify(ts.notices)}\n Go ${JSON.stringify(go.notices)}`;
  }
  if (ts.executedQueryString !== go.executedQueryString) {
    return `executed query strings differ:\n TS ${JSON.stringify(ts.executedQueryString)}\n Go ${JSON.stringify(go.executedQueryString)}`;
  }
  return undefined;
}

/** Equal as JSON: key order aside, and an undefined value counts as absent (null in an array). */
function sameJson(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
}

describe('differential: the TypeScript and Go engines on generated cases', () => {
  let go: GoEngine;
  let dispose = () => undefined as void;

  beforeAll(() => {
    const built = buildGoCommand();
    dispose = built.dispose;
    go = new GoEngine(built.binary);
  }, 180_000);

  afterAll(() => {
    go?.close();
    dispose();
  });

  it(`agree on ${RUNS} generated cases (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(caseSpecArbitrary(), async (spec) => {
        const c = renderCase(spec);
        const [ts, goReply] = [await typeScriptSide(c), await go.run(c)];
        const why = disagreement(ts, goSide(goReply));
        if (why) {
          throw new Error(`${why}\ncase: ${JSON.stringify(c)}`);
        }
      }),
      { numRuns: RUNS, seed: SEED, interruptAfterTimeLimit: 600_000 }
    );
  }, 900_000);
});
