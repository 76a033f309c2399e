// Runs a task again and again, `intervalMs` apart, until stopped; a failing pass is reported and
// the loop goes on. What the timer poller and the outbox dispatcher both run on locally.
export function startLoop(
  task: () => Promise<unknown>,
  intervalMs: number,
  onError: (error: unknown) => void = () => {},
) {
  let stopped = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      try {
        await task();
      } catch (error) {
        onError(error);
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();
  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
