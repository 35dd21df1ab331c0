/**
 * Householder QR decomposition of the n×p design matrix X = QR (Golub & Van Loan, Matrix
 * Computations, §5.2). Least squares is solved as R β = Qᵀy, never through XᵀX, whose condition
 * number is the square of X's (Longley loses half its digits through the normal equations).
 *
 * Speed without changing a bit: each reflection is applied to four columns per pass over the
 * Householder vector. Every column still gets its own dot product summed in row order, so R and
 * the reflected columns are bit-for-bit those of the one-column-at-a-time loop; the four
 * independent accumulators break the add-latency chain and share each load of v.
 */
import { pairOffset, withPairPanel } from "@tda/core-wasm";
import { denseKernels, invertUpperTriangular, type Matrix, zeros } from "./dense.js";

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
  /** Qᵀ·rhs (length n) when the factorisation was asked for it (`QROptions.rhs`): bit for bit `applyQt(qr, rhs)`. */
  qty?: Float64Array;
  /** The right-hand side `qty` belongs to (compared by identity in `solveLeastSquares`). */
  rhs?: ArrayLike<number>;
}

export interface QROptions {
  /**
   * A right-hand side y (length ≥ n): Qᵀy is formed with the factorisation (in the WebAssembly path
   * as one more column of the panel that every reflection meets, with the same dot products and
   * updates as `applyQt`, so the same bits) and handed back as `qty`.
   */
  rhs?: ArrayLike<number>;
  /**
   * Keep the Householder vectors `v` (default true). Without them (the caller needs only R, the rank
   * test and `qty`) the n×p vectors are not copied out of linear memory; reading `v` then throws.
   */
  keepVectors?: boolean;
}

/** The QR without its vectors: `v` throws when read (see `QROptions.keepVectors`). */
function dropVectors(qr: QR): QR {
  const { v: _v, ...rest } = qr;
  return Object.defineProperty(rest, "v", {
    enumerable: false,
    get(): Float64Array {
      throw new Error("householderQR: the Householder vectors were not kept (keepVectors: false)");
    },
  }) as QR;
}

/** The reference's way of honouring the options: Qᵀy by `applyQt`, then the vectors dropped if asked. */
function finishTs(qr: QR, options: QROptions): QR {
  const out = options.rhs !== undefined ? { ...qr, qty: applyQt(qr, options.rhs), rhs: options.rhs } : qr;
  return options.keepVectors === false ? dropVectors(out) : out;
}

/** Relative size below which |R_kk| / ‖x_k‖ marks column k as aliased with earlier columns. */
export const RANK_TOLERANCE = 1e-10;

/** Copy p columns into one column-major n×p array; returns it with the column norms. */
function packColumns(columns: ArrayLike<number>[], n: number): { a: Float64Array; colNorm: Float64Array } {
  const p = columns.length;
  const a = new Float64Array(n * p);
  const colNorm = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    const c = columns[j]!;
    const off = j * n;
    let s = 0;
    for (let i = 0; i < n; i++) {
      const x = c[i]!;
      a[off + i] = x;
      s += x * x;
    }
    colNorm[j] = Math.sqrt(s);
  }
  return { a, colNorm };
}

/** ‖a[off+k … off+n−1]‖ with the scaling that avoids overflow and underflow. */
function tailNorm(a: Float64Array, off: number, k: number, n: number): number {
  let scale = 0;
  for (let i = k; i < n; i++) scale = Math.max(scale, Math.abs(a[off + i]!));
  if (!(scale > 0)) return 0;
  let s = 0;
  for (let i = k; i < n; i++) {
    const z = a[off + i]! / scale;
    s += z * z;
  }
  return scale * Math.sqrt(s);
}

