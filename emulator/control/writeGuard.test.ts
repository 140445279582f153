import { RunningEmulator, startEmulator } from '../index';

const NOW = '2026-11-20T12:00:00Z';
const EDGE_EVENT = {
  activityDateTime: '2026-11-19T00:00:00Z',
  activityDisplayName: 'Restore user',
  initiatedByUpn: 'guard@contoso.onmicrosoft.com',
};
const EDGE_WINDOW = {
  from: '2026-11-19T00:00:00Z',
  to: '2026-11-19T00:00:00Z',
  filter: "initiatedBy eq 'guard@contoso.onmicrosoft.com'",
};

/** Every control request that changes the emulator, each with a body it would otherwise accept. */
const WRITES = [
  { method: 'POST', path: '/events', body: EDGE_EVENT },
  { method: 'POST', path: '/faults', body: { kind: 'status', status: 503 } },
  { method: 'PUT', path: '/faults', body: [{ kind: 'status', status: 503 }] },
  { method: 'DELETE', path: '/faults', body: {} },
  { method: 'POST', path: '/clock/advance', body: { ms: 3_600_000 } },
  { method: 'POST', path: '/reset', body: {} },
];

/** What a web page can send cross-origin without a preflight, plus the tricks that look like JSON. */
const REFUSED_CONTENT_TYPES = [
  'text/plain',
  'text/plain;charset=UTF-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'text/plain; charset=application/json',
  undefined,
];

describe('the control endpoints refuse what a cross-origin web page could send', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({
      now: NOW,
      httpsPort: false,
      throttle: false,
      eventsPerDay: 100,
      inspection: true,
    });
  });
  afterAll(() => emulator.close());

  const send = (method: string, path: string, body: unknown, contentType?: string) =>
    fetch(`${emulator.httpUrl}/_emulator${path}`, {
      method,
      // A Blob without a type sends no Content-Type at all; fetch adds text/plain to a bare string.
      body: new Blob([JSON.stringify(body)], contentType === undefined ? {} : { type: contentType }),
    });

  /** What each write would change: injected events, the fault plan, the clock (in whole emulated hours). */
  const observableState = async () => ({
    injected: emulator.groundTruth(EDGE_WINDOW).total,
    faults: await (await fetch(`${emulator.httpUrl}/_emulator/faults`)).json(),
    hoursSinceStart: Math.floor((emulator.now() - Date.parse(NOW)) / 3_600_000),
  });

  /** A fault and an injected event, so that clearing the faults or resetting shows too. */
  beforeEach(() => {
    emulator.reset();
    emulator.setFaults([{ kind: 'status', status: 502, every: 1000 }]);
    emulator.injectEvent(EDGE_EVENT);
  });

  it.each(WRITES.flatMap((write) => REFUSED_CONTENT_TYPES.map((type) => [write.method, write.path, type, write.body])))(
    '%s /_emulator%s with content type %s answers 415 and changes nothing',
    async (method, path, contentType, body) => {
      const before = await observableState();
      const response = await send(method as string, path as string, body, contentType as string | undefined);
      expect(response.status).toBe(415);
      const { error } = (await response.json()) as { error: string };
      expect(error).toContain("needs 'Content-Type: application/json'");
      expect(error).toContain(`${method} /_emulator${path}`);
      expect(await observableState()).toEqual(before);
    }
  );

  it.each(WRITES.map((write) => [write.method, write.path, write.body]))(
    '%s /_emulator%s with application/json is served and changes the emulator',
    async (method, path, body) => {
      const before = await observableState();
      const response = await send(method as string, path as string, body, 'application/json; charset=utf-8');
      expect(response.status).toBeLessThan(300);
      expect(await observableState()).not.toEqual(before);
    }
  );

  it.each(WRITES.map((write) => [write.method, write.path]))(
    'answers no CORS preflight for %s /_emulator%s',
    async (method, path) => {
      const response = await fetch(`${emulator.httpUrl}/_emulator${path}`, {
        method: 'OPTIONS',
        headers: {
          Origin: 'https://attacker.example',
          'Access-Control-Request-Method': method as string,
          'Access-Control-Request-Headers': 'content-type',
        },
      });
      expect(response.status).toBe(405);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-headers')).toBeNull();
      expect(response.headers.get('access-control-allow-methods')).toBeNull();
      expect(((await response.json()) as { error: string }).error).toContain('no CORS preflight');
    }
  );

  it('still serves reads without a content type', async () => {
    const response = await fetch(`${emulator.httpUrl}/_emulator/now`);
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
