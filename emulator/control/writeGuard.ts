/**
 * Why the control endpoints insist on `Content-Type: application/json` for every request that changes
 * the emulator: a web page open in the same browser can send a cross-origin form or a `text/plain`
 * POST without asking first, but a JSON content type makes the browser ask (a CORS preflight), and the
 * emulator never says yes. So only tests and scripts, not pages, can inject events, faults or resets.
 */

/** GET and HEAD only read; every other method changes the emulator's state. */
const READING_METHODS = new Set(['GET', 'HEAD']);

export interface Refusal {
  status: number;
  error: string;
  headers: Record<string, string>;
}

/** The media type without its parameters: `application/json; charset=utf-8` → `application/json`. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** Why this control request is refused before it can change anything, or undefined when it may proceed. */
export function refuseUnsafeControlRequest(
  method: string,
  path: string,
  contentType: string | undefined
): Refusal | undefined {
  if (method === 'OPTIONS') {
    return {
      status: 405,
      headers: { Allow: 'GET, HEAD, POST, PUT, DELETE' },
      error:
        'The emulator answers no CORS preflight: /_emulator is for tests and scripts, not for web pages. ' +
        'Call it from a script or with curl.',
    };
  }
  if (READING_METHODS.has(method) || mediaTypeOf(contentType) === 'application/json') {
    return undefined;
  }
  return {
    status: 415,
    headers: {},
    error:
      `${method} /_emulator${path} needs 'Content-Type: application/json' (got ${
        contentType === undefined ? 'no content type' : `'${contentType}'`
      }). The emulator refuses other content types so that a web page cannot change it with a ` +
      `cross-origin form; send the header, e.g. curl -H 'Content-Type: application/json' -d '{}'.`,
  };
}
