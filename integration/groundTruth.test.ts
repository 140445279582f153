import '../tools/query-runner/browserEnvironment';

import { LoadingState } from '@grafana/data';

import { FREE_TENANT_DOMAIN, RunningEmulator } from '../emulator';
import { accessToken, auditsUrl, getJson } from '../emulator/testing/client';
import { LONG_RANGE, runOnEmulator, SHORT_RANGE } from './runOnEmulator';
import {
  countsByGroup,
  emulatorSettings,
  injectEdges,
  nonZero,
  startFastEmulator,
  sum,
  valuesByLabel,
} from './harness';

// Real servers on a shared machine: generous, though a quiet machine runs each test in about a second.
jest.setTimeout(60_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A few hundred events: one page. */
const ONE_PAGE = { from: '2026-11-19T15:00:00.000Z', to: '2026-11-19T18:00:00.000Z' };

describe('the DataSource through the Grafana proxy stand-in against the tenant emulator', () => {
  describe("many pages at 2000x, faults on, Microsoft's throttle on", () => {
    let emulator: RunningEmulator;

    beforeAll(async () => {
      emulator = await startFastEmulator();
    });

    afterAll(async () => {
      await emulator.close();
    });

    it('counts every activity exactly as the tenant logged it, edges included, through resets, bad JSON, 5xx and an empty page', async () => {
      const edges = injectEdges(emulator, LONG_RANGE);
      emulator.setThrottle({ requests: 5, perSeconds: 10 });
      emulator.setFaults([
        { kind: 'status', status: 503, nth: 2 },
        { kind: 'reset', nth: 4 },
        { kind: 'malformedJson', nth: 6 },
        { kind: 'status', status: 500, nth: 8, retryAfterSeconds: 0.05 },
        { kind: 'truncatedJson', nth: 10 },
        { kind: 'status', status: 504, nth: 12 },
        { kind: 'status', status: 502, nth: 14 },
        { kind: 'emptyPageWithNextLink', nth: 16 },
      ]);
      const truth = emulator.groundTruth({ ...LONG_RANGE, groupBy: 'activityDisplayName' });

      const result = await runOnEmulator(emulator, LONG_RANGE, {
        refId: 'A',
        format: 'summary',
        groupBy: 'activity',
        filters: [],
      });

      expect(result.response.errors).toBeUndefined();
      expect(result.response.state).toBe(LoadingState.Done);
      const counts = countsByGroup(result.response.data[0], 'Activity');
      expect(counts).toEqual(truth.groups);
      expect(sum(Object.values(counts))).toBe(truth.total);
      expect(counts[edges.atFrom]).toBe(1);
      expect(counts[edges.atTo]).toBe(1);
      expect(counts[edges.outside]).toBeUndefined();

      const graph = emulator.requestLog().filter((r) => r.api === 'graph');
      // The exact range, both edges inclusive at millisecond precision, survives Grafana's re-encoding.
      const first = new URLSearchParams(graph[0].url.split('?')[1]);
      expect(first.get('$filter')).toBe(
        `activityDateTime ge ${LONG_RANGE.from} and activityDateTime le ${LONG_RANGE.to}`
      );
      expect(graph[0].url).toMatch(/^\/v1\.0\/auditLogs\/directoryAudits\?%24filter=/);
      expect(graph.filter((r) => r.status === 200 && !r.fault).length).toBeGreaterThanOrEqual(10);
      const faults = graph.map((r) => r.fault);
      for (const fired of [
        'status 503',
        'reset',
        'malformedJson',
        'status 500',
        'truncatedJson',
        'status 504',
        'status 502',
        'emptyPageWithNextLink',
      ]) {
        expect(faults).toContain(fired);
      }
      // A long walk streams what it has while older pages are still coming.
      expect(result.packets.some((p) => p.state === LoadingState.Streaming)).toBe(true);
    });
  });

  describe("throttled at 10x: another client has just spent the app's budget", () => {
    let emulator: RunningEmulator;

    beforeAll(async () => {
      emulator = await startFastEmulator({ timeScale: 10 });
    });

    afterAll(async () => {
      await emulator.close();
    });

    it('waits out the 429s without losing or doubling an event', async () => {
      const edges = injectEdges(emulator, ONE_PAGE);
      emulator.setThrottle({ requests: 2, perSeconds: 10 });
      const token = await accessToken({ baseUrl: emulator.httpUrl });
      for (let i = 0; i < 2; i++) {
        expect((await getJson(auditsUrl(emulator.httpUrl, { $top: '1' }), token)).status).toBe(200);
      }
      const truth = emulator.groundTruth({ ...ONE_PAGE, groupBy: 'activityDisplayName' });

      const result = await runOnEmulator(emulator, ONE_PAGE, {
        refId: 'A',
        format: 'summary',
        groupBy: 'activity',
        filters: [],
      });

      expect(result.response.errors).toBeUndefined();
      const counts = countsByGroup(result.response.data[0], 'Activity');
      expect(counts).toEqual(truth.groups);
      expect(counts[edges.atFrom]).toBe(1);
      expect(counts[edges.atTo]).toBe(1);
      const graph = emulator.requestLog().filter((r) => r.api === 'graph');
      expect(graph.filter((r) => r.status === 429).length).toBeGreaterThan(0);
      // The two requests of the other client, then the walk's page once the window let it through.
      expect(graph.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(3);
    });
  });

  describe('a Free tenant (7-day retention), in real time', () => {
    let emulator: RunningEmulator;

    beforeAll(async () => {
      emulator = await startFastEmulator({ timeScale: 1 });
    });

    afterAll(async () => {
      await emulator.close();
    });

    it('moves a start before retention to the edge Graph accepts, says so, and counts exactly from there', async () => {
      const now = emulator.now();
      const range = { from: new Date(now - 10 * DAY).toISOString(), to: new Date(now - 6.5 * DAY).toISOString() };
      const result = await runOnEmulator(
        emulator,
        range,
        { refId: 'A', format: 'summary', groupBy: 'activity', filters: [] },
        {
          jsonData: emulatorSettings(emulator, { tenantId: FREE_TENANT_DOMAIN, retentionDays: 7 }),
        }
      );

      expect(result.response.errors).toBeUndefined();
      const notice = result.response.data[0].meta?.notices?.find((n) => /7-day audit retention/.test(n.text));
      expect(notice?.severity).toBe('warning');
      const [, shownFrom] = /events are shown from (\S+?),? the oldest/.exec(notice!.text) ?? [];
      expect(Date.parse(shownFrom)).toBeGreaterThanOrEqual(now - 7 * DAY);
      const truth = emulator.groundTruth({
        tenant: FREE_TENANT_DOMAIN,
        from: shownFrom,
        to: range.to,
        groupBy: 'activityDisplayName',
      });
      expect(truth.total).toBeGreaterThan(0);
      expect(countsByGroup(result.response.data[0], 'Activity')).toEqual(truth.groups);
      const first = new URLSearchParams(
        emulator
          .requestLog()
          .find((r) => r.api === 'graph')!
          .url.split('?')[1]
      );
      expect(first.get('$filter')).toBe(`activityDateTime ge ${shownFrom} and activityDateTime le ${range.to}`);
    });
  });

  describe('at 2000x', () => {
    let emulator: RunningEmulator;
    let edges: ReturnType<typeof injectEdges>;

    beforeAll(async () => {
      emulator = await startFastEmulator();
    });

    afterAll(async () => {
      await emulator.close();
    });

    beforeEach(() => {
      emulator.reset();
      edges = injectEdges(emulator, SHORT_RANGE);
    });

    it('puts the same counts into hourly series, an event at `to` in the bucket that holds `to`', async () => {
      const truth = emulator.groundTruth({ ...SHORT_RANGE, groupBy: 'activityDisplayName' });
      const result = await runOnEmulator(emulator, SHORT_RANGE, {
        refId: 'A',
        format: 'timeSeries',
        groupBy: 'activity',
        filters: [],
        bucket: '1h',
      });

      expect(result.response.errors).toBeUndefined();
      const series = valuesByLabel(result.response.data, 'activity');
      const totals = Object.fromEntries(Object.entries(series).map(([group, values]) => [group, sum(values)]));
      expect(nonZero(totals)).toEqual(truth.groups);

      const bucketOf = (activity: string) => {
        const frame = result.response.data.find((f) => f.fields.some((field) => field.labels?.activity === activity))!;
        const times = frame.fields.find((f) => f.type === 'time')!.values as number[];
        const values = frame.fields.find((f) => f.type === 'number')!.values as number[];
        return { bucket: times[values.indexOf(1)], first: times[0], last: times[times.length - 1] };
      };
      const atTo = bucketOf(edges.atTo);
      expect(atTo.bucket).toBe(Math.floor(Date.parse(SHORT_RANGE.to) / HOUR) * HOUR);
      expect(atTo.bucket).toBe(atTo.last);
      const atFrom = bucketOf(edges.atFrom);
      expect(atFrom.bucket).toBe(Date.parse(SHORT_RANGE.from));
      expect(atFrom.bucket).toBe(atFrom.first);
    });

    it('lists every event once in the events table and in the logs frame, each with its own id', async () => {
      const truth = emulator.groundTruth({ ...SHORT_RANGE, groupBy: 'activityDisplayName' });
      const table = await runOnEmulator(emulator, SHORT_RANGE, {
        refId: 'A',
        format: 'events',
        groupBy: 'activity',
        filters: [],
      });
      const logs = await runOnEmulator(emulator, SHORT_RANGE, {
        refId: 'A',
        format: 'logs',
        groupBy: 'activity',
        filters: [],
      });

      const column = (frame: (typeof table.response.data)[number], name: string) =>
        frame.fields.find((f) => f.name === name)!.values as string[];
      const perActivity: Record<string, number> = {};
      for (const activity of column(table.response.data[0], 'Activity')) {
        perActivity[activity] = (perActivity[activity] ?? 0) + 1;
      }
      expect(perActivity).toEqual(truth.groups);
      const ids = column(table.response.data[0], 'ID');
      expect(new Set(ids).size).toBe(truth.total);
      const logIds = column(logs.response.data[0], 'id');
      expect(new Set(logIds)).toEqual(new Set(ids));
      expect(logs.response.data[0].meta?.type).toBe('log-lines');
      expect(column(logs.response.data[0], 'severity')).toContain('error');
    });

    it('gives exactly one number per group for alerts, with an explicit 0 for a named group that had no events', async () => {
      const truth = emulator.groundTruth({ ...SHORT_RANGE, groupBy: 'result' });
      const result = await runOnEmulator(emulator, SHORT_RANGE, {
        refId: 'A',
        format: 'alertNumbers',
        groupBy: 'result',
        filters: [],
        groups: ['success', 'failure', 'never-a-result'],
      });

      expect(result.response.errors).toBeUndefined();
      const numbers = valuesByLabel(result.response.data, 'result');
      expect(Object.values(numbers).every((values) => values.length === 1)).toBe(true);
      const single = Object.fromEntries(Object.entries(numbers).map(([group, [n]]) => [group, n]));
      expect(nonZero(single)).toEqual(truth.groups);
      expect(single['never-a-result']).toBe(0);
    });

    it('matches ground truth for a multi-value variable (pushed to Graph or not) and a result filter Graph cannot run', async () => {
      const truth = emulator.groundTruth({
        ...SHORT_RANGE,
        groupBy: 'activityDisplayName',
        filter: "(activityDisplayName eq 'Add user' or activityDisplayName eq 'Update user') and result eq 'success'",
      });
      expect(truth.total).toBeGreaterThan(0);
      const result = await runOnEmulator(
        emulator,
        SHORT_RANGE,
        {
          refId: 'A',
          format: 'summary',
          groupBy: 'activity',
          filters: [
            { field: 'activity', operator: 'eq', values: ['$activity'] },
            { field: 'result', operator: 'eq', values: ['$result'] },
          ],
        },
        { variables: { activity: ['Add user', 'Update user'], result: 'success' } }
      );
      expect(result.response.errors).toBeUndefined();
      expect(countsByGroup(result.response.data[0], 'Activity')).toEqual(truth.groups);
    });

    it('treats a variable set to All as no filter', async () => {
      const truth = emulator.groundTruth({ ...SHORT_RANGE, groupBy: 'category' });
      const result = await runOnEmulator(
        emulator,
        SHORT_RANGE,
        {
          refId: 'A',
          format: 'summary',
          groupBy: 'category',
          filters: [{ field: 'activity', operator: 'eq', values: ['$activity'] }],
        },
        { variables: { activity: ['$__all'] } }
      );
      expect(countsByGroup(result.response.data[0], 'Category')).toEqual(truth.groups);
    });

    it('says so when the events limit stops the walk, and counts exactly the span it covers', async () => {
      const result = await runOnEmulator(
        emulator,
        SHORT_RANGE,
        { refId: 'A', format: 'summary', groupBy: 'activity', filters: [] },
        { jsonData: emulatorSettings(emulator, { maxEvents: 700 }) }
      );
      const notices = result.response.data[0].meta?.notices ?? [];
      const warning = notices.find((n) => n.severity === 'warning' && /limit of 700 events/.test(n.text));
      expect(warning).toBeDefined();
      const [, coveredFrom, coveredTo] = /cover only (\S+) to (\S+),/.exec(warning!.text) ?? [];
      expect(Date.parse(coveredTo)).toBe(Date.parse(SHORT_RANGE.to));
      expect(Date.parse(coveredFrom)).toBeGreaterThan(Date.parse(SHORT_RANGE.from));
      const truth = emulator.groundTruth({ from: coveredFrom, to: SHORT_RANGE.to, groupBy: 'activityDisplayName' });
      expect(countsByGroup(result.response.data[0], 'Activity')).toEqual(truth.groups);
      expect(truth.total).toBeLessThanOrEqual(700);
      expect(truth.total).toBeGreaterThan(600);
    });
  });
});
