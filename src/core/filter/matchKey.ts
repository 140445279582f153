import table from '../../../conformance/tables/text-match.json';
import { foldCase } from './foldCase';

/** The code points of a list in conformance/tables/text-match.json ("U+2013 EN DASH" → 0x2013). */
function codePoints(list: readonly string[]): Set<number> {
  return new Set(list.map((entry) => parseInt(/^U\+([0-9A-F]{4,6})\b/.exec(entry)![1], 16)));
}

const DASHES = codePoints(table.dashes.codePoints);
const WHITESPACE = codePoints(table.whitespace.codePoints);
const HYPHEN_MINUS = '-';
const ONLY_ASCII_WITHOUT_EDGE_SPACE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/** Whether a code point is one of the dashes plugin-side matching treats as one (text-match.json). */
export function isDash(codePoint: number): boolean {
  return DASHES.has(codePoint);
}

/** Whether a code point is white space that surrounds a value (text-match.json). */
export function isMatchSpace(codePoint: number): boolean {
  return WHITESPACE.has(codePoint);
}

/**
 * What plugin-side matching compares (pkg/plan/matchkey.go MatchKey): the text without the white
 * space around it, every dash as a hyphen-minus, letter case folded. Microsoft logs
 * "Update application – Certificates and secrets management " (en dash, trailing space); a person
 * types a hyphen, no space, and often lower case.
 */
export function matchKey(text: string): string {
  if (ONLY_ASCII_WITHOUT_EDGE_SPACE.test(text)) {
    return text.toLowerCase();
  }
  const chars = Array.from(text);
  let start = 0;
  let end = chars.length;
  while (start < end && WHITESPACE.has(chars[start].codePointAt(0)!)) {
    start++;
  }
  while (end > start && WHITESPACE.has(chars[end - 1].codePointAt(0)!)) {
    end--;
  }
  let out = '';
  for (let i = start; i < end; i++) {
    out += DASHES.has(chars[i].codePointAt(0)!) ? HYPHEN_MINUS : chars[i];
  }
  return foldCase(out);
}
