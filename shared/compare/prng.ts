/**
 * A small seeded pseudo-random generator (mulberry32). The relay draws every
 * decision from it, so a link with the same seed drops, delays and duplicates
 * the same datagrams every time — a run a teacher can repeat in front of a class,
 * and tests that can assert exact decisions.
 */
export type Prng = () => number;

/** Returns a generator of floats in [0, 1) fully determined by `seed` (any 32-bit integer). */
export function createPrng(seed: number): Prng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
