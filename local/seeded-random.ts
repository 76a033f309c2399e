// A small seeded random source (mulberry32) for the seed: the same seed draws the same month, on
// every machine and Node version, which Math.random cannot promise.
export interface Rng {
  /** In [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  /** A number in [min, max). */
  between(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** Mixes the numbers into one 32-bit state, so ticket 7 of seed 1 and ticket 1 of seed 7 differ. */
const mix = (...parts: number[]) =>
  parts.reduce((h, part) => Math.imul(h ^ (part >>> 0), 0x9e3779b1) ^ (h >>> 15), 0x811c9dc5) >>> 0;

export function seededRandom(...seed: number[]): Rng {
  let state = mix(...seed);
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    between: (min, max) => min + next() * (max - min),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (p) => next() < p,
  };
}
