/**
 * The subset of Go's text/template that plugin.json routes use, with Grafana's data and its
 * `orEmpty` function (reference grafana-platform.md §3.3). Rendering follows Go where a route could
 * notice: a missing key prints `<no value>`, maps print as `map[k:v]`, a parse or execute error
 * fails the whole string. Control structures (if, range, with, ...) are refused as a parse error so
 * a route that needs them shows up in the stand-in's log instead of rendering differently.
 */

export interface TemplateData {
  JsonData: Record<string, unknown>;
  SecureJsonData: Record<string, string>;
  /** The data source's own URL (Grafana PR #80858). */
  URL?: string;
}

export class TemplateError extends Error {}

/** A value as Go's reflect sees it: `missing` stands for the invalid Value of an absent map key. */
const MISSING = Symbol('missing');
type GoValue = unknown | typeof MISSING;

type Operand = { kind: 'field'; chain: string[] } | { kind: 'string'; value: string } | { kind: 'ident'; name: string };
type Command = Operand[];
type Pipeline = Command[];
type Node = { kind: 'text'; text: string } | { kind: 'action'; pipeline: Pipeline };

const FUNCTIONS: Record<string, (args: GoValue[]) => GoValue> = {
  orEmpty: (args) => {
    if (args.length !== 1) {
      throw new TemplateError(`wrong number of args for orEmpty: want 1 got ${args.length}`);
    }
    const [value] = args;
    return value === MISSING || value === null || value === undefined ? '' : value;
  },
};

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue']);

/**
 * Renders `text` as Grafana's interpolateString does; throws a TemplateError carrying Go's message
 * ("could not parse template <text>" / "failed to execute template <text>"). The message quotes the
 * template, never the rendered data, so a secret cannot leak through it.
 */
export function interpolateString(text: string, data: TemplateData): string {
  let nodes: Node[];
  try {
    nodes = parse(text);
  } catch {
    throw new TemplateError(`could not parse template ${text}`);
  }
  try {
    return nodes
      .map((node) => (node.kind === 'text' ? node.text : printValue(runPipeline(node.pipeline, data))))
      .join('');
  } catch {
    throw new TemplateError(`failed to execute template ${text}`);
  }
}

function parse(text: string): Node[] {
  const nodes: Node[] = [];
  let rest = text;
  let trimNextLeft = false;
  for (;;) {
    const open = rest.indexOf('{{');
    let literal = open < 0 ? rest : rest.slice(0, open);
    if (trimNextLeft) {
      literal = literal.replace(/^\s+/, '');
    }
    if (open < 0) {
      nodes.push({ kind: 'text', text: literal });
      return nodes;
    }
    let inner = rest.slice(open + 2);
    const close = findClose(inner);
    if (close < 0) {
      throw new TemplateError('unclosed action');
    }
    let body = inner.slice(0, close);
    rest = inner.slice(close + 2);
    if (/^-\s/.test(body)) {
      literal = literal.replace(/\s+$/, '');
      body = body.slice(1);
    }
    trimNextLeft = /\s-$/.test(body);
    if (trimNextLeft) {
      body = body.slice(0, -1);
    }
    nodes.push({ kind: 'text', text: literal });
    const trimmed = body.trim();
    if (/^\/\*[\s\S]*\*\/$/.test(trimmed)) {
      continue;
    }
    nodes.push({ kind: 'action', pipeline: parsePipeline(trimmed) });
  }
}

/** Index of the `}}` closing an action, skipping quoted strings. */
function findClose(text: string): number {
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') {
        i++;
      } else if (c === quote) {
        quote = '';
      }
    } else if (c === '"' || c === '`') {
      quote = c;
    } else if (text.startsWith('}}', i)) {
      return i;
    }
  }
  return -1;
}