/** dots[t] = Σ_{i≥k} v_i·a_t,i for the columns t in targets[from…to) (v in column `src`), four at a time. */
function dotsWith(a: Float64Array, n: number, k: number, src: number, targets: ArrayLike<number>, from: number, to: number, dots: Float64Array): void {
  const off = src * n;
  let t = from;
  for (; t + 4 <= to; t += 4) {
    const o0 = targets[t]! * n;
    const o1 = targets[t + 1]! * n;
    const o2 = targets[t + 2]! * n;
    const o3 = targets[t + 3]! * n;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = k; i < n; i++) {
      const v = a[off + i]!;
      s0 += v * a[o0 + i]!;
      s1 += v * a[o1 + i]!;
      s2 += v * a[o2 + i]!;
      s3 += v * a[o3 + i]!;
    }
    dots[targets[t]!] = s0;
    dots[targets[t + 1]!] = s1;
    dots[targets[t + 2]!] = s2;
    dots[targets[t + 3]!] = s3;
  }
  for (; t < to; t++) {
    const oj = targets[t]! * n;
    let s = 0;
    for (let i = k; i < n; i++) s += a[off + i]! * a[oj + i]!;
    dots[targets[t]!] = s;
  }
}

/**
 * Apply the reflection H = I − 2vvᵀ/‖v‖² (v in column `src`, rows k…n−1) to the columns listed in
 * targets[from…to), whose dot products with v are in `dots`, four at a time. With `next` ≥ 0 the
 * same pass also takes each updated column's dot product with the next reflection's vector
 * (column `next`, rows k+1…n−1) into `dots` — the pass that step would otherwise make, fused:
 * the same products of the same numbers summed in the same row order.
 */
function reflectWith(
  a: Float64Array,
  n: number,
  k: number,
  src: number,
  vn: number,
  targets: ArrayLike<number>,
  from: number,
  to: number,
  dots: Float64Array,
  next: number,
): void {
  const off = src * n;
  let t = from;
  if (next < 0) {
    for (; t + 4 <= to; t += 4) {
      const o0 = targets[t]! * n;
      const o1 = targets[t + 1]! * n;
      const o2 = targets[t + 2]! * n;
      const o3 = targets[t + 3]! * n;
      const f0 = (2 * dots[targets[t]!]!) / vn;
      const f1 = (2 * dots[targets[t + 1]!]!) / vn;
      const f2 = (2 * dots[targets[t + 2]!]!) / vn;
      const f3 = (2 * dots[targets[t + 3]!]!) / vn;
      for (let i = k; i < n; i++) {
        const v = a[off + i]!;
        a[o0 + i] = a[o0 + i]! - f0 * v;
        a[o1 + i] = a[o1 + i]! - f1 * v;
        a[o2 + i] = a[o2 + i]! - f2 * v;
        a[o3 + i] = a[o3 + i]! - f3 * v;
      }
    }
    for (; t < to; t++) {
      const oj = targets[t]! * n;
      const f = (2 * dots[targets[t]!]!) / vn;
      for (let i = k; i < n; i++) a[oj + i] = a[oj + i]! - f * a[off + i]!;
    }
    return;
  }
  const nx = next * n;
  for (; t + 4 <= to; t += 4) {
    const o0 = targets[t]! * n;
    const o1 = targets[t + 1]! * n;
    const o2 = targets[t + 2]! * n;
    const o3 = targets[t + 3]! * n;
    const f0 = (2 * dots[targets[t]!]!) / vn;
    const f1 = (2 * dots[targets[t + 1]!]!) / vn;
    const f2 = (2 * dots[targets[t + 2]!]!) / vn;
    const f3 = (2 * dots[targets[t + 3]!]!) / vn;
    if (k < n) {
      const v = a[off + k]!;
      a[o0 + k] = a[o0 + k]! - f0 * v;
      a[o1 + k] = a[o1 + k]! - f1 * v;
      a[o2 + k] = a[o2 + k]! - f2 * v;
      a[o3 + k] = a[o3 + k]! - f3 * v;
    }
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = k + 1; i < n; i++) {
      const v = a[off + i]!;
      const w = a[nx + i]!;
      const x0 = a[o0 + i]! - f0 * v;
      const x1 = a[o1 + i]! - f1 * v;
      const x2 = a[o2 + i]! - f2 * v;
      const x3 = a[o3 + i]! - f3 * v;
      a[o0 + i] = x0;
      a[o1 + i] = x1;
      a[o2 + i] = x2;
      a[o3 + i] = x3;
      s0 += w * x0;
      s1 += w * x1;
      s2 += w * x2;
      s3 += w * x3;
    }
    dots[targets[t]!] = s0;
    dots[targets[t + 1]!] = s1;
    dots[targets[t + 2]!] = s2;
    dots[targets[t + 3]!] = s3;
  }
  for (; t < to; t++) {
    const oj = targets[t]! * n;
    const f = (2 * dots[targets[t]!]!) / vn;
    if (k < n) a[oj + k] = a[oj + k]! - f * a[off + k]!;
    let s = 0;
    for (let i = k + 1; i < n; i++) {
      const x = a[oj + i]! - f * a[off + i]!;
      a[oj + i] = x;
      s += a[nx + i]! * x;
    }
    dots[targets[t]!] = s;
  }
}

