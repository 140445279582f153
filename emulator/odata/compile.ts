import { FilterNode, FilterOperator, FilterSyntaxError, Literal } from './ast';
import { CollectionSpec, FilterDialect, PropertySpec } from './dialect';
import { compareInstants, Instant, parseInstant } from './instant';
import { parseFilter } from './parser';

export interface TimeBound {
  at: Instant;
  inclusive: boolean;
}

export interface CompiledFilter<T> {
  matches: (item: T) => boolean;
  /** Bounds on the time property implied by the top-level `and` chain (what narrows the scan). */
  lower?: TimeBound;
  upper?: TimeBound;
  /** Every literal compared with the time property anywhere in the filter (for the retention check). */
  timeLiterals: Instant[];
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Parses and type-checks `$filter` against a dialect; throws FilterSyntaxError naming what is wrong. */
export function compileFilter<T>(text: string | undefined, dialect: FilterDialect<T>): CompiledFilter<T> {
  if (text === undefined || text.trim() === '') {
    return { matches: () => true, timeLiterals: [] };
  }
  const ast = parseFilter(text);
  const timeLiterals: Instant[] = [];
  const matches = compileNode(ast, dialect, timeLiterals);
  const result: CompiledFilter<T> = { matches, timeLiterals };
  collectBounds(ast, dialect, result);
  return result;
}

function compileNode<T>(node: FilterNode, dialect: FilterDialect<T>, timeLiterals: Instant[]): (item: T) => boolean {
  switch (node.kind) {
    case 'and': {
      const left = compileNode(node.left, dialect, timeLiterals);
      const right = compileNode(node.right, dialect, timeLiterals);
      return (item) => left(item) && right(item);
    }
    case 'or': {
      if (!dialect.allowOr) {
        throw new FilterSyntaxError(
          "The 'or' operator is not supported in this filter; send one request per alternative.",
          'unsupported'
        );
      }
      const left = compileNode(node.left, dialect, timeLiterals);
      const right = compileNode(node.right, dialect, timeLiterals);
      return (item) => left(item) || right(item);
    }
    case 'not': {
      if (!dialect.allowNot) {
        throw new FilterSyntaxError("The 'not' operator is not supported in this filter.", 'unsupported');
      }
      const operand = compileNode(node.operand, dialect, timeLiterals);
      return (item) => !operand(item);
    }
    case 'any':
      return compileAny(node, dialect);
    case 'compare': {
      const spec = dialect.properties[node.path];
      if (!spec) {
        throw unsupportedProperty(node.path);
      }
      const test = compileComparison(node.path, spec, node.operator, node.literal);
      if (node.path === dialect.timeProperty) {
        timeLiterals.push(parseInstant(node.literal.text)!);
      }
      return (item) => test(spec.get(item));
    }
  }
}

function compileAny<T>(node: Extract<FilterNode, { kind: 'any' }>, dialect: FilterDialect<T>): (item: T) => boolean {
  const collection: CollectionSpec<T> | undefined = dialect.collections[node.collection];
  if (!collection) {
    throw new FilterSyntaxError(`Lambda expressions are not supported on '${node.collection}'.`, 'unsupported');
  }
  const body = node.body;
  if (body.kind !== 'compare') {
    throw new FilterSyntaxError(
      `Only one comparison is supported inside '${node.collection}/any(...)'.`,
      'unsupported'
    );
  }
  const prefix = `${node.variable}/`;
  if (!body.path.startsWith(prefix)) {
    throw new FilterSyntaxError(
      `Inside '${node.collection}/any(${node.variable}: ...)' properties must start with '${prefix}'.`,
      'syntax'
    );
  }
  const inner = body.path.slice(prefix.length);
  const spec = collection.properties[inner];
  if (!spec) {
    throw unsupportedProperty(`${node.collection}/${inner}`);
  }
  const test = compileComparison(`${node.collection}/${inner}`, spec, body.operator, body.literal);
  return (item) => collection.items(item).some((element) => test(spec.get(element)));
}

function compileComparison(
  path: string,
  spec: PropertySpec<never>,
  operator: FilterOperator,
  literal: Literal
): (value: unknown) => boolean {
  if (!spec.operators.includes(operator)) {
    throw new FilterSyntaxError(
      `The operator '${operator}' is not supported on '${path}'. Supported: ${spec.operators.join(', ')}.`,
      'unsupported'
    );
  }
  switch (spec.kind) {
    case 'datetime': {
      const at = literal.quoted ? undefined : parseInstant(literal.text);
      if (!at) {
        throw new FilterSyntaxError(
          `'${path}' needs an unquoted DateTimeOffset literal such as 2026-11-20T12:00:00Z, not ${show(literal)}.`,
          'syntax'
        );
      }
      return (value) => value !== null && value !== undefined && order(operator, compareInstants(value as Instant, at));
    }
    case 'integer': {
      if (literal.quoted || !/^-?\d+$/.test(literal.text)) {
        throw new FilterSyntaxError(`'${path}' needs an integer literal, not ${show(literal)}.`, 'syntax');
      }
      const expected = Number(literal.text);
      return (value) => typeof value === 'number' && order(operator, value - expected);
    }
    case 'guid': {
      if (!GUID.test(literal.text)) {
        throw new FilterSyntaxError(`'${path}' needs a GUID literal, not ${show(literal)}.`, 'syntax');
      }
      const expected = literal.text.toLowerCase();
      return (value) => typeof value === 'string' && order(operator, value.toLowerCase() === expected ? 0 : 1);
    }
    case 'string':
      return stringComparison(path, spec, operator, literal);
  }
}

/** Graph compares strings case-insensitively where the property spec says so; startswith and friends too. */
function stringComparison(
  path: string,
  spec: PropertySpec<never>,
  operator: FilterOperator,
  literal: Literal
): (value: unknown) => boolean {
  if (!literal.quoted) {
    throw new FilterSyntaxError(
      `'${path}' needs a quoted string literal ('value', with ' doubled as ''), not ${literal.text}.`,
      'syntax'
    );
  }
  const fold = spec.caseInsensitive ? (s: string) => s.toLowerCase() : (s: string) => s;
  const expected = fold(literal.text);
  return (value) => {
    if (typeof value !== 'string') {
      return false;
    }
    const actual = fold(value);
    switch (operator) {
      case 'startswith':
        return actual.startsWith(expected);
      case 'contains':
        return actual.includes(expected);
      case 'endswith':
        return actual.endsWith(expected);
      default:
        return order(operator, actual < expected ? -1 : actual > expected ? 1 : 0);
    }
  };
}

function order(operator: FilterOperator, cmp: number): boolean {
  switch (operator) {
    case 'eq':
      return cmp === 0;
    case 'ne':
      return cmp !== 0;
    case 'ge':
      return cmp >= 0;
    case 'gt':
      return cmp > 0;
    case 'le':
      return cmp <= 0;
    case 'lt':
      return cmp < 0;
    default:
      return false;
  }
}

function collectBounds<T>(node: FilterNode, dialect: FilterDialect<T>, into: CompiledFilter<T>): void {
  if (node.kind === 'and') {
    collectBounds(node.left, dialect, into);
    collectBounds(node.right, dialect, into);
    return;
  }
  if (node.kind !== 'compare' || node.path !== dialect.timeProperty) {
    return;
  }
  const at = parseInstant(node.literal.text)!;
  const tighterLower = (b: TimeBound) => {
    const cmp = into.lower ? compareInstants(b.at, into.lower.at) : 1;
    if (cmp > 0 || (cmp === 0 && !b.inclusive)) {
      into.lower = b;
    }
  };
  const tighterUpper = (b: TimeBound) => {
    const cmp = into.upper ? compareInstants(b.at, into.upper.at) : -1;
    if (cmp < 0 || (cmp === 0 && !b.inclusive)) {
      into.upper = b;
    }
  };
  switch (node.operator) {
    case 'eq':
      tighterLower({ at, inclusive: true });
      tighterUpper({ at, inclusive: true });
      break;
    case 'ge':
    case 'gt':
      tighterLower({ at, inclusive: node.operator === 'ge' });
      break;
    case 'le':
    case 'lt':
      tighterUpper({ at, inclusive: node.operator === 'le' });
      break;
  }
}

function unsupportedProperty(path: string): FilterSyntaxError {
  return new FilterSyntaxError(`Filtering on the property '${path}' is not supported.`, 'unsupported');
}

function show(literal: Literal): string {
  return literal.quoted ? `'${literal.text}'` : literal.text;
}
