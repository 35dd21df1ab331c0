/**
 * Seeded pseudo-random numbers: mulberry32 (Tommy Ettinger), a 32-bit generator with a period of
 * 2³² that is plenty for bootstrap index draws and, unlike Math.random, repeats exactly for a seed.
 *
 * @example const rand = mulberry32(42); rand() // 0.6011037519201636, always
 */
export type Random = () => number;

export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [0, n). */
export function randomInt(rand: Random, n: number): number {
  return Math.floor(rand() * n);
}
