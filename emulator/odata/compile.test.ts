import { EMULATED_ACTIVITIES } from '../data/activityMix';
import { SyntheticEvent } from '../data/types';
import { graphDialect } from '../graph/graphDialect';
import { legacyDialect, LEGACY_NAMESPACE } from '../legacy/legacyDialect';
import { FilterSyntaxError } from './ast';
import { compileFilter } from './compile';
import { formatInstant, parseInstant } from './instant';

const event: SyntheticEvent = {
  slot: 0,
  index: 0,
  time: parseInstant('2026-11-20T10:00:00.1234567Z')!,
  visibleAt: 0,
  id: 'Directory_abc_X_1',
  correlationId: 'b662f17a-4e4d-4e1c-9248-cdec180024b2',
  activity: EMULATED_ACTIVITIES.find((a) => a.activityDisplayName === 'Add member to group')!,
  result: 'failure',
  resultReason: 'nope',
  initiatorUser: {
    id: 'u-1',
    displayName: 'Adele Vance',
    userPrincipalName: "o'brien@contoso.onmicrosoft.com",
    userType: 'Member',
  },
  initiatorApp: null,
  ipAddress: '203.0.113.1',
  userAgent: 'x',
  targets: [
    {
      id: 'g-1',
      displayName: 'Sales Team',
      type: 'Group',
      userPrincipalName: null,
      groupType: null,
      modifiedProperties: [],
    },
    {
      id: 'u-2',
      displayName: null,
      type: 'User',
      userPrincipalName: 'megan@contoso.onmicrosoft.com',
      groupType: null,
      modifiedProperties: [],
    },
  ],
  additionalDetails: [],
};

const graph = graphDialect(false);
const matches = (filter: string) => compileFilter(filter, graph).matches(event);
const rejection = (filter: string, dialect = graph) => {
  try {
    compileFilter(filter, dialect);
  } catch (error) {
    return error as FilterSyntaxError;
  }
  throw new Error(`'${filter}' was accepted`);
};

describe('instants', () => {
  it('keeps all seven fractional digits', () => {
    expect(formatInstant(parseInstant('2024-12-27T10:01:19.5796748Z')!)).toBe('2024-12-27T10:01:19.5796748Z');
    expect(parseInstant('2018-01-24')).toEqual({ ms: Date.parse('2018-01-24T00:00:00Z'), ticks: 0 });
    expect(parseInstant('2026-11-20T10:00:00+02:00')!.ms).toBe(Date.parse('2026-11-20T08:00:00Z'));
    expect(parseInstant('2026-11-20T10:00:00')).toBeUndefined();
  });
});