/**
 * Decompose X given as p columns of length n. Does not modify the input.
 *
 * Look-ahead: step k reflects column k+1 first, forms the next Householder vector from it, and
 * then updates the remaining columns and takes their dot products with that next vector in one
 * pass (one read of each column per step instead of two). Column k+1's norm and vector see
 * exactly the numbers they saw before, so R and the vectors are bit-for-bit unchanged.
 */
export function householderQR(columns: ArrayLike<number>[], n: number, options: QROptions = {}): QR {
  return denseKernels.wasm ? householderQRWasm(columns, n, options) : householderQRTs(columns, n, options);
}

/** `householderQR` in plain TypeScript: the reference of the WebAssembly path (and its fallback). */
export function householderQRTs(columns: ArrayLike<number>[], n: number, options: QROptions = {}): QR {
  return finishTs(householderQRPlain(columns, n), options);
}

function householderQRPlain(columns: ArrayLike<number>[], n: number): QR {
  const p = columns.length;
  const { a, colNorm } = packColumns(columns, n);
  const vNorm2 = new Float64Array(p);
  const r = zeros(p, p);
  const order = Int32Array.from({ length: p }, (_, j) => j);
  const dots = new Float64Array(p);
  let deficientColumn = -1;
  // prepare(k): rank check of column k (already reflected by 0…k−1) and its Householder vector;
  // false when column k takes no reflection
  const alphas = new Float64Array(p);
  const prepare = (k: number): boolean => {
    const off = k * n;
    const norm = k < n ? tailNorm(a, off, k, n) : 0;
    if (deficientColumn < 0 && (k >= n || !(norm > RANK_TOLERANCE * colNorm[k]!))) deficientColumn = k;
    if (norm === 0 || k >= n) return false;
    const alpha = a[off + k]! > 0 ? -norm : norm;
    a[off + k] = a[off + k]! - alpha;
    let vn = 0;
    for (let i = k; i < n; i++) vn += a[off + i]! * a[off + i]!;
    vNorm2[k] = vn;
    alphas[k] = alpha;
    return true;
  };
  let reflects = p > 0 ? prepare(0) : false;
  let dotsReady = false;
  for (let k = 0; k < p; k++) {
    if (!reflects) {
      vNorm2[k] = 0;
      for (let j = k; j < p; j++) r[k]![j] = k < n ? a[j * n + k]! : 0;
      dotsReady = false;
      if (k + 1 < p) reflects = prepare(k + 1);
      continue;
    }
    const vn = vNorm2[k]!;
    r[k]![k] = alphas[k]!;
    if (k + 1 < p) {
      if (!dotsReady) dotsWith(a, n, k, k, order, k + 1, p, dots);
      // column k+1 first, then its vector, then the rest with the fused dot products
      reflectWith(a, n, k, k, vn, order, k + 1, k + 2, dots, -1);
      reflects = prepare(k + 1);
      reflectWith(a, n, k, k, vn, order, k + 2, p, dots, reflects ? k + 1 : -1);
      dotsReady = reflects;
    }
    for (let j = k + 1; j < p; j++) r[k]![j] = a[j * n + k]!;
  }
  return { n, p, v: a, vNorm2, r, deficientColumn };
}

/**
 * Householder QR that drops aliased columns as it goes: a column whose remaining norm is at most
 * RANK_TOLERANCE of its own length is left out and the next column takes its place. The kept
 * columns' factorisation is bit-for-bit what `householderQR` gives on the reduced design, because
 * a column only ever meets the reflections of the kept columns before it — so this one pass
 * replaces "factorise, drop the first aliased column, factorise again" (one refit per alias).
 * The same look-ahead as `householderQR`: the next candidate is reflected (and tested) first.
 */
