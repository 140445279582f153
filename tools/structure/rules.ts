import type { FunctionSize } from './tsMeasure';

/** The project's size rule (CONTRIBUTING: small files with one responsibility). */
export const MAX_FILE_LINES = 400;
export const MAX_FUNCTION_LINES = 60;

/** One file's length and whether a generator wrote it. */
export interface FileSize {
  file: string;
  lines: number;
  generated: boolean;
}

/** A file or function over its limit. */
export interface SizeViolation {
  file: string;
  name?: string;
  line?: number;
  lines: number;
  limit: number;
}

/** Test files by the names jest, the browser runner and `go test` pick up. */
export function isTestFile(file: string): boolean {
  return /\.(test|spec)\.tsx?$/.test(file) || /_test\.go$/.test(file);
}

/**
 * Files no one writes by hand, so no one can make them smaller: the scaffold `@grafana/create-plugin`
 * writes and overwrites under `.config/` ("DO NOT EDIT"), and Go files marked `// Code generated …
 * DO NOT EDIT.`. Only generated code may be listed here.
 */
export function isGenerated(file: FileSize): boolean {
  return file.generated || file.file.startsWith('.config/');
}

/**
 * Every file over MAX_FILE_LINES (test files included: a long test file is as hard to read) and every
 * function over MAX_FUNCTION_LINES outside test files, where `describe` blocks group cases by design.
 */
export function sizeViolations(files: readonly FileSize[], functions: readonly FunctionSize[]): SizeViolation[] {
  const generated = new Set(files.filter(isGenerated).map((f) => f.file));
  const longFiles: SizeViolation[] = files
    .filter((f) => !generated.has(f.file) && f.lines > MAX_FILE_LINES)
    .map((f) => ({ file: f.file, lines: f.lines, limit: MAX_FILE_LINES }));
  const longFunctions: SizeViolation[] = functions
    .filter((f) => !generated.has(f.file) && !isTestFile(f.file) && f.lines > MAX_FUNCTION_LINES)
    .map((f) => ({ file: f.file, name: f.name, line: f.line, lines: f.lines, limit: MAX_FUNCTION_LINES }));
  return [...longFiles, ...longFunctions].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
}
