import { ComparisonOperator, FilterNode, FilterSyntaxError, FunctionName, Literal } from './ast';

const COMPARISONS: ReadonlySet<string> = new Set(['eq', 'ne', 'ge', 'le', 'gt', 'lt']);
/** OData names functions in lower case; Graph also accepts startsWith, as in its own signIns example. */
const FUNCTIONS: Readonly<Record<string, FunctionName>> = {
  startswith: 'startswith',
  startsWith: 'startswith',
  contains: 'contains',
  endswith: 'endswith',
  endsWith: 'endswith',
};

/**
 * A small recursive-descent parser for OData `$filter`: comparisons, startswith/contains,
 * `collection/any(v: …)`, `and`, `or`, `not` and parentheses. Which of these an API accepts is
 * the dialect's business, not the parser's.
 */
export function parseFilter(text: string): FilterNode {
  const parser = new Parser(text);
  const node = parser.expression();
  parser.skipSpace();
  if (!parser.atEnd()) {
    throw parser.error(`unexpected '${parser.rest().slice(0, 20)}'`);
  }
  return node;
}

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  rest(): string {
    return this.text.slice(this.pos);
  }

  error(detail: string): FilterSyntaxError {
    return new FilterSyntaxError(`Invalid filter clause: ${detail} at position ${this.pos}.`, 'syntax');
  }

  skipSpace(): void {
    while (!this.atEnd() && /\s/.test(this.text[this.pos])) {
      this.pos++;
    }
  }

  expression(): FilterNode {
    let left = this.conjunction();
    while (this.keyword('or')) {
      left = { kind: 'or', left, right: this.conjunction() };
    }
    return left;
  }

  private conjunction(): FilterNode {
    let left = this.unary();
    while (this.keyword('and')) {
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): FilterNode {
    if (this.keyword('not')) {
      return { kind: 'not', operand: this.unary() };
    }
    return this.primary();
  }

  private primary(): FilterNode {
    this.skipSpace();
    if (this.peek('(')) {
      this.expect('(');
      const inner = this.expression();
      this.expect(')');
      return inner;
    }
    const name = this.path();
    if (!name) {
      throw this.error(this.atEnd() ? 'the expression ends too early' : `unexpected '${this.text[this.pos]}'`);
    }
    this.skipSpace();
    if (this.peek('(')) {
      const lambda = /^(.*)\/(any|all)$/.exec(name);
      if (lambda) {
        return this.lambda(lambda[1], lambda[2]);
      }
      return this.call(name);
    }
    const operator = this.word();
    if (!operator || !COMPARISONS.has(operator)) {
      throw this.error(`expected a comparison operator (eq, ge, le, ...) after '${name}'`);
    }
    return { kind: 'compare', path: name, operator: operator as ComparisonOperator, literal: this.literal() };
  }

  private lambda(collection: string, quantifier: string): FilterNode {
    if (quantifier === 'all') {
      throw new FilterSyntaxError(`The lambda operator 'all' is not supported on '${collection}'.`, 'unsupported');
    }
    this.expect('(');
    this.skipSpace();
    const variable = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.rest())?.[0];
    if (!variable) {
      throw this.error(`expected a range variable in '${collection}/any(...)'`);
    }
    this.pos += variable.length;
    this.expect(':');
    const body = this.expression();
    this.expect(')');
    return { kind: 'any', collection, variable, body };
  }

  private call(name: string): FilterNode {
    const fn = FUNCTIONS[name];
    if (!fn) {
      throw new FilterSyntaxError(`The function '${name}' is not supported.`, 'unsupported');
    }
    this.expect('(');
    this.skipSpace();
    const path = this.path();
    if (!path) {
      throw this.error(`expected a property as the first argument of ${name}`);
    }
    this.expect(',');
    const literal = this.literal();
    this.expect(')');
    return { kind: 'compare', path, operator: fn, literal };
  }

  private literal(): Literal {
    this.skipSpace();
    if (this.peek("'")) {
      this.pos++;
      let value = '';
      for (;;) {
        if (this.atEnd()) {
          throw this.error('unterminated string literal');
        }
        const ch = this.text[this.pos++];
        if (ch === "'") {
          if (this.text[this.pos] === "'") {
            value += "'";
            this.pos++;
            continue;
          }
          return { quoted: true, text: value };
        }
        value += ch;
      }
    }
    const bare = /^[^\s(),']+/.exec(this.rest())?.[0];
    if (!bare) {
      throw this.error('expected a literal value');
    }
    this.pos += bare.length;
    return { quoted: false, text: bare };
  }

  private path(): string | undefined {
    this.skipSpace();
    const name = /^[A-Za-z_][A-Za-z0-9_./]*/.exec(this.rest())?.[0];
    if (name) {
      this.pos += name.length;
    }
    return name;
  }

  private word(): string | undefined {
    this.skipSpace();
    const word = /^[A-Za-z]+/.exec(this.rest())?.[0];
    if (word) {
      this.pos += word.length;
    }
    return word;
  }

  /** Consumes `word` when it stands alone (followed by space or a parenthesis). */
  private keyword(word: string): boolean {
    this.skipSpace();
    const rest = this.rest();
    if (rest.startsWith(word) && (rest.length === word.length || /[\s(]/.test(rest[word.length]))) {
      this.pos += word.length;
      return true;
    }
    return false;
  }

  peek(ch: string): boolean {
    return this.text[this.pos] === ch;
  }

  private expect(ch: string): void {
    this.skipSpace();
    if (!this.peek(ch)) {
      throw this.error(`expected '${ch}'`);
    }
    this.pos++;
  }
}
