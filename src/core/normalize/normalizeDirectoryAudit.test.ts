import { normalizeDirectoryAudit, parseActivityTime } from './normalizeDirectoryAudit';

const sample = {
  id: 'Directory_504a302a_M1N6X_27777783',
  category: 'GroupManagement',
  correlationId: 'b662f17a-4e4d-4e1c-9248-cdec180024b2',
  result: 'success',
  resultReason: 'OK',
  activityDisplayName: 'Add member to group',
  activityDateTime: '2024-12-27T10:01:19.5796748Z',
  loggedByService: 'Core Directory',
  operationType: 'Assign',
  initiatedBy: {
    app: null,
    user: { id: 'u1', displayName: null, userPrincipalName: 'admin@contoso.com', ipAddress: '10.0.0.1' },
  },
  targetResources: [
    {
      id: 'g1',
      displayName: 'Finance',
      Type: 'Group',
      modifiedProperties: [{ displayName: 'Group.DisplayName', oldValue: null, newValue: '"Finance"' }],
    },
    { id: 'u2', displayName: null, type: 'User', userPrincipalName: 'jo@contoso.com', modifiedProperties: [] },
  ],
  additionalDetails: [{ key: 'User-Agent', value: 'Mozilla' }],
};

describe('normalizeDirectoryAudit', () => {
  it('reads the readable fields an admin expects', () => {
    const event = normalizeDirectoryAudit(sample)!;
    expect(event).toMatchObject({
      id: 'Directory_504a302a_M1N6X_27777783',
      time: Date.parse('2024-12-27T10:01:19.579Z'),
      activity: 'Add member to group',
      service: 'Core Directory',
      initiatedBy: 'admin@contoso.com',
      initiatorIp: '10.0.0.1',
      operationType: 'Assign',
    });
    expect(event.additionalDetails).toEqual([{ key: 'User-Agent', value: 'Mozilla' }]);
    expect(event.modifiedProperties).toEqual([
      { target: 'Finance', displayName: 'Group.DisplayName', oldValue: '', newValue: '"Finance"' },
    ]);
  });

  it('reads the target type whatever its casing', () => {
    expect(normalizeDirectoryAudit(sample)!.targets.map((t) => t.type)).toEqual(['Group', 'User']);
  });

  it("names an app initiator by the app's name", () => {
    const event = normalizeDirectoryAudit({
      ...sample,
      initiatedBy: { user: null, app: { appId: 'a1', displayName: 'Sync Agent' } },
    })!;
    expect(event.initiatedBy).toBe('Sync Agent');
    expect(event.initiatorAppId).toBe('a1');
  });

  it('returns undefined when the time cannot be read', () => {
    expect(normalizeDirectoryAudit({ ...sample, activityDateTime: 'yesterday' })).toBeUndefined();
    expect(normalizeDirectoryAudit({ ...sample, activityDateTime: null })).toBeUndefined();
  });
});

describe('parseActivityTime', () => {
  it.each([
    ['2026-11-20T10:00:00Z', '2026-11-20T10:00:00.000Z'],
    ['2026-11-20T10:00:00.9999999Z', '2026-11-20T10:00:00.999Z'],
    ['2026-11-20T10:00:00.5', '2026-11-20T10:00:00.500Z'],
    ['2026-11-20T12:00:00.1+02:00', '2026-11-20T10:00:00.100Z'],
  ])('reads %s without rounding up', (input, expected) => {
    expect(parseActivityTime(input)).toBe(Date.parse(expected));
  });
});

describe('parseActivityTime fast path', () => {
  /** What the general path (regex + Date.parse) makes of a Z-suffixed timestamp. */
  function viaDateParse(value: string): number | undefined {
    const match = /^(.{19})(?:\.(\d+))?Z$/.exec(value);
    const parsed = match ? Date.parse(`${match[1]}.${((match[2] ?? '') + '000').slice(0, 3)}Z`) : NaN;
    return Number.isNaN(parsed) ? undefined : parsed;
  }

  it.each([
    '2026-11-20T11:59:58.8840509Z',
    '2026-11-20T11:59:58.8Z',
    '2026-11-20T11:59:58.88Z',
    '2026-11-20T11:59:58Z',
    '2024-02-29T23:59:59.9999999Z',
    '2026-12-31T23:59:59.999Z',
    '1970-01-01T00:00:00.0000000Z',
    '2000-02-29T00:00:00Z',
  ])('agrees with Date.parse on %s', (value) => {
    expect(parseActivityTime(value)).toBe(viaDateParse(value));
    expect(parseActivityTime(value)).not.toBeUndefined();
  });

  it.each([
    ['2026-11-20T11:59:58.Z', undefined],
    ['2026-11-20T11:59:58.12a4Z', undefined],
    ['2026-13-20T11:59:58Z', undefined],
    ['2026-11-20T11:60:58Z', undefined],
    ['2026-11-20 11:59:58Z', undefined],
  ])('leaves %s to the general path, which rejects it', (value, expected) => {
    expect(parseActivityTime(value)).toBe(expected);
  });

  it('leaves unusual but valid shapes to the general path', () => {
    expect(parseActivityTime(' 2026-11-20T11:59:58.1Z ')).toBe(Date.parse('2026-11-20T11:59:58.100Z'));
    expect(parseActivityTime('2026-11-20t11:59:58.1z')).toBe(parseActivityTime('2026-11-20T11:59:58.1Z'));
    expect(parseActivityTime('2026-11-20T24:00:00Z')).toBe(viaDateParse('2026-11-20T24:00:00Z'));
    expect(parseActivityTime('2023-02-29T00:00:00Z')).toBe(viaDateParse('2023-02-29T00:00:00Z'));
  });
});

describe('case-insensitive keys', () => {
  it('prefers the exact key, falls back to any casing, and reads an exact null as empty', () => {
    const { loggedByService, ...withoutService } = sample;
    const event = normalizeDirectoryAudit({
      ...withoutService,
      ActivityDisplayName: 'Wrong casing ignored',
      LOGGEDBYSERVICE: loggedByService,
      resultReason: null,
    })!;
    expect(event.activity).toBe('Add member to group');
    expect(event.service).toBe('Core Directory');
    expect(event.resultReason).toBe('');
  });
});
