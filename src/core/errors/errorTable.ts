import json from '../../../conformance/tables/errors.json';
import { QueryErrorCode } from './queryError';

/**
 * The error advice table (conformance/tables/errors.json), read here and by pkg/models/errortable.go:
 * what each answer from Microsoft or Grafana's proxy means, and what Grafana answers for each code.
 */

/** Who caused an error, as Grafana's error source: the plugin (a bug) or downstream (the user, Microsoft). */
export type ErrorSource = 'plugin' | 'downstream';

/** The code Go gives an error that carries none; TypeScript never produces it on purpose. */
export type TableErrorCode = QueryErrorCode | 'internal';

export interface CodeEntry {
  status: number;
  source: ErrorSource;
}

/** What a rule is matched against: one HTTP answer and the parts of its error body. */
export interface Answer {
  status: number;
  /** Microsoft's stable `error.code`, '' when absent. */
  code: string;
  message: string;
  legacy: boolean;
}

interface Condition {
  status?: number[];
  statusFrom?: number;
  statusBelow?: number;
  legacy?: boolean;
  graphCodes?: string[];
  messageContains?: string[];
}

export interface AnswerRule {
  when: Condition[];
  code: QueryErrorCode;
  message: string;
  fix?: string;
}

interface ErrorTable {
  codes: Record<string, { status: number; source: string }>;
  texts: Record<string, string>;
  graphAnswers: AnswerRule[];
  probeAnswers: AnswerRule[];
  authFailedCauses: string[];
}

const table = json as unknown as ErrorTable;

/** The status Grafana answers and the error source for a code; an unknown code is a plugin bug. */
export function codeEntry(code: string): CodeEntry {
  const entry = table.codes[code] ?? table.codes.internal;
  return { status: entry.status, source: entry.source === 'downstream' ? 'downstream' : 'plugin' };
}

export function tableCodes(): string[] {
  return Object.keys(table.codes);
}

/** The first rule of `rules` that matches the answer; every list ends with a rule that matches anything. */
export function matchAnswer(rules: AnswerRule[], answer: Answer): AnswerRule {
  const found = rules.find((rule) => rule.when.some((condition) => holds(condition, answer)));
  if (!found) {
    throw new Error('the error table has no catch-all rule; conformance/tables/errors.json must end each list with one');
  }
  return found;
}

function holds(c: Condition, a: Answer): boolean {
  const message = a.message.toLowerCase();
  return (
    (c.status === undefined || c.status.includes(a.status)) &&
    (c.statusFrom === undefined || a.status >= c.statusFrom) &&
    (c.statusBelow === undefined || a.status < c.statusBelow) &&
    (c.legacy === undefined || c.legacy === a.legacy) &&
    (c.graphCodes === undefined || c.graphCodes.includes(a.code)) &&
    (c.messageContains === undefined || c.messageContains.some((part) => message.includes(part.toLowerCase())))
  );
}

export function graphAnswerRule(answer: Answer): AnswerRule {
  return matchAnswer(table.graphAnswers, answer);
}

export function probeAnswerRule(answer: Answer): AnswerRule {
  return matchAnswer(table.probeAnswers, answer);
}

export function authFailedCauses(): string[] {
  return table.authFailedCauses;
}

/**
 * Fills `{name}` from `values`, else from the table's texts (themselves filled the same way). An
 * inserted value is never read again, so text from Microsoft cannot name a placeholder.
 */
export function renderAdvice(template: string, values: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (Object.prototype.hasOwnProperty.call(values, name)) {
      return values[name];
    }
    if (Object.prototype.hasOwnProperty.call(table.texts, name)) {
      return renderAdvice(table.texts[name], values);
    }
    return whole;
  });
}

/** ` Microsoft said: "<code>: <message>".`, or '' when the body said nothing. */
export function microsoftSaid(code: string, message: string): string {
  const detail = [code, message].filter(Boolean).join(': ');
  return detail ? renderAdvice('{microsoftSaid}', { detail }) : '';
}
