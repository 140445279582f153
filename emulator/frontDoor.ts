/**
 * The path the emulator routes on. By default it is the path exactly as received, so an encoded
 * dot segment (`%2e%2e`), an encoded slash or a backslash is just part of a segment and matches
 * no endpoint. With `normalizePaths` the emulator behaves as a front door might that decodes
 * `%2e`, `%2f` and `%5c` once, turns `\` into `/` and then removes dot segments (RFC 3986 §5.2.4):
 * whether Microsoft Graph's front door does so is not documented, so tests try both.
 */
export function routingPath(requestUrl: string, normalizePaths: boolean): string {
  const queryAt = requestUrl.indexOf('?');
  const raw = queryAt < 0 ? requestUrl : requestUrl.slice(0, queryAt);
  if (!normalizePaths) {
    return raw;
  }
  const decoded = raw.replace(/%2e/gi, '.').replace(/%2f/gi, '/').replace(/%5c/gi, '\\').replace(/\\/g, '/');
  return removeDotSegments(decoded);
}

function removeDotSegments(path: string): string {
  const output: string[] = [];
  const segments = path.split('/');
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '..') {
      if (output.length > 1) {
        output.pop();
      }
      if (last) {
        output.push('');
      }
    } else if (segment === '.') {
      if (last) {
        output.push('');
      }
    } else {
      output.push(segment);
    }
  });
  return output.join('/') || '/';
}
