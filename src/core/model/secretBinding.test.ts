import table from '../../../conformance/tables/secret-bindings.json';
import { secretBinding } from './secretBinding';
import { AuditSettings, resolveSettings } from './settings';

describe('the client secret binding (conformance/tables/secret-bindings.json, also run by go test)', () => {
  it.each(table.cases.map((c) => [c.binding, c.jsonData as AuditSettings] as const))('%s', (binding, jsonData) => {
    expect(secretBinding(resolveSettings(jsonData))).toBe(binding);
  });
});
