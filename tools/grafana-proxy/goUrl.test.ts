import { cleanRelativePath, goEncodeQuery, goParseQuery, goParseUrl, joinUrlFragments } from './goUrl';

describe('Go URL helpers', () => {
  it('re-encodes a query as url.Values.Encode: keys sorted, QueryEscape, + for space', () => {
    const query = goParseQuery(
      "%24top=999&%24filter=activityDateTime%20ge%202026-11-01T00%3A00%3A00.000Z%20and%20x%20eq%20'a''b'&b=1&a=2&a=1"
    );
    expect(goEncodeQuery(query)).toBe(
      '%24filter=activityDateTime+ge+2026-11-01T00%3A00%3A00.000Z+and+x+eq+%27a%27%27b%27&%24top=999&a=2&a=1&b=1'
    );
  });

  it('drops pairs Go rejects (a semicolon, a bad escape) and keeps the rest', () => {
    expect(goEncodeQuery(goParseQuery('a=1;b=2&c=%zz&d=4&&e'))).toBe('d=4&e=');
  });

  it('keeps UTF-8 bytes intact through decode and encode', () => {
    expect(goEncodeQuery(goParseQuery('name=J%C3%BCrgen+M%C3%BCller&raw=Jürgen'))).toBe(
      'name=J%C3%BCrgen+M%C3%BCller&raw=J%C3%BCrgen'
    );
  });

  it('joins fragments with exactly one slash', () => {
    expect(joinUrlFragments('/v1.0/auditLogs', '/x')).toBe('/v1.0/auditLogs/x');
    expect(joinUrlFragments('/v1.0/auditLogs/', '/x')).toBe('/v1.0/auditLogs/x');
    expect(joinUrlFragments('/v1.0/auditLogs', 'x')).toBe('/v1.0/auditLogs/x');
    expect(joinUrlFragments('/v1.0/auditLogs', '')).toBe('/v1.0/auditLogs');
  });

  it('cleans a relative path without climbing above the root and without decoding escapes', () => {
    expect(cleanRelativePath('msgraph/../../v1.0/users')).toBe('v1.0/users');
    expect(cleanRelativePath('//msgraph//./x/')).toBe('msgraph/x');
    expect(cleanRelativePath('msgraph/%2e%2e/x')).toBe('msgraph/%2e%2e/x');
    expect(cleanRelativePath('')).toBe('.');
  });

  it('parses scheme, host and path only; a URL without scheme has no host', () => {
    expect(goParseUrl('https://graph.microsoft.com:443/v1.0/x?y=1#z')).toEqual({
      scheme: 'https',
      host: 'graph.microsoft.com:443',
      path: '/v1.0/x',
    });
    expect(goParseUrl('<no value>/v1.0/auditLogs')).toEqual({
      scheme: '',
      host: '',
      path: '<no value>/v1.0/auditLogs',
    });
    expect(goParseUrl('http://host:abc/')).toBeUndefined();
    expect(goParseUrl('http://host/\x01')).toBeUndefined();
  });
});