export function householderQRDroppingAliased(
  columns: ArrayLike<number>[],
  n: number,
  options: QROptions = {},
): { qr: QR; kept: number[]; dropped: number[] } {
  return denseKernels.wasm ? householderQRDroppingAliasedWasm(columns, n, options) : householderQRDroppingAliasedTs(columns, n, options);
}

/** `householderQRDroppingAliased` in plain TypeScript: the reference of the WebAssembly path. */
export function householderQRDroppingAliasedTs(
  columns: ArrayLike<number>[],
  n: number,
  options: QROptions = {},
): { qr: QR; kept: number[]; dropped: number[] } {
  const out = householderQRDroppingAliasedPlain(columns, n);
  return { ...out, qr: finishTs(out.qr, options) };
}

function householderQRDroppingAliasedPlain(columns: ArrayLike<number>[], n: number): { qr: QR; kept: number[]; dropped: number[] } {
  const p = columns.length;
  const { a, colNorm } = packColumns(columns, n);
  const kept: number[] = [];
  const dropped: number[] = [];
  // candidates not yet placed, in column order; `pending` holds their slots in `a`
  const pending = Int32Array.from({ length: p }, (_, j) => j);
  const reflections: { src: number; vn: number; alpha: number }[] = [];
  const dots = new Float64Array(p);
  let head = 0;
  // the next kept candidate at step k (columns failing the rank test are dropped on the way),
  // its Householder vector formed; -1 when none is left. `reflectFirst` (a reflection of the
  // previous step, vector `src`) is applied to each candidate before it is tested.
  const nextKept = (k: number, reflectFirst: { src: number; vn: number } | null): { c: number; vn: number; alpha: number } | null => {
    while (head < p) {
      const c = pending[head++]!;
      if (reflectFirst) reflectWith(a, n, k - 1, reflectFirst.src, reflectFirst.vn, pending, head - 1, head, dots, -1);
      const off = c * n;
      const norm = k < n ? tailNorm(a, off, k, n) : 0;
      if (k >= n || !(norm > RANK_TOLERANCE * colNorm[c]!)) {
        dropped.push(c);
        continue;
      }
      const alpha = a[off + k]! > 0 ? -norm : norm;
      a[off + k] = a[off + k]! - alpha;
      let vn = 0;
      for (let i = k; i < n; i++) vn += a[off + i]! * a[off + i]!;
      return { c, vn, alpha };
    }
    return null;
  };
  let cur = nextKept(0, null);
  let k = 0;
  while (cur) {
    kept.push(cur.c);
    reflections.push({ src: cur.c, vn: cur.vn, alpha: cur.alpha });
    // dots of every candidate left with this vector: from the fused pass of the step before,
    // except at the first step
    if (k === 0) dotsWith(a, n, k, cur.c, pending, head, p, dots);
    const next = nextKept(k + 1, { src: cur.c, vn: cur.vn });
    reflectWith(a, n, k, cur.c, cur.vn, pending, head, p, dots, next ? next.c : -1);
    cur = next;
    k++;
  }
  // compact the kept columns into a QR of the reduced design
  const q = kept.length;
  const v = new Float64Array(n * q);
  const vNorm2 = new Float64Array(q);
  const r = zeros(q, q);
  for (let j = 0; j < q; j++) {
    const src = kept[j]! * n;
    v.set(a.subarray(src, src + n), j * n);
    vNorm2[j] = reflections[j]!.vn;
    r[j]![j] = reflections[j]!.alpha;
    for (let i = 0; i < j; i++) r[i]![j] = a[src + i]!;
  }
  return { qr: { n, p: q, v, vNorm2, r, deficientColumn: -1 }, kept, dropped };
}

// ---- the same factorisations with the panel in WebAssembly memory ------------------------------
//
// The panel lives in linear memory in the "pairs" layout of @tda/core-wasm (entry (i, c) at
// pairOffset(n, c) + 2i), so that the reflections and dot products run on f64x2 lanes over two
// columns at a time; each column still sees exactly the operations of the loops above, in the same
// order (see assembly/dense.ts), so R, the vectors and every later number are bit-for-bit the same.
// The decisions (rank test, sign of alpha, which column comes next) stay here; the panel's numbers
// are read through a view of it.

