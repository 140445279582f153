import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';

import { selectors } from './selectors';
import { installDomPolyfills } from './testing/domPolyfills';
import { AuditDataSourceSettings, ConfigHarness, createSettings } from './testing/configHarness';

installDomPolyfills();

function setup(initial: AuditDataSourceSettings) {
  const onChange = jest.fn<void, [AuditDataSourceSettings]>();
  render(<ConfigHarness initial={initial} onChange={onChange} />);
  return { onChange, last: () => onChange.mock.calls[onChange.mock.calls.length - 1][0] };
}

const saved = (jsonData: object, secureJsonFields: Record<string, boolean>) =>
  createSettings({ tenantId: 'contoso.onmicrosoft.com', clientId: 'app', ...jsonData }, { secureJsonFields });

describe('ConfigEditor: where queries run', () => {
  it('starts a new data source in server mode', () => {
    const { last } = setup(createSettings());
    expect(last().jsonData.queryMode).toBe('server');
  });

  it('leaves a saved data source without the key in browser mode, its secret where the routes read it', () => {
    const { onChange } = setup(saved({}, { clientSecret: true, clientSecretBinding: true }));
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.getByDisplayValue('configured')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Browser' })).toBeChecked();
  });

  it('clears the browser secret when switching to server mode, and says why', () => {
    const { last } = setup(saved({}, { clientSecret: true, clientSecretBinding: true }));
    fireEvent.click(screen.getByRole('radio', { name: 'Server' }));
    expect(last().jsonData.queryMode).toBe('server');
    // Saved with an empty clientSecret, so no proxy route can send this app's credentials any more.
    expect(last().secureJsonFields).toMatchObject({ clientSecret: false, clientSecretBinding: false });
    expect(last().secureJsonData).toMatchObject({ clientSecret: '', backendClientSecret: '' });
    expect(screen.getByTestId(selectors.config.secretCleared)).toHaveTextContent(
      'The stored client secret was cleared because the query mode changed'
    );
    expect(screen.getByTestId(selectors.config.secretCleared)).toHaveTextContent('where no route can');

    fireEvent.change(screen.getByTestId(selectors.config.clientSecret), { target: { value: 'new~value' } });
    expect(last().secureJsonData).toMatchObject({
      clientSecret: '',
      backendClientSecret: 'new~value',
      backendClientSecretBinding: 'azure|login.microsoftonline.com|contoso.onmicrosoft.com',
    });
  });

  it('clears the server secret when switching back to browser mode', () => {
    const { last } = setup(
      saved({ queryMode: 'server' }, { backendClientSecret: true, backendClientSecretBinding: true })
    );
    expect(screen.getByDisplayValue('configured')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('radio', { name: 'Browser' }));
    expect(last().jsonData.queryMode).toBe('browser');
    expect(last().secureJsonFields).toMatchObject({ backendClientSecret: false, backendClientSecretBinding: false });
    expect(screen.queryByDisplayValue('configured')).not.toBeInTheDocument();
  });
});
