/**
 * Text a Viewer, an admin or Microsoft might send: plain names, OData metacharacters, URL
 * metacharacters, control characters, non-BMP and lone-surrogate code units, and arbitrary strings.
 */
import fc from 'fast-check';

export const ODD_TEXTS = [
  'Add user',
  "O'Brien",
  "''",
  'a&b=c#d%20e',
  '$__all',
  '$activity',
  'ümlaut café',
  // Letters whose lower case differs between JavaScript's toLowerCase and Go's strings.ToLower.
  'İSTANBUL ΟΔΟΣ',
  'i\u0307stanbul οδος',
  'Straße \u212a',
  '日本語の監査',
  '😀 emoji',
  'tab\there',
  'line\nbreak',
  'nul\u0000byte',
  'bell\u0007',
  'del\u007f',
  'line sep\u2028',
  'lone \ud800 surrogate',
  'rtl \u202e override',
  '  padded  ',
  '',
  ' ',
  'a'.repeat(300),
];

/** Mostly the list above, sometimes any string of any code units. */
export function oddText(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ODD_TEXTS) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }
  );
}

/** A value from a small pool, so events share groups and filters find matches. */
export function pooled<T>(...values: T[]): fc.Arbitrary<T> {
  return fc.constantFrom(...values);
}

/** Absent (undefined) once in `freq` times, else one of the values. */
export function maybe<T>(arbitrary: fc.Arbitrary<T>, freq = 3): fc.Arbitrary<T | undefined> {
  return fc.option(arbitrary, { nil: undefined, freq });
}
