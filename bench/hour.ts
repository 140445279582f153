import { RunningEmulator } from '../emulator';
import { AuditQuery, withQueryDefaults } from '../src/core/model/query';
import { countRequests } from './dashboardLoad';
import { ModeSession } from './modes';
import { PanelEnd } from './viewers';

/** Five alert rules evaluated every minute, each over its own recent window (minutes). */
export const ALERT_RULES: Array<{ query: AuditQuery; minutes: number }> = [
  {
    minutes: 60,
    query: {
      refId: 'A',
      format: 'alertNumbers',
      groupBy: 'result',
      filters: [{ field: 'result', operator: 'eq', values: ['failure'] }],
    },
  },
  {
    minutes: 60,
    query: {
      refId: 'A',
      format: 'alertNumbers',
      groupBy: 'activity',
      filters: [{ field: 'activity', operator: 'eq', values: ['Add member to role'] }],
    },
  },
  {
    minutes: 15,
    query: {
      refId: 'A',
      format: 'alertNumbers',
      groupBy: 'activity',
      filters: [{ field: 'service', operator: 'eq', values: ['Core Directory'] }],
    },
  },
  {
    minutes: 60,
    query: {
      refId: 'A',
      format: 'alertNumbers',
      groupBy: 'initiatedBy',
      filters: [{ field: 'activity', operator: 'startsWith', values: ['Update'] }],
    },
  },
  { minutes: 5, query: { refId: 'A', format: 'alertNumbers', groupBy: 'category', filters: [] } },
].map((rule) => ({ ...rule, query: withQueryDefaults(rule.query as AuditQuery) }));

export interface HourReport {
  cycles: number;
  viewers: number;
  rules: number;
  /** Graph requests (and 429s) sent during each cycle's minute, the first being the cold load. */
  requestsPerCycle: number[];
  throttledPerCycle: number[];
  panelsFailed: number;
  rulesFailed: number;
  /** Cycles that started late because the previous one was still running. */
  lateCycles: number;
  errors: string[];
}

/**
 * One emulated hour: every minute, `viewers` viewers refresh the dashboard (now-7d..now) and the
 * alert rules evaluate, all at the minute's start; a cycle still running delays the next.
 */
export async function runHour(
  emulator: RunningEmulator,
  session: ModeSession,
  viewers: number,
  cycles: number
): Promise<HourReport> {
  const evaluate = session.evaluate;
  if (!evaluate) {
    throw new Error('this mode runs no alert rules through the benchmark');
  }
  const t0 = emulator.now();
  const starts: number[] = [];
  const ends: PanelEnd[] = [];
  const ruleEnds: PanelEnd[] = [];
  let late = 0;
  for (let cycle = 0; cycle < cycles; cycle++) {
    const due = t0 + cycle * 60_000;
    const wait = due - emulator.now();
    if (wait > 0) {
      await new Promise((resolve) => setTimeout(resolve, wait / emulator.timeScale));
    } else if (cycle > 0) {
      late++;
    }
    starts.push(emulator.now());
    const [views, rules] = await Promise.all([
      session.open(viewers),
      Promise.all(ALERT_RULES.map((rule) => evaluate(rule.query, rule.minutes))),
    ]);
    ends.push(...views.flat());
    ruleEnds.push(...rules);
  }
  const end = emulator.now();
  const perCycle = starts.map((start, i) => window(emulator, start, starts[i + 1] ?? end));
  const failed = [...ends, ...ruleEnds].filter((p) => p.failed);
  return {
    cycles,
    viewers,
    rules: ALERT_RULES.length,
    requestsPerCycle: perCycle.map((c) => c.requests),
    throttledPerCycle: perCycle.map((c) => c.throttled),
    panelsFailed: ends.filter((p) => p.failed).length,
    rulesFailed: ruleEnds.filter((p) => p.failed).length,
    lateCycles: late,
    errors: [...new Set(failed.map((p) => p.error ?? '?'))],
  };
}

function window(emulator: RunningEmulator, from: number, to: number): { requests: number; throttled: number } {
  const all = countRequests(emulator, from);
  const after = countRequests(emulator, to);
  return { requests: all.requests - after.requests, throttled: all.throttled - after.throttled };
}
