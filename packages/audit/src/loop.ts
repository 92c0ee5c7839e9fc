/**
 * Runs `round` now and then `intervalMs` after each round ends, until stopped; a round's error goes
 * to `onError` and the loop goes on. `stop` waits for the round in progress.
 */
export function repeat(round: () => Promise<unknown>, intervalMs: number, onError?: (error: unknown) => void) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const next = () => {
    if (stopped) return;
    running = round()
      .catch((error: unknown) => onError?.(error))
      .then(() => {
        if (!stopped) timer = setTimeout(next, intervalMs);
      });
  };
  next();
  return {
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
