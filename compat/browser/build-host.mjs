// Builds the browser tests' host page (browser-tests/page) as browser-tests/build.sh does, but with
// Grafana's shared modules taken from another line's install: every import of @grafana/data, ui,
// runtime, schema, react or react-dom, from the page or from any package it bundles, subpaths and
// package "exports" included, resolves from compat/browser/<line>/ instead of the project's
// node_modules. Usage: node compat/browser/build-host.mjs <line> <outdir>
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED = ['@grafana/data', '@grafana/ui', '@grafana/runtime', '@grafana/schema', 'react', 'react-dom'];

function sharedModulesFrom(installDir) {
  const matches = (spec) => SHARED.some((name) => spec === name || spec.startsWith(`${name}/`));
  return {
    name: 'shared-modules-from-line',
    setup(b) {
      b.onResolve({ filter: /^(@grafana\/|react)/ }, async (args) => {
        if (!matches(args.path) || args.pluginData === 'from-line') {
          return undefined;
        }
        const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: installDir, pluginData: 'from-line' });
        return resolved.errors.length > 0 ? { errors: resolved.errors } : { path: resolved.path };
      });
    },
  };
}

async function main() {
  const [line, outdir] = process.argv.slice(2);
  if (!line || !outdir) {
    throw new Error('usage: node compat/browser/build-host.mjs <line> <outdir>');
  }
  const files = ['svg', 'woff2', 'woff', 'ttf', 'png'];
  await build({
    absWorkingDir: root,
    entryPoints: ['browser-tests/page/main.tsx'],
    bundle: true,
    outfile: path.join(outdir, 'host.js'),
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    minify: true,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    loader: Object.fromEntries(files.map((ext) => [`.${ext}`, ext === 'svg' ? 'dataurl' : 'file'])),
    jsx: 'transform',
    alias: { 'react-custom-scrollbars-2': './browser-tests/page/shims/customScrollbars.ts' },
    plugins: [sharedModulesFrom(path.join(root, 'compat/browser', line))],
  });
}

main().catch((e) => {
  console.error(e.message ?? e);
  process.exit(1);
});
