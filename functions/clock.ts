// The injected clock: real time, time that runs N times faster (demos), or time a test sets.
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Runs from `origin` at `speed` times real time, so a day of business time passes in minutes. */
export function acceleratedClock(speed: number, origin: number = Date.now(), real: () => number = Date.now): Clock {
  const startedAt = real();
  return { now: () => Math.round(origin + (real() - startedAt) * speed) };
}

export interface ManualClock extends Clock {
  set(at: number): void;
  advance(ms: number): void;
}

export function manualClock(start: number): ManualClock {
  let current = start;
  return { now: () => current, set: (at) => (current = at), advance: (ms) => (current += ms) };
}
