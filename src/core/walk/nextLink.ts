import { QueryError } from '../errors/queryError';

/**
 * A nextLink is followed verbatim, but only when it addresses the very endpoint the plan asked:
 * same scheme, host and port, and exactly the same path, then nothing but a query string.
 * Anything else (another host, `..`, a different Graph API) stops the walk before any request.
 */
export function checkNextLink(link: unknown, endpoint: string): string {
  if (typeof link !== 'string' || link === '') {
    throw new QueryError(
      'invalidResponse',
      'Microsoft Graph sent an @odata.nextLink that is not a URL; the walk was stopped.'
    );
  }
  const queryStart = link.indexOf('?');
  const base = queryStart === -1 ? link : link.slice(0, queryStart);
  if (!sameEndpoint(base, endpoint) || link.includes('#')) {
    throw new QueryError(
      'foreignNextLink',
      `Microsoft Graph sent a next-page link outside ${endpoint}; the walk was stopped and the link was not requested. ` +
        'Check the Graph URL in the data source settings.'
    );
  }
  return link;
}

function sameEndpoint(base: string, endpoint: string): boolean {
  const split = (url: string) => {
    const match = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)(.*)$/i.exec(url);
    return match ? { origin: match[1].toLowerCase(), path: match[2] } : undefined;
  };
  const actual = split(base);
  const expected = split(endpoint);
  return !!actual && !!expected && actual.origin === expected.origin && actual.path === expected.path;
}

/**
 * The form in which two links are compared: scheme and host in lower case, the path, then the
 * decoded query parameters in order. Grafana's proxy re-encodes the query string (`$` as `%24`,
 * parameters reordered), so a page Graph sends twice can come back spelled differently.
 */
export function canonicalLink(link: string): string {
  const queryStart = link.indexOf('?');
  const base = queryStart === -1 ? link : link.slice(0, queryStart);
  const origin = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(base)?.[0] ?? '';
  const params = queryStart === -1 ? [] : [...new URLSearchParams(link.slice(queryStart + 1))];
  params.sort(([aKey, aValue], [bKey, bValue]) => compareText(aKey, bKey) || compareText(aValue, bValue));
  return JSON.stringify([origin.toLowerCase() + base.slice(origin.length), params]);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
