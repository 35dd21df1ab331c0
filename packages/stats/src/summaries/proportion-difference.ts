/**
 * Comparing two binomial proportions p̂₁ = x₁/n₁ and p̂₂ = x₂/n₂:
 *
 * - `newcombeInterval`: the hybrid score interval for p₁ − p₂ (Newcombe 1998, Statistics in Medicine
 *   17, method 10), from the Wilson intervals (l₁, u₁), (l₂, u₂) of each proportion:
 *     L = d − √((p̂₁ − l₁)² + (u₂ − p̂₂)²),  U = d + √((u₁ − p̂₁)² + (p̂₂ − l₂)²),  d = p̂₁ − p̂₂.
 *   Unlike the Wald interval it stays inside [−1, 1] and keeps its coverage at small n and near 0 or 1.
 * - `twoProportionTest`: the pooled two-sample z test of p₁ = p₂ (Pearson's χ² without continuity
 *   correction, z² = χ²): p̄ = (x₁ + x₂)/(n₁ + n₂), z = d / √(p̄(1 − p̄)(1/n₁ + 1/n₂)), two-sided p.
 *
 * @example newcombeInterval(56, 70, 48, 80) // { low: 0.0524, high: 0.3339 } (Newcombe 1998, Table II)
 */
import { normalTwoSidedP } from "../distributions/normal.js";
import { type Interval, wilsonInterval } from "./wilson-interval.js";

export function newcombeInterval(x1: number, n1: number, x2: number, n2: number, level = 0.95): Interval {
  if (!(n1 > 0 && n2 > 0)) return { low: NaN, high: NaN };
  const p1 = x1 / n1, p2 = x2 / n2, d = p1 - p2;
  const w1 = wilsonInterval(x1, n1, level), w2 = wilsonInterval(x2, n2, level);
  return {
    low: d - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2),
    high: d + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2),
  };
}

export interface TwoProportionResult {
  difference: number;
  z: number;
  p: number;
}

/** Null when a sample is empty or both pool to 0 or 1 (no variance: the test is undefined). */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): TwoProportionResult | null {
  if (!(n1 > 0 && n2 > 0)) return null;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return null;
  const difference = x1 / n1 - x2 / n2;
  const z = difference / se;
  return { difference, z, p: normalTwoSidedP(z) };
}
