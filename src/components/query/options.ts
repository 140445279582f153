import { SelectableValue } from '@grafana/data';
import { ComboboxOption } from '@grafana/ui';

import {
  ACTIVITY_NAMES,
  CATEGORIES,
  OPERATION_TYPES,
  RESULTS,
  SERVICES,
  TARGET_TYPES,
} from '../../core/catalogue/activities';
import { FilterCondition, FilterField, FilterOperator, GroupBy, QueryFormat } from '../../core/model/query';
import { catalogueValues } from '../../datasource/variablesCatalogue';

export const FORMAT_OPTIONS: Array<SelectableValue<QueryFormat>> = [
  { value: 'timeSeries', label: 'Time series', description: 'Events per bucket, a series per group' },
  { value: 'events', label: 'Events table', description: 'One row per event, newest first' },
  { value: 'summary', label: 'Summary', description: 'One row per group: count, failures, first and last seen' },
  { value: 'logs', label: 'Logs', description: "Explore's logs view; level from the result" },
  { value: 'alertNumbers', label: 'Alert numbers', description: 'One number per group, for alert rules' },
];

/** Formats whose output is split by the group-by setting. */
export const GROUPED_FORMATS: ReadonlySet<QueryFormat> = new Set(['timeSeries', 'summary', 'alertNumbers']);

export const GROUP_BY_OPTIONS: Array<ComboboxOption<GroupBy>> = [
  { value: 'activity', label: 'Activity' },
  { value: 'category', label: 'Category' },
  { value: 'service', label: 'Service' },
  { value: 'result', label: 'Status' },
  { value: 'operationType', label: 'Operation type' },
  { value: 'initiatedBy', label: 'Initiated by', description: "The user's UPN, else the app's name" },
  { value: 'targetName', label: 'Target name', description: "The first target's name, else its UPN" },
  { value: 'targetType', label: 'Target type', description: "The first target's type" },
  { value: 'roleName', label: 'Changed: role' },
  { value: 'roleTemplateId', label: 'Changed: role template ID' },
  { value: 'keyType', label: 'Changed: key type' },
  { value: 'keyUsage', label: 'Changed: key usage' },
  { value: 'keyDescription', label: 'Changed: key description' },
  { value: 'consentPermissions', label: 'Changed: consent permissions' },
  { value: 'adminConsent', label: 'Changed: admin consent' },
  { value: 'policyName', label: 'Changed: policy' },
  { value: 'policyState', label: 'Changed: policy state' },
  { value: 'groupName', label: 'Changed: group' },
];

/** The legacy Azure AD Graph API also names the type of object each activity acted on. */
export const LEGACY_GROUP_BY_OPTIONS: Array<ComboboxOption<GroupBy>> = [
  ...GROUP_BY_OPTIONS,
  {
    value: 'activityType',
    label: 'Activity type',
    description: 'Legacy Azure AD Graph: User, Group, Application, ...',
  },
];

interface FilterFieldInfo {
  label: string;
  /** The operator a new row starts with: the admin center searches people and targets by prefix. */
  defaultOperator: FilterOperator;
  /** Values known without asking the tenant, or undefined when only the user can know them. */
  knownValues?: (others: FilterCondition[]) => readonly string[];
}

