import { legacyCategoryOf } from '../../src/core/catalogue/activities';
import { SyntheticEvent, TargetResource } from '../data/types';
import { FilterDialect, PropertySpec } from '../odata/dialect';

export const LEGACY_NAMESPACE = 'Microsoft.ActiveDirectory.DataService.PublicApi.Model.Reporting.AuditLog';

type Spec = PropertySpec<SyntheticEvent>;

const actorName = (e: SyntheticEvent) => e.initiatorUser?.displayName ?? e.initiatorApp?.displayName;
const actorUpn = (e: SyntheticEvent) => e.initiatorUser?.userPrincipalName;
const upnSpec: Spec = { kind: 'string', operators: ['eq', 'startswith'], caseInsensitive: true, get: actorUpn };
const target = (get: (t: TargetResource) => unknown) => (t: unknown) => get(t as TargetResource);

/** The legacy Azure AD Graph reporting filters, verbatim from Microsoft's 2017/2018 reference (graph-api.md §5.3). */
export function legacyDialect(): FilterDialect<SyntheticEvent> {
  const targetUpn: PropertySpec<unknown> = {
    kind: 'string',
    operators: ['eq', 'startswith'],
    caseInsensitive: true,
    get: target((t) => t.userPrincipalName),
  };
  return {
    timeProperty: 'activityDate',
    allowOr: false,
    allowNot: false,
    properties: {
      activityDate: { kind: 'datetime', operators: ['eq', 'ge', 'le', 'gt', 'lt'], get: (e) => e.time },
      category: { kind: 'string', operators: ['eq'], get: (e) => legacyCategoryOf(e.activity.loggedByService) },
      activityStatus: { kind: 'integer', operators: ['eq'], get: (e) => (e.result === 'success' ? 0 : -1) },
      activityType: { kind: 'string', operators: ['eq'], get: (e) => e.targets[0]?.type },
      activity: {
        kind: 'string',
        operators: ['eq', 'contains', 'startswith'],
        get: (e) => e.activity.activityDisplayName,
      },
      'actor/name': {
        kind: 'string',
        operators: ['eq', 'contains', 'startswith'],
        caseInsensitive: true,
        get: actorName,
      },
      'actor/objectId': {
        kind: 'string',
        operators: ['eq'],
        caseInsensitive: true,
        get: (e) => e.initiatorUser?.id ?? e.initiatorApp?.servicePrincipalId,
      },
      'actor/upn': upnSpec,
      [`actor/${LEGACY_NAMESPACE}.ActorUserEntity/userPrincipalName`]: upnSpec,
    },
    collections: {
      targets: {
        items: (e) => e.targets,
        properties: {
          name: {
            kind: 'string',
            operators: ['eq', 'contains', 'startswith'],
            caseInsensitive: true,
            get: target((t) => t.displayName ?? t.userPrincipalName),
          },
          objectId: { kind: 'string', operators: ['eq'], caseInsensitive: true, get: target((t) => t.id) },
          upn: targetUpn,
          [`${LEGACY_NAMESPACE}.TargetResourceUserEntity/userPrincipalName`]: targetUpn,
        },
      },
    },
  };
}
