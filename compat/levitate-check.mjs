// The Grafana compatibility check: every @grafana/data, @grafana/ui and @grafana/runtime export the
// plugin's source uses (from src/module.ts down) is compared, with Grafana's own checker
// (@grafana/levitate), between the version the plugin builds against and each line in lines.json.
// An export the target line lacks, or whose signature differs, is an incompatibility.
//
// Usage: node compat/levitate-check.mjs [--result <file.json>] [--lines <lines.json>] [--entry <module.ts>]
// Needs `npm ci --prefix compat` first. Package tarballs come from the npm registry through `npm pack`
// (npm's cache serves them again without the network) and are unpacked under compat/.cache/.
//
// Before the real check, a self-test checks a fixture that uses an export the target lacks and one
// whose signature changed, and fails unless both are reported: levitate's own CLI logs a package it
// could not process and still answers "compatible", so this script calls its functions directly and
// proves they still find what they must.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from '@tsd/typescript';
import { extract } from 'tar/x';
import { createTsProgram, getPackageUsage, getSymbolDiff, hasChanged } from '@grafana/levitate';
// Not re-exported by the package's entry (its "exports" map names only "."), so imported by file.
import { getExportInfo } from './node_modules/@grafana/levitate/dist/compiler/exports.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const cacheDir = path.join(here, '.cache');

function parseArgs(argv) {
  const args = { result: '', lines: path.join(here, 'lines.json'), entry: path.join(root, 'src/module.ts') };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in args) || argv[i + 1] === undefined) {
      throw new Error(`unknown or incomplete option ${argv[i]}; use --result, --lines or --entry with a value`);
    }
    args[key] = path.resolve(argv[i + 1]);
  }
  return args;
}

// The type definition entry of an unpacked package (its package.json "types", else index.d.ts).
function typesEntry(packageDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  const entry = path.join(packageDir, manifest.types ?? manifest.typings ?? 'index.d.ts');
  if (!fs.existsSync(entry)) {
    throw new Error(`${manifest.name}@${manifest.version} has no type definitions at ${entry}`);
  }
  return entry;
}

