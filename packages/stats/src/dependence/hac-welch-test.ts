/**
 * Welch-type two-sample test of equal means with each mean's variance from its own HAC long-run
 * variance (Newey & West 1987), for two samples of autocorrelated results (e.g. the trades a rule
 * takes and those it skips, each in time order):
 *
 *   V_a = Ω̂_a/(n_a − 1),  V_b = Ω̂_b/(n_b − 1)      (Ω̂ with 1/n autocovariances; × n/(n − 1) correction)
 *   t = (x̄_a − x̄_b)/√(V_a + V_b),  ν = (V_a + V_b)² / (V_a²/(n_a − 1) + V_b²/(n_b − 1)),
 *
 * two-sided p from Student's t with the Welch–Satterthwaite ν (Welch 1947). With lag 0, Ω̂ = γ̂₀ and
 * V = s²/n: exactly Welch's test. With positive lags the t reference is an approximation (the HAC
 * variance has fewer effective degrees of freedom than ν claims; for large n it is the normal test).
 * Lags are chosen per sample (default Newey & West 1994).
 */
import { studentTTwoSidedP } from "../distributions/student-t.js";
import { type LagChoice, longRunVariance } from "./long-run-variance.js";

export interface HacWelchResult {
  difference: number;
  t: number;
  df: number;
  p: number;
  varianceOfMeanA: number;
  varianceOfMeanB: number;
  lagA: number;
  lagB: number;
}

export function hacWelchTest(a: ArrayLike<number>, b: ArrayLike<number>, options: { lag?: LagChoice } = {}): HacWelchResult | null {
  const na = a.length;
  const nb = b.length;
  if (na < 2 || nb < 2) return null;
  const lra = longRunVariance(a, { lag: options.lag, smallSampleCorrection: true });
  const lrb = longRunVariance(b, { lag: options.lag, smallSampleCorrection: true });
  const va = lra.varianceOfMean;
  const vb = lrb.varianceOfMean;
  const se2 = va + vb;
  if (!(se2 > 0)) return null;
  const t = (lra.mean - lrb.mean) / Math.sqrt(se2);
  const df = (se2 * se2) / ((va * va) / (na - 1) + (vb * vb) / (nb - 1));
  return { difference: lra.mean - lrb.mean, t, df, p: studentTTwoSidedP(t, df), varianceOfMeanA: va, varianceOfMeanB: vb, lagA: lra.lag, lagB: lrb.lag };
}
