/** jsdom lacks the observers @grafana/ui's Select menu starts when it opens. */
class NoopObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
  takeRecords() {
    return [];
  }
}

export function installDomPolyfills(): void {
  const g = globalThis as Record<string, unknown>;
  g.IntersectionObserver ??= NoopObserver;
  g.ResizeObserver ??= NoopObserver;
}
