import { errorFromResponse, parseErrorBody } from './graphError';

const graphError = (code: string, message: string) => JSON.stringify({ error: { code, message, innerError: {} } });

describe('errorFromResponse', () => {
  it("recognises Grafana's rewrite of an upstream 401 and lists the likely causes", () => {
    const error = errorFromResponse(400, 'Authentication to data source failed');
    expect(error.code).toBe('authenticationFailed');
    expect(error.message).toMatch(/client secret is wrong or expired/);
    expect(error.message).toMatch(/tenant ID/);
  });

  it('names both permissions on a 403', () => {
    const error = errorFromResponse(
      403,
      graphError(
        'Authentication_MSGraphPermissionMissing',
        'Calling principal does not have required MSGraph permissions AuditLog.Read.All'
      )
    );
    expect(error.code).toBe('permissionDenied');
    expect(error.message).toMatch(/AuditLog\.Read\.All and Directory\.Read\.All/);
    expect(error.message).toMatch(/admin consent/);
    expect(error.status).toBe(403);
  });

  it('turns the retention error into a settings fix', () => {
    const error = errorFromResponse(
      400,
      graphError(
        'BadRequest',
        "Specified argument was out of the range of valid values. (Parameter 'Minimum allowed time for activityDateTime is 2/5/2023 12:00:00 AM')"
      )
    );
    expect(error.code).toBe('retentionExceeded');
    expect(error.message).toMatch(/Retention \(days\)/);
  });

  it('points a bad filter at the raw $filter', () => {
    const error = errorFromResponse(400, graphError('BadRequest', 'Invalid filter clause'));
    expect(error.code).toBe('badRequest');
    expect(error.message).toMatch(/Invalid filter clause/);
    expect(error.message).toMatch(/raw \$filter/);
  });

  it.each([
    [429, 'throttled'],
    [502, 'unreachable'],
    [504, 'unreachable'],
    [500, 'unavailable'],
    [503, 'unavailable'],
    [404, 'notFound'],
  ])('maps HTTP %i to %s', (status, code) => {
    expect(errorFromResponse(status, '').code).toBe(code);
  });

  it('never repeats a token an upstream body echoed', () => {
    const error = errorFromResponse(
      500,
      graphError('Oops', 'header was Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwcyJ9.sig')
    );
    expect(error.message).not.toMatch(/eyJ/);
  });
});

describe('parseErrorBody', () => {
  it('reads the legacy odata.error shape with its message object', () => {
    const body = JSON.stringify({
      'odata.error': { code: 'Authorization_RequestDenied', message: { lang: 'en', value: 'Insufficient privileges' } },
    });
    expect(parseErrorBody(body)).toEqual({
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges',
      legacy: true,
      requestId: '',
    });
  });

  it("reads Microsoft's request-id, which its support asks for", () => {
    const body = JSON.stringify({ error: { code: 'Forbidden', message: 'x', innerError: { 'request-id': 'r-1' } } });
    expect(parseErrorBody(body).requestId).toBe('r-1');
    expect(errorFromResponse(403, body).message).toMatch(/ \(request-id r-1\)$/);
  });
});

describe('the legacy Azure AD Graph error format', () => {
  const legacyBody = (code: string, value: string) =>
    JSON.stringify({ 'odata.error': { code, message: { lang: 'en', value } } });

  it('says a 403 means the API is retired and how to move off it', () => {
    const error = errorFromResponse(403, legacyBody('Authorization_RequestDenied', 'Insufficient privileges'));
    expect(error.code).toBe('permissionDenied');
    expect(error.message).toContain('Azure AD Graph is retired');
    expect(error.message).toContain('Microsoft Graph v1.0 or beta');
    expect(error.message).toContain('Authorization_RequestDenied: Insufficient privileges');
  });

  it("points a 400 at the legacy API's filter names and the tenant", () => {
    const error = errorFromResponse(400, legacyBody('Request_BadRequest', 'Invalid domain name in the request url.'));
    expect(error.code).toBe('badRequest');
    expect(error.message).toMatch(/^Azure AD Graph rejected the request \(HTTP 400\)/);
    expect(error.message).toContain('activityDate');
    expect(error.message).toContain('Invalid domain name');
  });

  it('gives a throttled legacy answer the same message as Graph', () => {
    const legacy = errorFromResponse(429, legacyBody('Request_ThrottledTemporarily', 'Too many requests'));
    const graph = errorFromResponse(429, JSON.stringify({ error: { code: 'TooManyRequests', message: 'x' } }));
    expect(legacy.code).toBe('throttled');
    expect(legacy.message).toBe(graph.message);
  });
});