function parsePipeline(text: string): Pipeline {
  const tokens = tokenize(text);
  if (tokens.length === 0) {
    throw new TemplateError('missing value for command');
  }
  const pipeline: Pipeline = [[]];
  for (const token of tokens) {
    if (token === '|') {
      pipeline.push([]);
      continue;
    }
    pipeline[pipeline.length - 1].push(parseOperand(token));
  }
  if (pipeline.some((command) => command.length === 0)) {
    throw new TemplateError('missing command');
  }
  return pipeline;
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /\s*("(?:[^"\\]|\\.)*"|`[^`]*`|\||[^\s|"`]+)/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(text)) !== null) {
    tokens.push(match[1]);
    consumed = pattern.lastIndex;
  }
  if (text.slice(consumed).trim() !== '') {
    throw new TemplateError('bad syntax');
  }
  return tokens;
}

function parseOperand(token: string): Operand {
  if (token.startsWith('"')) {
    return { kind: 'string', value: JSON.parse(token) as string };
  }
  if (token.startsWith('`')) {
    return { kind: 'string', value: token.slice(1, -1) };
  }
  if (token === '.') {
    return { kind: 'field', chain: [] };
  }
  if (/^(\.[A-Za-z_][A-Za-z0-9_]*)+$/.test(token)) {
    return { kind: 'field', chain: token.slice(1).split('.') };
  }
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(token) && !KEYWORDS.has(token) && token in FUNCTIONS) {
    return { kind: 'ident', name: token };
  }
  throw new TemplateError(`unexpected ${token}`);
}

function runPipeline(pipeline: Pipeline, data: TemplateData): GoValue {
  let previous: GoValue | typeof NONE = NONE;
  for (const command of pipeline) {
    const [head, ...rest] = command;
    const args = rest.map((operand) => evalOperand(operand, data));
    if (previous !== NONE) {
      args.push(previous);
    }
    if (head.kind === 'ident') {
      previous = FUNCTIONS[head.name](args);
    } else if (args.length > 0) {
      throw new TemplateError("can't give argument to non-function");
    } else {
      previous = evalOperand(head, data);
    }
  }
  return previous;
}

const NONE = Symbol('none');

function evalOperand(operand: Operand, data: TemplateData): GoValue {
  if (operand.kind === 'string') {
    return operand.value;
  }
  if (operand.kind === 'ident') {
    return FUNCTIONS[operand.name]([]);
  }
  if (operand.chain.length === 0) {
    return data;
  }
  const [first, ...path] = operand.chain;
  if (first !== 'JsonData' && first !== 'SecureJsonData' && first !== 'URL') {
    throw new TemplateError(`can't evaluate field ${first} in type pluginproxy.templateData`);
  }
  let value: GoValue = first === 'URL' ? (data.URL ?? '') : data[first];
  for (const key of path) {
    value = field(value, key);
  }
  return value;
}

function field(receiver: GoValue, key: string): GoValue {
  if (receiver === MISSING || receiver === null || receiver === undefined) {
    return MISSING;
  }
  if (typeof receiver === 'object' && !Array.isArray(receiver)) {
    const record = receiver as Record<string, unknown>;
    return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : MISSING;
  }
  throw new TemplateError(`can't evaluate field ${key} in type ${goTypeName(receiver)}`);
}

function goTypeName(value: unknown): string {
  if (typeof value === 'string') {
    return 'string';
  }
  if (typeof value === 'number') {
    return 'json.Number';
  }
  if (typeof value === 'boolean') {
    return 'bool';
  }
  return Array.isArray(value) ? '[]interface {}' : 'interface {}';
}

/** fmt's %v for the values JSON decoding produces, as text/template prints them. */
function printValue(value: GoValue): string {
  if (value === MISSING || value === null || value === undefined) {
    return '<no value>';
  }
  return formatNested(value);
}

function formatNested(value: unknown): string {
  if (value === null || value === undefined || value === MISSING) {
    return '<nil>';
  }
  if (Array.isArray(value)) {
    return `[${value.map(formatNested).join(' ')}]`;
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    return `map[${keys.map((k) => `${k}:${formatNested(record[k])}`).join(' ')}]`;
  }
  return String(value);
}
