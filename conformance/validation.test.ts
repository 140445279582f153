/**
 * Runs the validation vectors (conformance/validation) through the TypeScript engine: each stored
 * setting or query is accepted, or refused with the code and rule pkg/engine/validation_test.go
 * expects of the Go engine for the same case.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

import { plainWalker, runQuery, TransportRequest } from '../src/core/engine';
import { AuditQuery } from '../src/core/model/query';
import { AuditSettings, resolveSettings } from '../src/core/model/settings';
import { ManualClock } from '../src/core/time/manualClock';

interface ValidationCase {
  name: string;
  engines?: Array<'ts' | 'go'>;
  settings?: Record<string, unknown>;
  query?: Record<string, unknown>;
  expect: { valid?: true; filter?: string; code?: string; rule?: string };
}

interface ValidationFile {
  base?: Record<string, unknown>;
  cases: ValidationCase[];
}

const DIR = join(__dirname, 'validation');
const BASE_SETTINGS = {
  cloud: 'azure',
  tenantId: 'contoso.onmicrosoft.com',
  clientId: '11111111-2222-3333-4444-555555555555',
};
const NOW = '2026-11-20T12:00:00Z';
const RANGE = { from: Date.parse('2026-11-20T10:00:00Z'), to: Date.parse('2026-11-20T11:00:00Z') };

const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .flatMap((file) => {
    const content: ValidationFile = JSON.parse(readFileSync(join(DIR, file), 'utf8'));
    return content.cases.map((c) => ({ file, base: content.base ?? BASE_SETTINGS, ...c }));
  });
const forTypeScript = cases.filter((c) => c.engines?.includes('ts') ?? true);
const otherEngines = cases.filter((c) => !forTypeScript.includes(c));

async function run(settings: AuditSettings, query: AuditQuery) {
  const clock = new ManualClock(NOW);
  const filters: string[] = [];
  const transport = async ({ url }: TransportRequest) => {
    filters.push(new URL(url).searchParams.get('$filter') ?? '');
    return { status: 200, headers: {}, bodyText: '{"value":[]}' };
  };
  const result = await runQuery(
    query,
    { settings: resolveSettings(settings), range: RANGE, intervalMs: 60_000, maxDataPoints: 1000 },
    { walker: plainWalker({ transport, clock }), clock }
  );
  return { result, filters };
}

describe('validation vectors', () => {
  it('has cases of both kinds', () => {
    expect(forTypeScript.filter((c) => c.expect.valid).length).toBeGreaterThan(10);
    expect(forTypeScript.filter((c) => c.expect.rule).length).toBeGreaterThan(40);
  });

  otherEngines.forEach((c) => it.todo(`${c.file}: ${c.name} (not for the TypeScript engine: see its "engines")`));

  it.each(forTypeScript.map((c) => [`${c.file}: ${c.name}`, c] as const))('%s', async (_, c) => {
    const settings = { ...c.base, ...c.settings } as AuditSettings;
    const query = (c.query ?? { refId: 'A' }) as unknown as AuditQuery;
    const { result, filters } = await run(settings, query);
    if (c.expect.valid) {
      expect(result.error).toBeUndefined();
      if (c.expect.filter !== undefined) {
        expect(filters[0]).toBe(c.expect.filter);
      }
    } else {
      expect({ code: result.error?.code, rule: result.error?.rule }).toEqual({
        code: c.expect.code,
        rule: c.expect.rule,
      });
    }
  });
});
