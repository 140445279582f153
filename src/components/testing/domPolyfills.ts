/** jsdom lacks the observers @grafana/ui's Combobox menu starts when it opens. */
class NoopObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}

/**
 * jsdom lays nothing out, so every element measures 0×0 and the Combobox's virtual list (sized from its
 * scroll box's clientHeight) would render no option. A tall box renders every option of these short lists.
 */
const TALL_BOX = { clientWidth: 600, clientHeight: 2000 };

/** The Combobox sizes its menu and pills by measuring text on a canvas, which jsdom does not draw. */
function textMeasuringContext() {
  return { font: '', measureText: (text: string) => ({ width: text.length * 7 }) };
}

export function installDomPolyfills(): void {
  const g = globalThis as Record<string, unknown>;
  g.IntersectionObserver ??= NoopObserver;
  g.ResizeObserver ??= NoopObserver;
  for (const [name, size] of Object.entries(TALL_BOX)) {
    Object.defineProperty(HTMLElement.prototype, name, { configurable: true, get: () => size });
  }
  HTMLCanvasElement.prototype.getContext = textMeasuringContext as unknown as HTMLCanvasElement['getContext'];
}
