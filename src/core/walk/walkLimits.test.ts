import { graphPage, runWithClock, scriptedTransport, ScriptedAnswer } from '../testing/scriptedTransport';
import { ManualClock } from '../time/manualClock';
import { MAX_EMPTY_PAGES_IN_A_ROW, maxPagesPerWalk } from './walkLimits';
import { walkPages, WalkOptions } from './walkPages';

const ENDPOINT = 'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits';
const FIRST = `${ENDPOINT}?$filter=x&$top=1000`;
const link = (n: number) => `${ENDPOINT}?$filter=x&$top=1000&$skiptoken=${n}`;

function walk(answers: ScriptedAnswer[] | ((url: string) => ScriptedAnswer), overrides: Partial<WalkOptions> = {}) {
  const clock = new ManualClock('2026-11-20T12:00:00Z');
  const transport = scriptedTransport(typeof answers === 'function' ? (request) => answers(request.url) : answers);
  const result = walkPages({ firstUrl: FIRST, endpoint: ENDPOINT, transport, clock, onPage: () => 'continue', ...overrides });
  return { transport, result: runWithClock(clock, result) };
}

/** Page n answers `items` events and a fresh nextLink, for far longer than any limit allows. */
const endless = (items: (n: number) => unknown[]) => (url: string) => {
  const n = Number(new URL(url).searchParams.get('$skiptoken') ?? '0');
  return n < 500 ? graphPage(items(n), link(n + 1)) : graphPage([]);
};

describe('a repeated nextLink, spelled differently (finding 9)', () => {
  it.each([
    ['re-encoded by a proxy', `${ENDPOINT}?%24filter=x&%24top=1000&%24skiptoken=2`],
    ['with its parameters reordered', `${ENDPOINT}?$skiptoken=2&$top=1000&$filter=x`],
    ['with the host in capitals', `https://GRAPH.microsoft.com/v1.0/auditLogs/directoryAudits?$filter=x&$top=1000&$skiptoken=2`],
  ])('is caught when it comes back %s', async (_label, again) => {
    const { transport, result } = walk([graphPage([1], link(2)), graphPage([2], again)]);
    await expect(result).rejects.toMatchObject({ code: 'repeatedNextLink' });
    expect(transport.requests).toHaveLength(2);
  });

  it('counts the first request too', async () => {
    const { result } = walk([graphPage([1], `${ENDPOINT}?$top=1000&%24filter=x`)]);
    await expect(result).rejects.toMatchObject({ code: 'repeatedNextLink' });
  });

  it('still tells different tokens apart', async () => {
    const { result } = walk([graphPage([1], link(2)), graphPage([2], `${ENDPOINT}?%24skiptoken=3&$filter=x&$top=1000`), graphPage([3])]);
    await expect(result).resolves.toMatchObject({ pages: 3 });
  });
});

describe('empty pages and pages per walk (finding 10)', () => {
  it(`follows ${MAX_EMPTY_PAGES_IN_A_ROW - 1} empty pages in a row, then a full one`, async () => {
    const { result } = walk(endless((n) => (n < MAX_EMPTY_PAGES_IN_A_ROW - 1 ? [] : n < 60 ? [n] : [])), {
      maxPages: 200,
      onPage: (items) => (items.length > 0 && (items[0] as number) >= 59 ? 'stop' : 'continue'),
    });
    await expect(result).resolves.toMatchObject({ pages: 60 });
  });

  it(`stops after ${MAX_EMPTY_PAGES_IN_A_ROW} empty pages in a row, naming the limit`, async () => {
    const { transport, result } = walk(endless(() => []));
    await expect(result).rejects.toMatchObject({
      code: 'walkLimit',
      message: expect.stringContaining(`limit of ${MAX_EMPTY_PAGES_IN_A_ROW} empty pages in a row`),
    });
    expect(transport.requests).toHaveLength(MAX_EMPTY_PAGES_IN_A_ROW);
  });

  it('bounds pages per walk by the events limit', async () => {
    expect(maxPagesPerWalk(100_000, 1000)).toBe(100 + MAX_EMPTY_PAGES_IN_A_ROW);
    expect(maxPagesPerWalk(250, 250)).toBe(1 + MAX_EMPTY_PAGES_IN_A_ROW);
    const { transport, result } = walk(
      endless((n) => [n]),
      { maxPages: maxPagesPerWalk(100, 100) }
    );
    await expect(result).rejects.toMatchObject({
      code: 'walkLimit',
      message: expect.stringMatching(/limit of 51 pages per query.*raise "Events per query"/),
    });
    expect(transport.requests).toHaveLength(51);
  });
});
