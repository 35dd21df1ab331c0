/**
 * Householder QR decomposition of the n×p design matrix X = QR (Golub & Van Loan, Matrix
 * Computations, §5.2). Least squares is solved as R β = Qᵀy, never through XᵀX, whose condition
 * number is the square of X's (Longley loses half its digits through the normal equations).
 */
import { invertUpperTriangular, type Matrix, zeros } from "./dense.js";

export interface QR {
  n: number;
  p: number;
  /** Householder vectors, column-major n×p (column k holds v_k in rows k…n−1). */
  v: Float64Array;
  /** ‖v_k‖² for each reflection. */
  vNorm2: Float64Array;
  /** Upper-triangular R (p×p rows). */
  r: Matrix;
  /** Index of the first column that is (numerically) a linear combination of earlier ones, or −1. */
  deficientColumn: number;
}

/** Relative size below which |R_kk| / ‖x_k‖ marks column k as aliased with earlier columns. */
export const RANK_TOLERANCE = 1e-10;

/** Decompose X given as p columns of length n. Does not modify the input. */
export function householderQR(columns: ArrayLike<number>[], n: number): QR {
  const p = columns.length;
  const a = new Float64Array(n * p);
  const colNorm = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const c = columns[j]!;
    let s = 0;
    for (let i = 0; i < n; i++) {
      a[j * n + i] = c[i]!;
      s += c[i]! * c[i]!;
    }
    colNorm[j] = Math.sqrt(s);
  }
  const vNorm2 = new Float64Array(p);
  const r = zeros(p, p);
  let deficientColumn = -1;
  for (let k = 0; k < p; k++) {
    const off = k * n;
    let scale = 0;
    for (let i = k; i < n; i++) scale = Math.max(scale, Math.abs(a[off + i]!));
    let norm = 0;
    if (scale > 0) {
      let s = 0;
      for (let i = k; i < n; i++) {
        const z = a[off + i]! / scale;
        s += z * z;
      }
      norm = scale * Math.sqrt(s);
    }
    if (deficientColumn < 0 && (k >= n || !(norm > RANK_TOLERANCE * colNorm[k]!))) deficientColumn = k;
    if (norm === 0 || k >= n) {
      vNorm2[k] = 0;
      for (let j = k; j < p; j++) r[k]![j] = k < n ? a[j * n + k]! : 0;
      continue;
    }
    const alpha = a[off + k]! > 0 ? -norm : norm;
    a[off + k] = a[off + k]! - alpha;
    let vn = 0;
    for (let i = k; i < n; i++) vn += a[off + i]! * a[off + i]!;
    vNorm2[k] = vn;
    r[k]![k] = alpha;
    for (let j = k + 1; j < p; j++) {
      const oj = j * n;
      let s = 0;
      for (let i = k; i < n; i++) s += a[off + i]! * a[oj + i]!;
      const f = (2 * s) / vn;
      for (let i = k; i < n; i++) a[oj + i] = a[oj + i]! - f * a[off + i]!;
      r[k]![j] = a[oj + k]!;
    }
  }
  return { n, p, v: a, vNorm2, r, deficientColumn };
}

/** Qᵀ y (length n). */
export function applyQt(qr: QR, y: ArrayLike<number>): Float64Array {
  const { n, p, v, vNorm2 } = qr;
  const out = Float64Array.from({ length: n }, (_, i) => y[i]!);
  for (let k = 0; k < p; k++) {
    if (vNorm2[k] === 0) continue;
    const off = k * n;
    let s = 0;
    for (let i = k; i < n; i++) s += v[off + i]! * out[i]!;
    const f = (2 * s) / vNorm2[k]!;
    for (let i = k; i < n; i++) out[i] = out[i]! - f * v[off + i]!;
  }
  return out;
}

/** Solve the least-squares problem min ‖y − Xβ‖ from a QR of X. */
export function solveLeastSquares(qr: QR, y: ArrayLike<number>): number[] {
  const qty = applyQt(qr, y);
  const { p, r } = qr;
  const beta = new Array<number>(p).fill(0);
  for (let i = p - 1; i >= 0; i--) {
    let s = qty[i]!;
    for (let k = i + 1; k < p; k++) s -= r[i]![k]! * beta[k]!;
    beta[i] = s / r[i]![i]!;
  }
  return beta;
}

/** (XᵀX)⁻¹ = R⁻¹ R⁻ᵀ, and R⁻¹ itself (used for leverages). */
export function unscaledCovariance(qr: QR): { xtxInv: Matrix; rInv: Matrix } {
  const rInv = invertUpperTriangular(qr.r);
  const p = qr.p;
  const xtxInv = zeros(p, p);
  for (let i = 0; i < p; i++)
    for (let j = i; j < p; j++) {
      let s = 0;
      for (let k = Math.max(i, j); k < p; k++) s += rInv[i]![k]! * rInv[j]![k]!;
      xtxInv[i]![j] = s;
      xtxInv[j]![i] = s;
    }
  return { xtxInv, rInv };
}

/** Leverages h_i = ‖x_iᵀ R⁻¹‖², the diagonal of the hat matrix. */
export function leverages(columns: ArrayLike<number>[], n: number, rInv: Matrix): Float64Array {
  const p = columns.length;
  const h = new Float64Array(n);
  const row = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) row[j] = columns[j]![i]!;
    let s = 0;
    for (let j = 0; j < p; j++) {
      let z = 0;
      for (let k = 0; k <= j; k++) z += row[k]! * rInv[k]![j]!;
      s += z * z;
    }
    h[i] = s;
  }
  return h;
}
