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
import { pairOffset, type PairPanel, withPairPanel } from "@tda/core-wasm";
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
  /** ‖x_j‖ = √Σ_i x_ij² (row order) of the factorised columns: `columnNorms(columns, n)`, bit for bit. */
  columnNorms?: Float64Array;
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

// ---- the panel: the working copy of the columns and the kernels over it -----------------------
//
// One driver (`factorise`, `factoriseDroppingAliased`) makes every decision — the rank test, the
// sign of alpha, which column comes next, which columns each reflection meets — over a `Panel`:
// either the plain TypeScript kernels above on a column-major copy (the reference, and the
// fallback), or the WebAssembly kernels of @tda/core-wasm on a panel in linear memory in the
// "pairs" layout (entry (i, c) at pairOffset(n, c) + 2i, so that reflections and dot products run on
// f64x2 lanes over two columns at a time). Each column sees exactly the same operations in the same
// order in both (see assembly/dense.ts), so R, the vectors and every later number are the same bits.
//
// With a right-hand side y (`QROptions.rhs`) the panel has one more column, index p, after every
// candidate: each reflection's ranges end at `end` = p + 1, so y meets each reflection exactly as
// `applyQt` applies it (its dot product with v over rows k…n−1 in row order — from the fused pass of
// the step before or from `dots` — then x −= (2s/‖v‖²)·v), and Qᵀy is read off the panel.

interface Panel {
  /** Entry (i, c). */
  at(i: number, c: number): number;
  /** √Σ_i x_ic² in row order for every column of the panel. */
  norms(out: Float64Array): void;
  /** ‖x_c[k … n − 1]‖ with scaling (`tailNorm`). */
  tailNorm(k: number, c: number): number;
  /** Forms the Householder vector of column c in place (x_kc −= alpha); returns ‖v‖² in row order. */
  householderVector(k: number, c: number, alpha: number): number;
  /** dots[c] = Σ_{i≥k} v_i·x_ic (v = column src) for c = from … to − 1 (`dotsWith`). */
  dots(k: number, src: number, from: number, to: number): void;
  /** The reflection of column src applied to columns from … to − 1, fused dots with `next` (`reflectWith`). */
  reflect(k: number, src: number, vn: number, from: number, to: number, next: number): void;
  /** Column-major n×q copy (or view) of the columns `cols`. */
  unpack(cols: ArrayLike<number>): Float64Array;
}

/** The TypeScript panel over columns (all of length ≥ n). */
function tsPanel(columns: ArrayLike<number>[], n: number): Panel {
  const p = columns.length;
  const { a, colNorm } = packColumns(columns, n);
  // the driver's candidates are always the columns in order: the kernels' target list is the identity
  const identity = Int32Array.from({ length: p }, (_, j) => j);
  const dots = new Float64Array(p);
  return {
    at: (i, c) => a[c * n + i]!,
    norms: (out) => out.set(colNorm),
    tailNorm: (k, c) => tailNorm(a, c * n, k, n),
    householderVector(k, c, alpha) {
      const off = c * n;
      a[off + k] = a[off + k]! - alpha;
      let vn = 0;
      for (let i = k; i < n; i++) vn += a[off + i]! * a[off + i]!;
      return vn;
    },
    dots: (k, src, from, to) => dotsWith(a, n, k, src, identity, from, to, dots),
    reflect: (k, src, vn, from, to, next) => reflectWith(a, n, k, src, vn, identity, from, to, dots, next),
    unpack(cols) {
      const q = cols.length;
      let prefix = true;
      for (let j = 0; j < q && prefix; j++) prefix = cols[j] === j;
      if (prefix) return a.subarray(0, q * n);
      const v = new Float64Array(n * q);
      for (let j = 0; j < q; j++) v.set(a.subarray(cols[j]! * n, cols[j]! * n + n), j * n);
      return v;
    },
  };
}

/** The WebAssembly panel (@tda/core-wasm `withPairPanel`), filled with the columns. */
function wasmPanel(panel: PairPanel, columns: ArrayLike<number>[]): Panel {
  const { n, a } = panel;
  panel.fill(columns);
  return {
    at: (i, c) => a[pairOffset(n, c) + 2 * i]!,
    norms: (out) => panel.norms(out),
    tailNorm: (k, c) => panel.tailNorm(k, c),
    householderVector: (k, c, alpha) => panel.householderVector(k, c, alpha),
    dots: (k, src, from, to) => panel.dots(k, src, from, to),
    reflect: (k, src, vn, from, to, next) => panel.reflect(k, src, vn, from, to, next),
    unpack: (cols) => panel.unpack(cols),
  };
}

