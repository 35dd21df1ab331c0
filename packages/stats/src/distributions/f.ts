/**
 * F distribution upper tail: P(F ≥ f) = I_{d2/(d2+d1 f)}(d2/2, d1/2), with the complement
 * d1 f/(d2+d1 f) passed explicitly so large F statistics keep their relative accuracy.
 */
import jStat from "jstat";
import { regularizedBeta } from "./incomplete-beta.js";

export function fUpperP(f: number, df1: number, df2: number): number {
  if (Number.isNaN(f) || !(df1 > 0) || !(df2 > 0)) return NaN;
  if (f <= 0) return 1;
  if (!Number.isFinite(f)) return 0;
  const denom = df2 + df1 * f;
  return regularizedBeta(df2 / denom, (df1 * f) / denom, df2 / 2, df1 / 2).lower;
}

/** Quantile of F(df1, df2) (jstat; critical values only). */
export function fQuantile(p: number, df1: number, df2: number): number {
  return jStat.centralF.inv(p, df1, df2);
}
