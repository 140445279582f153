import names from '../../../conformance/tables/activity-names.json';
import { isDash, isMatchSpace, matchKey } from '../filter/matchKey';
import { FilterCondition } from '../model/query';

/**
 * What an activity row asks Microsoft Graph for (pkg/plan/spellings.go ServerForm). The plugin
 * matches activity names on `matchKey` (case, dashes and surrounding white space ignored) while
 * Graph compares what it is sent, exactly as far as anyone can tell, so a pushed row must never
 * keep fewer events than the plugin would:
 * - `eq` on a name of conformance/tables/activity-names.json asks for the spelling tenants log
 *   ("update application - certificates and secrets management" → `eq` the name with its en dash
 *   and trailing space); a name logged in several spellings asks `startswith` their common start,
 *   and the plugin checks the row again.
 * - Any other value (and `startsWith`) asks `startswith` for its start up to the first dash or
 *   white space, spelled as the table's names start (Microsoft capitalises a name's first word),
 *   and the plugin checks the row again (unless that is the value as typed); when no name starts that way and the start has letters,
 *   its case is unknown, and the row is left to the plugin alone.
 */
export interface ServerForm {
  /** What Graph is asked; undefined: the row runs in the plugin only. */
  condition?: FilterCondition;
  /** The plugin applies the row as typed after fetching. */
  recheck: boolean;
}

/** Every spelling of each activity, found by its match key. */
const SPELLINGS_BY_KEY = new Map<string, string[]>();
/** The first word of every spelling (up to a dash or white space), as tenants log it. */
const FIRST_WORDS: string[] = [];

for (const activity of names.activities) {
  const spellings = [activity.name, ...activity.alsoLoggedAs];
  for (const spelling of spellings) {
    const known = SPELLINGS_BY_KEY.get(matchKey(spelling)) ?? [];
    SPELLINGS_BY_KEY.set(matchKey(spelling), [...known, ...spellings.filter((s) => !known.includes(s))]);
    const word = firstWord(spelling);
    if (word !== '' && !FIRST_WORDS.includes(word)) {
      FIRST_WORDS.push(word);
    }
  }
}

/** The spellings tenants log for a name as typed (empty when the table does not know it). */
export function loggedSpellings(typed: string): readonly string[] {
  return SPELLINGS_BY_KEY.get(matchKey(typed)) ?? [];
}

/** Whether the activity-names table knows this name in some spelling. */
export function isKnownActivity(typed: string): boolean {
  return SPELLINGS_BY_KEY.has(matchKey(typed));
}

export function serverForm(condition: FilterCondition): ServerForm {
  // Only is and starts with have a spelling to ask for; the other operators never reach Graph.
  const positive = condition.operator === 'eq' || condition.operator === 'startsWith';
  if (condition.field !== 'activity' || condition.values.length !== 1 || !positive) {
    return { condition, recheck: false };
  }
  const typed = condition.values[0];
  const spellings = condition.operator === 'eq' ? loggedSpellings(typed) : [];
  if (spellings.length === 1) {
    return { condition: { field: 'activity', operator: 'eq', values: [spellings[0]] }, recheck: false };
  }
  const start = spellings.length > 1 ? commonStart(spellings) : spelledStart(typed);
  if (start === '') {
    return { recheck: true };
  }
  // Asked exactly as typed, Graph keeps what the plugin would: nothing to check again.
  const recheck = condition.operator !== 'startsWith' || start !== typed;
  return { condition: { field: 'activity', operator: 'startsWith', values: [start] }, recheck };
}

/** The code points before the first dash or white space, after the white space that leads. */
function firstWord(text: string): string {
  const chars = Array.from(text);
  let i = 0;
  while (i < chars.length && isMatchSpace(chars[i].codePointAt(0)!)) {
    i++;
  }
  let word = '';
  for (; i < chars.length; i++) {
    const cp = chars[i].codePointAt(0)!;
    if (isDash(cp) || isMatchSpace(cp)) {
      break;
    }
    word += chars[i];
  }
  return word;
}

/**
 * The typed value's first word as the table's names spell their start, or as typed when it has
 * no ASCII letter and nothing but ASCII (nothing in it has a case); '' when neither is known.
 */
function spelledStart(typed: string): string {
  const word = firstWord(typed);
  if (word === '') {
    return '';
  }
  const length = Array.from(word).length;
  const key = matchKey(word);
  const starts = new Set(
    FIRST_WORDS.filter((w) => matchKey(w).startsWith(key)).map((w) =>
      Array.from(w).slice(0, length).join('')
    )
  );
  if (starts.size === 1) {
    return [...starts][0];
  }
  return starts.size === 0 && /^[\x21-\x40\x5b-\x60\x7b-\x7e]+$/.test(word) ? word : '';
}

/** The longest start, in code points, every spelling shares. */
function commonStart(spellings: readonly string[]): string {
  const [first, ...rest] = spellings.map((s) => Array.from(s));
  let length = first.length;
  for (const other of rest) {
    let i = 0;
    while (i < length && i < other.length && other[i] === first[i]) {
      i++;
    }
    length = i;
  }
  return first.slice(0, length).join('');
}
