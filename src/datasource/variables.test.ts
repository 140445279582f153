import { DataFrame, DataQueryResponse, LoadingState } from '@grafana/data';
import { lastValueFrom, of, toArray } from 'rxjs';

import { AuditDataSourceApi, AuditVariableQuery, AuditVariableSupport, splitTargets } from './variables';
import { auditEvent, framesDataSource, request, target } from '../components/testing/auditEvents';

const templateVariables: Record<string, string[]> = { service: ['Conditional Access'] };
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => ({
    containsTemplate: (text: string) => text.includes('$'),
    getVariables: () => [],
    replace: (text: string, _scoped: unknown, format?: (value: unknown) => string) => {
      const name = text.replace(/^\$/, '');
      const value = templateVariables[name];
      return value && format ? format(value) : (value?.join(',') ?? text);
    },
  }),
}));

function values(response: DataQueryResponse): string[] {
  const frame = response.data[0] as DataFrame;
  expect(frame.fields.map((f) => f.name)).toEqual(['text', 'value']);
  return frame.fields[1].values as string[];
}

function support(events = [auditEvent()]) {
  const ds = framesDataSource(events);
  return { support: new AuditVariableSupport(ds as unknown as AuditDataSourceApi), ds };
}

const variable = (
  kind: AuditVariableQuery['kind'],
  filters: AuditVariableQuery['filters'] = []
): AuditVariableQuery => ({
  refId: 'variable-query',
  kind,
  filters,
});

describe('AuditVariableSupport: catalogue kinds', () => {
  it('lists categories without any request', async () => {
    const { support: s, ds } = support();
    const result = values(await lastValueFrom(s.query(request([variable('categories')]))));
    expect(result).toEqual(expect.arrayContaining(['UserManagement', 'RoleManagement', 'Policy']));
    expect(ds.requests).toEqual([]);
  });

  it('narrows activities by another variable (chained variables)', async () => {
    const { support: s } = support();
    const query = variable('activities', [{ field: 'service', operator: 'eq', values: ['$service'] }]);
    expect(values(await lastValueFrom(s.query(request([query]))))).toEqual([
      'Add conditional access policy',
      'Update conditional access policy',
      'Delete conditional access policy',
    ]);
  });
});

describe('AuditVariableSupport: kinds read from events', () => {
  const events = [
    auditEvent({
      id: '1',
      initiatedBy: 'alice@contoso.com',
      targets: [target('Global Administrator', 'Role'), target('bob@contoso.com', 'User')],
    }),
    auditEvent({ id: '2', initiatedBy: 'alice@contoso.com', targets: [target('Sales, EMEA', 'Group')] }),
    auditEvent({ id: '3', initiatedBy: 'Azure AD Cloud Sync', targets: [target('bob@contoso.com', 'User')] }),
    auditEvent({ id: '4', initiatedBy: '', targets: [] }),
  ];

  it('lists initiators busiest first through a summary query of the range, leaving out "(none)"', async () => {
    const { support: s, ds } = support(events);
    const filters = [{ field: 'result' as const, operator: 'eq' as const, values: ['failure', 'success'] }];
    const packets = await lastValueFrom(s.query(request([variable('initiators', filters)])).pipe(toArray()));
    expect(packets).toHaveLength(1);
    expect(values(packets[0])).toEqual(['alice@contoso.com', 'Azure AD Cloud Sync']);
    expect(ds.requests[0].targets).toEqual([
      { refId: 'variable-query', format: 'summary', groupBy: 'initiatedBy', filters },
    ]);
    expect(ds.requests[0].range.from.valueOf()).toBe(Date.UTC(2026, 10, 27));
  });

  it('lists target names most frequent first, keeping names with commas whole', async () => {
    const { support: s, ds } = support(events);
    const result = values(await lastValueFrom(s.query(request([variable('targets')]))));
    expect(result).toEqual(['bob@contoso.com', 'Global Administrator', 'Sales, EMEA']);
    expect(ds.requests[0].targets[0]).toMatchObject({ format: 'events' });
  });

  it("fails with the query's own error", async () => {
    const failing = {
      query: () =>
        of({ data: [], state: LoadingState.Error, errors: [{ message: 'Microsoft Graph is throttling (HTTP 429).' }] }),
    };
    const s = new AuditVariableSupport(failing as unknown as AuditDataSourceApi);
    await expect(lastValueFrom(s.query(request([variable('targets')])))).rejects.toThrow(
      'Microsoft Graph is throttling (HTTP 429).'
    );
  });
});

describe('splitTargets', () => {
  it.each([
    ['', []],
    ['Global Administrator (Role)', ['Global Administrator']],
    ['a (User), Sales, EMEA (Group)', ['a', 'Sales, EMEA']],
    ['no type here', ['no type here']],
  ])('splits %p', (cell, expected) => {
    expect(splitTargets(cell)).toEqual(expected);
  });
});
