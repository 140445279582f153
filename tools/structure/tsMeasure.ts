import ts from 'typescript';

/** A function's extent in a source file, in lines from its first token to its closing one. */
export interface FunctionSize {
  file: string;
  name: string;
  line: number;
  lines: number;
}

/** Lines in a file as an editor counts them (a final newline does not start another line). */
export function fileLines(text: string): number {
  if (text.length === 0) {
    return 0;
  }
  const breaks = text.split('\n').length - 1;
  return text.endsWith('\n') ? breaks : breaks + 1;
}

/**
 * Every function in the file — declarations, methods, accessors, constructors, function expressions
 * and arrow functions — with its length. A nested function is measured on its own and also counts
 * towards the function around it, as it does for the reader.
 */
export function measureFunctions(file: string, source: ts.SourceFile): FunctionSize[] {
  const sizes: FunctionSize[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      sizes.push({ file, name: functionName(node, source), line: first + 1, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sizes;
}

/** A name a reader can search for: the declared name, else what the function is assigned or passed to. */
export function functionName(node: ts.Node, source: ts.SourceFile): string {
  const own = declaredName(node, source);
  if (own !== undefined) {
    const owner = node.parent && ts.isClassLike(node.parent) && node.parent.name ? `${node.parent.name.text}.` : '';
    return owner + own;
  }
  const parent = node.parent;
  if (
    parent &&
    (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))
  ) {
    return parent.name.getText(source);
  }
  if (parent && ts.isCallExpression(parent)) {
    return `(callback of ${calleeText(parent, source)})`;
  }
  if (parent && ts.isExportAssignment(parent)) {
    return '(default export)';
  }
  return '(anonymous)';
}

function declaredName(node: ts.Node, source: ts.SourceFile): string | undefined {
  if (ts.isConstructorDeclaration(node)) {
    return 'constructor';
  }
  if (
    (ts.isFunctionDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node)) &&
    node.name !== undefined
  ) {
    const prefix = ts.isGetAccessorDeclaration(node) ? 'get ' : ts.isSetAccessorDeclaration(node) ? 'set ' : '';
    return prefix + node.name.getText(source);
  }
  return undefined;
}

function calleeText(call: ts.CallExpression, source: ts.SourceFile): string {
  const callee = call.expression.getText(source).replace(/\s+/g, ' ');
  const firstArgument = call.arguments[0];
  const label = firstArgument && ts.isStringLiteralLike(firstArgument) ? ` '${firstArgument.text}'` : '';
  const shortCallee = callee.length > 40 ? `${callee.slice(0, 37)}...` : callee;
  return shortCallee + (label.length > 50 ? `${label.slice(0, 47)}...'` : label);
}
