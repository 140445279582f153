import { directoryAudit } from './scriptedTransport';
import { Transport, TransportRequest } from '../walk/transport';
import { Clock } from '../time/clock';

/** One event of the in-memory tenant: when it happened and when Microsoft lets it be seen. */
export interface TenantEvent {
  id: string;
  time: number;
  visibleAt: number;
  /** Graph's digits past the millisecond, in units of 100 ns (0-9999): `.1234567` is 123 ms + 4567. */
  subMs: number;
  activity: string;
  service: string;
}

/** Graph's seven fractional digits for an instant given as milliseconds plus 100 ns units. */
function graphTime(time: number, subMs: number): string {
  return new Date(time).toISOString().replace('Z', `${String(subMs).padStart(4, '0')}Z`);
}

const LITERAL = "'((?:[^']|'')*)'";
const unquote = (text: string) => text.replace(/''/g, "'");

/**
 * The `$filter` clauses this tenant understands, each compared exactly (case-sensitively), as the
 * emulator's Graph dialect does. A raw clause may wrap one of them in parentheses.
 */
const CLAUSES: Array<{ pattern: RegExp; keeps: (value: string) => (e: TenantEvent) => boolean }> = [
  { pattern: /^activityDateTime ge (\S+)$/, keeps: (v) => (e) => e.time >= Date.parse(v) },
  // Graph compares all seven digits: `le 10:00:00.000Z` excludes 10:00:00.0000001.
  {
    pattern: /^activityDateTime le (\S+)$/,
    keeps: (v) => (e) => e.time < Date.parse(v) || (e.time === Date.parse(v) && e.subMs === 0),
  },
  { pattern: new RegExp(`^activityDisplayName eq ${LITERAL}$`), keeps: (v) => (e) => e.activity === unquote(v) },
  {
    pattern: new RegExp(`^startswith\\(activityDisplayName, ${LITERAL}\\)$`),
    keeps: (v) => (e) => e.activity.startsWith(unquote(v)),
  },
  { pattern: new RegExp(`^loggedByService eq ${LITERAL}$`), keeps: (v) => (e) => e.service === unquote(v) },
];

/** The filter's clauses (ANDed) as one test; throws on a clause this tenant does not know, so no test passes by accident. */
function compileFilter(filter: string): (e: TenantEvent) => boolean {
  const tests = filter.split(' and ').map((clause) => {
    const inner = clause.startsWith('(') && clause.endsWith(')') ? clause.slice(1, -1) : clause;
    for (const { pattern, keeps } of CLAUSES) {
      const match = pattern.exec(inner);
      if (match) {
        return keeps(match[1]);
      }
    }
    throw new Error(`memoryTenant does not understand the clause ${clause}`);
  });
  return (e) => tests.every((test) => test(e));
}

/**
 * A tiny Graph directoryAudits for cache tests: answers `activityDateTime ge/le` filters (and
 * activityDisplayName / loggedByService ones) newest first, pages by `$top` with a skip token, and
 * shows each event only once it is visible (late events arrive after the ingestion delay, as on
 * Microsoft's side). Time comes from the clock.
 */
export function memoryTenant(clock: Clock, endpoint: string) {
  const events: TenantEvent[] = [];
  const requests: TransportRequest[] = [];
  const visible = (keeps: (e: TenantEvent) => boolean) =>
    events
      .filter((e) => e.visibleAt <= clock.now() && keeps(e))
      .sort((a, b) => b.time - a.time || b.subMs - a.subMs || a.id.localeCompare(b.id));
  const transport: Transport = async (request) => {
    requests.push(request);
    const url = new URL(request.url);
    const filter = url.searchParams.get('$filter') ?? '';
    const top = Number(url.searchParams.get('$top') ?? 1000);
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    const matching = visible(compileFilter(filter));
    const page = matching.slice(skip, skip + top);
    const body: Record<string, unknown> = {
      value: page.map((e) =>
        directoryAudit(e.id, graphTime(e.time, e.subMs), e.activity, { loggedByService: e.service })
      ),
    };
    if (skip + top < matching.length) {
      url.searchParams.set('$skiptoken', String(skip + top));
      body['@odata.nextLink'] = `${endpoint}?${url.searchParams.toString()}`;
    }
    return { status: 200, headers: {}, bodyText: JSON.stringify(body) };
  };
  return {
    transport,
    requests,
    add: (
      id: string,
      time: number,
      visibleAt = time,
      subMs = 0,
      content: { activity?: string; service?: string } = {}
    ) =>
      events.push({
        id,
        time,
        visibleAt,
        subMs,
        activity: content.activity ?? 'Add user',
        service: content.service ?? 'Core Directory',
      }),
    /** The ids Microsoft holds for the range once every event is visible. */
    truth: (from: number, to: number) =>
      events
        .filter((e) => e.time >= from && e.time <= to)
        .map((e) => e.id)
        .sort(),
  };
}