/** Runs `body` on a panel of the columns (and `rhs` as column p), in WebAssembly or TypeScript. */
function withPanel<T>(wasm: boolean, columns: ArrayLike<number>[], n: number, rhs: ArrayLike<number> | undefined, body: (panel: Panel) => T): T {
  if (rhs !== undefined && rhs.length < n) throw new Error(`householderQR: rhs has ${rhs.length} rows, expected ${n}`);
  const all = rhs !== undefined ? [...columns, rhs] : columns;
  return wasm ? withPairPanel(n, all.length, (pp) => body(wasmPanel(pp, all))) : body(tsPanel(all, n));
}

/** The QR from the driver's numbers: vectors and Qᵀy read off the panel as the options ask. */
function finish(panel: Panel, base: Omit<QR, "v">, cols: ArrayLike<number>, rhsColumn: number, options: QROptions, zeroVn: boolean): QR {
  const rhs = options.rhs;
  // a reflection with ‖v‖² = 0 (underflow) is skipped by applyQt but not by the panel: then Qᵀy is
  // left to applyQt on the vectors
  const keep = options.keepVectors !== false || (rhs !== undefined && zeroVn);
  const qr: QR = { ...base, v: keep ? panel.unpack(cols) : new Float64Array(0) };
  if (rhs !== undefined) {
    qr.rhs = rhs;
    qr.qty = zeroVn ? applyQt(qr, rhs) : panel.unpack([rhsColumn]);
  }
  return options.keepVectors === false ? dropVectors(qr) : qr;
}

/**
 * Householder QR of the panel's first p columns. Look-ahead: step k reflects column k+1 first,
 * forms the next Householder vector from it, and then updates the remaining columns and takes their
 * dot products with that next vector in one pass (one read of each column per step instead of
 * two). Column k+1's norm and vector see exactly the numbers they saw before.
 */
function factorise(panel: Panel, n: number, p: number, options: QROptions): QR {
  const end = options.rhs !== undefined ? p + 1 : p;
  const colNorm = new Float64Array(end);
  panel.norms(colNorm);
  const vNorm2 = new Float64Array(p);
  const r = zeros(p, p);
  let deficientColumn = -1;
  let zeroVn = false;
  // prepare(k): rank check of column k (already reflected by 0…k−1) and its Householder vector;
  // false when column k takes no reflection
  const alphas = new Float64Array(p);
  const prepare = (k: number): boolean => {
    const norm = k < n ? panel.tailNorm(k, k) : 0;
    if (deficientColumn < 0 && (k >= n || !(norm > RANK_TOLERANCE * colNorm[k]!))) deficientColumn = k;
    if (norm === 0 || k >= n) return false;
    const alpha = panel.at(k, k) > 0 ? -norm : norm;
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
      for (let j = k; j < p; j++) r[k]![j] = k < n ? panel.at(k, j) : 0;
      dotsReady = false;
      if (k + 1 < p) reflects = prepare(k + 1);
      continue;
    }
    const vn = vNorm2[k]!;
    r[k]![k] = alphas[k]!;
    if (k + 1 < p) {
      if (!dotsReady) panel.dots(k, k, k + 1, end);
      // column k+1 first, then its vector, then the rest with the fused dot products
      panel.reflect(k, k, vn, k + 1, k + 2, -1);
      reflects = prepare(k + 1);
      panel.reflect(k, k, vn, k + 2, end, reflects ? k + 1 : -1);
      dotsReady = reflects;
    } else if (end > p) {
      // the last reflection meets only the right-hand side
      if (!dotsReady) panel.dots(k, k, p, end);
      panel.reflect(k, k, vn, p, end, -1);
    }
    for (let j = k + 1; j < p; j++) r[k]![j] = panel.at(k, j);
  }
  const columnNorms = colNorm.slice(0, p);
  return finish(panel, { n, p, vNorm2, r, deficientColumn, columnNorms }, Int32Array.from({ length: p }, (_, j) => j), p, options, zeroVn);
}

