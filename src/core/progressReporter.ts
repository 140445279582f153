/**
 * Delivers partial results in order. Built in slices, a partial result takes several tasks; one
 * asked for meanwhile replaces any still waiting, so a slow page never queues stale rebuilds.
 * Once stopped, a partial already being built is still delivered (`drain` waits for it), so
 * streaming always precedes the final result; none is started after.
 */
export function progressReporter<R>(onProgress: (partial: R) => void) {
  let inFlight: Promise<void> | undefined;
  let stopped = false;
  let waiting: (() => Promise<R> | R) | undefined;
  const start = (build: () => Promise<R> | R): void => {
    const result = build();
    if (!(result instanceof Promise)) {
      onProgress(result);
      return;
    }
    inFlight = result.then(onProgress).finally(() => {
      inFlight = undefined;
      const next = waiting;
      waiting = undefined;
      if (next && !stopped) {
        start(next);
      }
    });
  };
  return {
    show: (build: () => Promise<R> | R) => {
      if (stopped) {
        return;
      }
      if (inFlight) {
        waiting = build;
      } else {
        start(build);
      }
    },
    stop: () => {
      stopped = true;
      waiting = undefined;
    },
    drain: async () => {
      await inFlight?.catch(() => undefined);
    },
  };
}
