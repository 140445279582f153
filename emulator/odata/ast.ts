/** The parsed form of the `$filter` subset the emulated APIs understand. */
export type ComparisonOperator = 'eq' | 'ne' | 'ge' | 'le' | 'gt' | 'lt';
export type FunctionName = 'startswith' | 'contains' | 'endswith';
export type FilterOperator = ComparisonOperator | FunctionName;

/** A literal as written: quoted string, or the raw bare token (date, number, guid, null, true/false). */
export interface Literal {
  quoted: boolean;
  text: string;
}

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; path: string; operator: FilterOperator; literal: Literal }
  | { kind: 'any'; collection: string; variable: string; body: FilterNode };

export class FilterSyntaxError extends Error {
  constructor(
    message: string,
    /** `syntax`: not valid OData. `unsupported`: valid OData the API does not support. */
    readonly reason: 'syntax' | 'unsupported'
  ) {
    super(message);
    this.name = 'FilterSyntaxError';
  }
}
