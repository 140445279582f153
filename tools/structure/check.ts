import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';

import { findCycles, type ImportCycle } from './cycles';
import { importEdges } from './importGraph';
import { sizeViolations, type FileSize, type SizeViolation } from './rules';
import { fileLines, measureFunctions, type FunctionSize } from './tsMeasure';

/** What the check found in one tree: import cycles and files or functions over their limits. */
export interface StructureReport {
  cycles: ImportCycle[];
  sizes: SizeViolation[];
}

/**
 * Checks the TypeScript files a tsconfig includes (cycles, sizes) and the Go files under `goRoots`
 * (sizes, measured by pkg/cmd/codesize). Paths in the report are relative to `root`.
 */
export function checkStructure(root: string, options: { tsconfig?: string; goRoots?: string[] } = {}): StructureReport {
  const tsFiles = readTypeScript(root, options.tsconfig ?? 'tsconfig.json');
  const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const edges = importEdges(tsFiles.sources, tsFiles.options).map((e) => ({
    ...e,
    from: relative(e.from),
    to: relative(e.to),
  }));
  const files: FileSize[] = [];
  const functions: FunctionSize[] = [];
  for (const [file, source] of tsFiles.sources) {
    files.push({ file: relative(file), lines: fileLines(source.text), generated: false });
    functions.push(...measureFunctions(relative(file), source));
  }
  const goRoots = options.goRoots ?? [];
  if (goRoots.length > 0) {
    const go = measureGo(root, goRoots);
    files.push(...go.files);
    functions.push(...go.functions);
  }
  return { cycles: findCycles(edges), sizes: sizeViolations(files, functions) };
}

function readTypeScript(
  root: string,
  tsconfig: string
): { sources: Map<string, ts.SourceFile>; options: ts.CompilerOptions } {
  const configPath = path.resolve(root, tsconfig);
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) {
    throw new Error(`cannot read ${configPath}: ${ts.flattenDiagnosticMessageText(read.error.messageText, '\n')}`);
  }
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(configPath));
  const sources = new Map<string, ts.SourceFile>();
  for (const file of parsed.fileNames) {
    const absolute = path.resolve(file);
    if (absolute.split(path.sep).includes('node_modules')) {
      continue;
    }
    const text = fs.readFileSync(absolute, 'utf8');
    sources.set(absolute, ts.createSourceFile(absolute, text, ts.ScriptTarget.Latest, true, scriptKind(absolute)));
  }
  return { sources, options: parsed.options };
}

function scriptKind(file: string): ts.ScriptKind {
  return file.endsWith('.tsx') ? ts.ScriptKind.TSX : file.endsWith('.ts') ? ts.ScriptKind.TS : ts.ScriptKind.JS;
}

/** This repository, where pkg/cmd/codesize lives (the tree checked may be another one, as in the tests). */
const repository = path.resolve(__dirname, '../..');

function measureGo(root: string, goRoots: string[]): { files: FileSize[]; functions: FunctionSize[] } {
  const roots = goRoots.map((dir) => path.resolve(root, dir));
  const output = execFileSync('go', ['run', './pkg/cmd/codesize', ...roots], {
    cwd: repository,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const parsed = JSON.parse(output) as { files: FileSize[] | null; functions: FunctionSize[] | null };
  const normal = (file: string) => path.relative(root, file).split(path.sep).join('/');
  return {
    files: (parsed.files ?? []).map((f) => ({ ...f, file: normal(f.file) })),
    functions: (parsed.functions ?? []).map((f) => ({ ...f, file: normal(f.file) })),
  };
}

/** The report as lines a reader can act on: every cycle with a loop to cut, every long file and function. */
export function formatReport(report: StructureReport): string[] {
  const lines: string[] = [];
  for (const cycle of report.cycles) {
    lines.push(`import cycle among ${cycle.modules.length} modules: ${cycle.modules.join(', ')}`);
    for (const edge of cycle.loop) {
      lines.push(`  ${edge.from} imports ${edge.to}${edge.typeOnly ? ' (type-only)' : ''}`);
    }
  }
  for (const v of report.sizes) {
    lines.push(
      v.name === undefined
        ? `file over ${v.limit} lines: ${v.file} has ${v.lines} lines`
        : `function over ${v.limit} lines: ${v.file}:${v.line} ${v.name} has ${v.lines} lines`
    );
  }
  return lines;
}