/**
 * The QR that drops aliased columns as it goes (see `householderQRDroppingAliased`): candidates are
 * the columns head … p − 1 in order; the next candidate is reflected by the step before and tested
 * first, then the rest are reflected with the fused dot products.
 */
function factoriseDroppingAliased(panel: Panel, n: number, p: number, options: QROptions): { qr: QR; kept: number[]; dropped: number[] } {
  const end = options.rhs !== undefined ? p + 1 : p;
  const colNorm = new Float64Array(end);
  panel.norms(colNorm);
  const kept: number[] = [];
  const dropped: number[] = [];
  const reflections: { src: number; vn: number; alpha: number }[] = [];
  let head = 0;
  let zeroVn = false;
  // the next kept candidate at step k (columns failing the rank test are dropped on the way), its
  // Householder vector formed; null when none is left. `reflectFirst` (a reflection of the
  // previous step) is applied to each candidate before it is tested.
  const nextKept = (k: number, reflectFirst: { src: number; vn: number } | null): { c: number; vn: number; alpha: number } | null => {
    while (head < p) {
      const c = head++;
      if (reflectFirst) panel.reflect(k - 1, reflectFirst.src, reflectFirst.vn, c, c + 1, -1);
      const norm = k < n ? panel.tailNorm(k, c) : 0;
      if (k >= n || !(norm > RANK_TOLERANCE * colNorm[c]!)) {
        dropped.push(c);
        continue;
      }
      const alpha = panel.at(k, c) > 0 ? -norm : norm;
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
    // dots of every candidate left with this vector: from the fused pass of the step before,
    // except at the first step
    if (k === 0) panel.dots(k, cur.c, head, end);
    const next = nextKept(k + 1, { src: cur.c, vn: cur.vn });
    panel.reflect(k, cur.c, cur.vn, head, end, next ? next.c : -1);
    cur = next;
    k++;
  }
  // the kept columns make a QR of the reduced design
  const q = kept.length;
  const vNorm2 = new Float64Array(q);
  const r = zeros(q, q);
  for (let j = 0; j < q; j++) {
    vNorm2[j] = reflections[j]!.vn;
    r[j]![j] = reflections[j]!.alpha;
    for (let i = 0; i < j; i++) r[i]![j] = panel.at(i, kept[j]!);
  }
  const columnNorms = Float64Array.from(kept, (c) => colNorm[c]!);
  return { qr: finish(panel, { n, p: q, vNorm2, r, deficientColumn: -1, columnNorms }, kept, p, options, zeroVn), kept, dropped };
}

/**
 * Decompose X given as p columns of length n. Does not modify the input. With `options.rhs` the
 * result carries Qᵀy (`qty`); with `keepVectors: false` the vectors stay behind.
 */
export function householderQR(columns: ArrayLike<number>[], n: number, options: QROptions = {}): QR {
  return withPanel(denseKernels.wasm, columns, n, options.rhs, (panel) => factorise(panel, n, columns.length, options));
}

/** `householderQR` on the TypeScript panel: the reference of the WebAssembly path (and its fallback). */
export function householderQRTs(columns: ArrayLike<number>[], n: number, options: QROptions = {}): QR {
  return withPanel(false, columns, n, options.rhs, (panel) => factorise(panel, n, columns.length, options));
}

/**
 * Householder QR that drops aliased columns as it goes: a column whose remaining norm is at most
 * RANK_TOLERANCE of its own length is left out and the next column takes its place. The kept
 * columns' factorisation is bit-for-bit what `householderQR` gives on the reduced design, because
 * a column only ever meets the reflections of the kept columns before it — so this one pass
 * replaces "factorise, drop the first aliased column, factorise again" (one refit per alias).
 */
export function householderQRDroppingAliased(
  columns: ArrayLike<number>[],
  n: number,
  options: QROptions = {},
): { qr: QR; kept: number[]; dropped: number[] } {
  return withPanel(denseKernels.wasm, columns, n, options.rhs, (panel) => factoriseDroppingAliased(panel, n, columns.length, options));
}

/** `householderQRDroppingAliased` on the TypeScript panel: the reference of the WebAssembly path. */
export function householderQRDroppingAliasedTs(
  columns: ArrayLike<number>[],
  n: number,
  options: QROptions = {},
): { qr: QR; kept: number[]; dropped: number[] } {
  return withPanel(false, columns, n, options.rhs, (panel) => factoriseDroppingAliased(panel, n, columns.length, options));
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
