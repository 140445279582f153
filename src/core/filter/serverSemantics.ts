import { AuditEvent } from '../model/event';
import { FilterCondition } from '../model/query';
import { matchKey } from './matchKey';
import { fieldValues } from './matchConditions';

/**
 * Whether Microsoft Graph's `$filter` would keep `event` for `condition` (a pushed-down row: one
 * value, `eq` or `startsWith`), or `undefined` when that cannot be known from the event alone.
 *
 * Graph does not document whether directoryAudits compares strings case-sensitively, and the
 * emulator (emulator/graph/graphDialect.ts) compares them exactly, while the plugin's own matcher
 * ignores case, dashes and surrounding white space (`matchKey`). Rather than bet on either, the answer
 * is given only when both rules agree: an event whose value equals (or starts with) the wanted text
 * except for letter case, dashes or surrounding white space is undecided, and so
 * is an empty wanted value (Graph never matches a missing property, which normalising turns into
 * ''). Target names compare `displayName` only, as `targetResources/any(t: t/displayName ...)` does.
 */
export function serverKeeps(condition: FilterCondition, event: AuditEvent): boolean | undefined {
  return serverTest(condition)(event);
}

/** `serverKeeps` for one condition, with the wanted text prepared once for many events. */
function serverTest(condition: FilterCondition): (event: AuditEvent) => boolean | undefined {
  // Graph is sent only eq and startswith; any other operator's fate on Graph is unknown here.
  const pushable = condition.operator === 'eq' || condition.operator === 'startsWith';
  if (!pushable || condition.values.length !== 1 || condition.values[0] === '') {
    return () => undefined;
  }
  const wanted = condition.values[0];
  const foldedWanted = matchKey(wanted);
  const test =
    condition.operator === 'eq'
      ? (actual: string, expected: string) => actual === expected
      : (actual: string, expected: string) => actual.startsWith(expected);
  const valuesOf =
    condition.field === 'targetName'
      ? (event: AuditEvent) => event.targets.map((t) => t.displayName)
      : (event: AuditEvent) => fieldValues(event, condition.field);
  return (event) => {
    const values = valuesOf(event);
    const exact = values.some((value) => test(value, wanted));
    const folded = values.some((value) => test(matchKey(value), foldedWanted));
    return exact === folded ? exact : undefined;
  };
}

/**
 * The events of `events` Graph would keep for every condition (rows ANDed), or `undefined` when
 * any event is undecided for any condition (see `serverKeeps`).
 */
export function keptByServer<E extends AuditEvent>(conditions: FilterCondition[], events: E[]): E[] | undefined {
  const tests = conditions.map(serverTest);
  const kept: E[] = [];
  for (const event of events) {
    let keep = true;
    for (const test of tests) {
      const verdict = test(event);
      if (verdict === undefined) {
        return undefined;
      }
      if (!verdict) {
        keep = false;
        break;
      }
    }
    if (keep) {
      kept.push(event);
    }
  }
  return kept;
}
