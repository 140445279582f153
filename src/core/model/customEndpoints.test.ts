import { customEndpointProblem, customEndpointProblems } from './customEndpoints';

describe('customEndpointProblem', () => {
  it.each([
    ['https://login.example.org', undefined],
    ['https://graph.example.org/', undefined],
    ['http://localhost:8443', undefined],
    ['http://127.0.0.1:9000/graph', undefined],
    ['http://[::1]:9000', undefined],
  ])('accepts %s', (url, expected) => {
    expect(customEndpointProblem('graph', url)).toBe(expected);
  });

  it.each([
    ['', /required for a custom cloud/],
    ['   ', /required for a custom cloud/],
    ['graph.example.org', /is not a URL: enter it as https:\/\/host/],
    ['http://graph.example.org', /uses http:\/\/.*unencrypted.*only for localhost/],
    ['http://10.0.0.5:8080', /uses http:\/\//],
    ['http://localhost.evil.example', /uses http:\/\//],
    ['ftp://graph.example.org', /must start with https:\/\//],
    ['https://graph.example.org/?x=1', /must not carry a query string/],
  ])('refuses %p', (url, message) => {
    expect(customEndpointProblem('graph', url)).toMatch(message);
  });

  it('names the endpoint in the message', () => {
    expect(customEndpointProblem('login', 'http://login.example.org')).toMatch(/^Login URL/);
    expect(customEndpointProblem('legacyGraph', '')).toMatch(/^Azure AD Graph URL/);
  });
});

describe('customEndpointProblems', () => {
  it('has nothing to say about built-in clouds', () => {
    expect(customEndpointProblems({ cloud: 'azure', loginUrl: 'http://x' })).toEqual([]);
  });

  it('checks the Graph URL for Microsoft Graph and the legacy URL for the legacy API', () => {
    expect(customEndpointProblems({ cloud: 'custom', loginUrl: 'https://l', graphUrl: 'http://g.example' })).toEqual([
      expect.stringMatching(/^Microsoft Graph URL/),
    ]);
    expect(
      customEndpointProblems({ cloud: 'custom', api: 'legacy', loginUrl: 'https://l', graphUrl: 'http://g.example' })
    ).toEqual([expect.stringMatching(/^Azure AD Graph URL is required/)]);
  });
});
