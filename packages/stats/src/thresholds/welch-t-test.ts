/**
 * Welch's two-sample t test (unequal variances) with Welch–Satterthwaite degrees of freedom;
 * two-sided p-value. Used to compare the trades a rule takes with those it skips out of sample.
 */
import { studentTTwoSidedP } from "../distributions/student-t.js";

export interface WelchResult {
  difference: number;
  t: number;
  df: number;
  p: number;
}

export function welchTTest(a: readonly number[], b: readonly number[]): WelchResult | null {
  const na = a.length;
  const nb = b.length;
  if (na < 2 || nb < 2) return null;
  const ma = a.reduce((s, v) => s + v, 0) / na;
  const mb = b.reduce((s, v) => s + v, 0) / nb;
  const va = a.reduce((s, v) => s + (v - ma) ** 2, 0) / (na - 1);
  const vb = b.reduce((s, v) => s + (v - mb) ** 2, 0) / (nb - 1);
  const se2 = va / na + vb / nb;
  if (!(se2 > 0)) return null;
  const t = (ma - mb) / Math.sqrt(se2);
  const df = se2 ** 2 / ((va / na) ** 2 / (na - 1) + (vb / nb) ** 2 / (nb - 1));
  return { difference: ma - mb, t, df, p: studentTTwoSidedP(t, df) };
}
