import { resolveDependency } from './externals';

type Factory = (...deps: unknown[]) => unknown;
interface Definition {
  deps: string[];
  factory: Factory | Record<string, unknown>;
}

/** Why a plugin module could not be loaded; shown on the page and read by the tests. */
export class PluginLoadError extends Error {}

/**
 * Loads a plugin's module.js the way Grafana's SystemJS AMD loader does (loadingStrategy
 * "script"): a script tag, an anonymous `define(deps, factory)`, the dependencies from Grafana's
 * shared modules, and `module` as `{ id, uri }` so the bundle can work out its public path.
 * A dependency the host does not share, an error while the script runs and an error in the
 * factory each reject with a message naming the cause.
 */
export function loadAmdModule(url: string, shared: Record<string, unknown>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const absolute = new URL(url, location.href).href;
    let definition: Definition | undefined;
    let scriptError: unknown;
    const win = window as unknown as Record<string, unknown>;
    const previousDefine = win.define;

    const define = (...args: unknown[]) => {
      const deps = (Array.isArray(args[0]) ? args[0] : Array.isArray(args[1]) ? args[1] : []) as string[];
      const factory = args[args.length - 1] as Definition['factory'];
      definition = { deps, factory };
    };
    (define as unknown as { amd: object }).amd = {};
    win.define = define;

    const onError = (event: ErrorEvent) => {
      if (event.filename === absolute) {
        scriptError = event.error ?? event.message;
        event.preventDefault();
      }
    };
    window.addEventListener('error', onError);
    const finish = () => {
      window.removeEventListener('error', onError);
      win.define = previousDefine;
    };

    const script = document.createElement('script');
    script.src = absolute;
    script.async = true;
    script.onerror = () => {
      finish();
      reject(new PluginLoadError(`Could not fetch ${url}: the server did not serve it.`));
    };
    script.onload = () => {
      finish();
      if (scriptError !== undefined) {
        reject(new PluginLoadError(`${url} threw while its script ran: ${describe(scriptError)}`));
        return;
      }
      if (!definition) {
        reject(new PluginLoadError(`${url} did not call define(): it is not an AMD module.`));
        return;
      }
      try {
        resolve(instantiate(definition, absolute, shared));
      } catch (error) {
        reject(
          error instanceof PluginLoadError
            ? error
            : new PluginLoadError(`${url} threw while loading: ${describe(error)}`)
        );
      }
    };
    document.head.appendChild(script);
  });
}

function instantiate(definition: Definition, uri: string, shared: Record<string, unknown>): Record<string, unknown> {
  const exports: Record<string, unknown> = {};
  const missing = definition.deps.filter((dep) => !['module', 'exports', 'require'].includes(dep) && !(dep in shared));
  if (missing.length > 0) {
    throw new PluginLoadError(
      `module.js imports ${missing.map((m) => `'${m}'`).join(', ')}, which the host does not provide among Grafana's shared modules: bundle it or remove the import.`
    );
  }
  const args = definition.deps.map((dep) => {
    switch (dep) {
      case 'module':
        return { id: uri, uri, exports };
      case 'exports':
        return exports;
      case 'require':
        return (name: string) => resolveDependency(shared[name]);
      default:
        return resolveDependency(shared[dep]);
    }
  });
  if (typeof definition.factory !== 'function') {
    return definition.factory;
  }
  const returned = definition.factory(...args);
  return (returned && typeof returned === 'object' ? returned : exports) as Record<string, unknown>;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
