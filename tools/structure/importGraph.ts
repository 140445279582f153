import * as path from 'node:path';
import ts from 'typescript';

/** One import of a module by another, as written in the importing file. */
export interface ImportEdge {
  from: string;
  to: string;
  /** Whether the edge is erased at compile time (`import type`, `export type`, `import('…')` in a type). */
  typeOnly: boolean;
}

/** Every module specifier a file names, with whether that import is type-only. */
export function importedSpecifiers(source: ts.SourceFile): Array<{ specifier: string; typeOnly: boolean }> {
  const found: Array<{ specifier: string; typeOnly: boolean }> = [];
  const add = (node: ts.Node | undefined, typeOnly: boolean) => {
    if (node && ts.isStringLiteralLike(node)) {
      found.push({ specifier: node.text, typeOnly });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      add(node.moduleSpecifier, isTypeOnlyImport(node));
    } else if (ts.isExportDeclaration(node)) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true);
    } else if (ts.isCallExpression(node) && isImportOrRequire(node) && node.arguments.length > 0) {
      add(node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) {
    return false; // `import './side-effect'` runs the module
  }
  if (clause.isTypeOnly) {
    return true;
  }
  // `import { type A, type B } from` is erased too when every named binding is type-only.
  const bindings = clause.namedBindings;
  return (
    clause.name === undefined &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

function isImportOrRequire(node: ts.CallExpression): boolean {
  if (node.expression.kind === ts.SyntaxKind.ImportKeyword) {
    return true;
  }
  return ts.isIdentifier(node.expression) && node.expression.text === 'require';
}

/**
 * The edges between the given files: each import is resolved the way the compiler resolves it with
 * these options, and kept only when it lands on another file of the set (packages are not ours).
 */
export function importEdges(
  files: ReadonlyMap<string, ts.SourceFile>,
  options: ts.CompilerOptions,
  host: ts.ModuleResolutionHost = ts.sys
): ImportEdge[] {
  const cache = ts.createModuleResolutionCache(process.cwd(), (name) => name, options);
  const edges: ImportEdge[] = [];
  for (const [file, source] of files) {
    for (const { specifier, typeOnly } of importedSpecifiers(source)) {
      const resolved = ts.resolveModuleName(specifier, file, options, host, cache).resolvedModule;
      const target = resolved ? path.resolve(resolved.resolvedFileName) : undefined;
      if (target !== undefined && target !== file && files.has(target)) {
        edges.push({ from: file, to: target, typeOnly });
      } else if (target === file) {
        edges.push({ from: file, to: file, typeOnly });
      }
    }
  }
  return edges;
}
