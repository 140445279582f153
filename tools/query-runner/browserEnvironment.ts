import { JSDOM } from 'jsdom';
import Module from 'node:module';

/**
 * @grafana/data and @grafana/runtime touch `window` (storage listeners, location, matchMedia) when
 * they load, and @grafana/ui requires stylesheets, so the DataSource can only run in Node with a DOM
 * and a stylesheet loader in place. This installs jsdom's window as the globals a browser has and
 * makes `.css` requires empty modules; import it before any @grafana package.
 */
const globals = globalThis as Record<string, unknown>;

const NODE_OWNED = new Set([
  'global',
  'globalThis',
  'window',
  'self',
  'console',
  'process',
  'Buffer',
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'setImmediate',
  'clearImmediate',
  'queueMicrotask',
  'structuredClone',
  'URL',
  'URLSearchParams',
  'TextEncoder',
  'TextDecoder',
  'AbortController',
  'AbortSignal',
  'fetch',
  'Headers',
  'Request',
  'Response',
  'FormData',
  'Blob',
  'performance',
  'crypto',
  'atob',
  'btoa',
]);

const extensions = (Module as unknown as { _extensions: Record<string, (module: unknown) => void> })._extensions;
for (const extension of ['.css', '.scss']) {
  extensions[extension] ??= () => undefined;
}

if (typeof globals.window === 'undefined') {
  const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
    url: 'http://localhost:3000/',
    pretendToBeVisual: true,
  });
  const window = dom.window as unknown as Record<string, unknown>;
  if (typeof window.matchMedia !== 'function') {
    window.matchMedia = (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    });
  }
  // Grafana's index.html sets this; @grafana/runtime's config reads it (defaults fill the rest).
  window.grafanaBootData = { settings: { featureToggles: {} }, user: {}, navTree: [] };
  globals.window = window;
  // Like jest's jsdom environment: every window property a browser script may use as a bare global,
  // DOM classes (Event, EventTarget, ...) included; Node keeps its timers, URL, fetch and aborts.
  for (const name of Object.getOwnPropertyNames(window)) {
    const existing = Object.getOwnPropertyDescriptor(globals, name);
    const domClass = /Event(Target)?$/.test(name);
    if (
      !NODE_OWNED.has(name) &&
      !name.startsWith('_') &&
      (!(name in globals) || (domClass && existing?.configurable))
    ) {
      Object.defineProperty(globals, name, { configurable: true, get: () => window[name] });
    }
  }
}
