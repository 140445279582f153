import { FieldType } from '@grafana/data';

import { toGrafanaFrame } from './toDataFrame';

describe('toGrafanaFrame', () => {
  it('keeps names, types, labels, config and meta of a canonical frame', () => {
    const frame = toGrafanaFrame({
      name: 'Add user',
      refId: 'A',
      meta: {
        type: 'timeseries-multi',
        typeVersion: [0, 1],
        executedQueryString: 'GET …',
        notices: [{ severity: 'warning', text: 'cut' }],
      },
      fields: [
        { name: 'Time', type: 'time', values: [0, 60_000] },
        {
          name: 'Value',
          type: 'number',
          labels: { activity: 'Add user' },
          config: { displayNameFromDS: 'Add user' },
          values: [1, 0],
        },
      ],
    });
    expect(frame.name).toBe('Add user');
    expect(frame.refId).toBe('A');
    expect(frame.length).toBe(2);
    expect(frame.meta).toEqual({
      type: 'timeseries-multi',
      typeVersion: [0, 1],
      executedQueryString: 'GET …',
      notices: [{ severity: 'warning', text: 'cut' }],
    });
    expect(frame.fields.map((f) => [f.name, f.type, f.labels, f.config, f.values])).toEqual([
      ['Time', FieldType.time, undefined, {}, [0, 60_000]],
      ['Value', FieldType.number, { activity: 'Add user' }, { displayNameFromDS: 'Add user' }, [1, 0]],
    ]);
  });

  it("maps the logs frame's labels to Grafana's `other` type", () => {
    const frame = toGrafanaFrame({
      name: 'Audit log',
      meta: { type: 'log-lines', typeVersion: [0, 0], preferredVisualisationType: 'logs' },
      fields: [{ name: 'labels', type: 'other', values: [{ activity: 'Add user' }] }],
    });
    expect(frame.fields[0].type).toBe(FieldType.other);
    expect(frame.fields[0].values[0]).toEqual({ activity: 'Add user' });
  });
});
