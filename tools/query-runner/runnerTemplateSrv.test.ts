import { RunnerTemplateSrv } from './runnerTemplateSrv';

describe('the runner TemplateSrv', () => {
  const srv = new RunnerTemplateSrv({ one: 'Add user', many: ['Add user', 'Delete user'], all: ['$__all'] });

  it('replaces $x, ${x} and [[x]], scoped variables first, unknown ones untouched', () => {
    expect(srv.replace('$one|${one}|[[one]]|$unknown')).toBe('Add user|Add user|Add user|$unknown');
    expect(srv.replace('$one', { one: { text: 'x', value: 'Scoped' } })).toBe('Scoped');
  });

  it('formats multi-value variables as Grafana does', () => {
    expect(srv.replace('$many')).toBe('{Add user,Delete user}');
    expect(srv.replace('${many:csv}')).toBe('Add user,Delete user');
    expect(srv.replace('${many:pipe}')).toBe('Add user|Delete user');
    expect(srv.replace('${many:json}')).toBe('["Add user","Delete user"]');
    expect(srv.replace('$many', {}, (value: unknown) => (value as string[]).map((v) => `<${v}>`).join('+'))).toBe(
      '<Add user>+<Delete user>'
    );
  });

  it('reports which text holds a variable and lists the variables with their current values', () => {
    expect(srv.containsTemplate('activity eq $one')).toBe(true);
    expect(srv.containsTemplate('no variable here $')).toBe(false);
    expect(
      srv.getVariables().map((v) => [v.name, (v as unknown as { current: { value: unknown } }).current.value])
    ).toEqual([
      ['one', 'Add user'],
      ['many', ['Add user', 'Delete user']],
      ['all', ['$__all']],
    ]);
  });
});
