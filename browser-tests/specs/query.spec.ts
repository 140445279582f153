import type { BrowserTest } from '../runner/run';
export const querySpecs: BrowserTest[] = [];
