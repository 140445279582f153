import { ScopedVars } from '@grafana/data';
import { TemplateSrv } from '@grafana/runtime';

import { ALL_VALUES, AuditQuery } from '../core/model/query';
import { interpolateQuery } from './interpolateQuery';

/** Grafana's TemplateSrv as far as the adapter relies on it: "All" expands to every option. */
function templateSrv(variables: Record<string, { current: string | string[]; options?: string[] }>): TemplateSrv {
  const valueOf = (name: string, scopedVars: ScopedVars) => {
    const scoped = scopedVars[name]?.value;
    const variable = variables[name];
    const current = scoped ?? variable?.current;
    const isAll = current === ALL_VALUES || (Array.isArray(current) && current.includes(ALL_VALUES));
    return isAll ? (variable?.options ?? []) : current;
  };
  return {
    containsTemplate: (text?: string) =>
      !!text && /\$\{?\w+/.test(text) && Object.keys(variables).some((n) => text.includes(n)),
    getVariables: () => Object.entries(variables).map(([name, v]) => ({ name, current: { value: v.current } })),
    replace: (text = '', scopedVars: ScopedVars = {}, format?: unknown) =>
      text.replace(/\$\{(\w+)\}|\$(\w+)/g, (match, braced?: string, bare?: string) => {
        const name = (braced ?? bare)!;
        if (!(name in variables) && !(name in scopedVars)) {
          return match;
        }
        const value = valueOf(name, scopedVars);
        return typeof format === 'function'
          ? format(value)
          : Array.isArray(value)
            ? `{${value.join(',')}}`
            : String(value);
      }),
  } as unknown as TemplateSrv;
}

const query = (overrides: Partial<AuditQuery>): AuditQuery => ({
  refId: 'A',
  format: 'timeSeries',
  groupBy: 'activity',
  filters: [],
  ...overrides,
});

describe('interpolateQuery', () => {
  const srv = templateSrv({
    activity: { current: ['Add user', 'Delete user'] },
    one: { current: 'Reset password' },
    everything: { current: ALL_VALUES, options: ['a', 'b'] },
    quoted: { current: "O'Brien') or (true" },
    width: { current: '15m' },
  });

  it('turns a multi-value variable into several values of its row', () => {
    const result = interpolateQuery(
      query({ filters: [{ field: 'activity', operator: 'eq', values: ['$activity'] }] }),
      {},
      srv
    );
    expect(result.filters[0].values).toEqual(['Add user', 'Delete user']);
  });

  it('keeps literal values and resolves single-value variables', () => {
    const result = interpolateQuery(
      query({ filters: [{ field: 'activity', operator: 'eq', values: ['Literal', '${one}'] }] }),
      {},
      srv
    );
    expect(result.filters[0].values).toEqual(['Literal', 'Reset password']);
  });

  it('turns "All" into ALL_VALUES so the row filters nothing', () => {
    const result = interpolateQuery(
      query({ filters: [{ field: 'category', operator: 'eq', values: ['$everything'] }] }),
      {},
      srv
    );
    expect(result.filters[0].values).toEqual([ALL_VALUES]);
  });

  it('prefers the value a repeated panel scopes', () => {
    const scoped: ScopedVars = { activity: { text: 'Add user', value: 'Add user' } };
    const result = interpolateQuery(
      query({ filters: [{ field: 'activity', operator: 'eq', values: ['$activity'] }] }),
      scoped,
      srv
    );
    expect(result.filters[0].values).toEqual(['Add user']);
  });

  it('expands a multi-value variable inside surrounding text once per value', () => {
    const result = interpolateQuery(
      query({ filters: [{ field: 'activity', operator: 'startsWith', values: ['$activity (v2'] }] }),
      {},
      srv
    );
    expect(result.filters[0].values).toEqual(['Add user (v2', 'Delete user (v2']);
  });

  it('escapes values in a raw clause so they stay inside their literal', () => {
    const result = interpolateQuery(query({ rawFilter: "activityDisplayName eq '$quoted'" }), {}, srv);
    expect(result.rawFilter).toBe("activityDisplayName eq 'O''Brien'') or (true'");
  });

  it('resolves groups and the bucket, dropping "All" from groups', () => {
    const result = interpolateQuery(
      query({ groups: ['$activity', '$everything', 'Fixed'], bucket: '$width' }),
      {},
      srv
    );
    expect(result.groups).toEqual(['Add user', 'Delete user', 'Fixed']);
    expect(result.bucket).toBe('15m');
  });
});
