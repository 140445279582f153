import { FilterOperator } from './ast';

/** How a property's literal is typed and compared. */
export type PropertyKind = 'string' | 'datetime' | 'guid' | 'integer';

export interface PropertySpec<T> {
  kind: PropertyKind;
  operators: readonly FilterOperator[];
  /** OData string comparison is case-sensitive unless an API says otherwise. */
  caseInsensitive?: boolean;
  /** A string, a number (integer), an Instant (datetime), or null when the item has no value. */
  get: (item: T) => unknown;
}

export interface CollectionSpec<T> {
  items: (item: T) => readonly unknown[];
  properties: Readonly<Record<string, PropertySpec<unknown>>>;
}

/** What one API accepts in `$filter`: properties, their operators, lambda collections and boolean operators. */
export interface FilterDialect<T> {
  /** The property whose comparisons bound the time range (activityDateTime or activityDate). */
  timeProperty: string;
  properties: Readonly<Record<string, PropertySpec<T>>>;
  collections: Readonly<Record<string, CollectionSpec<T>>>;
  allowOr: boolean;
  allowNot: boolean;
}
