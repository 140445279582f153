import { ScopedVars, TimeRange, TypedVariableModel } from '@grafana/data';
import { TemplateSrv } from '@grafana/runtime';

/** A dashboard variable for headless runs: one value, several (multi-value), or Grafana's `$__all`. */
export type VariableValues = Record<string, string | string[]>;

/** Grafana's variable syntaxes: `$name`, `[[name:format]]`, `${name:format}`. */
const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;

type FormatFunction = (value: unknown, variable: unknown, defaultFormat: unknown) => string;

/**
 * The TemplateSrv a dashboard provides, reduced to what a data source query meets: variables with
 * one or several values, scoped variables winning over dashboard ones, the named formats Grafana
 * offers, a format function, and `$__from`/`$__to`/`$__interval` for the current range.
 */
export class RunnerTemplateSrv implements TemplateSrv {
  private range?: TimeRange;

  constructor(private variables: VariableValues = {}) {}

  getVariables(): TypedVariableModel[] {
    return Object.entries(this.variables).map(
      ([name, value]) =>
        ({
          name,
          type: 'custom',
          multi: Array.isArray(value),
          includeAll: true,
          current: { value, text: value },
          options: [],
        }) as unknown as TypedVariableModel
    );
  }

  containsTemplate(target?: string): boolean {
    if (!target) {
      return false;
    }
    VARIABLE.lastIndex = 0;
    for (const match of target.matchAll(VARIABLE)) {
      const name = match[1] ?? match[2] ?? match[4];
      if (name in this.variables || name.startsWith('__')) {
        return true;
      }
    }
    return false;
  }

  updateTimeRange(timeRange: TimeRange): void {
    this.range = timeRange;
  }

  replace(target?: string, scopedVars?: ScopedVars, format?: string | Function): string {
    if (!target) {
      return target ?? '';
    }
    return target.replace(VARIABLE, (match, simple, bracket, bracketFormat, braced, _fieldPath, bracedFormat) => {
      const name: string = simple ?? bracket ?? braced;
      const value = this.lookup(name, scopedVars);
      if (value === undefined) {
        return match;
      }
      const chosen: string | Function | undefined = bracketFormat ?? bracedFormat ?? format;
      return applyFormat(value, chosen, { name, current: { value } });
    });
  }

  private lookup(name: string, scopedVars?: ScopedVars): string | string[] | undefined {
    const scoped = scopedVars?.[name]?.value;
    if (scoped !== undefined && scoped !== null) {
      return Array.isArray(scoped) ? scoped.map(String) : String(scoped);
    }
    if (name in this.variables) {
      return this.variables[name];
    }
    if (this.range && name === '__from') {
      return String(this.range.from.valueOf());
    }
    if (this.range && name === '__to') {
      return String(this.range.to.valueOf());
    }
    return undefined;
  }
}

function applyFormat(value: string | string[], format: string | Function | undefined, variable: unknown): string {
  const values = Array.isArray(value) ? value : [value];
  if (typeof format === 'function') {
    return (format as FormatFunction)(value, variable, glob);
  }
  switch (format) {
    case 'csv':
    case 'raw':
    case 'text':
      return values.join(',');
    case 'pipe':
      return values.join('|');
    case 'json':
      return JSON.stringify(value);
    case 'singlequote':
      return values.map((v) => `'${v.replace(/'/g, "\\'")}'`).join(',');
    case 'doublequote':
      return values.map((v) => `"${v.replace(/"/g, '\\"')}"`).join(',');
    case 'sqlstring':
      return values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',');
    case 'percentencode':
      return encodeURIComponent(values.join(','));
    case 'regex':
      return values.length === 1 ? escapeRegex(values[0]) : `(${values.map(escapeRegex).join('|')})`;
    default:
      return glob(value);
  }
}

function glob(value: unknown): string {
  return Array.isArray(value) ? (value.length === 1 ? String(value[0]) : `{${value.join(',')}}`) : String(value);
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$*+?.()|[\]{}\/]/g, '\\$&');
}
