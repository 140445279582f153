/**
 * OData literal and timestamp rendering. Every user-supplied value reaches `$filter` through
 * `quoteLiteral`, so no text or variable value can close its literal and add a clause of its own.
 */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** UTC, ISO 8601 with Z and millisecond precision: what `activityDateTime ge/le` compares against. */
export function formatDateTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/**
 * Checks that an expert's raw clause is self-contained: quotes closed and parentheses balanced
 * outside literals, never dipping below zero. Otherwise `x) or (true` could escape the parentheses
 * it is wrapped in and widen the time range.
 */
export function rawFilterProblem(clause: string): string | undefined {
  let depth = 0;
  let inLiteral = false;
  for (let i = 0; i < clause.length; i++) {
    const char = clause[i];
    if (inLiteral) {
      if (char === "'") {
        if (clause[i + 1] === "'") {
          i++;
        } else {
          inLiteral = false;
        }
      }
      continue;
    }
    if (char === "'") {
      inLiteral = true;
    } else if (char === '(') {
      depth++;
    } else if (char === ')') {
      depth--;
      if (depth < 0) {
        return `a ")" at position ${i + 1} closes a parenthesis that was never opened`;
      }
    }
  }
  if (inLiteral) {
    return "a text literal is not closed (write a quote inside text as '')";
  }
  if (depth > 0) {
    return `${depth} parenthesis${depth > 1 ? 'es are' : ' is'} not closed`;
  }
  return undefined;
}
