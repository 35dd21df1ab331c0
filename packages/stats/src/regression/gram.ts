/**
 * Cross-product matrices of the n×p design and their Cholesky factors, for the Newton steps of
 * the logit (XᵀWX β-step = Xᵀ(y − p̂)). Half the work of a Householder QR per step; the final
 * covariance still comes from a QR (see logit.ts), so the ill-conditioning of XᵀWX only ever
 * affects the path to the optimum, not where it ends or the standard errors reported there.
 */

/** Σ_i w_i x_i x_iᵀ (w = 1 when absent) as a full symmetric p×p row-major array. */
export function weightedGram(columns: ArrayLike<number>[], n: number, weights?: ArrayLike<number>): Float64Array {
  const p = columns.length;
  const m = new Float64Array(p * p);
  // Four rows at a time: each pass over the triangle of M adds four products per entry.
  const BLOCK = 4;
  const xs = new Float64Array(BLOCK * p);
  const xw = new Float64Array(BLOCK * p);
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const rows = Math.min(BLOCK, n - i0);
    for (let q = 0; q < rows; q++) {
      const i = i0 + q;
      const w = weights ? weights[i]! : 1;
      for (let a = 0; a < p; a++) {
        const x = columns[a]![i]!;
        xs[q * p + a] = x;
        xw[q * p + a] = x * w;
      }
    }
    if (rows === BLOCK) {
      for (let a = 0; a < p; a++) {
        const w0 = xw[a]!;
        const w1 = xw[p + a]!;
        const w2 = xw[2 * p + a]!;
        const w3 = xw[3 * p + a]!;
        const base = a * p;
        for (let b = a; b < p; b++)
          m[base + b] = m[base + b]! + (w0 * xs[b]! + w1 * xs[p + b]! + w2 * xs[2 * p + b]! + w3 * xs[3 * p + b]!);
      }
    } else
      for (let q = 0; q < rows; q++)
        for (let a = 0; a < p; a++) {
          const wa = xw[q * p + a]!;
          const base = a * p;
          for (let b = a; b < p; b++) m[base + b] = m[base + b]! + wa * xs[q * p + b]!;
        }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) m[a * p + b] = m[b * p + a]!;
  return m;
}

/**
 * Cholesky factor G = RᵀR (R upper triangular, row-major p×p), or null when a pivot is not
 * positive. `minPivotRatio` is min_k R_kk / √G_kk: the share of column k's (weighted) length not
 * explained by the columns before it — what a Householder QR compares with its rank tolerance.
 */
export function cholesky(g: Float64Array, p: number): { r: Float64Array; minPivotRatio: number } | null {
  const r = new Float64Array(p * p);
  let minPivotRatio = Infinity;
  for (let k = 0; k < p; k++) {
    let d = g[k * p + k]!;
    for (let i = 0; i < k; i++) d -= r[i * p + k]! * r[i * p + k]!;
    if (!(d > 0) || !(g[k * p + k]! > 0)) return null;
    const rkk = Math.sqrt(d);
    r[k * p + k] = rkk;
    minPivotRatio = Math.min(minPivotRatio, rkk / Math.sqrt(g[k * p + k]!));
    for (let j = k + 1; j < p; j++) {
      let s = g[k * p + j]!;
      for (let i = 0; i < k; i++) s -= r[i * p + k]! * r[i * p + j]!;
      r[k * p + j] = s / rkk;
    }
  }
  return { r, minPivotRatio };
}

/** Solve RᵀR x = b from the factor of `cholesky`. */
export function choleskySolveFactor(r: Float64Array, p: number, b: ArrayLike<number>): number[] {
  const y = new Array<number>(p);
  for (let i = 0; i < p; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= r[k * p + i]! * y[k]!;
    y[i] = s / r[i * p + i]!;
  }
  const x = new Array<number>(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < p; k++) s -= r[i * p + k]! * x[k]!;
    x[i] = s / r[i * p + i]!;
  }
  return x;
}
