/**
 * One generated case: settings, query, clock, range and what the fake Graph answers. Answers are
 * described abstractly (event times as fractions of the range, next-page links by kind) and rendered
 * against the settings, so shrinking keeps a case meaningful.
 */
import fc from 'fast-check';

import { AuditQuery } from '../../src/core/model/query';
import { AuditSettings, resolveSettings } from '../../src/core/model/settings';
import { auditEndpoint } from '../../src/core/plan/planRequest';
import { ConformanceCase, ScriptedAnswer } from '../harness';
import { eventArbitrary, EventSpec, renderGraphEvent, renderLegacyEvent } from './events';
import { queryArbitrary } from './query';
import { settingsArbitrary } from './settings';

const BASE_NOW = Date.parse('2026-11-20T12:00:00.000Z');
const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

export type NextLinkKind = 'none' | 'null' | 'fresh' | 'repeat' | 'foreign' | 'otherApi' | 'notText';

export type AnswerSpec =
  | { kind: 'page'; events: EventSpec[]; next: NextLinkKind }
  | { kind: 'status'; status: number; retryAfter?: string; code?: string; message?: string }
  | { kind: 'network' }
  | { kind: 'bodyText'; text: string };

export interface CaseSpec {
  settings: AuditSettings;
  query: AuditQuery;
  nowOffsetMs: number;
  toAgoMs: number;
  lengthMs: number;
  intervalMs: number;
  answers: AnswerSpec[];
  /** Ends the script with an empty last page, so a walk that outlives the answers still finishes. */
  lastPageEmpty: boolean;
}

function answerArbitrary(): fc.Arbitrary<AnswerSpec> {
  const page = fc.record({
    kind: fc.constant('page' as const),
    events: fc.array(eventArbitrary(), { maxLength: 6 }),
    next: fc.oneof(
      { weight: 4, arbitrary: fc.constant<NextLinkKind>('none') },
      { weight: 3, arbitrary: fc.constant<NextLinkKind>('fresh') },
      { weight: 1, arbitrary: fc.constantFrom<NextLinkKind>('null', 'repeat', 'foreign', 'otherApi', 'notText') }
    ),
  });
  const status = fc.record(
    {
      kind: fc.constant('status' as const),
      status: fc.constantFrom(400, 401, 403, 404, 429, 500, 502, 503, 504, 418),
      retryAfter: fc.constantFrom('0', '1', '2.128', '121', 'soon', 'Fri, 20 Nov 2026 12:00:05 GMT'),
      code: fc.constantFrom('TooManyRequests', 'Authentication_MSGraphPermissionMissing', 'BadRequest', ''),
      message: fc.constantFrom('Minimum allowed time for activityDateTime is 2026-10-21', 'nope', ''),
    },
    { requiredKeys: ['kind', 'status'] }
  );
  return fc.oneof(
    { weight: 10, arbitrary: page },
    { weight: 2, arbitrary: status },
    { weight: 1, arbitrary: fc.constant({ kind: 'network' as const }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('bodyText' as const),
        text: fc.constantFrom('<html>', '{"value":', '{}', 'null', '{"value":null}', '{"value":{}}'),
      }),
    }
  );
}

export function caseSpecArbitrary(): fc.Arbitrary<CaseSpec> {
  return fc.record({
    settings: settingsArbitrary(),
    query: queryArbitrary(),
    nowOffsetMs: fc.oneof(fc.constant(0), fc.integer({ min: -DAY, max: DAY })),
    toAgoMs: fc.oneof(
      { weight: 3, arbitrary: fc.oneof(fc.constantFrom(0, MINUTE, 60 * MINUTE), fc.nat({ max: DAY })) },
      {
        weight: 1,
        arbitrary: fc.oneof(fc.constantFrom(2 * DAY, 29 * DAY, 31 * DAY, 400 * DAY), fc.nat({ max: 40 * DAY })),
      }
    ),
    lengthMs: fc.oneof(
      fc.constantFrom(0, 1, 999, 1000, 60 * MINUTE, DAY, 7 * DAY, 45 * DAY, -1000),
      fc.integer({ min: -MINUTE, max: 10 * DAY })
    ),
    intervalMs: fc.constantFrom(0, 1, 999, 1000, MINUTE, 5 * MINUTE, 60 * MINUTE, DAY),
    answers: fc.array(answerArbitrary(), { maxLength: 5 }),
    lastPageEmpty: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  });
}

/** The concrete case both engines run. */
export function renderCase(spec: CaseSpec): ConformanceCase {
  const now = BASE_NOW + spec.nowOffsetMs;
  const to = now - spec.toAgoMs;
  const from = to - spec.lengthMs;
  const resolved = resolveSettings(spec.settings);
  const endpoint = safeEndpoint(() => auditEndpoint(resolved));
  const legacy = resolved.api === 'legacy';
  const nextLink = nextLinkMaker(endpoint, legacy);
  const responses = spec.answers.map((answer): ScriptedAnswer => {
    switch (answer.kind) {
      case 'page': {
        const value = answer.events.map((e) =>
          legacy ? renderLegacyEvent(e, from, to) : renderGraphEvent(e, from, to)
        );
        return { status: 200, body: { value, '@odata.nextLink': nextLink(answer.next) } };
      }
      case 'status':
        return {
          status: answer.status,
          headers: answer.retryAfter === undefined ? {} : { 'Retry-After': answer.retryAfter },
          body: legacy
            ? { 'odata.error': { code: answer.code, message: { lang: 'en', value: answer.message } } }
            : { error: { code: answer.code, message: answer.message } },
        };
      case 'network':
        return { networkError: true };
      case 'bodyText':
        return { status: 200, bodyText: answer.text };
    }
  });
  if (spec.lastPageEmpty) {
    responses.push({ status: 200, body: { value: [] } });
  }
  return {
    settings: spec.settings,
    query: spec.query,
    now: new Date(now).toISOString(),
    range: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    intervalMs: spec.intervalMs,
    maxDataPoints: 1000,
    responses,
  };
}

/** The nextLink of each page, by kind; `fresh` links count up and `repeat` repeats the last one given. */
function nextLinkMaker(endpoint: string, legacy: boolean): (kind: NextLinkKind) => unknown {
  const links: string[] = [];
  return (kind) => {
    switch (kind) {
      case 'none':
        return undefined;
      case 'null':
        return null;
      case 'notText':
        return 42;
      case 'foreign':
        return 'https://evil.example.com/v1.0/auditLogs/directoryAudits?$skiptoken=x';
      case 'otherApi':
        return (
          endpoint.replace('/v1.0/', '/beta/').replace('/activities/audit', '/activities/signins') + '?$skiptoken=y'
        );
      case 'repeat':
        return links[links.length - 1] ?? `${endpoint}?$skiptoken=0`;
      case 'fresh':
        links.push(`${endpoint}?${legacy ? 'api-version=beta&' : ''}$skiptoken=${links.length + 1}`);
        return links[links.length - 1];
    }
  };
}

/** Invalid settings have no endpoint; their case never reaches Graph, so any link will do. */
function safeEndpoint(endpoint: () => string): string {
  try {
    return endpoint();
  } catch {
    return 'https://graph.microsoft.com/v1.0/auditLogs/directoryAudits';
  }
}
