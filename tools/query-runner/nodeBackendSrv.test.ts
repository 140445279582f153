import './browserEnvironment';

import { isFetchError } from '@grafana/runtime';
import { firstValueFrom } from 'rxjs';

import { startFakeUpstream } from '../grafana-proxy/testUpstream';
import { NodeBackendSrv } from './nodeBackendSrv';

describe("the Node BackendSrv (Grafana's fetch, for headless runs)", () => {
  let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;

  beforeEach(async () => {
    upstream = await startFakeUpstream((request, res) => {
      if (request.url.startsWith('/text-error')) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('Authentication to data source failed');
      } else if (request.url.startsWith('/json-error')) {
        res
          .writeHead(403, { 'content-type': 'application/json' })
          .end('{"error":{"code":"Authorization_RequestDenied"}}');
      } else if (request.url.startsWith('/hang')) {
        // Never answers: cancellation must end it.
      } else {
        res.writeHead(200, { 'content-type': 'application/json', 'x-extra': 'yes' }).end('{"value":[1]}');
      }
    });
  });

  afterEach(() => upstream.close());

  it('serialises params, moves Authorization on a local URL to X-DS-Authorization, and parses JSON', async () => {
    const srv = new NodeBackendSrv({ baseUrl: upstream.url });
    const response = await firstValueFrom(
      srv.fetch<{ value: number[] }>({ url: '/ok', params: { a: 'x y', b: 2 }, headers: { Authorization: 'Basic q' } })
    );
    expect(response.data).toEqual({ value: [1] });
    expect(response.headers.get('x-extra')).toBe('yes');
    expect(upstream.arrived[0].url).toBe('/ok?a=x%20y&b=2');
    expect(upstream.arrived[0].headers.authorization).toBeUndefined();
    expect(upstream.arrived[0].headers['x-ds-authorization']).toBe('Basic q');
  });

  it('throws a FetchError whose data.message is filled, as Grafana normalises it', async () => {
    const srv = new NodeBackendSrv({ baseUrl: upstream.url });
    const textError = await firstValueFrom(srv.fetch({ url: '/text-error', responseType: 'text' })).catch((e) => e);
    expect(isFetchError(textError)).toBe(true);
    expect(textError.status).toBe(400);
    expect(textError.data).toEqual({
      message: 'Authentication to data source failed',
      error: 'Bad Request',
      response: 'Authentication to data source failed',
    });
    const jsonError = await firstValueFrom(srv.fetch({ url: '/json-error' })).catch((e) => e);
    expect(jsonError.status).toBe(403);
    expect(jsonError.data.error.code).toBe('Authorization_RequestDenied');
  });

  it('cancels a request when another reuses its requestId, and aborts the socket on unsubscribe', async () => {
    const srv = new NodeBackendSrv({ baseUrl: upstream.url });
    const first = firstValueFrom(srv.fetch({ url: '/hang', requestId: 'same' })).catch((e) => e);
    while (upstream.arrived.length === 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    const second = firstValueFrom(srv.fetch({ url: '/ok', requestId: 'same' }));
    expect(await first).toMatchObject({ cancelled: true, status: -1 });
    expect((await second).status).toBe(200);

    const closed = new Promise<void>((resolve) => upstream.setHandler((_req, res) => res.on('close', () => resolve())));
    const subscription = srv.fetch({ url: '/hang' }).subscribe({ error: () => undefined });
    while (upstream.arrived.length < 3) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    subscription.unsubscribe();
    await closed;
  });
});
