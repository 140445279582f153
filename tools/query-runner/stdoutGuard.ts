/**
 * stdout carries the response JSON and nothing else: Grafana's packages greet and warn through
 * console.log/info/warn while they load, so those go to stderr. Import this first.
 */
/** Greetings printed by third-party packages on load; they say nothing about the query. */
const KNOWN_NOISE = [/i18next is made possible by/];

const toStderr =
  (label: string) =>
  (...parts: unknown[]) => {
    const line = parts.map((p) => (typeof p === 'string' ? p : safeJson(p))).join(' ');
    if (!KNOWN_NOISE.some((noise) => noise.test(line))) {
      process.stderr.write(`${label}${line}\n`);
    }
  };

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

console.log = toStderr('');
console.info = toStderr('');
// eslint-disable-next-line no-console -- redirecting it, not calling it.
console.debug = toStderr('');
console.warn = toStderr('warning: ');