describe('Microsoft Graph $filter', () => {
  it.each([
    ['activityDateTime ge 2026-11-20T10:00:00Z and activityDateTime le 2026-11-20T10:00:01Z', true],
    ['activityDateTime le 2026-11-20T10:00:00.123Z', false],
    ['activityDateTime le 2026-11-20T10:00:00.1234567Z', true],
    ['activityDateTime eq 2026-11-20T10:00:00.1234567Z', true],
    ["activityDisplayName eq 'Add member to group'", true],
    ["activityDisplayName eq 'add member to group'", false],
    ["startswith(activityDisplayName, 'Add member')", true],
    ["startsWith(activityDisplayName,'Add owner')", false],
    ["loggedByService eq 'Core Directory'", true],
    ['correlationId eq b662f17a-4e4d-4e1c-9248-cdec180024b2', true],
    ["correlationId eq 'b662f17a-4e4d-4e1c-9248-cdec180024b2'", true],
    ["id eq 'Directory_abc_X_1'", true],
    ["initiatedBy/user/userPrincipalName eq 'o''brien@contoso.onmicrosoft.com'", true],
    ["startswith(initiatedBy/user/userPrincipalName, 'o''b')", true],
    ["initiatedBy/app/displayName eq 'x'", false],
    ["targetResources/any(t: t/id eq 'u-2')", true],
    ["targetResources/any(t:t/displayName eq 'Sales Team')", true],
    ["targetResources/any(x: startswith(x/displayName, 'Sal'))", true],
    ["(activityDisplayName eq 'Add member to group') and (loggedByService eq 'Core Directory')", true],
  ])('%s → %s', (filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it.each([
    ['activityDateTime gt 2026-11-20T10:00:00Z', 'unsupported', "operator 'gt'"],
    ['activityDateTime lt 2026-11-20T10:00:00Z', 'unsupported', "operator 'lt'"],
    ["category eq 'UserManagement'", 'unsupported', "property 'category'"],
    ["result eq 'failure'", 'unsupported', "property 'result'"],
    ["targetResources/any(t: t/type eq 'User')", 'unsupported', "'targetResources/type'"],
    ["activityDisplayName eq 'a' or activityDisplayName eq 'b'", 'unsupported', "'or'"],
    ["not (activityDisplayName eq 'a')", 'unsupported', "'not'"],
    ["activityDateTime ge '2026-11-20T10:00:00Z'", 'syntax', 'unquoted DateTimeOffset'],
    ['activityDisplayName eq Add', 'syntax', 'quoted string'],
    ["activityDisplayName eq 'unterminated", 'syntax', 'unterminated'],
    ["activityDisplayName EQ 'Add user'", 'syntax', 'comparison operator'],
    ["activityDisplayName eq 'a' and", 'syntax', 'ends too early'],
    ["contains(activityDisplayName, 'user')", 'unsupported', "operator 'contains'"],
    ['createdDateTime ge 2026-11-20T10:00:00Z', 'unsupported', "'createdDateTime'"],
    ["targetResources/all(t: t/id eq 'x')", 'unsupported', "'all'"],
  ])('refuses %s (%s)', (filter, reason, mention) => {
    const error = rejection(filter);
    expect(error).toBeInstanceOf(FilterSyntaxError);
    expect(error.reason).toBe(reason);
    expect(error.message).toContain(mention);
  });

  it('accepts or only when allowed', () => {
    const filter = "activityDisplayName eq 'Add user' or activityDisplayName eq 'Add member to group'";
    expect(compileFilter(filter, graphDialect(true)).matches(event)).toBe(true);
  });

  it('narrows the scan to the tightest time bounds of the and-chain', () => {
    const compiled = compileFilter(
      'activityDateTime ge 2026-11-19T00:00:00Z and activityDateTime ge 2026-11-20T00:00:00Z and activityDateTime le 2026-11-21T00:00:00Z',
      graph
    );
    expect(compiled.lower).toEqual({ at: parseInstant('2026-11-20T00:00:00Z'), inclusive: true });
    expect(compiled.upper).toEqual({ at: parseInstant('2026-11-21T00:00:00Z'), inclusive: true });
    expect(compiled.timeLiterals).toHaveLength(3);
  });
});

describe('legacy Azure AD Graph $filter', () => {
  const legacy = legacyDialect();
  const legacyMatches = (filter: string) => compileFilter(filter, legacy).matches(event);

  it.each([
    ['activityDate gt 2026-11-20T10:00:00Z and activityDate lt 2026-11-20T10:00:01Z', true],
    ["category eq 'Directory'", true],
    ['activityStatus eq -1', true],
    ['activityStatus eq 0', false],
    ["activityType eq 'Group'", true],
    ["activityType eq 'group'", false],
    ["contains(activity, 'member')", true],
    ["startswith(activity, 'Add')", true],
    ["actor/name eq 'adele vance'", true],
    ["contains(actor/name, 'VANCE')", true],
    ["actor/objectId eq 'u-1'", true],
    [`startswith(actor/${LEGACY_NAMESPACE}.ActorUserEntity/userPrincipalName,'O''B')`, true],
    ["targets/any(t: t/name eq 'sales team')", true],
    ["targets/any(t: t/objectId eq 'u-2')", true],
    [`targets/any(t: startswith(t/${LEGACY_NAMESPACE}.TargetResourceUserEntity/userPrincipalName,'megan'))`, true],
  ])('%s → %s', (filter, expected) => {
    expect(legacyMatches(filter)).toBe(expected);
  });

  it.each([
    ["activityStatus eq 'Success'", 'integer literal'],
    ["activityDisplayName eq 'Add user'", "property 'activityDisplayName'"],
    ["activity eq 'a' or activity eq 'b'", "'or'"],
  ])('refuses %s', (filter, mention) => {
    expect(rejection(filter, legacy).message).toContain(mention);
  });
});
