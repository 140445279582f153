import { of, throwError } from 'rxjs';

import { fetchBackendHealth } from './testConnectionHealth';

const fetchMock = jest.fn();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch: fetchMock }),
}));

describe('fetchBackendHealth', () => {
  beforeEach(() => fetchMock.mockReset());

  it("asks Grafana's health endpoint for this data source", async () => {
    fetchMock.mockReturnValue(of({ status: 200, data: { status: 'OK', message: 'Connected.' } }));
    expect(await fetchBackendHealth('a/b')).toEqual({ status: 'OK', message: 'Connected.' });
    expect(fetchMock).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/api/datasources/uid/a%2Fb/health', showErrorAlert: false })
    );
  });

  it("reads a failed CheckHealth from Grafana's 400 answer", async () => {
    fetchMock.mockReturnValue(
      throwError(() => ({
        status: 400,
        data: {
          status: 'ERROR',
          message: 'Invalid client secret (AADSTS7000215).',
          details: { step: 'token', code: 'AADSTS7000215' },
        },
      }))
    );
    expect(await fetchBackendHealth('u')).toEqual({
      status: 'ERROR',
      message: 'Invalid client secret (AADSTS7000215).',
      step: 'token',
      code: 'AADSTS7000215',
    });
  });

  it.each([
    ['a backend that is not running', { status: 500, data: { message: 'Plugin health check failed' } }],
    ['a plugin without a backend', { status: 404, data: { message: 'Plugin not found' } }],
    ['a 400 that is not a health result', { status: 400, data: { message: 'bad request' } }],
    ['no answer at all', { status: 0, data: undefined }],
  ])('returns nothing for %s, so the route probe runs', async (_, failure) => {
    fetchMock.mockReturnValue(throwError(() => failure));
    expect(await fetchBackendHealth('u')).toBeUndefined();
  });
});
