import { FilterOperator } from '../odata/ast';
import { FilterDialect, PropertySpec } from '../odata/dialect';
import { SyntheticEvent, TargetResource } from '../data/types';

type Spec = PropertySpec<SyntheticEvent>;
const string = (operators: FilterOperator[], get: (e: SyntheticEvent) => unknown): Spec => ({
  kind: 'string',
  operators,
  get,
});

/**
 * Microsoft Graph directoryAudits `$filter`, exactly the documented table (graph-api.md §1.3):
 * nothing on category, result or operationType, no gt/lt on activityDateTime.
 */
export function graphDialect(allowOr: boolean): FilterDialect<SyntheticEvent> {
  return {
    timeProperty: 'activityDateTime',
    allowOr,
    allowNot: false,
    properties: {
      activityDateTime: { kind: 'datetime', operators: ['eq', 'ge', 'le'], get: (e) => e.time },
      activityDisplayName: string(['eq', 'startswith'], (e) => e.activity.activityDisplayName),
      loggedByService: string(['eq'], (e) => e.activity.loggedByService),
      correlationId: { kind: 'guid', operators: ['eq'], get: (e) => e.correlationId },
      id: string(['eq'], (e) => e.id),
      'initiatedBy/user/id': string(['eq'], (e) => e.initiatorUser?.id),
      'initiatedBy/user/displayName': string(['eq'], (e) => e.initiatorUser?.displayName),
      'initiatedBy/user/userPrincipalName': string(['eq', 'startswith'], (e) => e.initiatorUser?.userPrincipalName),
      'initiatedBy/app/appId': string(['eq'], (e) => e.initiatorApp?.appId),
      'initiatedBy/app/displayName': string(['eq'], (e) => e.initiatorApp?.displayName),
    },
    collections: {
      targetResources: {
        items: (e) => e.targets,
        properties: {
          id: { kind: 'string', operators: ['eq'], get: (t) => (t as TargetResource).id },
          displayName: {
            kind: 'string',
            operators: ['eq', 'startswith'],
            get: (t) => (t as TargetResource).displayName,
          },
        },
      },
    },
  };
}