function householderQRWasm(columns: ArrayLike<number>[], n: number, options: QROptions): QR {
  const p = columns.length;
  const rhs = options.rhs;
  if (rhs !== undefined && rhs.length < n) throw new Error(`householderQR: rhs has ${rhs.length} rows, expected ${n}`);
  // with a right-hand side it is the panel's last column (index p): every reflection's ranges end
  // at `end`, so it meets each reflection exactly as `applyQt` applies it (dot product over rows
  // k…n−1 in row order — from the fused pass of the step before or from `dots` — then the update)
  const end = rhs !== undefined ? p + 1 : p;
  return withPairPanel(n, end, (panel) => {
    const a = panel.a;
    panel.fill(rhs !== undefined ? [...columns, rhs] : columns);
    const colNorm = new Float64Array(end);
    panel.norms(colNorm);
    const vNorm2 = new Float64Array(p);
    const r = zeros(p, p);
    let deficientColumn = -1;
    // a reflection with ‖v‖² = 0 (underflow) is skipped by applyQt but not by the panel: then Qᵀy
    // is left to applyQt on the vectors, which are kept
    let zeroVn = false;
    const alphas = new Float64Array(p);
    const prepare = (k: number): boolean => {
      const off = pairOffset(n, k);
      const norm = k < n ? panel.tailNorm(k, k) : 0;
      if (deficientColumn < 0 && (k >= n || !(norm > RANK_TOLERANCE * colNorm[k]!))) deficientColumn = k;
      if (norm === 0 || k >= n) return false;
      const alpha = a[off + 2 * k]! > 0 ? -norm : norm;
      vNorm2[k] = panel.householderVector(k, k, alpha);
      if (vNorm2[k] === 0) zeroVn = true;
      alphas[k] = alpha;
      return true;
    };
    let reflects = p > 0 ? prepare(0) : false;
    let dotsReady = false;
    for (let k = 0; k < p; k++) {
      if (!reflects) {
        vNorm2[k] = 0;
        for (let j = k; j < p; j++) r[k]![j] = k < n ? a[pairOffset(n, j) + 2 * k]! : 0;
        dotsReady = false;
        if (k + 1 < p) reflects = prepare(k + 1);
        continue;
      }
      const vn = vNorm2[k]!;
      r[k]![k] = alphas[k]!;
      if (k + 1 < p) {
        if (!dotsReady) panel.dots(k, k, k + 1, end);
        panel.reflect(k, k, vn, k + 1, k + 2, -1);
        reflects = prepare(k + 1);
        panel.reflect(k, k, vn, k + 2, end, reflects ? k + 1 : -1);
        dotsReady = reflects;
      } else if (end > p) {
        // the last reflection meets only the right-hand side
        if (!dotsReady) panel.dots(k, k, p, end);
        panel.reflect(k, k, vn, p, end, -1);
      }
      for (let j = k + 1; j < p; j++) r[k]![j] = a[pairOffset(n, j) + 2 * k]!;
    }
    const keep = options.keepVectors !== false || (rhs !== undefined && zeroVn);
    const qr: QR = { n, p, v: keep ? panel.unpack(Int32Array.from({ length: p }, (_, j) => j)) : new Float64Array(0), vNorm2, r, deficientColumn };
    if (rhs !== undefined) {
      qr.rhs = rhs;
      qr.qty = zeroVn ? applyQt(qr, rhs) : panel.unpack([p]);
    }
    return options.keepVectors === false ? dropVectors(qr) : qr;
  });
}

