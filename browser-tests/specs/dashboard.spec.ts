import type { BrowserTest } from '../runner/run';
export const dashboardSpecs: BrowserTest[] = [];
