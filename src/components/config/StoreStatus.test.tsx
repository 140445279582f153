import React from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';

import { selectors } from '../selectors';
import { installDomPolyfills } from '../testing/domPolyfills';
import { STORE_STATUS_REFRESH_MS, StoreStatus } from './StoreStatus';
import { StoreStatusAnswer, storeResourceUrl } from './storeStatusApi';
import { formatAgo, formatBytes } from './storeStatusFormat';

installDomPolyfills();

const getMock = jest.fn();
const postMock = jest.fn();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ get: getMock, post: postMock }),
}));

const NOW = Date.UTC(2026, 10, 20, 12, 0);
const held: StoreStatusAnswer = {
  configured: true,
  syncRunning: true,
  nowMs: NOW,
  path: 'org1-audit-0123456789abcdef01234567.sqlite',
  events: 12345,
  oldestMs: Date.UTC(2026, 10, 11, 22, 15),
  newestMs: Date.UTC(2026, 10, 20, 11, 59),
  bytesOnDisk: 25 * 1024 * 1024,
  backfillPercent: 42,
  lastSyncMs: NOW - 90_000,
  lastError: '',
  inProgress: false,
};

/** Lets the mocked backendSrv's promises settle inside React's act. */
const settle = () => act(async () => {});

async function renderPanel(queryMode = 'serverStore') {
  const view = render(<StoreStatus uid="ds/1" queryMode={queryMode} />);
  await settle();
  return view;
}

function withFakeTimersAndFreshMocks() {
  beforeEach(() => {
    jest.useFakeTimers();
    getMock.mockReset().mockResolvedValue(held);
    postMock.mockReset();
  });
  afterEach(() => jest.useRealTimers());
}

describe('StoreStatus', () => {
  withFakeTimersAndFreshMocks();

  it('reads the standard resource URL and shows what the store holds', async () => {
    await renderPanel();
    expect(getMock).toHaveBeenCalledWith(
      '/api/datasources/uid/ds%2F1/resources/store/status',
      undefined,
      undefined,
      expect.objectContaining({ showErrorAlert: false })
    );
    const figures = screen.getByTestId(selectors.config.storeFigures);
    expect(screen.getByRole('progressbar', { name: 'Backfill' })).toHaveAttribute('value', '42');
    expect(figures).toHaveTextContent('Backfill 42 %');
    expect(figures).toHaveTextContent('12,345 events from 2026-11-11 22:15 UTC to 2026-11-20 11:59 UTC');
    expect(figures).toHaveTextContent('25.0 MiB on disk (org1-audit-');
    expect(figures).toHaveTextContent('Last sync 1 min ago');
    expect(figures).not.toHaveTextContent("starts with the data source's next query");
  });

  it('shows nothing outside Server with store mode or before the data source is saved', async () => {
    expect((await renderPanel('server')).container).toBeEmptyDOMElement();
    expect(render(<StoreStatus uid={undefined} queryMode="serverStore" />).container).toBeEmptyDOMElement();
    expect(getMock).not.toHaveBeenCalled();
  });

  it('refreshes every few seconds while shown, and stops when closed', async () => {
    const view = await renderPanel();
    getMock.mockResolvedValue({ ...held, events: 20000, backfillPercent: 100, lastError: 'Graph answered 503' });
    await act(async () => jest.advanceTimersByTime(STORE_STATUS_REFRESH_MS));
    expect(getMock).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId(selectors.config.storeFigures)).toHaveTextContent('20,000 events');
    expect(screen.getByText('Graph answered 503')).toBeInTheDocument();
    view.unmount();
    await act(async () => jest.advanceTimersByTime(3 * STORE_STATUS_REFRESH_MS));
    expect(getMock).toHaveBeenCalledTimes(2);
  });

  it('says what to configure when the store is not set up', async () => {
    getMock.mockResolvedValue({
      configured: false,
      syncRunning: false,
      nowMs: NOW,
      reason: 'add `store_dir = …` to grafana.ini',
    });
    await renderPanel();
    expect(screen.getByText('No audit store')).toBeInTheDocument();
    expect(screen.getByText('add `store_dir = …` to grafana.ini')).toBeInTheDocument();
    expect(screen.queryByTestId(selectors.config.storeFigures)).toBeNull();
  });
});

describe('StoreStatus: errors and actions', () => {
  withFakeTimersAndFreshMocks();

  it('shows why the status cannot be read', async () => {
    getMock.mockRejectedValue({ status: 502, data: { message: 'Plugin unavailable' } });
    await renderPanel();
    expect(screen.getByText('Plugin unavailable')).toBeInTheDocument();
  });

  it("shows the backend's 403 message to a non-admin who asks for a re-sync", async () => {
    postMock.mockRejectedValue({
      status: 403,
      data: { message: 'only an Admin of this organisation may resync the audit store' },
    });
    await renderPanel();
    fireEvent.click(screen.getByRole('button', { name: /Re-sync/ }));
    await settle();
    expect(postMock).toHaveBeenCalledWith(storeResourceUrl('ds/1', 'resync'), {}, expect.anything());
    expect(screen.getByTestId(selectors.config.storeActionOutcome)).toHaveTextContent(
      'only an Admin of this organisation'
    );
  });

  it('deletes the store only after the admin confirms, then reads the status again', async () => {
    postMock.mockResolvedValue({ message: 'Audit store deleted.' });
    await renderPanel();
    fireEvent.click(screen.getByRole('button', { name: /Delete store/ }));
    expect(postMock).not.toHaveBeenCalled();
    const confirm = screen.getAllByRole('button', { name: /Delete store/ }).pop()!;
    fireEvent.click(confirm);
    await settle();
    expect(postMock).toHaveBeenCalledWith('/api/datasources/uid/ds%2F1/resources/store/delete', {}, expect.anything());
    expect(screen.getByTestId(selectors.config.storeActionOutcome)).toHaveTextContent('Audit store deleted.');
    expect(getMock).toHaveBeenCalledTimes(2);
  });
});

describe('store status formats', () => {
  it.each([
    [0, '0 bytes'],
    [1023, '1023 bytes'],
    [1536, '1.5 KiB'],
    [3 * 1024 ** 3, '3.0 GiB'],
  ])('%d bytes read %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));

  it.each([
    [30_000, 'less than a minute ago'],
    [90_000, '1 min ago'],
    [3 * 3_600_000, '3 h ago'],
    [72 * 3_600_000, '3 days ago'],
  ])('%d ms ago reads %s', (ms, text) => expect(formatAgo(NOW, NOW - ms)).toBe(text));
});
