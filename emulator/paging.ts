import { createHash } from 'node:crypto';
import { Cursor } from './data/eventStore';

/**
 * `$skiptoken` values: an opaque encoding of where the previous page ended (a keyset cursor, so
 * events arriving meanwhile never shift a page) and of the query it belongs to.
 */
export interface PageToken {
  cursor: Cursor;
  /** Fingerprint of the query the token was issued for (Graph), or the query itself (legacy). */
  query: string;
}

export function encodePageToken(token: PageToken): string {
  const payload = JSON.stringify([token.cursor.ms, token.cursor.ticks, token.cursor.index, token.query]);
  return Buffer.from(payload, 'utf8').toString('base64url');
}

export function decodePageToken(text: string): PageToken | undefined {
  try {
    const [ms, ticks, index, query] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (![ms, ticks, index].every(Number.isInteger) || typeof query !== 'string') {
      return undefined;
    }
    return { cursor: { ms, ticks, index }, query };
  } catch {
    return undefined;
  }
}

export function fingerprint(...parts: Array<string | undefined>): string {
  return createHash('sha256')
    .update(parts.map((p) => p ?? '').join('\u0000'))
    .digest('base64url')
    .slice(0, 16);
}
