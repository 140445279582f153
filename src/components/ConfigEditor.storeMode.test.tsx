import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { selectors } from './selectors';
import { installDomPolyfills } from './testing/domPolyfills';
import { AuditDataSourceSettings, ConfigHarness, createSettings } from './testing/configHarness';

installDomPolyfills();

// The store status panel asks the backend (Grafana's backendSrv) for the store's state; here the
// answer never comes, so the panel stays loading while these tests look at the settings.
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ get: () => new Promise(() => {}), post: () => new Promise(() => {}) }),
}));

function setup(initial: AuditDataSourceSettings) {
  const onChange = jest.fn<void, [AuditDataSourceSettings]>();
  render(<ConfigHarness initial={initial} onChange={onChange} />);
  return { onChange, last: () => onChange.mock.calls[onChange.mock.calls.length - 1][0] };
}

const saved = (jsonData: object, secureJsonFields: Record<string, boolean>) =>
  createSettings({ tenantId: 'contoso.onmicrosoft.com', clientId: 'app', ...jsonData }, { secureJsonFields });

const storeFields = [
  selectors.config.storeRetentionDays,
  selectors.config.storeSyncSeconds,
  selectors.config.storeBudgetShare,
];

describe('ConfigEditor: Server with store', () => {
  it('offers the mode and shows the store settings only in it, with what it needs', () => {
    setup(saved({ queryMode: 'server' }, { backendClientSecret: true }));
    for (const id of storeFields) {
      expect(screen.queryByTestId(id)).not.toBeInTheDocument();
    }
    fireEvent.click(screen.getByRole('radio', { name: 'Server with store' }));
    for (const id of storeFields) {
      expect(screen.getByTestId(id)).toBeInTheDocument();
    }
    expect(screen.getByTestId(selectors.config.storeExplanation)).toHaveTextContent('store_dir');
    expect(screen.getByTestId(selectors.config.storeExplanation)).toHaveTextContent("beyond Microsoft's retention");
    fireEvent.click(screen.getByRole('radio', { name: 'Server' }));
    expect(screen.queryByTestId(selectors.config.storeSyncSeconds)).not.toBeInTheDocument();
  });

  it('keeps the server secret when switching between Server and Server with store: both keep it under one key', () => {
    const { last } = setup(
      saved({ queryMode: 'server' }, { backendClientSecret: true, backendClientSecretBinding: true })
    );
    fireEvent.click(screen.getByRole('radio', { name: 'Server with store' }));
    expect(last().jsonData.queryMode).toBe('serverStore');
    expect(last().secureJsonFields).toMatchObject({ backendClientSecret: true, backendClientSecretBinding: true });
    expect(last().secureJsonData?.backendClientSecret).toBeUndefined();
    expect(screen.getByDisplayValue('configured')).toBeInTheDocument();
    expect(screen.queryByTestId(selectors.config.secretCleared)).not.toBeInTheDocument();
  });

  it('clears the browser secret when switching to Server with store, and keeps the new one where no route reads it', () => {
    const { last } = setup(saved({}, { clientSecret: true, clientSecretBinding: true }));
    fireEvent.click(screen.getByRole('radio', { name: 'Server with store' }));
    expect(last().secureJsonFields).toMatchObject({ clientSecret: false, clientSecretBinding: false });
    expect(screen.getByTestId(selectors.config.secretCleared)).toHaveTextContent('query mode changed');
    fireEvent.change(screen.getByTestId(selectors.config.clientSecret), { target: { value: 'new~value' } });
    expect(last().secureJsonData).toMatchObject({ clientSecret: '', backendClientSecret: 'new~value' });
  });
});

describe('ConfigEditor: store settings', () => {
  it('stores values within the bounds and refuses others with the engines’ message', () => {
    const { last } = setup(saved({ queryMode: 'serverStore' }, { backendClientSecret: true }));
    fireEvent.change(screen.getByTestId(selectors.config.storeRetentionDays), { target: { value: '365' } });
    fireEvent.change(screen.getByTestId(selectors.config.storeSyncSeconds), { target: { value: '120' } });
    fireEvent.change(screen.getByTestId(selectors.config.storeBudgetShare), { target: { value: '0.25' } });
    expect(last().jsonData).toMatchObject({ storeRetentionDays: 365, storeSyncSeconds: 120, storeBudgetShare: 0.25 });

    fireEvent.change(screen.getByTestId(selectors.config.storeSyncSeconds), { target: { value: '5' } });
    expect(last().jsonData.storeSyncSeconds).toBe(120);
    expect(screen.getByText(/Set storeSyncSeconds to a whole number from 10 to 3600/)).toBeInTheDocument();
    fireEvent.change(screen.getByTestId(selectors.config.storeBudgetShare), { target: { value: '0.95' } });
    expect(last().jsonData.storeBudgetShare).toBe(0.25);
    expect(screen.getByText(/fraction from 0.05 to 0.9/)).toBeInTheDocument();
    fireEvent.change(screen.getByTestId(selectors.config.storeRetentionDays), { target: { value: '' } });
    expect(last().jsonData).not.toHaveProperty('storeRetentionDays');
  });

  it('shows stored values and the defaults as placeholders', () => {
    setup(saved({ queryMode: 'serverStore', storeRetentionDays: 400 }, { backendClientSecret: true }));
    expect(screen.getByTestId(selectors.config.storeRetentionDays)).toHaveValue(400);
    expect(screen.getByTestId(selectors.config.storeSyncSeconds)).toHaveAttribute('placeholder', '60');
    expect(screen.getByTestId(selectors.config.storeBudgetShare)).toHaveAttribute('placeholder', '0.5');
  });
});
