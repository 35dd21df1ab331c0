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
  const scaledR = r.map((row) => row.map((v, j) => v / columnNorms[j]!));
  const svs = singularValues(scaledR);
  const scaled = svs[0]! / svs[svs.length - 1]!;
  const warning =
    scaled > COLLINEARITY_WARNING
      ? `condition number ${scaled.toPrecision(3)} (columns scaled to unit length) exceeds ${COLLINEARITY_WARNING}: features are strongly collinear, individual coefficients are unreliable`
      : null;
  // `raw` (a second singular-value decomposition, which the reports never read) is computed when
  // first read: an enumerable getter in the first place, so copies, JSON and structured clones see
  // the same keys, order and value as before
  let raw: number | undefined;
  const rCopy = r.map((row) => row.slice());
  const out = Object.defineProperty({} as ConditionNumber, "raw", {
    enumerable: true,
    configurable: true,
    get(): number {
      if (raw === undefined) {
        const sv = singularValues(rCopy);
        raw = sv[0]! / sv[sv.length - 1]!;
      }
      return raw;
    },
  });
  out.scaled = scaled;
  out.warning = warning;
  return out;
}

/** `conditionNumber(r, columnNorms).scaled` alone (one singular-value decomposition instead of two). */
export function scaledConditionNumber(r: Matrix, columnNorms: ArrayLike<number>): number {
  const svs = singularValues(r.map((row) => row.map((v, j) => v / columnNorms[j]!)));
  return svs[0]! / svs[svs.length - 1]!;
}

/** Σ c_i² in row order (a function of its own, compiled once for every column and fit). */
function sumOfSquares(c: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += c[i]! * c[i]!;
  return s;
}

/** Σ c_i² of four columns in one pass (each summed in row order). */
function sumsOfSquares4(c0: ArrayLike<number>, c1: ArrayLike<number>, c2: ArrayLike<number>, c3: ArrayLike<number>, n: number, out: Float64Array, j: number): void {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let i = 0; i < n; i++) {
    s0 += c0[i]! * c0[i]!;
    s1 += c1[i]! * c1[i]!;
    s2 += c2[i]! * c2[i]!;
    s3 += c3[i]! * c3[i]!;
  }
  out[j] = s0;
  out[j + 1] = s1;
  out[j + 2] = s2;
  out[j + 3] = s3;
}

export function columnNorms(columns: ArrayLike<number>[], n: number): Float64Array {
  const k = columns.length;
  const out = new Float64Array(k);
  let j = 0;
  for (; j + 4 <= k; j += 4) sumsOfSquares4(columns[j]!, columns[j + 1]!, columns[j + 2]!, columns[j + 3]!, n, out, j);
  for (; j < k; j++) out[j] = sumOfSquares(columns[j]!, n);
  for (let i = 0; i < k; i++) out[i] = Math.sqrt(out[i]!);
  return out;
}
