import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { selectors } from './selectors';
import { installDomPolyfills } from './testing/domPolyfills';
import { AuditDataSourceSettings, ConfigHarness, createSettings } from './testing/configHarness';

installDomPolyfills();
// @grafana/ui's Combobox renders slowly in jsdom (seconds per filter row on a loaded machine); nothing waits on a clock.
jest.setTimeout(30_000);

function setup(initial: AuditDataSourceSettings = createSettings()) {
  const onChange = jest.fn<void, [AuditDataSourceSettings]>();
  render(<ConfigHarness initial={initial} onChange={onChange} />);
  const last = () => onChange.mock.calls[onChange.mock.calls.length - 1][0];
  return { onChange, last };
}

function type(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

async function pickCloud(label: string) {
  fireEvent.keyDown(screen.getByLabelText(/^Cloud/), { key: 'ArrowDown' });
  fireEvent.click(await screen.findByText(label));
}

describe('ConfigEditor: cloud', () => {
  it('stores the chosen cloud', async () => {
    const { last } = setup();
    await pickCloud('Azure US Government DoD');
    expect(last().jsonData.cloud).toBe('usgovdod');
  });

  it('moves a China tenant to Graph beta and says why', async () => {
    const { last } = setup();
    expect(screen.queryByTestId(selectors.config.chinaBetaNote)).not.toBeInTheDocument();
    await pickCloud('Azure China (21Vianet)');
    expect(last().jsonData).toMatchObject({ cloud: 'china', api: 'msgraph-beta' });
    expect(screen.getByTestId(selectors.config.chinaBetaNote)).toHaveTextContent(
      /only on Microsoft Graph beta|beta only/
    );
  });

  it('flags Graph v1.0 chosen for China', () => {
    setup(createSettings({ cloud: 'china', api: 'msgraph-v1' }));
    expect(screen.getByTestId(selectors.config.apiNotServedInCloud)).toHaveTextContent('Choose Graph beta');
  });
});

describe('ConfigEditor: custom endpoints', () => {
  it('shows the endpoint fields and warns where the secret and tokens go', async () => {
    const { last } = setup();
    expect(screen.queryByTestId(selectors.config.customEndpointWarning)).not.toBeInTheDocument();
    await pickCloud('Custom endpoints');
    expect(last().jsonData.cloud).toBe('custom');
    type(selectors.config.loginUrl, 'https://login.contoso.example');
    type(selectors.config.graphUrl, 'https://graph.contoso.example');
    expect(last().jsonData).toMatchObject({
      loginUrl: 'https://login.contoso.example',
      graphUrl: 'https://graph.contoso.example',
    });
    const warning = screen.getByTestId(selectors.config.customEndpointWarning);
    expect(warning).toHaveTextContent('client secret to login.contoso.example');
    expect(warning).toHaveTextContent('access tokens to graph.contoso.example');
  });

  it('refuses http:// other than localhost with a message, and keeps what was typed', () => {
    const { last } = setup(createSettings({ cloud: 'custom' }));
    type(selectors.config.graphUrl, 'http://graph.contoso.example');
    expect(
      screen.getByText(
        'The Microsoft Graph URL carries the client secret or tokens, so it must use https:// (plain http:// is only allowed for localhost, 127.0.0.1 and [::1]).'
      )
    ).toBeInTheDocument();
    expect(last().jsonData.graphUrl).toBe('http://graph.contoso.example');
  });

  it('accepts http:// on localhost for the emulator', () => {
    setup(createSettings({ cloud: 'custom' }));
    type(selectors.config.loginUrl, 'http://localhost:8443');
    type(selectors.config.graphUrl, 'http://127.0.0.1:8443');
    expect(screen.queryByText(/must use https:\/\//)).not.toBeInTheDocument();
  });

  it('refuses a URL that is not one, naming the setting', () => {
    setup(createSettings({ cloud: 'custom' }));
    type(selectors.config.loginUrl, 'login.contoso.example');
    expect(screen.getByText(/^The Login URL is not an absolute URL: use scheme and host/)).toBeInTheDocument();
  });
});

describe('ConfigEditor: credentials', () => {
  it('stores tenant and client IDs, trimmed', () => {
    const { last } = setup();
    type(selectors.config.tenantId, ' contoso.onmicrosoft.com ');
    type(selectors.config.clientId, '11111111-2222-3333-4444-555555555555');
    expect(last().jsonData).toMatchObject({
      tenantId: 'contoso.onmicrosoft.com',
      clientId: '11111111-2222-3333-4444-555555555555',
    });
    expect(screen.queryByText(/is neither a tenant ID nor a domain/)).not.toBeInTheDocument();
  });

  it.each([
    ['common', /names no single tenant/],
    ['not a tenant', /is neither a tenant ID nor a domain/],
  ])('explains a bad tenant %p', (tenant, message) => {
    setup();
    type(selectors.config.tenantId, tenant);
    expect(screen.getByText(message)).toBeInTheDocument();
  });

  it('explains a client ID that is not a GUID', () => {
    setup();
    type(selectors.config.clientId, 'my-app');
    expect(screen.getByText(/is not an Application \(client\) ID/)).toBeInTheDocument();
  });

  it('puts the secret in secureJsonData only (a new data source: server mode, under a key no route reads)', () => {
    const { last } = setup();
    type(selectors.config.clientSecret, 's3cret~value');
    expect(last().jsonData.queryMode).toBe('server');
    expect(last().secureJsonData).toEqual({
      backendClientSecret: 's3cret~value',
      backendClientSecretBinding: 'azure|login.microsoftonline.com|',
    });
    expect(JSON.stringify(last().jsonData)).not.toContain('s3cret');
  });

  it('shows a stored secret as configured and resets it', () => {
    const { last } = setup(createSettings({}, { secureJsonFields: { clientSecret: true } }));
    expect(screen.getByDisplayValue('configured')).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(last().secureJsonFields.clientSecret).toBe(false);
    expect(last().secureJsonData).toEqual({ clientSecret: '', clientSecretBinding: '' });
    type(selectors.config.clientSecret, 'new-value');
    expect(last().secureJsonData).toEqual({
      clientSecret: 'new-value',
      clientSecretBinding: 'azure|login.microsoftonline.com|',
    });
  });
});

describe('ConfigEditor: app registration help', () => {
  it('shows the app-registration steps on request', () => {
    setup();
    expect(screen.queryByText(/New client secret/)).not.toBeInTheDocument();
    fireEvent.click(screen.getByText('How to register the app'));
    expect(screen.getByText(/New client secret/)).toHaveTextContent('copy its Value at once (not its Secret ID)');
  });

  it('names the permissions to grant and links the app-registration steps', () => {
    setup();
    const help = screen.getByTestId(selectors.config.permissionsHelp);
    expect(help).toHaveTextContent('AuditLog.Read.All');
    expect(help).toHaveTextContent('Directory.Read.All');
    expect(help).toHaveTextContent(/application.*permissions/);
    expect(help).toHaveTextContent('grant admin consent');
    expect(screen.getByRole('link', { name: /App registration steps/ })).toHaveAttribute(
      'href',
      '/plugins/auditlens-entraid-datasource'
    );
  });
});

describe('ConfigEditor: queries', () => {
  it('switches the API version', () => {
    const { last } = setup();
    fireEvent.click(screen.getByLabelText('Graph beta'));
    expect(last().jsonData.api).toBe('msgraph-beta');
    fireEvent.click(screen.getByLabelText('Graph v1.0'));
    expect(last().jsonData.api).toBe('msgraph-v1');
    expect(screen.queryByTestId(selectors.config.legacyWarning)).not.toBeInTheDocument();
  });

  it('offers the legacy Azure AD Graph reporting API and says plainly that Microsoft retired it and live tenants answer 403', () => {
    const { last } = setup();
    fireEvent.click(screen.getByLabelText('Azure AD Graph reporting API (legacy, retired by Microsoft in 2025)'));
    expect(last().jsonData.api).toBe('legacy');
    const warning = screen.getByTestId(selectors.config.legacyWarning);
    expect(warning).toHaveTextContent('Microsoft retired Azure AD Graph in 2025');
    expect(warning).toHaveTextContent('Live tenants answer 403 Forbidden');
    expect(warning).toHaveTextContent(/emulator, replays of archived responses/);
    fireEvent.click(screen.getByLabelText('Graph v1.0'));
    expect(last().jsonData.api).toBe('msgraph-v1');
    expect(screen.queryByTestId(selectors.config.legacyWarning)).not.toBeInTheDocument();
  });

  it('keeps a legacy data source on the legacy API when its cloud moves to China', async () => {
    const { last } = setup(createSettings({ api: 'legacy' }));
    await pickCloud('Azure China (21Vianet)');
    expect(last().jsonData).toMatchObject({ cloud: 'china', api: 'legacy' });
  });

  it("asks a custom cloud on the legacy API for the Azure AD Graph URL instead of Microsoft Graph's", () => {
    const { last } = setup(createSettings({ cloud: 'custom', api: 'legacy' }));
    expect(screen.queryByTestId(selectors.config.graphUrl)).not.toBeInTheDocument();
    type(selectors.config.legacyGraphUrl, 'https://aadgraph.contoso.example');
    expect(last().jsonData.legacyGraphUrl).toBe('https://aadgraph.contoso.example');
    expect(screen.getByTestId(selectors.config.customEndpointWarning)).toHaveTextContent(
      'the access tokens to aadgraph.contoso.example'
    );
    expect(screen.getByText(/oauth2\/token\./)).toBeInTheDocument();
  });
});

describe('ConfigEditor: query limits', () => {
  it('stores a positive events limit and refuses anything else', () => {
    const { onChange, last } = setup();
    type(selectors.config.maxEvents, '5000');
    expect(last().jsonData.maxEvents).toBe(5000);
    const calls = onChange.mock.calls.length;
    type(selectors.config.maxEvents, '-3');
    expect(screen.getByText('"-3" is not a whole number above zero.')).toBeInTheDocument();
    expect(onChange.mock.calls.length).toBe(calls);
    type(selectors.config.maxEvents, '');
    expect(last().jsonData.maxEvents).toBeUndefined();
  });

  it('stores the retention of the tenant licence', () => {
    const { last } = setup();
    fireEvent.click(screen.getByLabelText('7 days'));
    expect(last().jsonData.retentionDays).toBe(7);
  });
});
