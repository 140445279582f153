import type { TestContext } from './harness';

/** One browser test: the specs export lists of them and the runner runs each in a fresh context. */
export interface BrowserTest {
  name: string;
  run(context: TestContext): Promise<void>;
}