/** In the Entra admin center's order; the other rows narrow service, category and activity as there. */
export const FILTER_FIELDS: Partial<Record<FilterField, FilterFieldInfo>> = {
  service: { label: 'Service', defaultOperator: 'eq', knownValues: (others) => catalogueValues('services', others) },
  category: {
    label: 'Category',
    defaultOperator: 'eq',
    knownValues: (others) => catalogueValues('categories', others),
  },
  activity: {
    label: 'Activity',
    defaultOperator: 'eq',
    knownValues: (others) => catalogueValues('activities', others),
  },
  result: { label: 'Status', defaultOperator: 'eq', knownValues: () => RESULTS },
  operationType: { label: 'Operation type', defaultOperator: 'eq', knownValues: () => OPERATION_TYPES },
  initiatedBy: { label: 'Initiated by (UPN or app name)', defaultOperator: 'eq' },
  initiatorUpn: { label: 'Initiated by (user UPN)', defaultOperator: 'startsWith' },
  initiatorUserName: { label: 'Initiated by (user name)', defaultOperator: 'eq' },
  initiatorUserId: { label: 'Initiated by (user object ID)', defaultOperator: 'eq' },
  initiatorAppName: { label: 'Initiated by (app name)', defaultOperator: 'eq' },
  initiatorAppId: { label: 'Initiated by (app ID)', defaultOperator: 'eq' },
  targetName: { label: 'Target (name)', defaultOperator: 'startsWith' },
  targetId: { label: 'Target (object ID)', defaultOperator: 'eq' },
  targetType: { label: 'Target type', defaultOperator: 'eq', knownValues: () => TARGET_TYPES },
  correlationId: { label: 'Correlation ID', defaultOperator: 'eq' },
  id: { label: 'Event ID', defaultOperator: 'eq' },
  activityType: { label: 'Activity type (legacy API)', defaultOperator: 'eq' },
  // Investigation ids and changed values (issue 17), matched by the plugin after fetching.
  initiatorServicePrincipalId: { label: 'Initiated by (service principal ID)', defaultOperator: 'eq' },
  ipAddress: { label: 'IP address', defaultOperator: 'startsWith' },
  userAgent: { label: 'User agent (beta)', defaultOperator: 'startsWith' },
  roleName: { label: 'Changed: role', defaultOperator: 'eq' },
  roleTemplateId: { label: 'Changed: role template ID', defaultOperator: 'eq' },
  keyType: { label: 'Changed: credential key type', defaultOperator: 'eq', knownValues: () => KEY_TYPES },
  keyUsage: { label: 'Changed: credential key usage', defaultOperator: 'eq', knownValues: () => KEY_USAGES },
  keyDescription: { label: 'Changed: credential description', defaultOperator: 'startsWith' },
  consentPermissions: { label: 'Changed: consent permissions', defaultOperator: 'startsWith' },
  adminConsent: { label: 'Changed: admin consent', defaultOperator: 'eq', knownValues: () => ['true', 'false'] },
  policyName: { label: 'Changed: policy name', defaultOperator: 'eq' },
  policyState: { label: 'Changed: policy state', defaultOperator: 'eq', knownValues: () => POLICY_STATES },
  groupName: { label: 'Changed: group name', defaultOperator: 'eq' },
};

const KEY_TYPES = ['Password', 'AsymmetricX509Cert', 'Symmetric'];
const KEY_USAGES = ['Verify', 'Sign'];
const POLICY_STATES = ['enabled', 'disabled', 'enabledForReportingButNotEnforced'];

/** Only the legacy Azure AD Graph API fills these; on Microsoft Graph they are always empty. */
const LEGACY_ONLY_FIELDS: ReadonlySet<FilterField> = new Set(['activityType']);

/** Every field, legacy-only ones included: what a `fields` list may pick from. */
export const ALL_FILTER_FIELD_OPTIONS: Array<ComboboxOption<FilterField>> = (
  Object.keys(FILTER_FIELDS) as FilterField[]
).map((field) => ({ value: field, label: FILTER_FIELDS[field]!.label }));

/** The fields offered on Microsoft Graph. */
export const FILTER_FIELD_OPTIONS = ALL_FILTER_FIELD_OPTIONS.filter((o) => !LEGACY_ONLY_FIELDS.has(o.value));

/** The fields offered on the legacy API: all of them. */
export const LEGACY_FILTER_FIELDS: FilterField[] = ALL_FILTER_FIELD_OPTIONS.map((o) => o.value);

export const OPERATOR_OPTIONS: Array<SelectableValue<FilterOperator>> = [
  { value: 'eq', label: 'is', description: 'Equals one of the values (case-insensitive)' },
  { value: 'ne', label: 'is not', description: 'Equals none of the values (case-insensitive; filtered by the plugin)' },
  { value: 'startsWith', label: 'starts with', description: 'Begins with one of the values (case-insensitive)' },
  {
    value: 'contains',
    label: 'contains',
    description: 'Holds one of the values anywhere (case-insensitive; filtered by the plugin)',
  },
  {
    value: 'notContains',
    label: 'does not contain',
    description: 'Holds none of the values (case-insensitive; filtered by the plugin)',
  },
];

/** Values a group-by can name before any event arrives, for "always report" groups. */
export function knownGroupValues(groupBy: GroupBy): readonly string[] {
  switch (groupBy) {
    case 'activity':
      return ACTIVITY_NAMES;
    case 'category':
      return CATEGORIES;
    case 'service':
      return SERVICES;
    case 'result':
      return RESULTS;
    case 'operationType':
      return OPERATION_TYPES;
    case 'targetType':
      return TARGET_TYPES;
    default:
      return [];
  }
}

export function filterFieldLabel(field: FilterField): string {
  return FILTER_FIELDS[field]?.label ?? field;
}

/** Options for a picker: known values, then the dashboard's variables; a stored unknown value is kept. */
export function toOptions(
  known: readonly string[],
  variables: string[],
  selected: string[] = []
): Array<ComboboxOption<string>> {
  const options: Array<ComboboxOption<string>> = known.map((value) => ({ value, label: value }));
  for (const variable of variables) {
    options.push({ value: variable, label: variable, description: 'Dashboard variable' });
  }
  const offered = new Set(options.map((o) => o.value));
  for (const value of selected) {
    if (!offered.has(value)) {
      options.push({ value, label: value });
    }
  }
  return options;
}
