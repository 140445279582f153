/**
 * The few pieces of Go's net/url and Grafana's pkg/util that decide what the data-source proxy
 * sends upstream. They are reproduced byte for byte because the plugin's requests must survive
 * exactly this re-encoding (reference grafana-platform.md §3.4–3.5).
 */

/** A parsed query as Go's url.Values: keys and values are byte strings (latin1), in arrival order. */
export type GoValues = Map<string, string[]>;

const HEX = '0123456789ABCDEF';

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) ||
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) ||
    byte === 0x2d ||
    byte === 0x2e ||
    byte === 0x5f ||
    byte === 0x7e
  );
}

/** Go's url.QueryUnescape on a byte string; returns undefined where Go returns an error. */
export function goQueryUnescape(text: string): string | undefined {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '+') {
      out += ' ';
    } else if (c === '%') {
      const hex = text.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
        return undefined;
      }
      out += String.fromCharCode(parseInt(hex, 16));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

/** Go's url.QueryEscape on a byte string. */
export function goQueryEscape(bytes: string): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes.charCodeAt(i) & 0xff;
    if (isUnreserved(byte)) {
      out += bytes[i];
    } else if (byte === 0x20) {
      out += '+';
    } else {
      out += '%' + HEX[byte >> 4] + HEX[byte & 15];
    }
  }
  return out;
}

/**
 * Go's url.ParseQuery as `URL.Query()` uses it: pairs with a `;` or a bad escape are dropped
 * silently, an empty key is kept only when it has text after `=`.
 */
export function goParseQuery(rawQuery: string): GoValues {
  const values: GoValues = new Map();
  const bytes = Buffer.from(rawQuery, 'utf8').toString('latin1');
  for (const part of bytes.split('&')) {
    if (part === '' || part.includes(';')) {
      continue;
    }
    const eq = part.indexOf('=');
    const key = goQueryUnescape(eq < 0 ? part : part.slice(0, eq));
    const value = goQueryUnescape(eq < 0 ? '' : part.slice(eq + 1));
    if (key === undefined || value === undefined) {
      continue;
    }
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  return values;
}

/** Go's url.Values.Encode: keys sorted byte-wise, each value escaped with QueryEscape. */
export function goEncodeQuery(values: GoValues): string {
  const keys = [...values.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const parts: string[] = [];
  for (const key of keys) {
    for (const value of values.get(key) ?? []) {
      parts.push(`${goQueryEscape(key)}=${goQueryEscape(value)}`);
    }
  }
  return parts.join('&');
}

/** Converts a JS (UTF-16) string into the byte string the Go helpers work on. */
export function toBytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** Grafana's util.JoinURLFragments: exactly one slash between the two parts. */
export function joinUrlFragments(a: string, b: string): string {
  if (b.length === 0) {
    return a;
  }
  const aSlash = a.endsWith('/');
  const bSlash = b.startsWith('/');
  if (aSlash && bSlash) {
    return a + b.slice(1);
  }
  if (!aSlash && !bSlash) {
    return a + '/' + b;
  }
  return a + b;
}

/**
 * Grafana's util.CleanRelativePath: `filepath.Clean("/" + path)` made relative again, so `..`
 * cannot climb above the root and `//`, `.` collapse. Percent-escapes are left alone, as Grafana
 * cleans the escaped path.
 */
export function cleanRelativePath(path: string): string {
  const stack: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') {
      continue;
    }
    if (segment === '..') {
      stack.pop();
      continue;
    }
    stack.push(segment);
  }
  return stack.length === 0 ? '.' : stack.join('/');
}

export interface GoUrl {
  scheme: string;
  host: string;
  /** The path as written (escapes kept). */
  path: string;
}

/**
 * The parts of Go's url.Parse the proxy uses: scheme, host and path (the route URL's own query and
 * fragment are dropped). Returns undefined where Go's parser errors (control characters, a bad port).
 */
export function goParseUrl(text: string): GoUrl | undefined {
  if (/[\x00-\x1f\x7f]/.test(text)) {
    return undefined;
  }
  let rest = text.replace(/#.*$/s, '').replace(/\?.*$/s, '');
  let scheme = '';
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(rest);
  if (schemeMatch) {
    scheme = schemeMatch[1].toLowerCase();
    rest = rest.slice(schemeMatch[0].length);
  } else if (/^[^/]*:/.test(rest) && !rest.startsWith('/')) {
    // Go: "first path segment in URL cannot contain colon".
    return undefined;
  }
  let host = '';
  if (rest.startsWith('//')) {
    const end = rest.slice(2).search(/\//);
    const authority = end < 0 ? rest.slice(2) : rest.slice(2, 2 + end);
    rest = end < 0 ? '' : rest.slice(2 + end);
    host = authority.replace(/^.*@/, '');
    const port = /^(?:\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(host)?.[1];
    if (port !== undefined && !/^\d*$/.test(port)) {
      return undefined;
    }
  }
  return { scheme, host, path: rest };
}

/** Go's shouldEscape(c, encodePath): only unreserved characters and `$&+,/:;=@` stay as they are. */
function goShouldEscapeInPath(byte: number): boolean {
  if (isUnreserved(byte)) {
    return false;
  }
  return !'$&+,/:;=@'.includes(String.fromCharCode(byte));
}

/** Go's validEncoded(s, encodePath): would Go keep this raw path as the client wrote it? */
function goValidEncodedPath(raw: string): boolean {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if ("!$&'()*+,;=:@[]%".includes(c)) {
      continue;
    }
    if (goShouldEscapeInPath(raw.charCodeAt(i) & 0xff)) {
      return false;
    }
  }
  return true;
}

/** Go's unescape(s, encodePath) on a byte string; undefined where Go returns an error (a bad `%`). */
function goPathUnescape(raw: string): string | undefined {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== '%') {
      out += raw[i];
      continue;
    }
    const hex = raw.slice(i + 1, i + 3);
    if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
      return undefined;
    }
    out += String.fromCharCode(parseInt(hex, 16));
    i += 2;
  }
  return out;
}

/** Go's escape(s, encodePath). */
function goPathEscape(bytes: string): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes.charCodeAt(i) & 0xff;
    out += goShouldEscapeInPath(byte) ? '%' + HEX[byte >> 4] + HEX[byte & 15] : bytes[i];
  }
  return out;
}

/**
 * Go's `URL.EscapedPath()` for a request path as Go's server parses it, which is what Grafana cuts
 * the proxy path from. A path Go considers validly encoded is kept byte for byte (so `%2e%2e`,
 * `%2F`, `%5C`, `;` and `%252e` all survive); any other (a raw `\`, `"`, `{`, a non-ASCII byte)
 * is decoded and escaped again as a whole, which turns `%2e` into `.` and `%2F` into `/` as well.
 * Undefined where Go's server refuses the request line (a `%` not followed by two hex digits): 400.
 */
export function goEscapedPath(rawPath: string): string | undefined {
  const bytes = toBytes(rawPath);
  const decoded = goPathUnescape(bytes);
  if (decoded === undefined) {
    return undefined;
  }
  return goValidEncodedPath(bytes) ? bytes : goPathEscape(decoded);
}
