import { Locator, Page } from 'playwright-core';

/** A failed expectation; the runner prints its message with the page's errors. */
export class ExpectationError extends Error {}

const DEFAULT_TIMEOUT_MS = 15_000;

export function check(condition: unknown, message: string): asserts condition {
  if (!condition) {
    throw new ExpectationError(message);
  }
}

/** Waits until the locator's text matches; fails with the last text seen. */
export async function expectText(locator: Locator, pattern: RegExp, timeout = DEFAULT_TIMEOUT_MS): Promise<string> {
  const deadline = Date.now() + timeout;
  let last = '';
  for (;;) {
    last = (await locator.count()) > 0 ? await locator.first().innerText() : '<no such element>';
    if (pattern.test(last)) {
      return last;
    }
    if (Date.now() > deadline) {
      throw new ExpectationError(`expected text matching ${pattern}, last saw: ${JSON.stringify(last.slice(0, 600))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function expectVisible(locator: Locator, what: string, timeout = DEFAULT_TIMEOUT_MS): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch {
    throw new ExpectationError(`expected ${what} to be visible`);
  }
}

/** Polls `window.__host` in the page until `predicate` holds; returns the value it held for. */
export async function waitForHost<T>(
  page: Page,
  read: string,
  predicate: (value: T) => boolean,
  what: string,
  timeout = DEFAULT_TIMEOUT_MS
): Promise<T> {
  const deadline = Date.now() + timeout;
  let value: T;
  for (;;) {
    value = (await page.evaluate(`JSON.parse(JSON.stringify(window.__host.${read} ?? null))`)) as T;
    if (predicate(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new ExpectationError(`${what}; window.__host.${read} is ${JSON.stringify(value)?.slice(0, 800)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The page loaded the plugin: no load error shown and the host reports ready. */
export async function expectLoaded(page: Page): Promise<void> {
  const loadError = (await page.evaluate('window.__host.loadError')) as string | undefined;
  check(!loadError, `the plugin did not load: ${loadError}`);
}
