/**
 * Standard normal distribution: two-sided p-value, cdf and quantile.
 *
 * Two-sided p = P(|Z| ≥ |z|) = erfc(|z|/√2) = Q(1/2, z²/2), the regularized upper incomplete gamma,
 * so p stays accurate to ~1e-15 relative far into the tail (z = 10 → 1.52e-23).
 */
import jStat from "jstat";
import { regularizedGamma } from "./incomplete-gamma.js";

export function normalTwoSidedP(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return regularizedGamma(0.5, (z * z) / 2).upper;
}

/** Φ(z), accurate in both tails. */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const half = normalTwoSidedP(z) / 2;
  return z >= 0 ? 1 - half : half;
}

/** Φ⁻¹(p), refined by Newton steps on the accurate cdf. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  let z = jStat.normal.inv(p, 0, 1);
  for (let i = 0; i < 3; i++) {
    const dens = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    if (!(dens > 0)) break;
    const step = (normalCdf(z) - p) / dens;
    z -= step;
    if (Math.abs(step) < 1e-15 * Math.max(1, Math.abs(z))) break;
  }
  return z;
}