// Fetches name@version from the npm registry (or npm's cache) into dir, once.
function unpackInto(dir, name, version) {
  if (fs.existsSync(path.join(dir, 'package.json'))) {
    return;
  }
  fs.mkdirSync(cacheDir, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(cacheDir, 'pack-'));
  try {
    const out = execFileSync('npm', ['pack', `${name}@${version}`, '--json', '--pack-destination', tmp], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [{ filename }] = JSON.parse(out);
    extract({ C: tmp, file: path.join(tmp, filename), sync: true });
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    fs.renameSync(path.join(tmp, 'package'), dir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// One Grafana release's @grafana packages side by side in a node_modules folder: the checked ones and
// the @grafana packages they pin to the same release (schema, i18n, e2e-selectors), so the type
// definitions resolve each other as in a plugin's install. Nothing else is installed there, for the
// version the plugin builds against as for each target, so both sides of a comparison resolve alike.
function release(packages, version) {
  const modules = path.join(cacheDir, `grafana-${version}`, 'node_modules');
  const pending = [...packages];
  const seen = new Set();
  while (pending.length > 0) {
    const name = pending.pop();
    if (seen.has(name)) {
      continue;
    }
    seen.add(name);
    const dir = path.join(modules, name);
    try {
      unpackInto(dir, name, version);
    } catch (e) {
      throw new Error(`${name}@${version} cannot be fetched from the npm registry (${e.message.split('\n')[0]}); ` +
        `Grafana ${version}'s types need it, so check another release of that line in lines.json`);
    }
    const deps = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies ?? {};
    pending.push(...Object.keys(deps).filter((dep) => dep.startsWith('@grafana/') && deps[dep] === version));
  }
  return (name) => typesEntry(path.join(modules, name));
}

function installedVersion(name) {
  return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
}

// Export information of the version the plugin builds against: building it means type-checking a
// whole package's declarations (seconds each), so it is read once per run. A target's is built for
// its comparison and dropped after it (keeping every release's would exhaust the heap).
const exportInfos = new Map();
function exportInfo(typesPath) {
  if (!exportInfos.has(typesPath)) {
    exportInfos.set(typesPath, getExportInfo(typesPath));
  }
  return exportInfos.get(typesPath);
}

// The incompatibilities of the program's usage of one package between two type definition entries:
// each export the program uses that the target lacks, or whose signature changed in a way levitate
// calls breaking and can describe (as its own report does).
export function incompatibilities(program, name, fromTypes, toTypes) {
  const from = exportInfo(fromTypes);
  const to = getExportInfo(toTypes);
  const found = [];
  for (const [sourceFile, usages] of packageUsage(program, name, fromTypes)) {
    for (const [exportName, identifier] of Object.entries(usages)) {
      const { kind, detail } = compareExport(exportName, from, to);
      if (kind) {
        found.push({ name: exportName, kind, at: usedAt(sourceFile, identifier), detail });
      }
    }
  }
  return found;
}

// levitate lists an interface's or class's own members only, so `DataQuery.refId` looks removed from
// a release whose bundled types declare `interface DataQuery extends DataQuery$1 {}`. A member the
// type still has, inherited or not, is not removed.
function inheritedMember(info, exportName) {
  const dot = exportName.indexOf('.');
  let parent = dot > 0 ? info.exports[exportName.slice(0, dot)] : undefined;
  if (!parent) {
    return false;
  }
  const checker = info.program.getTypeChecker();
  if (parent.flags & ts.SymbolFlags.Alias) {
    parent = checker.getAliasedSymbol(parent);
  }
  const member = exportName.slice(dot + 1);
  const instance = checker.getDeclaredTypeOfSymbol(parent);
  const declaration = parent.valueDeclaration ?? parent.declarations?.[0];
  const statics = declaration ? checker.getTypeOfSymbolAtLocation(parent, declaration) : undefined;
  return Boolean(instance.getProperty(member) ?? statics?.getProperty(member));
}

// What the program uses of a package: the same for every target, so found once per package.
const usagesByPackage = new Map();
function packageUsage(program, name, fromTypes) {
  const key = `${name} ${fromTypes}`;
  if (!usagesByPackage.has(key)) {
    usagesByPackage.set(key, getPackageUsage(program, exportInfo(fromTypes), name));
  }
  return usagesByPackage.get(key);
}

// A member's usage is recorded at its declaration in the package, so only the using file is known.
function usedAt(sourceFile, node) {
  const file = path.relative(root, sourceFile.fileName);
  if (node.getSourceFile() !== sourceFile) {
    return file;
  }
  return `${file}:${sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
}

function compareExport(exportName, from, to) {
  if (!to.exports[exportName]) {
    return { kind: inheritedMember(to, exportName) ? '' : 'removed', detail: '' };
  }
  const prev = { key: exportName, symbol: from.exports[exportName], program: from.program };
  const current = { key: exportName, symbol: to.exports[exportName], program: to.program };
  const detail = hasChanged(prev, current) ? getSymbolDiff({ prev, current }) : '';
  return { kind: detail !== '' && !cosmeticOnly(detail) ? 'changed' : '', detail };
}

// levitate diffs declarations as text, so the same declaration written another way differs: an
// `export` or `declare` modifier, or a `type` modifier on an imported name (`type ComponentType`,
// as 13.x's bundled types print it). A diff whose removed and added lines are equal once those
// modifiers are dropped changes nothing.
export function cosmeticOnly(diff) {
  const normalise = (text) =>
    text.replace(/^[-+]/, '').trim().replace(/^(export |declare )+/, '').replace(/\btype (?=[A-Za-z_$])/g, '').replace(/\s+/g, ' ');
  const changed = diff.split('\n').filter((l) => /^[-+]/.test(l) && !/^\+ Added/.test(l));
  const removed = changed.filter((l) => l.startsWith('-')).map(normalise).sort();
  const added = changed.filter((l) => l.startsWith('+')).map(normalise).sort();
  return removed.length > 0 && JSON.stringify(removed) === JSON.stringify(added);
}

// The fixture uses `kept`, `dropped`, `reshaped` and `Query`'s `refId` and `gone` from a package whose
// other version drops `dropped` and `Query.gone`, changes `reshaped` and inherits `Query.refId`: the
// three must be reported, and neither `kept` nor the inherited member.
function selfTest() {
  const dir = path.join(here, 'fixtures');
  const resolveFixture = { baseUrl: dir, paths: { 'fixture-pkg': ['./before.d.ts'] } };
  const program = createTsProgram(path.join(dir, 'plugin.ts'), resolveFixture);
  const found = incompatibilities(program, 'fixture-pkg', path.join(dir, 'before.d.ts'), path.join(dir, 'after.d.ts'));
  const names = found.map((f) => `${f.kind} ${f.name}`).sort();
  const expected = ['changed reshaped', 'removed Query.gone', 'removed dropped'];
  if (JSON.stringify(names) !== JSON.stringify(expected)) {
    throw new Error(`self-test: levitate reported [${names.join(', ')}], expected [${expected.join(', ')}]`);
  }
  // Diffs as levitate prints them for 13.0.1's DataSourcePlugin.setConfigEditor and 12.0.2's DataQueryRequest.
  const cosmetic = '+ Added- Removed\n-ComponentType\n+type ComponentType';
  const real = '+ Added- Removed\n-export interface DataQueryRequest<T> {\n+interface DataQueryRequest<T> {\n-    dashboardTitle?: string;';
  if (!cosmeticOnly(cosmetic) || cosmeticOnly(real)) {
    throw new Error('self-test: a `type` modifier must not count as a change, and a removed field must');
  }
  console.log(`self-test: reported exactly ${names.join(', ')}; the unchanged export and the inherited member were not`);
}

function checkLine(program, packages, built, line) {
  const target = release(packages, line.version);
  return packages.map((name) => ({
    package: name,
    incompatibilities: incompatibilities(program, name, built(name), target(name)),
  }));
}

function report(line, cells) {
  const count = cells.reduce((n, c) => n + c.incompatibilities.length, 0);
  const verdict = count === 0 ? 'compatible' : `${count} incompatibilit${count === 1 ? 'y' : 'ies'}`;
  console.log(`Grafana ${line.version} (${line.claimed ? 'claimed' : 'not claimed'}): ${verdict}`);
  for (const cell of cells) {
    for (const item of cell.incompatibilities) {
      console.log(`  ${cell.package}: ${item.kind} ${item.name} (used at ${item.at})`);
      // The signature diff, shortened: the full one is in the result file.
      const diff = item.detail.split('\n').filter((l) => /^\s*[-+]/.test(l));
      diff.slice(0, 12).forEach((l) => console.log(`      ${l.trim()}`));
    }
  }
  return count;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const config = JSON.parse(fs.readFileSync(args.lines, 'utf8'));
  selfTest();
  const program = createTsProgram(args.entry, { jsx: 4 /* react-jsx */, skipLibCheck: true });
  const versions = new Set(config.packages.map(installedVersion));
  if (versions.size !== 1) {
    throw new Error(`the plugin builds against mixed releases (${[...versions].join(', ')}) of ${config.packages.join(', ')}; pin one`);
  }
  const [builtVersion] = versions;
  const built = release(config.packages, builtVersion);
  console.log(`plugin built against Grafana ${builtVersion}'s ${config.packages.join(', ')}`);
  for (const name of config.packages) {
    const used = new Set([...packageUsage(program, name, built(name)).values()].flatMap((u) => Object.keys(u)));
    if (used.size === 0) {
      throw new Error(`found no use of ${name} in ${args.entry}: the check would pass vacuously`);
    }
    console.log(`  uses ${used.size} exports and members of ${name}`);
  }
  const results = [];
  for (const line of config.lines) {
    if (line.version === builtVersion) {
      console.log(`Grafana ${line.version} (${line.claimed ? 'claimed' : 'not claimed'}): the release the plugin builds against`);
      results.push({ ...line, incompatibilities: 0, cells: [] });
      continue;
    }
    const cells = checkLine(program, config.packages, built, line);
    results.push({ ...line, incompatibilities: report(line, cells), cells });
  }
  const failedClaims = results.filter((r) => r.claimed && r.incompatibilities > 0);
  if (args.result) {
    fs.writeFileSync(args.result, JSON.stringify({ built: builtVersion, results }, null, 2));
  }
  if (failedClaims.length > 0) {
    console.error(`claimed lines with incompatibilities: ${failedClaims.map((r) => r.version).join(', ')}`);
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main();
}
