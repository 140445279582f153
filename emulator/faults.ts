/**
 * Faults on demand, each targeted so a test knows exactly which request fails:
 * `nth` (the nth matching request after the rule was set), `every` (every nth), `count` (this many
 * in a row, starting at `nth` or at once). A rule with none of these fires on every matching request.
 */
export type FaultKind =
  'status' | 'reset' | 'slow' | 'truncatedJson' | 'malformedJson' | 'emptyPageWithNextLink' | 'repeatNextLink';

export type FaultTarget = 'report' | 'graph' | 'legacy' | 'token' | 'any';

export interface FaultRule {
  kind: FaultKind;
  /** For `status`: 500, 502, 503 or 504. */
  status?: number;
  /** For `status`: a Retry-After header in real seconds (fractional allowed); omitted when absent. */
  retryAfterSeconds?: number;
  /** For `slow`: emulated milliseconds before the response starts. */
  delayMs?: number;
  /** Which requests the rule watches; `report` (the default) is Graph and legacy audit pages. */
  target?: FaultTarget;
  nth?: number;
  every?: number;
  count?: number;
}

export const FAULT_KINDS: readonly FaultKind[] = [
  'status',
  'reset',
  'slow',
  'truncatedJson',
  'malformedJson',
  'emptyPageWithNextLink',
  'repeatNextLink',
];

interface ActiveRule {
  rule: FaultRule;
  seen: number;
}

export class FaultPlan {
  private rules: ActiveRule[] = [];
  /** A page fault whose request the throttle turned away: it bends the next page served instead. */
  private carried?: FaultRule;

  constructor(rules: FaultRule[] = []) {
    this.set(rules);
  }

  set(rules: FaultRule[]): void {
    rules.forEach(validateFault);
    this.rules = rules.map((rule) => ({ rule, seen: 0 }));
    this.carried = undefined;
  }

  add(rule: FaultRule): void {
    validateFault(rule);
    this.rules.push({ rule, seen: 0 });
  }

  list(): FaultRule[] {
    return this.rules.map((r) => r.rule);
  }

  /** Counts the request against every watching rule; returns the first rule that fires. */
  next(api: 'graph' | 'legacy' | 'token'): FaultRule | undefined {
    let fired: FaultRule | undefined;
    for (const active of this.rules) {
      if (!watches(active.rule.target ?? 'report', api)) {
        continue;
      }
      active.seen++;
      if (!fired && fires(active.rule, active.seen)) {
        fired = active.rule;
      }
    }
    if (this.carried && api !== 'token') {
      fired = this.carried;
      this.carried = undefined;
    }
    return fired;
  }

  /** The page fault `next` returned was never served (a 429 answered first): keep it for the next page. */
  carry(rule: FaultRule): void {
    this.carried = rule;
  }
}

function watches(target: FaultTarget, api: 'graph' | 'legacy' | 'token'): boolean {
  return target === 'any' || target === api || (target === 'report' && api !== 'token');
}

function fires(rule: FaultRule, seen: number): boolean {
  if (rule.every !== undefined) {
    return seen % rule.every === 0;
  }
  const start = rule.nth ?? 1;
  const count = rule.count ?? (rule.nth !== undefined ? 1 : Infinity);
  return seen >= start && seen < start + count;
}

export function validateFault(rule: FaultRule): void {
  if (!FAULT_KINDS.includes(rule.kind)) {
    throw new Error(`Unknown fault kind '${rule.kind}'. Use one of: ${FAULT_KINDS.join(', ')}.`);
  }
  if (rule.kind === 'status' && ![500, 502, 503, 504].includes(rule.status ?? 0)) {
    throw new Error(`A 'status' fault needs status 500, 502, 503 or 504, got ${rule.status}.`);
  }
  for (const key of ['nth', 'every', 'count'] as const) {
    const value = rule[key];
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
      throw new Error(`Fault '${key}' must be a positive integer, got ${value}.`);
    }
  }
}