function householderQRDroppingAliasedWasm(columns: ArrayLike<number>[], n: number, options: QROptions): { qr: QR; kept: number[]; dropped: number[] } {
  const p = columns.length;
  const rhs = options.rhs;
  if (rhs !== undefined && rhs.length < n) throw new Error(`householderQRDroppingAliased: rhs has ${rhs.length} rows, expected ${n}`);
  // the right-hand side is the panel's column p, after every candidate (see householderQRWasm)
  const end = rhs !== undefined ? p + 1 : p;
  return withPairPanel(n, end, (panel) => {
    const a = panel.a;
    panel.fill(rhs !== undefined ? [...columns, rhs] : columns);
    const colNorm = new Float64Array(end);
    panel.norms(colNorm);
    const kept: number[] = [];
    const dropped: number[] = [];
    // candidates are the columns head … p − 1 in order (the reference's `pending` is the identity)
    const reflections: { src: number; vn: number; alpha: number }[] = [];
    let head = 0;
    let zeroVn = false;
    const nextKept = (k: number, reflectFirst: { src: number; vn: number } | null): { c: number; vn: number; alpha: number } | null => {
      while (head < p) {
        const c = head++;
        if (reflectFirst) panel.reflect(k - 1, reflectFirst.src, reflectFirst.vn, c, c + 1, -1);
        const off = pairOffset(n, c);
        const norm = k < n ? panel.tailNorm(k, c) : 0;
        if (k >= n || !(norm > RANK_TOLERANCE * colNorm[c]!)) {
          dropped.push(c);
          continue;
        }
        const alpha = a[off + 2 * k]! > 0 ? -norm : norm;
        const vn = panel.householderVector(k, c, alpha);
        if (vn === 0) zeroVn = true;
        return { c, vn, alpha };
      }
      return null;
    };
    let cur = nextKept(0, null);
    let k = 0;
    while (cur) {
      kept.push(cur.c);
      reflections.push({ src: cur.c, vn: cur.vn, alpha: cur.alpha });
      if (k === 0) panel.dots(k, cur.c, head, end);
      const next = nextKept(k + 1, { src: cur.c, vn: cur.vn });
      panel.reflect(k, cur.c, cur.vn, head, end, next ? next.c : -1);
      cur = next;
      k++;
    }
    const q = kept.length;
    const keep = options.keepVectors !== false || (rhs !== undefined && zeroVn);
    const v = keep ? panel.unpack(kept) : new Float64Array(0);
    const vNorm2 = new Float64Array(q);
    const r = zeros(q, q);
    for (let j = 0; j < q; j++) {
      const src = pairOffset(n, kept[j]!);
      vNorm2[j] = reflections[j]!.vn;
      r[j]![j] = reflections[j]!.alpha;
      for (let i = 0; i < j; i++) r[i]![j] = a[src + 2 * i]!;
    }
    const qr: QR = { n, p: q, v, vNorm2, r, deficientColumn: -1 };
    if (rhs !== undefined) {
      qr.rhs = rhs;
      qr.qty = zeroVn ? applyQt(qr, rhs) : panel.unpack([p]);
    }
    return { qr: options.keepVectors === false ? dropVectors(qr) : qr, kept, dropped };
  });
}

/**
 * Factorisations remembered for the reduced design that `dropAliasedColumns` hands on, so that the
 * fit that follows (ols, logit) does not factorise the same columns again. Keyed by the columns
 * array; a hit also needs the same column objects and the same sum and sum of squares per column
 * (O(n·p) against the O(n·p²) of a factorisation), so a design edited in between is refactorised.
 */
const remembered = new WeakMap<object, { n: number; columns: ArrayLike<number>[]; sums: Float64Array; qr: QR }>();

function columnSums(columns: ArrayLike<number>[], n: number): Float64Array {
  const out = new Float64Array(2 * columns.length);
  columns.forEach((c, j) => {
    let s = 0;
    let q = 0;
    for (let i = 0; i < n; i++) {
      const x = c[i]!;
      s += x;
      q += x * x;
    }
    out[2 * j] = s;
    out[2 * j + 1] = q;
  });
  return out;
}

export function rememberQR(columns: ArrayLike<number>[], n: number, qr: QR): void {
  remembered.set(columns, { n, columns: [...columns], sums: columnSums(columns, n), qr });
}

/** `householderQR(columns, n)`, or the factorisation remembered for these very columns. */
export function householderQRReusing(columns: ArrayLike<number>[], n: number): QR {
  const hit = remembered.get(columns);
  if (hit && hit.n === n && hit.columns.length === columns.length && hit.columns.every((c, j) => c === columns[j])) {
    const sums = columnSums(columns, n);
    if (sums.every((v, i) => Object.is(v, hit.sums[i]))) return hit.qr;
  }
  return householderQR(columns, n);
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
  const qty = qr.qty !== undefined && qr.rhs === y ? qr.qty : applyQt(qr, y);
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
