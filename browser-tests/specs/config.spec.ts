import type { BrowserTest } from '../runner/run';
export const configSpecs: BrowserTest[] = [];
