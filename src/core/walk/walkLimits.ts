import { QueryError } from '../errors/queryError';

/**
 * An empty page with a nextLink is legal (Graph may still be scanning), but an endless run of
 * them walks until cancelled: at most this many empty pages in a row, then the walk fails.
 */
export const MAX_EMPTY_PAGES_IN_A_ROW = 50;

/**
 * Pages one walk may request: enough full pages for the events limit, plus one run of empty
 * pages. Every fetched event counts against the events limit, so a walk that needs more pages
 * is being served short pages without end; raising "Events per query" raises this bound.
 */
export function maxPagesPerWalk(maxEvents: number, pageSize: number): number {
  return Math.ceil(maxEvents / Math.max(1, pageSize)) + MAX_EMPTY_PAGES_IN_A_ROW;
}

/** Counts a walk's pages against both limits; `next` throws before the request that would pass one. */
export class PageLimits {
  private pages = 0;
  private emptyInARow = 0;

  constructor(private readonly maxPages: number | undefined) {}

  /** Records a page that has a nextLink, and refuses to follow it when a limit is reached. */
  beforeNext(items: number): void {
    this.pages++;
    this.emptyInARow = items === 0 ? this.emptyInARow + 1 : 0;
    if (this.emptyInARow >= MAX_EMPTY_PAGES_IN_A_ROW) {
      throw new QueryError(
        'walkLimit',
        `Microsoft Graph sent ${MAX_EMPTY_PAGES_IN_A_ROW} empty pages in a row, each with another next-page link ` +
          `(the limit of ${MAX_EMPTY_PAGES_IN_A_ROW} empty pages in a row); the walk was stopped. Retry later; if it persists, ` +
          'check any proxy between Grafana and Microsoft.'
      );
    }
    if (this.maxPages !== undefined && this.pages >= this.maxPages) {
      throw new QueryError(
        'walkLimit',
        `The walk reached the limit of ${this.maxPages} pages per query (enough for "Events per query" in full pages, ` +
          `plus ${MAX_EMPTY_PAGES_IN_A_ROW} empty ones) while Microsoft Graph still sent next-page links; it was stopped. ` +
          'Narrow the range, add filters, or raise "Events per query" in the data source settings.'
      );
    }
  }
}
