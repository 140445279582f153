import { withQueryDefaults } from '../model/query';
import { normalizeLegacyActivity } from '../normalize/normalizeLegacyActivity';
import { buildFrames } from './buildFrames';
import { FrameInput } from './frameInput';

const NS = 'Microsoft.ActiveDirectory.DataService.PublicApi.Model.Reporting.AuditLog';
const FROM = Date.parse('2026-11-20T10:00:00Z');
const TO = Date.parse('2026-11-20T11:00:00Z');

/** Legacy batches as the API sends them, through the legacy normalizer: frames see only AuditEvents. */
const EVENTS = [
  {
    id: 'l-3',
    activityDate: '2026-11-20T10:50:00.9999999Z',
    activity: 'Add member to group',
    activityType: 'Group',
    category: 'Directory',
    activityOperationType: 'Assign',
    activityResultStatus: 'Failure',
    activityResultDescription: 'Blocked by policy',
    actor: { '@odata.type': `${NS}.ActorApplicationEntity`, name: 'HR Sync', appId: 'app-1' },
    targets: [{ '@odata.type': `${NS}.TargetResourceGroupEntity`, name: 'Finance', objectId: 'g-1' }],
    additionalDetails: [{ name: 'GroupType', value: 'Security' }],
  },
  {
    id: 'l-2',
    activityDate: '2026-11-20T10:20:00Z',
    activity: 'Add user',
    activityType: 'User',
    category: 'Directory',
    activityOperationType: 'Add',
    activityStatus: 0,
    actor: { '@odata.type': `${NS}.ActorUserEntity`, name: 'Admin', userPrincipalName: 'admin@contoso.com' },
    targets: [{ name: 'Alice', objectId: 'u-2' }],
    targetResourceType: 'User',
  },
  {
    id: 'l-1',
    activityDate: '2026-11-20T10:05:00Z',
    activity: 'Add user',
    activityType: 'User',
    category: 'Directory',
    activityOperationType: 'Add',
    activityStatus: 0,
    actor: { '@odata.type': `${NS}.ActorUserEntity`, name: 'Admin', userPrincipalName: 'admin@contoso.com' },
    targets: [{ name: 'Bob', objectId: 'u-3' }],
    targetResourceType: 'User',
  },
].map((raw) => normalizeLegacyActivity(raw)!);

function frames(query: Partial<FrameInput['query']>) {
  return buildFrames({
    query: withQueryDefaults({ refId: 'A', ...query }),
    events: EVENTS,
    from: FROM,
    to: TO,
    truncated: false,
    intervalMs: 60_000,
  }).frames;
}

describe('frames from the legacy Azure AD Graph API', () => {
  it('charts activity type as its own group-by, zero-filled', () => {
    const series = frames({ format: 'timeSeries', groupBy: 'activityType', bucket: '30m' });
    expect(series.map((f) => [f.name, f.fields[1].labels, f.fields[1].values])).toEqual([
      ['User', { activityType: 'User' }, [2, 0, 0]],
      ['Group', { activityType: 'Group' }, [0, 1, 0]],
    ]);
  });

  it('summarises by activity type with its own column title and failures from the legacy status', () => {
    const [summary] = frames({ format: 'summary', groupBy: 'activityType' });
    expect(summary.fields.map((f) => [f.name, f.values])).toEqual([
      ['Activity type', ['User', 'Group']],
      ['Count', [2, 1]],
      ['Failures', [0, 1]],
      ['First seen', [Date.parse('2026-11-20T10:05:00Z'), Date.parse('2026-11-20T10:50:00.999Z')]],
      ['Last seen', [Date.parse('2026-11-20T10:20:00Z'), Date.parse('2026-11-20T10:50:00.999Z')]],
    ]);
  });

  it('fills the events table from the legacy names: activity, app actor, typed targets, name/value details', () => {
    const [table] = frames({ format: 'events' });
    const row = Object.fromEntries(table.fields.map((f) => [f.name, f.values[0]]));
    expect(row).toMatchObject({
      Activity: 'Add member to group',
      Service: '',
      Result: 'failure',
      'Result reason': 'Blocked by policy',
      'Operation type': 'Assign',
      'Initiated by': 'HR Sync',
      Targets: 'Finance (Group)',
      'Additional details': [{ key: 'GroupType', value: 'Security' }],
    });
    expect(table.fields.find((f) => f.name === 'Targets')?.values.slice(1)).toEqual(['Alice (User)', 'Bob (User)']);
  });

  it('writes log lines with the legacy result as the level', () => {
    const [logs] = frames({ format: 'logs' });
    const body = logs.fields.find((f) => f.name === 'body')!.values;
    const severity = logs.fields.find((f) => f.name === 'severity')!.values;
    expect(body[0]).toBe('Add member to group: failure, by HR Sync, on Finance (Group), reason: Blocked by policy');
    expect(severity).toEqual(['error', 'info', 'info']);
  });
});
