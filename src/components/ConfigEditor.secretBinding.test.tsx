import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { selectors } from './selectors';
import { installDomPolyfills } from './testing/domPolyfills';
import { AuditDataSourceSettings, ConfigHarness, createSettings } from './testing/configHarness';

installDomPolyfills();
// @grafana/ui's Combobox renders slowly in jsdom (seconds per filter row on a loaded machine); nothing waits on a clock.
jest.setTimeout(30_000);

const TENANT = 'contoso.onmicrosoft.com';
const CUSTOM = {
  cloud: 'custom' as const,
  loginUrl: 'https://login.contoso.example',
  graphUrl: 'https://graph.contoso.example',
};

function setup(initial: AuditDataSourceSettings) {
  const onChange = jest.fn<void, [AuditDataSourceSettings]>();
  render(<ConfigHarness initial={initial} onChange={onChange} />);
  return { last: () => onChange.mock.calls[onChange.mock.calls.length - 1][0] };
}

function type(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

const stored = (jsonData: object) =>
  createSettings(
    { tenantId: TENANT, clientId: 'app', ...jsonData },
    { secureJsonFields: { clientSecret: true, clientSecretBinding: true } }
  );

describe('ConfigEditor: the client secret is bound to its cloud, login URL and tenant', () => {
  it.each([
    ['tenant', {}, () => type(selectors.config.tenantId, 'fabrikam.onmicrosoft.com')],
    ['login URL', CUSTOM, () => type(selectors.config.loginUrl, 'https://login.attacker.example')],
  ])('clears a stored secret when the %s changes, and says why', (part, jsonData, change) => {
    const { last } = setup(stored(jsonData));
    expect(screen.queryByTestId(selectors.config.secretCleared)).not.toBeInTheDocument();
    change();
    expect(last().secureJsonFields).toMatchObject({ clientSecret: false, clientSecretBinding: false });
    expect(last().secureJsonData).toEqual({ clientSecret: '', clientSecretBinding: '' });
    expect(screen.getByTestId(selectors.config.secretCleared)).toHaveTextContent(
      `The stored client secret was cleared because the ${part} changed`
    );
    expect(screen.queryByDisplayValue('configured')).not.toBeInTheDocument();
  });

  it('clears a stored secret when the cloud changes', async () => {
    const { last } = setup(stored({}));
    fireEvent.keyDown(screen.getByLabelText(/^Cloud/), { key: 'ArrowDown' });
    fireEvent.click(await screen.findByText('Custom endpoints'));
    expect(last().jsonData.cloud).toBe('custom');
    expect(last().secureJsonFields.clientSecret).toBe(false);
    expect(screen.getByTestId(selectors.config.secretCleared)).toHaveTextContent('because the cloud changed');
  });

  it('keeps a stored secret when nothing it is bound to changes', () => {
    const { last } = setup(stored(CUSTOM));
    type(selectors.config.clientId, '11111111-2222-3333-4444-555555555555');
    type(selectors.config.graphUrl, 'https://graph2.contoso.example');
    expect(last().secureJsonFields.clientSecret).toBe(true);
    expect(last().secureJsonData).toEqual({});
    expect(screen.queryByTestId(selectors.config.secretCleared)).not.toBeInTheDocument();
  });

  it('stores a typed secret with the binding of the settings it is saved with, and never in jsonData', () => {
    const { last } = setup(createSettings({ tenantId: TENANT, ...CUSTOM }));
    type(selectors.config.clientSecret, 'typed~secret');
    expect(last().secureJsonData?.clientSecretBinding).toBe(`custom|login.contoso.example|${TENANT}`);
    type(selectors.config.loginUrl, 'https://login2.contoso.example:8443');
    expect(last().secureJsonData).toEqual({
      clientSecret: 'typed~secret',
      clientSecretBinding: `custom|login2.contoso.example:8443|${TENANT}`,
    });
    expect(JSON.stringify(last().jsonData)).not.toContain('typed~secret');
  });
});

describe('ConfigEditor: the route risk', () => {
  it('says what a Viewer can send through the proxy routes, and that server mode removes the token', () => {
    setup(createSettings());
    const notice = screen.getByTestId(selectors.config.routeRisk);
    expect(notice).toHaveTextContent('Any Viewer of this organisation can send GET requests through them');
    expect(notice).toHaveTextContent('%2e%2e');
    expect(notice).toHaveTextContent('so the routes carry no token: use it in production');
  });
});
