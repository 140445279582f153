import table from '../../../conformance/tables/endpoints.json';
import { checkEndpoint } from './validateSettings';
import { endpointProblem } from './endpointRule';

describe('the endpoint rule (conformance/tables/endpoints.json, also run by go test)', () => {
  it.each(table.cases.map((c) => [JSON.stringify(c.value), c.value, c.problem] as const))(
    '%s → %s',
    (_shown, value, problem) => {
      expect(endpointProblem(value) ?? null).toBe(problem);
      const error = checkEndpoint('Graph URL', value);
      expect(error?.code ?? null).toBe(problem === null ? null : 'invalidSettings');
    }
  );

  it('names the setting and the fix, never only "invalid"', () => {
    expect(checkEndpoint('login URL', 'https://login.example.com?')?.message).toBe(
      'The login URL has a query (?): remove the ? and everything after it.'
    );
    expect(checkEndpoint('Graph URL', 'https://graph.example.com#')?.message).toMatch(/^The Graph URL has a fragment/);
  });
});
