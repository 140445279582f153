import { parseCli, parseDuration, parseFaultSpec, parseThrottle } from './cliOptions';

describe('emulator command line', () => {
  it('has defaults for a human demo', () => {
    const { options, json } = parseCli([], {});
    expect(options).toMatchObject({
      port: 8080,
      httpsPort: 8443,
      seed: 42,
      throttle: { requests: 5, perSeconds: 10 },
      latencyMs: 250,
      ingestionDelayMs: 180_000,
      live: false,
      inspection: false,
      normalizePaths: false,
    });
    expect(json).toBe(false);
  });

  it('reads flags, with flags winning over the environment', () => {
    const { options, json } = parseCli(
      [
        '--port',
        '0',
        '--https-port=off',
        '--seed',
        '7',
        '--time-scale',
        '60',
        '--throttle',
        'off',
        '--live',
        '--inspection',
        '--normalize-paths',
        '--json',
        '--fault',
        'status:503+retry2.5@3',
      ],
      { EMULATOR_PORT: '9999', EMULATOR_EVENTS_PER_DAY: '100000', EMULATOR_INGESTION_DELAY: '90s' }
    );
    expect(options).toMatchObject({
      port: 0,
      httpsPort: false,
      seed: 7,
      timeScale: 60,
      throttle: false,
      live: true,
      inspection: true,
      normalizePaths: true,
      eventsPerDay: 100_000,
      ingestionDelayMs: 90_000,
    });
    expect(options.faults).toEqual([{ kind: 'status', status: 503, retryAfterSeconds: 2.5, nth: 3 }]);
    expect(json).toBe(true);
  });

  it('picks a free HTTPS port whenever it picks a free HTTP port', () => {
    expect(parseCli(['--port', '0'], {}).options.httpsPort).toBe(0);
    expect(parseCli(['--port', '0', '--https-port', '9443'], {}).options.httpsPort).toBe(9443);
  });

  it('reads faults from the environment', () => {
    expect(parseCli([], { EMULATOR_FAULTS: 'reset%5,malformedJson@2' }).options.faults).toEqual([
      { kind: 'reset', every: 5 },
      { kind: 'malformedJson', nth: 2 },
    ]);
  });

  it.each([
    [['--port', 'eighty'], "--port must be a non-negative number, got 'eighty'"],
    [['--throttle', '5'], '--throttle must look like 5/10'],
    [['--ingestion-delay', 'soon'], 'Durations look like'],
    [['--colour'], 'Unknown option --colour'],
    [['--seed'], '--seed needs a value'],
    [['stray'], "Unexpected argument 'stray'"],
    [['--time-scale', '0'], '--time-scale must be greater than 0'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCli(argv, {})).toThrow(message);
  });

  it.each([
    ['5/10', { requests: 5, perSeconds: 10 }],
    ['1/0.5', { requests: 1, perSeconds: 0.5 }],
    ['off', false],
  ])('throttle %s', (text, expected) => {
    expect(parseThrottle(text)).toEqual(expected);
  });

  it.each([
    ['250ms', 250],
    ['90s', 90_000],
    ['3m', 180_000],
    ['1h', 3_600_000],
    ['500', 500],
  ])('duration %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['reset%5', { kind: 'reset', every: 5 }],
    ['slow:20000x2', { kind: 'slow', delayMs: 20000, count: 2 }],
    ['truncatedJson@2', { kind: 'truncatedJson', nth: 2 }],
    ['status:502', { kind: 'status', status: 502 }],
  ])('fault %s', (text, rule) => {
    expect(parseFaultSpec(text)).toEqual(rule);
  });
});
