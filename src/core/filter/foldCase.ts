/**
 * Letter case folded as Go's strings.ToLower folds it (one code point to one, Unicode's simple
 * mapping), so both engines match the same events. JavaScript's toLowerCase differs on exactly two
 * letters: İ (U+0130) becomes "i" plus a combining dot, and a word-final Σ becomes ς. Both are
 * mapped first; every other letter lower-cases alike.
 */
export function foldCase(text: string): string {
  return FOLDS_APART.test(text) ? text.replace(FOLDS_APART_ALL, simpleLower).toLowerCase() : text.toLowerCase();
}

const FOLDS_APART = /[\u0130\u03a3]/;
const FOLDS_APART_ALL = /[\u0130\u03a3]/g;

function simpleLower(letter: string): string {
  return letter === '\u0130' ? 'i' : '\u03c3';
}
