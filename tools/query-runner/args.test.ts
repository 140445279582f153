import { parseArgs, UsageError } from './args';

describe('runner flags', () => {
  it('reads every flag, inline or separate, and collects repeated --var into a multi-value variable', () => {
    const args = parseArgs([
      '--settings',
      's.yaml',
      '--api=msgraph-beta',
      '--graph-url',
      'http://localhost:1',
      '--login-url',
      'http://localhost:1',
      '--tenant',
      't',
      '--client-id',
      'c',
      '--query',
      '{"format":"logs"}',
      '--from',
      'now-7d',
      '--to',
      'now',
      '--interval',
      '5m',
      '--max-data-points',
      '300',
      '--var',
      'a=1',
      '--var',
      'a=2',
      '--var',
      'b=x=y',
      '--verbose',
    ]);
    expect(args).toMatchObject({
      settings: 's.yaml',
      api: 'msgraph-beta',
      graphUrl: 'http://localhost:1',
      loginUrl: 'http://localhost:1',
      tenant: 't',
      clientId: 'c',
      query: '{"format":"logs"}',
      from: 'now-7d',
      to: 'now',
      interval: '5m',
      maxDataPoints: 300,
      variables: { a: ['1', '2'], b: 'x=y' },
      verbose: true,
    });
  });

  it.each([['--client-secret', 'x'], ['--secret=x'], ['--clientSecret', 'x']])(
    'refuses %s: the secret never comes from the command line',
    (...argv) => {
      expect(() => parseArgs(argv)).toThrow(/ENTRA_CLIENT_SECRET/);
    }
  );

  it('takes --api legacy and its own endpoint flag', () => {
    expect(parseArgs(['--api', 'legacy', '--legacy-graph-url=http://127.0.0.1:9'])).toMatchObject({
      api: 'legacy',
      legacyGraphUrl: 'http://127.0.0.1:9',
    });
  });

  it('names the flag and the fix for bad input', () => {
    expect(() => parseArgs(['--from'])).toThrow(new UsageError('--from needs a value. See --help.'));
    expect(() => parseArgs(['--max-data-points', '0'])).toThrow(/positive whole number/);
    expect(() => parseArgs(['--var', 'novalue'])).toThrow(/name=value/);
    expect(() => parseArgs(['--bogus', '1'])).toThrow(/Unknown flag --bogus/);
    expect(() => parseArgs(['--api', 'v1'])).toThrow(
      new UsageError('--api must be one of msgraph-v1, msgraph-beta, legacy, got "v1".')
    );
  });
});
