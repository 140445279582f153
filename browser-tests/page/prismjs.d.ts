// prismjs ships no types; the host only passes it through to plugins as Grafana does.
declare module 'prismjs';
