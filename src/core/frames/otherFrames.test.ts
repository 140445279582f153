import { NO_CHANGED_VALUES } from '../normalize/changedValues';
import { withQueryDefaults } from '../model/query';
import { alertNumberFrames } from './alertNumbers';
import { eventsTableFrames } from './eventsTable';
import { FrameInput } from './frameInput';
import { groupOf } from './groups';
import { logFrames } from './logs';
import { summaryFrames } from './summary';
import { auditEvent } from './testEvents';

const FROM = Date.parse('2026-11-20T10:00:00Z');
const TO = Date.parse('2026-11-20T11:00:00Z');

function input(events: FrameInput['events'], query: Partial<FrameInput['query']> = {}): FrameInput {
  return {
    query: withQueryDefaults({ refId: 'B', ...query }),
    events,
    from: FROM,
    to: TO,
    truncated: false,
    intervalMs: 60_000,
  };
}

const EVENTS = [
  auditEvent('3', '2026-11-20T10:40:00Z', {
    activity: 'Delete user',
    result: 'failure',
    resultReason: 'Insufficient rights',
  }),
  auditEvent('2', '2026-11-20T10:30:00Z'),
  auditEvent('1', '2026-11-20T10:10:00Z'),
];

describe('alertNumberFrames', () => {
  it('gives exactly one number per group, with an explicit 0 for named groups', () => {
    const { frames } = alertNumberFrames(input(EVENTS, { format: 'alertNumbers', groups: ['Reset password'] }));
    expect(frames.map((f) => [f.meta.type, f.fields.length, f.fields[0].labels, f.fields[0].values])).toEqual([
      ['numeric-multi', 1, { activity: 'Add user' }, [2]],
      ['numeric-multi', 1, { activity: 'Delete user' }, [1]],
      ['numeric-multi', 1, { activity: 'Reset password' }, [0]],
    ]);
  });

  it('sums the groups beyond the top N into "other"', () => {
    const { frames } = alertNumberFrames(input(EVENTS, { topN: 1 }));
    expect(frames.map((f) => [f.name, f.fields[0].values[0]])).toEqual([
      ['Add user', 2],
      ['other', 1],
    ]);
  });

  it('returns one typed frame without fields when nothing happened and nothing was named', () => {
    expect(alertNumberFrames(input([])).frames).toEqual([
      { name: 'B', refId: 'B', meta: { type: 'numeric-multi', typeVersion: [0, 1] }, fields: [] },
    ]);
  });
});

describe('summaryFrames', () => {
  it('has a row per group with count, failures, first and last seen', () => {
    const [frame] = summaryFrames(input(EVENTS, { groups: ['Reset password'] })).frames;
    expect(frame.meta).toEqual({ type: 'table', typeVersion: [0, 0], preferredVisualisationType: 'table' });
    expect(frame.fields.map((f) => [f.name, f.type, f.values])).toEqual([
      ['Activity', 'string', ['Add user', 'Delete user', 'Reset password']],
      ['Count', 'number', [2, 1, 0]],
      ['Failures', 'number', [0, 1, 0]],
      ['First seen', 'time', [Date.parse('2026-11-20T10:10:00Z'), Date.parse('2026-11-20T10:40:00Z'), null]],
      ['Last seen', 'time', [Date.parse('2026-11-20T10:30:00Z'), Date.parse('2026-11-20T10:40:00Z'), null]],
    ]);
  });

  it('titles the group column after the grouping', () => {
    expect(summaryFrames(input(EVENTS, { groupBy: 'initiatedBy' })).frames[0].fields[0].name).toBe('Initiated by');
  });
});

