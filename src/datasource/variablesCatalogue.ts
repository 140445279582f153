import { operatorMatches } from '../core/filter/matchConditions';
import { AUDIT_ACTIVITIES, AuditActivity } from '../core/catalogue/activities';
import { ALL_VALUES, FilterCondition, FilterField } from '../core/model/query';

export type CatalogueKind = 'activities' | 'categories' | 'services';

const COLUMN: Record<CatalogueKind, keyof AuditActivity> = {
  activities: 'activityDisplayName',
  categories: 'category',
  services: 'loggedByService',
};

/** Filter fields the catalogue knows, and the catalogue column each reads. */
const CATALOGUE_FIELDS: Partial<Record<FilterField, keyof AuditActivity>> = {
  activity: 'activityDisplayName',
  category: 'category',
  service: 'loggedByService',
  operationType: 'operationType',
  targetType: 'targetType',
};

/**
 * Activities, categories or services from Microsoft's catalogue, narrowed by filter rows the way
 * the Entra admin center narrows them (service → category → activity). Rows on fields the
 * catalogue does not know, rows still holding a variable, and "All" narrow nothing.
 */
export function catalogueValues(kind: CatalogueKind, filters: FilterCondition[] = []): string[] {
  const usable = filters.filter(
    (f) =>
      CATALOGUE_FIELDS[f.field] !== undefined &&
      f.values.length > 0 &&
      !f.values.includes(ALL_VALUES) &&
      !f.values.some((v) => v.includes('$'))
  );
  const rows = AUDIT_ACTIVITIES.filter((activity) => usable.every((f) => matches(activity, f)));
  return [...new Set(rows.map((row) => String(row[COLUMN[kind]])))];
}

function matches(activity: AuditActivity, filter: FilterCondition): boolean {
  return operatorMatches(filter.operator, [String(activity[CATALOGUE_FIELDS[filter.field]!])], filter.values);
}
