import { directoryAudit } from '../testing/scriptedTransport';
import { Transport, TransportRequest } from '../pages/transport';
import { Clock } from '../time/clock';

/** One event of the in-memory tenant: when it happened and when Microsoft lets it be seen. */
export interface TenantEvent {
  id: string;
  time: number;
  visibleAt: number;
  /** Graph's digits past the millisecond, in units of 100 ns (0-9999): `.1234567` is 123 ms + 4567. */
  subMs: number;
}

/** Graph's seven fractional digits for an instant given as milliseconds plus 100 ns units. */
function graphTime(time: number, subMs: number): string {
  return new Date(time).toISOString().replace('Z', `${String(subMs).padStart(4, '0')}Z`);
}

/**
 * A tiny Graph directoryAudits for cache tests: answers `activityDateTime ge/le` filters newest
 * first, pages by `$top` with a skip token, and shows each event only once it is visible (late
 * events arrive after the ingestion delay, as on Microsoft's side). Time comes from the clock.
 */
export function memoryTenant(clock: Clock, endpoint: string) {
  const events: TenantEvent[] = [];
  const requests: TransportRequest[] = [];
  const visible = (from: number, to: number) =>
    events
      // Graph compares all seven digits: `le 10:00:00.000Z` excludes 10:00:00.0000001.
      .filter((e) => e.visibleAt <= clock.now() && e.time >= from && (e.time < to || (e.time === to && e.subMs === 0)))
      .sort((a, b) => b.time - a.time || b.subMs - a.subMs || a.id.localeCompare(b.id));
  const transport: Transport = async (request) => {
    requests.push(request);
    const url = new URL(request.url);
    const filter = url.searchParams.get('$filter') ?? '';
    const from = Date.parse(/activityDateTime ge (\S+)/.exec(filter)?.[1] ?? '');
    const to = Date.parse(/activityDateTime le (\S+)/.exec(filter)?.[1] ?? '');
    const top = Number(url.searchParams.get('$top') ?? 1000);
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    const matching = visible(from, to);
    const page = matching.slice(skip, skip + top);
    const body: Record<string, unknown> = {
      value: page.map((e) => directoryAudit(e.id, graphTime(e.time, e.subMs))),
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
    add: (id: string, time: number, visibleAt = time, subMs = 0) => events.push({ id, time, visibleAt, subMs }),
    /** The ids Microsoft holds for the range once every event is visible. */
    truth: (from: number, to: number) =>
      events
        .filter((e) => e.time >= from && e.time <= to)
        .map((e) => e.id)
        .sort(),
  };
}
