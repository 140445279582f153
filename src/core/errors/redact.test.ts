import { redactSecrets } from './redact';

describe('redactSecrets', () => {
  it.each([
    ['Authorization: Bearer abc.def-ghi', 'Authorization: Bearer [redacted]'],
    ['token eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwcyJ9.c2lnbmF0dXJl end', 'token [redacted] end'],
    ['client_secret=s3cr3t~value&scope=x', 'client_secret=[redacted]&scope=x'],
    ['{"access_token":"opaque-token-value"}', '{"access_token":"[redacted]"}'],
  ])('masks %s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('leaves ordinary error text alone', () => {
    const text = 'Calling principal does not have required MSGraph permissions AuditLog.Read.All';
    expect(redactSecrets(text)).toBe(text);
  });
});
