/**
 * χ² distribution upper tail: P(X ≥ x) = Q(k/2, x/2) with the regularized upper incomplete gamma,
 * accurate far out (χ² = 300 with 10 df ≈ 1e-58).
 */
import jStat from "jstat";
import { regularizedGamma } from "./incomplete-gamma.js";

export function chiSquaredUpperP(x: number, df: number): number {
  if (Number.isNaN(x) || !(df > 0)) return NaN;
  if (x <= 0) return 1;
  return regularizedGamma(df / 2, x / 2).upper;
}

/** Quantile of χ²(df) (jstat; used only for critical values, not p-values). */
export function chiSquaredQuantile(p: number, df: number): number {
  return jStat.chisquare.inv(p, df);
}
