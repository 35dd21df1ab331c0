/**
 * Condition number of the design, from the singular values of R (X = QR has the same ones).
 *
 * `raw` is κ(X) as statsmodels reports it; it is large whenever columns have different units.
 * `scaled` is κ of X with every column scaled to unit length (Belsley, Kuh & Welsch 1980,
 * "Regression Diagnostics", ch. 3): values above 30 indicate collinearity that degrades estimates,
 * and that is when a warning is raised.
 */
import { type Matrix, singularValues } from "./dense.js";

export const COLLINEARITY_WARNING = 30;

export interface ConditionNumber {
  raw: number;
  scaled: number;
  warning: string | null;
}

export function conditionNumber(r: Matrix, columnNorms: ArrayLike<number>): ConditionNumber {
  const sv = singularValues(r);
  const scaledR = r.map((row) => row.map((v, j) => v / columnNorms[j]!));
  const svs = singularValues(scaledR);
  const raw = sv[0]! / sv[sv.length - 1]!;
  const scaled = svs[0]! / svs[svs.length - 1]!;
  const warning =
    scaled > COLLINEARITY_WARNING
      ? `condition number ${scaled.toPrecision(3)} (columns scaled to unit length) exceeds ${COLLINEARITY_WARNING}: features are strongly collinear, individual coefficients are unreliable`
      : null;
  return { raw, scaled, warning };
}

/** `conditionNumber(r, columnNorms).scaled` alone (one singular-value decomposition instead of two). */
export function scaledConditionNumber(r: Matrix, columnNorms: ArrayLike<number>): number {
  const svs = singularValues(r.map((row) => row.map((v, j) => v / columnNorms[j]!)));
  return svs[0]! / svs[svs.length - 1]!;
}

export function columnNorms(columns: ArrayLike<number>[], n: number): Float64Array {
  return Float64Array.from(columns, (c) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += c[i]! * c[i]!;
    return Math.sqrt(s);
  });
}
