/**
 * Cross-product matrices of the n×p design and their Cholesky factors, for the Newton steps of
 * the logit (XᵀWX β-step = Xᵀ(y − p̂)). Half the work of a Householder QR per step; the final
 * covariance still comes from a QR (see logit.ts), so the ill-conditioning of XᵀWX only ever
 * affects the path to the optimum, not where it ends or the standard errors reported there.
 */
import { gramPacked, withResidentGram } from "@tda/core-wasm";
import { denseKernels } from "./dense.js";

/**
 * M[a][b] += l_a0·r_b0 + l_a1·r_b1 + l_a2·r_b2 + l_a3·r_b3 (summed left to right) for b ≥ a: the
 * upper triangle of a rank-4 update, p×p row-major M, with l and r four rows interleaved
 * (entry (a, q) at a·4 + q). Two rows of M per pass share each load of r (about twice the speed of
 * one row per pass in V8); every entry gets the same expression as before, so the same bits.
 */
export function addRank4Upper(m: Float64Array, l: Float64Array, r: Float64Array, rOff: number, p: number): void {
  let a = 0;
  for (; a + 2 <= p; a += 2) {
    const base = a * p;
    const base1 = base + p;
    const oa = a * 4;
    const x0 = l[oa]!;
    const x1 = l[oa + 1]!;
    const x2 = l[oa + 2]!;
    const x3 = l[oa + 3]!;
    const y0 = l[oa + 4]!;
    const y1 = l[oa + 5]!;
    const y2 = l[oa + 6]!;
    const y3 = l[oa + 7]!;
    const ra = rOff + oa;
    m[base + a] = m[base + a]! + (x0 * r[ra]! + x1 * r[ra + 1]! + x2 * r[ra + 2]! + x3 * r[ra + 3]!);
    for (let b = a + 1; b < p; b++) {
      const ob = rOff + b * 4;
      const r0 = r[ob]!;
      const r1 = r[ob + 1]!;
      const r2 = r[ob + 2]!;
      const r3 = r[ob + 3]!;
      m[base + b] = m[base + b]! + (x0 * r0 + x1 * r1 + x2 * r2 + x3 * r3);
      m[base1 + b] = m[base1 + b]! + (y0 * r0 + y1 * r1 + y2 * r2 + y3 * r3);
    }
  }
  for (; a < p; a++) {
    const base = a * p;
    const oa = a * 4;
    const x0 = l[oa]!;
    const x1 = l[oa + 1]!;
    const x2 = l[oa + 2]!;
    const x3 = l[oa + 3]!;
    for (let b = a; b < p; b++) {
      const ob = rOff + b * 4;
      m[base + b] = m[base + b]! + (x0 * r[ob]! + x1 * r[ob + 1]! + x2 * r[ob + 2]! + x3 * r[ob + 3]!);
    }
  }
}

/** The first `rows` (< 4) of an interleaved block added one row at a time: M[a][b] += l_aq·r_bq, q = 0, 1, …. */
export function addRowsUpper(m: Float64Array, l: Float64Array, r: Float64Array, rOff: number, p: number, rows: number): void {
  for (let q = 0; q < rows; q++)
    for (let a = 0; a < p; a++) {
      const la = l[a * 4 + q]!;
      const base = a * p;
      for (let b = a; b < p; b++) m[base + b] = m[base + b]! + la * r[rOff + b * 4 + q]!;
    }
}

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
    for (let a = 0; a < p; a++) {
      const c = columns[a]!;
      for (let q = 0; q < rows; q++) {
        const x = c[i0 + q]!;
        xs[a * 4 + q] = x;
        xw[a * 4 + q] = x * (weights ? weights[i0 + q]! : 1);
      }
    }
    if (rows === BLOCK) addRank4Upper(m, xw, xs, 0, p);
    else addRowsUpper(m, xw, xs, 0, p, rows);
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) m[a * p + b] = m[b * p + a]!;
  return m;
}

/**
 * The design in blocks of four rows as `weightedGram` lays each block out (block b, entry (a, q) =
 * x[4b + q][a] at 4p·b + 4a + q; the last block zero-padded), for repeated cross-products of the
 * same columns (the logit's Newton steps) without gathering p columns again each time.
 */
export function packRowBlocks(columns: ArrayLike<number>[], n: number): Float64Array {
  const p = columns.length;
  const out = new Float64Array(Math.ceil(n / 4) * 4 * p);
  for (let a = 0; a < p; a++) {
    const c = columns[a]!;
    for (let i = 0; i < n; i++) out[(i >> 2) * 4 * p + a * 4 + (i & 3)] = c[i]!;
  }
  return out;
}

/** `weightedGram(columns, n, weights)` from `packRowBlocks(columns, n)`: the same numbers, bit for bit. */
export function weightedGramPacked(packed: Float64Array, p: number, n: number, weights: ArrayLike<number>): Float64Array {
  return denseKernels.wasm ? gramPacked(packed, p, n, weights) : weightedGramPackedTs(packed, p, n, weights);
}

/**
 * Runs `body` with `gram(weights)` = `weightedGramPacked(packed, p, n, weights)`; in WebAssembly the
 * packed design is copied into linear memory once for all calls (the logit's Newton steps), not
 * once per call.
 */
export function withWeightedGramPacked<T>(
  packed: Float64Array,
  p: number,
  n: number,
  body: (gram: (weights: ArrayLike<number>) => Float64Array) => T,
): T {
  return denseKernels.wasm ? withResidentGram(packed, p, n, body) : body((w) => weightedGramPackedTs(packed, p, n, w));
}

/** `weightedGramPacked` in plain TypeScript: the reference of the WebAssembly kernel (and its fallback). */
export function weightedGramPackedTs(packed: Float64Array, p: number, n: number, weights: ArrayLike<number>): Float64Array {
  const m = new Float64Array(p * p);
  const xw = new Float64Array(4 * p);
  for (let i0 = 0; i0 < n; i0 += 4) {
    const rows = Math.min(4, n - i0);
    const off = i0 * p;
    for (let a = 0; a < p; a++)
      for (let q = 0; q < rows; q++) xw[a * 4 + q] = packed[off + a * 4 + q]! * weights[i0 + q]!;
    if (rows === 4) addRank4Upper(m, xw, packed, off, p);
    else addRowsUpper(m, xw, packed, off, p, rows);
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
