import { CanonicalRequest } from '../frames/canonical';

/** `path` relative to the Graph base with no leading slash, and the decoded query (conformance/README.md). */
export function toCanonicalRequest(url: string, graphUrl: string): CanonicalRequest {
  const queryStart = url.indexOf('?');
  const base = queryStart === -1 ? url : url.slice(0, queryStart);
  const path = base.startsWith(graphUrl) ? base.slice(graphUrl.length).replace(/^\/+/, '') : base;
  const query: Record<string, string> = {};
  if (queryStart !== -1) {
    for (const [key, value] of new URLSearchParams(url.slice(queryStart + 1))) {
      query[key] = value;
    }
  }
  return { method: 'GET', path, query };
}