describe('eventsTableFrames', () => {
  it('has a row per event with readable columns and JSON text for the details', () => {
    const event = auditEvent('9', '2026-11-20T10:40:00Z', {
      targets: [
        { id: 'g1', displayName: 'Finance', type: 'Group', userPrincipalName: '' },
        { id: 'u1', displayName: '', type: 'User', userPrincipalName: 'jo@contoso.com' },
      ],
      additionalDetails: [{ key: 'User-Agent', value: 'Mozilla' }],
      modifiedProperties: [{ target: 'Finance', displayName: 'Owner', oldValue: '""', newValue: '"jo"' }],
      userAgent: 'Mozilla',
      changes: { ...NO_CHANGED_VALUES, groupName: 'Finance', roleName: 'Reader' },
    });
    const [frame] = eventsTableFrames(input([event])).frames;
    const row = Object.fromEntries(frame.fields.map((f) => [f.name, f.values[0]]));
    expect(row).toEqual({
      Time: Date.parse('2026-11-20T10:40:00Z'),
      Activity: 'Add user',
      Category: 'UserManagement',
      Service: 'Core Directory',
      Result: 'success',
      'Result reason': '',
      'Operation type': 'Add',
      'Initiated by': 'admin@contoso.com',
      'Initiator user ID': 'u-admin',
      'Initiator app ID': '',
      'Initiator service principal ID': '',
      'Initiator IP': '10.0.0.1',
      'User agent': 'Mozilla',
      Targets: 'Finance (Group), jo@contoso.com (User)',
      'Target IDs': 'g1, u1',
      'Target UPNs': 'jo@contoso.com',
      Changes: 'Owner: "" → "jo"',
      Role: 'Reader',
      'Role template ID': '',
      'Key type': '',
      'Key usage': '',
      'Key description': '',
      'Consent permissions': '',
      'Admin consent': '',
      Policy: '',
      'Policy state': '',
      Group: 'Finance',
      'Correlation ID': 'c-9',
      ID: '9',
      'Additional details': [{ key: 'User-Agent', value: 'Mozilla' }],
      'Modified properties': [{ target: 'Finance', displayName: 'Owner', oldValue: '""', newValue: '"jo"' }],
    });
    expect(frame.fields[0].type).toBe('time');
    expect(frame.fields.filter((f) => f.type === 'other').map((f) => f.name)).toEqual([
      'Additional details',
      'Modified properties',
    ]);
  });

  it('keeps the events in the order given (newest first)', () => {
    const [frame] = eventsTableFrames(input(EVENTS)).frames;
    expect(frame.fields.find((f) => f.name === 'ID')!.values).toEqual(['3', '2', '1']);
  });
});

describe('logFrames', () => {
  it('is a log-lines frame with a severity taken from the result', () => {
    const [frame] = logFrames(input(EVENTS)).frames;
    expect(frame.meta).toEqual({ type: 'log-lines', typeVersion: [0, 0], preferredVisualisationType: 'logs' });
    expect(frame.fields.map((f) => f.name)).toEqual(['timestamp', 'body', 'severity', 'id', 'labels']);
    expect(frame.fields[2].values).toEqual(['error', 'info', 'info']);
    expect(frame.fields[1].values[0]).toBe(
      'Delete user: failure, by admin@contoso.com, on Jo (User), reason: Insufficient rights'
    );
    expect(frame.fields[4].values[0]).toMatchObject({
      activity: 'Delete user',
      result: 'failure',
      correlationId: 'c-3',
    });
  });
});

describe('groupOf', () => {
  it('groups by the primary target type and names missing values', () => {
    const event = auditEvent('1', '2026-11-20T10:00:00Z', {
      targets: [
        { id: 'g', displayName: 'G', type: 'Group', userPrincipalName: '' },
        { id: 'u', displayName: 'U', type: 'User', userPrincipalName: '' },
      ],
    });
    expect(groupOf(event, 'targetType')).toBe('Group');
    expect(groupOf({ ...event, targets: [] }, 'targetType')).toBe('(none)');
    expect(groupOf({ ...event, service: '' }, 'service')).toBe('(none)');
  });
});
