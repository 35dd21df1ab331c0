/**
 * The coefficient table of a fitted model under one covariance estimator: estimate, standard
 * error, t or z statistic, two-sided p-value and 95% confidence interval, plus the joint Wald test
 * that every slope is zero under that covariance.
 */
import { choleskySolve, type Matrix } from "./dense.js";
import { chiSquaredUpperP } from "../distributions/chi-squared.js";
import { fUpperP } from "../distributions/f.js";
import { normalQuantile, normalTwoSidedP } from "../distributions/normal.js";
import { studentTQuantile, studentTTwoSidedP } from "../distributions/student-t.js";

export interface CoefficientRow {
  term: string;
  coef: number;
  se: number;
  /** t (OLS) or z (logit) statistic. */
  stat: number;
  p: number;
  ciLow: number;
  ciHigh: number;
}

export interface WaldTest {
  /** F (OLS, df1 = q, df2 = n − k) or χ² (logit, df1 = q). */
  statistic: number;
  df1: number;
  df2: number | null;
  p: number;
}

export interface CoefficientTable {
  covariance: string;
  /** Reference distribution of the statistics: "t" with `df`, or "normal". */
  distribution: "t" | "normal";
  df: number | null;
  rows: CoefficientRow[];
  /** Joint test that all non-intercept coefficients are zero under this covariance. */
  wald: WaldTest | null;
}

export function coefficientTable(
  label: string,
  names: string[],
  coef: number[],
  cov: Matrix,
  df: number | null,
  interceptIndex: number,
  level = 0.95,
): CoefficientTable {
  const crit = df === null ? normalQuantile(1 - (1 - level) / 2) : studentTQuantile(1 - (1 - level) / 2, df);
  const rows = names.map((term, j) => {
    const se = Math.sqrt(cov[j]![j]!);
    const stat = coef[j]! / se;
    const p = df === null ? normalTwoSidedP(stat) : studentTTwoSidedP(stat, df);
    return { term, coef: coef[j]!, se, stat, p, ciLow: coef[j]! - crit * se, ciHigh: coef[j]! + crit * se };
  });
  const slopes = names.map((_, j) => j).filter((j) => j !== interceptIndex);
  let wald: WaldTest | null = null;
  if (slopes.length > 0) {
    const sub = slopes.map((a) => slopes.map((b) => cov[a]![b]!));
    const b = slopes.map((j) => coef[j]!);
    const x = choleskySolve(sub, b);
    if (x) {
      const chi2 = b.reduce((s, v, i) => s + v * x[i]!, 0);
      const q = slopes.length;
      wald =
        df === null
          ? { statistic: chi2, df1: q, df2: null, p: chiSquaredUpperP(chi2, q) }
          : { statistic: chi2 / q, df1: q, df2: df, p: fUpperP(chi2 / q, q, df) };
    }
  }
  return { covariance: label, distribution: df === null ? "normal" : "t", df, rows, wald };
}
