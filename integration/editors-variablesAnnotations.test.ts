import '../tools/query-runner/browserEnvironment';

import { DataFrame, DataQueryRequest, DataQueryResponse, dateTime, LoadingState } from '@grafana/data';
import { lastValueFrom } from 'rxjs';

import { RunningEmulator } from '../emulator';
import { SERVICES } from '../src/core/catalogue/activities';
import { AuditQuery } from '../src/core/model/query';
import { auditAnnotations } from '../src/datasource/annotations';
import { AuditVariableQuery, AuditVariableSupport } from '../src/datasource/variables';
import { catalogueValues } from '../src/datasource/variablesCatalogue';
import { EditorsRig, startEditorsRig } from './editors-harness';
import { emulatorSettings, nonZero, startFastEmulator } from './harness';

jest.setTimeout(60_000);

const RANGE = { from: '2026-11-19T09:00:00.000Z', to: '2026-11-19T15:00:00.000Z' };

function request<Q extends { refId: string }>(targets: Q[]): DataQueryRequest<Q> {
  const from = dateTime(Date.parse(RANGE.from));
  const to = dateTime(Date.parse(RANGE.to));
  return {
    requestId: `editors-${Math.random()}`,
    interval: '1m',
    intervalMs: 60_000,
    maxDataPoints: 1000,
    range: { from, to, raw: { from, to } },
    scopedVars: {},
    targets,
    timezone: 'utc',
    app: 'dashboard',
    startTime: Date.now(),
  };
}

const values = (response: DataQueryResponse) => (response.data[0] as DataFrame).fields[1].values as string[];

describe('template variables and annotations through the proxy stand-in against the emulator', () => {
  let emulator: RunningEmulator;
  let rig: EditorsRig;
  let variables: AuditVariableSupport;

  beforeAll(async () => {
    emulator = await startFastEmulator();
    rig = await startEditorsRig(emulator, emulatorSettings(emulator), emulator.clientSecret, { service: 'PIM' });
    variables = rig.datasource.variables as AuditVariableSupport;
  });
  afterAll(async () => {
    await rig.close();
    await emulator.close();
  });

  const variable = (kind: AuditVariableQuery['kind'], filters: AuditVariableQuery['filters'] = []) =>
    lastValueFrom(variables.query(request([{ refId: 'variable', kind, filters }])));

  it('lists services and chained activities from the catalogue without a request', async () => {
    const before = rig.proxy.accessLog.length;
    expect([...values(await variable('services'))].sort()).toEqual([...SERVICES].sort());
    const pim = values(await variable('activities', [{ field: 'service', operator: 'eq', values: ['$service'] }]));
    expect(pim).toEqual(catalogueValues('activities', [{ field: 'service', operator: 'eq', values: ['PIM'] }]));
    expect(pim.length).toBeGreaterThan(0);
    expect(rig.proxy.accessLog.length).toBe(before);
  });

  it("lists exactly the range's initiators, busiest first", async () => {
    const truth = nonZero(emulator.groundTruth({ ...RANGE, groupBy: 'initiatedBy' }).groups);
    delete truth[''];
    const listed = values(await variable('initiators'));
    expect([...listed].sort()).toEqual(Object.keys(truth).sort());
    const counts = listed.map((name) => truth[name]);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('narrows initiators by the filter rows', async () => {
    const truth = nonZero(
      emulator.groundTruth({ ...RANGE, groupBy: 'initiatedBy', filter: "result eq 'failure'" }).groups
    );
    delete truth[''];
    const listed = values(await variable('initiators', [{ field: 'result', operator: 'eq', values: ['failure'] }]));
    expect([...listed].sort()).toEqual(Object.keys(truth).sort());
  });

  it("lists the range's target names, each one the emulator has events for", async () => {
    const listed = values(
      await variable('targets', [{ field: 'category', operator: 'eq', values: ['GroupManagement'] }])
    );
    expect(listed.length).toBeGreaterThan(0);
    for (const name of listed.slice(0, 5)) {
      const escaped = name.replace(/'/g, "''");
      const truth = emulator.groundTruth({
        ...RANGE,
        filter: `category eq 'GroupManagement' and targetResources/any(t: t/displayName eq '${escaped}')`,
      });
      expect({ name, total: truth.total > 0 }).toEqual({ name, total: true });
    }
  });

  it('makes one annotation per matching event, titled by activity and tagged by category and service', async () => {
    const annotation = {
      name: 'Role changes',
      enable: true,
      iconColor: 'red',
      target: {
        refId: 'Anno',
        format: 'timeSeries',
        groupBy: 'activity',
        filters: [{ field: 'category', operator: 'eq', values: ['RoleManagement'] }],
      } as AuditQuery,
    };
    const query = auditAnnotations.prepareQuery!(annotation)!;
    const packets: DataQueryResponse[] = [];
    await new Promise<void>((resolve, reject) =>
      rig.datasource
        .query(request([query]))
        .subscribe({ next: (p) => packets.push(p), error: reject, complete: resolve })
    );
    const done = packets[packets.length - 1];
    expect(done.state).toBe(LoadingState.Done);
    const events = await lastValueFrom(auditAnnotations.processEvents!(annotation, done.data as DataFrame[]));

    const truth = emulator.groundTruth({ ...RANGE, filter: "category eq 'RoleManagement'", groupBy: 'activity' });
    expect(events).toHaveLength(truth.total);
    const byTitle: Record<string, number> = {};
    for (const event of events!) {
      byTitle[event.title!] = (byTitle[event.title!] ?? 0) + 1;
      expect(event.tags![0]).toBe('RoleManagement');
      expect(event.text).toMatch(/^Initiated by: .+ · Targets: .+ · Result: /);
      expect(event.time).toBeGreaterThanOrEqual(Date.parse(RANGE.from));
      expect(event.time).toBeLessThanOrEqual(Date.parse(RANGE.to));
    }
    expect(byTitle).toEqual(nonZero(truth.groups));
    expect(new Set(events!.map((e) => e.id)).size).toBe(events!.length);
  });
});
