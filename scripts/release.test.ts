/**
 * What a release rests on: a semantic version with its CHANGELOG section (scripts/release-notes.sh,
 * which the release workflow runs), and plugin.json's grafanaDependency and the README's version
 * matrix agreeing with the releases the compatibility check passes (compat/lines.json).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

interface Line {
  line: string;
  version: string;
  claimed: boolean;
}

function releaseNotes(args: string[]): { out: string; err: string; ok: boolean } {
  try {
    const out = execFileSync('bash', [path.join(root, 'scripts/release-notes.sh'), ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { out, err: '', ok: true };
  } catch (e) {
    const failure = e as { stdout: string; stderr: string };
    return { out: failure.stdout, err: failure.stderr, ok: false };
  }
}

function changelog(text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'changelog-')), 'CHANGELOG.md');
  writeFileSync(file, text);
  return file;
}

const SAMPLE = `# Changelog

## 2.1.0 (not released yet)

- next

## 2.0.0

### New
- a feature users see

## 1.0.0

Initial release.
`;

describe('scripts/release-notes.sh', () => {
  it("prints exactly the version's section", () => {
    const notes = releaseNotes(['2.0.0', changelog(SAMPLE)]);
    expect(notes.ok).toBe(true);
    expect(notes.out.trim()).toBe('### New\n- a feature users see');
  });

  it('refuses a version that is not MAJOR.MINOR.PATCH', () => {
    const notes = releaseNotes(['2.0', changelog(SAMPLE)]);
    expect(notes.ok).toBe(false);
    expect(notes.err).toContain('"2.0" is not a semantic version');
  });

  it('refuses a version the CHANGELOG does not describe', () => {
    const notes = releaseNotes(['2.0.1', changelog(SAMPLE)]);
    expect(notes.ok).toBe(false);
    expect(notes.err).toContain('no "## 2.0.1" section');
  });

  it('refuses a section still marked unreleased, unless --draft', () => {
    const file = changelog(SAMPLE);
    expect(releaseNotes(['2.1.0', file]).err).toContain('still marked (not released yet)');
    expect(releaseNotes(['--draft', '2.1.0', file])).toMatchObject({ ok: true, out: '\n- next\n\n' });
  });
});

describe("this repository's release metadata", () => {
  const lines: Line[] = readJson('compat/lines.json').lines;
  const claimed = lines.filter((l) => l.claimed);

  it("package.json's version is semantic and the CHANGELOG has its section", () => {
    const notes = releaseNotes(['--draft', readJson('package.json').version]);
    expect(notes.err).toBe('');
    expect(notes.ok).toBe(true);
  });

  it("plugin.json takes its version from package.json at build time", () => {
    expect(readJson('src/plugin.json').info.version).toBe('%VERSION%');
  });

  it('grafanaDependency starts at the oldest release the compatibility check claims', () => {
    const oldest = claimed.map((l) => l.version).sort(compareVersions)[0];
    expect(readJson('src/plugin.json').dependencies.grafanaDependency).toBe(`>=${oldest}`);
  });

  it("the README's matrix names every release the check compares, claimed or not", () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const matrix = readme.slice(readme.indexOf('### Grafana versions'));
    for (const l of lines) {
      const row = matrix.split('\n').find((r) => r.startsWith(`| ${l.line} `));
      expect({ line: l.line, row: row ?? 'missing' }).toEqual({ line: l.line, row: expect.stringContaining(l.version) });
      expect({ line: l.line, supported: row?.includes('**supported**') }).toEqual({
        line: l.line,
        supported: lines.some((other) => other.line === l.line && other.claimed),
      });
    }
  });
});

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if (pa[i] !== pb[i]) {
      return pa[i] - pb[i];
    }
  }
  return 0;
}
