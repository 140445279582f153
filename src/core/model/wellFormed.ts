/**
 * Text is read as Go's JSON decoder reads it: a lone UTF-16 surrogate (half of a pair, which no
 * UTF-8 text can hold) becomes U+FFFD. Both engines then send, label and show the same text, and
 * encodeURIComponent never meets a character it cannot encode.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function wellFormedText(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

/** The same value with every string (keys included) well formed; other values as they are. */
export function wellFormedJson<T>(value: T): T {
  if (typeof value === 'string') {
    return wellFormedText(value) as T;
  }
  if (Array.isArray(value)) {
    return value.map(wellFormedJson) as T;
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [wellFormedText(key), wellFormedJson(item)])
    ) as T;
  }
  return value;
}

/** Whether JSON text may hold an escaped surrogate, so a page without one is never walked twice. */
export function mayHoldSurrogateEscape(jsonText: string): boolean {
  return /\\u[dD][89a-fA-F]/.test(jsonText);
}
