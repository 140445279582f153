import { resolveSettings } from './settings';
import { validateSettings } from './validateSettings';

const base = { tenantId: 'contoso.onmicrosoft.com', clientId: '00000000-0000-0000-0000-000000000001' };

describe('validateSettings', () => {
  it('accepts a provisioning file that only names the cloud', () => {
    expect(validateSettings(resolveSettings({ ...base, cloud: 'usgov' }))).toBeUndefined();
  });

  it('defaults China to Graph beta', () => {
    expect(resolveSettings({ ...base, cloud: 'china' }).api).toBe('msgraph-beta');
  });

  it.each([
    [{ ...base, tenantId: '' }, /tenant ID is missing/],
    [{ ...base, tenantId: 'contoso/../x' }, /not a GUID or domain/],
    [{ ...base, clientId: ' ' }, /client ID is missing/],
    [{ ...base, cloud: 'custom' as const }, /no Graph URL/],
    [
      {
        ...base,
        cloud: 'custom' as const,
        graphUrl: 'http://graph.example.com',
        loginUrl: 'https://login.example.com',
      },
      /must use https/,
    ],
    [
      { ...base, cloud: 'custom' as const, graphUrl: 'https://graph.example.com', loginUrl: 'ftp://login' },
      /login URL .* must use https/,
    ],
    [
      {
        ...base,
        cloud: 'custom' as const,
        graphUrl: 'https://u:p@graph.example.com',
        loginUrl: 'https://login.example.com',
      },
      /without credentials/,
    ],
    [
      { ...base, cloud: 'custom' as const, api: 'legacy' as const, graphUrl: 'https://graph.example.com' },
      /no Azure AD Graph URL/,
    ],
    [
      {
        ...base,
        cloud: 'custom' as const,
        api: 'legacy' as const,
        legacyGraphUrl: 'http://aadgraph.example.com',
        loginUrl: 'https://login.example.com',
      },
      /Azure AD Graph URL .* must use https/,
    ],
  ])('rejects %j', (settings, message) => {
    const error = validateSettings(resolveSettings(settings));
    expect(error?.code).toBe('invalidSettings');
    expect(error?.message).toMatch(message);
  });

  it('accepts the legacy Azure AD Graph API, which needs no Microsoft Graph URL on a custom cloud', () => {
    expect(validateSettings(resolveSettings({ ...base, api: 'legacy' }))).toBeUndefined();
    const custom = resolveSettings({
      ...base,
      cloud: 'custom',
      api: 'legacy',
      legacyGraphUrl: 'http://127.0.0.1:8080/',
      loginUrl: 'http://127.0.0.1:8080',
    });
    expect(validateSettings(custom)).toBeUndefined();
    expect(custom.legacyGraphUrl).toBe('http://127.0.0.1:8080');
  });

  it('allows plain http on localhost for the emulator', () => {
    const settings = resolveSettings({
      ...base,
      cloud: 'custom',
      graphUrl: 'http://127.0.0.1:8080/',
      loginUrl: 'http://localhost:8080',
    });
    expect(validateSettings(settings)).toBeUndefined();
    expect(settings.graphUrl).toBe('http://127.0.0.1:8080');
  });
});
