import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { configSpecs } from '../specs/config.spec';
import { dashboardSpecs } from '../specs/dashboard.spec';
import { loadSpecs } from '../specs/load.spec';
import { overviewSpecs } from '../specs/overview.spec';
import { querySpecs } from '../specs/query.spec';
import type { BrowserTest } from './browserTest';
import { Harness } from './harness';
import { readmeImagesNotProduced } from './readmeImages';

const TEST_TIMEOUT_MS = 60_000;

interface Args {
  resultPath?: string;
  pluginDir: string;
  pageDir: string;
  healthBinary?: string;
  screenshotDir: string;
  filter?: RegExp;
}

function parseArgs(argv: string[]): Args {
  const root = path.resolve(__dirname, '../..');
  const args: Args = {
    pluginDir: path.join(root, 'dist'),
    pageDir: path.join(root, 'browser-tests/dist/page'),
    screenshotDir: path.join(root, 'browser-tests/test-output/screenshots'),
  };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      const next = argv[++i];
      if (next === undefined) {
        throw new Error(`${argv[i - 1]} needs a value`);
      }
      return next;
    };
    switch (argv[i]) {
      case '--plugin-dir':
        args.pluginDir = path.resolve(value());
        break;
      case '--page-dir':
        args.pageDir = path.resolve(value());
        break;
      case '--health-binary':
        args.healthBinary = path.resolve(value());
        break;
      case '--screenshots':
        args.screenshotDir = path.resolve(value());
        break;
      case '--grep':
        args.filter = new RegExp(value(), 'i');
        break;
      case '--result':
        args.resultPath = path.resolve(value());
        break;
      default:
        throw new Error(`unknown argument ${argv[i]}; see browser-tests/README.md`);
    }
  }
  return args;
}

/**
 * Runs every browser test, one fresh browser context each, in order. A failure prints the
 * expectation and the page's console and page errors. Writes {"passed","failed"} for the test
 * command and exits non-zero when anything failed.
 */
async function main() {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(args.screenshotDir, { recursive: true });
  const all: BrowserTest[] = [...loadSpecs, ...configSpecs, ...querySpecs, ...dashboardSpecs, ...overviewSpecs];
  const tests = args.filter ? all.filter((test) => args.filter!.test(test.name)) : all;
  const harness = new Harness({
    pluginDir: args.pluginDir,
    pageDir: args.pageDir,
    healthBinary: args.healthBinary,
    screenshotDir: args.screenshotDir,
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  });
  let passed = 0;
  const failures: string[] = [];
  const started = Date.now();
  try {
    await harness.start();
    for (const test of tests) {
      const { context, close } = await harness.context();
      const t0 = Date.now();
      try {
        await withTimeout(test.run(context), TEST_TIMEOUT_MS, test.name);
        passed++;
        console.log(`  ✓ ${test.name} (${Date.now() - t0} ms)`);
      } catch (error) {
        failures.push(test.name);
        console.log(`  ✗ ${test.name} (${Date.now() - t0} ms)`);
        console.log(indent(error instanceof Error ? error.message : String(error)));
        const pageErrors = context.pageErrors();
        if (pageErrors.length > 0) {
          console.log(indent(`page errors:\n${pageErrors.join('\n')}`));
        }
      } finally {
        await close();
      }
    }
  } catch (error) {
    failures.push('harness start-up');
    console.log(`  ✗ the harness failed: ${error instanceof Error ? error.stack : String(error)}`);
  } finally {
    await harness.stop().catch(() => undefined);
  }
  if (checkReadmeImages(args, failures)) {
    passed++;
  }
  const result = { passed, failed: failures.length };
  console.log(
    `\nbrowser: ${passed} passed, ${failures.length} failed in ${((Date.now() - started) / 1000).toFixed(1)} s` +
      (failures.length > 0 ? `\nfailed: ${failures.join('; ')}` : '') +
      `\nscreenshots: ${path.relative(process.cwd(), args.screenshotDir)}`
  );
  if (args.resultPath) {
    writeFileSync(args.resultPath, JSON.stringify(result) + '\n');
  }
  process.exit(failures.length > 0 ? 1 : 0);
}

/** A full run must have written every image the README names; a --grep run writes only some. */
function checkReadmeImages(args: Args, failures: string[]): boolean {
  if (args.filter) {
    console.log('  - README images not checked: --grep runs only some tests');
    return false;
  }
  const missing = readmeImagesNotProduced();
  if (missing.length > 0) {
    failures.push('README images');
    console.log(`  ✗ README images: the README names ${missing.join(', ')}, which no test wrote in this run`);
    return false;
  }
  console.log('  ✓ README images: every image the README names was written by this run');
  return true;
}

function withTimeout<T>(promise: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`"${name}" did not finish within ${ms / 1000} s`)), ms);
    }),
  ]);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `      ${line}`)
    .join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
