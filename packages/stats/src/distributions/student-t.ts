/**
 * Student t distribution: two-sided p-value, upper tail and quantile.
 *
 * Two-sided p = P(|T| ≥ |t|) = I_{ν/(ν+t²)}(ν/2, 1/2), computed with both x = ν/(ν+t²) and
 * 1 − x = t²/(ν+t²) passed to the incomplete beta so the far tail keeps ~1e-15 relative accuracy
 * (t = 40 with ν = 10 gives ≈ 2e-12, which `1 − jStat.studentt.cdf` cannot resolve).
 */
import jStat from "jstat";
import { regularizedBeta } from "./incomplete-beta.js";

/** P(|T| ≥ |t|) for T ~ t(df). df may be non-integer; df = ∞ is not accepted (use the normal). */
export function studentTTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (!Number.isFinite(t)) return 0;
  const t2 = t * t;
  return regularizedBeta(df / (df + t2), t2 / (df + t2), df / 2, 0.5).lower;
}

/** P(T ≥ t) for T ~ t(df). */
export function studentTUpperP(t: number, df: number): number {
  const half = studentTTwoSidedP(t, df) / 2;
  return t >= 0 ? half : 1 - half;
}

/**
 * Quantile: the t with P(T ≤ t) = p. jstat's inverse refined by Newton steps on the accurate tail
 * above (jstat alone is good to ~1e-8).
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
  let t = jStat.studentt.inv(p, df);
  for (let i = 0; i < 3; i++) {
    const upper = studentTUpperP(t, df);
    const f = 1 - upper - p;
    const dens = jStat.studentt.pdf(t, df);
    if (!(dens > 0)) break;
    const step = f / dens;
    t -= step;
    if (Math.abs(step) < 1e-15 * Math.max(1, Math.abs(t))) break;
  }
  return t;
}
