/**
 * Wilson (1927) score interval for a binomial proportion:
 * centre = (p̂ + z²/2n)/(1 + z²/n), half-width = z/(1 + z²/n)·√(p̂(1−p̂)/n + z²/4n²),
 * with z = Φ⁻¹(1 − α/2) (1.959964 for 95%). Unlike the Wald interval it stays inside [0, 1] and
 * behaves at p̂ = 0 or 1 and small n (Brown, Cai & DasGupta 2001).
 *
 * @example wilsonInterval(8, 10) // { low: 0.4902, high: 0.9433 }
 */
import { normalQuantile } from "../distributions/normal.js";

export interface Interval {
  low: number;
  high: number;
}

export function wilsonInterval(successes: number, n: number, level = 0.95): Interval {
  if (!(n > 0)) return { low: NaN, high: NaN };
  const z = normalQuantile(1 - (1 - level) / 2);
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
