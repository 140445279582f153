import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { selectors } from './selectors';
import { installDomPolyfills } from './testing/domPolyfills';
import { AuditDataSourceSettings, ConfigHarness, createSettings } from './testing/configHarness';

installDomPolyfills();

const TENANT = 'contoso.onmicrosoft.com';
const PEM =
  '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';

function setup(initial: AuditDataSourceSettings) {
  const onChange = jest.fn<void, [AuditDataSourceSettings]>();
  render(<ConfigHarness initial={initial} onChange={onChange} />);
  return { last: () => onChange.mock.calls[onChange.mock.calls.length - 1][0] };
}

const chooseCertificate = () => fireEvent.click(screen.getByLabelText('Client certificate'));

describe('ConfigEditor: the authentication method', () => {
  it('shows only the chosen method’s field, and stores the choice', () => {
    const { last } = setup(createSettings({ tenantId: TENANT, clientId: 'app', queryMode: 'server' }));
    expect(screen.getByTestId(selectors.config.clientSecret)).toBeInTheDocument();
    expect(screen.queryByTestId(selectors.config.clientCertificate)).not.toBeInTheDocument();
    chooseCertificate();
    expect(last().jsonData.authMethod).toBe('clientCertificate');
    expect(screen.getByTestId(selectors.config.clientCertificate)).toBeInTheDocument();
    expect(screen.queryByTestId(selectors.config.clientSecret)).not.toBeInTheDocument();
    fireEvent.click(screen.getByLabelText('Client secret'));
    expect(last().jsonData.authMethod).toBeUndefined();
  });

  it('stores a pasted certificate where no route reads it, bound to the endpoints it was entered for', () => {
    const { last } = setup(
      createSettings({ tenantId: TENANT, clientId: 'app', queryMode: 'server', authMethod: 'clientCertificate' })
    );
    fireEvent.change(screen.getByTestId(selectors.config.clientCertificate), { target: { value: PEM } });
    expect(last().secureJsonData).toMatchObject({
      backendClientCertificate: PEM,
      backendClientCertificateBinding: `azure|login.microsoftonline.com|${TENANT}`,
    });
    expect(last().secureJsonData).not.toHaveProperty('clientSecret');
  });

  it('clears a stored certificate when the tenant changes, and says why', () => {
    const { last } = setup(
      createSettings(
        { tenantId: TENANT, clientId: 'app', queryMode: 'server', authMethod: 'clientCertificate' },
        { secureJsonFields: { backendClientCertificate: true, backendClientCertificateBinding: true } }
      )
    );
    fireEvent.change(screen.getByTestId(selectors.config.tenantId), { target: { value: 'fabrikam.onmicrosoft.com' } });
    expect(last().secureJsonFields).toMatchObject({
      backendClientCertificate: false,
      backendClientCertificateBinding: false,
    });
    expect(last().secureJsonData).toMatchObject({ backendClientCertificate: '', backendClientCertificateBinding: '' });
    expect(screen.getByTestId(selectors.config.certificateCleared)).toBeInTheDocument();
  });

  it('says certificates need a server mode when queries run in the browser', () => {
    setup(createSettings({ tenantId: TENANT, clientId: 'app', queryMode: 'browser', authMethod: 'clientCertificate' }));
    expect(screen.getByTestId(selectors.config.certificateNeedsServer)).toHaveTextContent(
      "Grafana's proxy routes, which Browser mode uses, cannot sign in with a certificate"
    );
  });

  it('says nothing of the sort in Server mode', () => {
    setup(createSettings({ tenantId: TENANT, clientId: 'app', queryMode: 'server', authMethod: 'clientCertificate' }));
    expect(screen.queryByTestId(selectors.config.certificateNeedsServer)).not.toBeInTheDocument();
  });
});

describe('ConfigEditor: a custom cloud’s private CA', () => {
  const custom = { cloud: 'custom' as const, loginUrl: 'https://127.0.0.1:8443', graphUrl: 'https://127.0.0.1:8443' };

  it('is offered only for a custom cloud', () => {
    setup(createSettings({ tenantId: TENANT, clientId: 'app' }));
    expect(screen.queryByTestId(selectors.config.customCa)).not.toBeInTheDocument();
  });

  it('stores Grafana’s own TLS keys, the CA in secureJsonData', () => {
    const { last } = setup(createSettings({ tenantId: TENANT, clientId: 'app', ...custom }));
    fireEvent.click(screen.getByTestId(selectors.config.customCa));
    expect(last().jsonData.tlsAuthWithCACert).toBe(true);
    fireEvent.change(screen.getByTestId(selectors.config.customCaCert), {
      target: { value: '-----BEGIN CERTIFICATE-----\nCA\n' },
    });
    expect(last().secureJsonData).toMatchObject({ tlsCACert: '-----BEGIN CERTIFICATE-----\nCA\n' });
    fireEvent.click(screen.getByTestId(selectors.config.customCa));
    expect(last().jsonData.tlsAuthWithCACert).toBeUndefined();
  });
});
