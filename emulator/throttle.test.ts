import { RunningEmulator, startEmulator } from './index';
import { accessToken, auditsUrl, getJson } from './testing/client';
import { Throttle } from './throttle';

describe('Throttle', () => {
  it('allows N per window, then gives the wait until a slot frees, counting refused requests too', () => {
    const throttle = new Throttle({ requests: 5, perSeconds: 10 });
    for (let i = 0; i < 5; i++) {
      expect(throttle.check('app', 1000 + i)).toEqual({ allowed: true });
    }
    expect(throttle.check('app', 2000)).toEqual({ allowed: false, retryAfterMs: 9001 });
    expect(throttle.check('other-app', 2000)).toEqual({ allowed: true });
    // 1000 has left the window, but the refused request at 2000 still counts.
    expect(throttle.check('app', 11_000)).toEqual({ allowed: false, retryAfterMs: 2 });
    expect(throttle.check('app', 11_002)).toEqual({ allowed: true });
  });

  it('can be turned off', () => {
    const throttle = new Throttle(false);
    for (let i = 0; i < 100; i++) {
      expect(throttle.check('app', 0).allowed).toBe(true);
    }
  });
});

async function burst(emulator: RunningEmulator, token: string, count: number) {
  const url = auditsUrl(emulator.httpUrl, { $top: '1' });
  return Promise.all(Array.from({ length: count }, () => getJson(url, token)));
}

describe('throttling over HTTP', () => {
  it('at real speed: the sixth request within 10 s gets 429 TooManyRequests with a fractional Retry-After', async () => {
    const emulator = await startEmulator({ httpsPort: false, timeScale: 1, eventsPerDay: 100 });
    try {
      const token = await accessToken({ baseUrl: emulator.httpUrl });
      const responses = await burst(emulator, token, 6);
      expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 429]);
      const throttled = responses.find((r) => r.status === 429)!;
      const retryAfter = throttled.headers.get('retry-after')!;
      expect(retryAfter).toMatch(/^\d+\.\d{3}$/);
      expect(Number(retryAfter)).toBeGreaterThan(8);
      expect(Number(retryAfter)).toBeLessThanOrEqual(10);
      expect(throttled.json.error.code).toBe('TooManyRequests');
      expect(throttled.json.error.message).toBe('Please retry again later.');
      expect(throttled.json.error.innerError['request-id']).toBeDefined();
    } finally {
      await emulator.close();
    }
  });

  it('at real speed: a short window frees up in real time', async () => {
    const emulator = await startEmulator({
      httpsPort: false,
      timeScale: 1,
      eventsPerDay: 100,
      throttle: { requests: 2, perSeconds: 0.4 },
    });
    try {
      const token = await accessToken({ baseUrl: emulator.httpUrl });
      expect((await burst(emulator, token, 3)).map((r) => r.status).sort()).toEqual([200, 200, 429]);
      await new Promise((resolve) => setTimeout(resolve, 450));
      expect((await burst(emulator, token, 1))[0].status).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  it('with the fast clock: Retry-After is in real seconds and keeps the ratio', async () => {
    const emulator = await startEmulator({ httpsPort: false, timeScale: 100, eventsPerDay: 100 });
    try {
      const token = await accessToken({ baseUrl: emulator.httpUrl });
      const throttled = (await burst(emulator, token, 6)).find((r) => r.status === 429)!;
      const seconds = Number(throttled.headers.get('retry-after'));
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(0.1);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 20));
      expect((await burst(emulator, token, 1))[0].status).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  it('keeps separate budgets per app and per tenant, and can be switched off', async () => {
    const emulator = await startEmulator({ httpsPort: false, timeScale: 1, eventsPerDay: 100 });
    try {
      const contoso = await accessToken({ baseUrl: emulator.httpUrl });
      const fabrikam = await accessToken({ baseUrl: emulator.httpUrl, tenant: 'fabrikam.onmicrosoft.com' });
      expect((await burst(emulator, contoso, 5)).every((r) => r.status === 200)).toBe(true);
      expect((await burst(emulator, fabrikam, 5)).every((r) => r.status === 200)).toBe(true);
      expect((await burst(emulator, contoso, 1))[0].status).toBe(429);
      emulator.setThrottle(false);
      expect((await burst(emulator, contoso, 10)).every((r) => r.status === 200)).toBe(true);
    } finally {
      await emulator.close();
    }
  });
});
