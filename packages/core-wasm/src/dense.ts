// TypeScript face of the dense kernels of the regressions (assembly/dense.ts): the Householder QR's
// panel in "pairs" layout with its dot-product and reflection kernels, the weighted cross-product of
// the logit's Newton steps and the moving-sum Newey–West meat. Every result is bit-identical to the
// TypeScript loops of packages/stats (see assembly/dense.ts for why and for the layouts).
import { input as i, kernel, number as num, output as o, scratch } from "./abi.js";
import { withArena, withResident } from "./arena.js";
import { coreExports } from "./wasm.js";

// ---- ABI (the QR kernels are called directly, many times per factorisation, with pointers into
// one panel; these declarations document them and let the ABI test check the module) -------------
export const DENSE_PAIR_PACK = kernel("densePairPack", "void", [
  i("src", "f64", "pn"), num("n"), num("p"), o("a", "f64", "pn"),
]);
export const DENSE_PAIR_UNPACK = kernel("densePairUnpack", "void", [
  i("a", "f64", "pn"), num("n"), num("c"), o("dst", "f64", "n"),
]);
// these two return an f64 (called directly with pointers, not through callKernel)
export const DENSE_TAIL_NORM = kernel("denseTailNorm", "void", [i("a", "f64", "pn"), num("n"), num("k"), num("c")]);
export const DENSE_HOUSEHOLDER_VECTOR = kernel("denseHouseholderVector", "void", [
  i("a", "f64", "pn"), num("n"), num("k"), num("c"), num("alpha"),
]);
export const DENSE_PAIR_NORMS = kernel("densePairNorms", "void", [
  i("a", "f64", "pn"), num("n"), num("p"), o("norms", "f64", "p"),
]);
export const DENSE_QR_DOTS = kernel("denseQrDots", "void", [
  i("a", "f64", "pn"), num("n"), num("k"), num("src"), num("from"), num("to"), o("dots", "f64", "p"),
]);
export const DENSE_QR_REFLECT = kernel("denseQrReflect", "void", [
  i("a", "f64", "pn"), num("n"), num("k"), num("src"), num("vn"), num("from"), num("to"), o("dots", "f64", "p"), num("next"),
]);
export const DENSE_GRAM_PACKED = kernel("denseGramPacked", "void", [
  i("packed", "f64", "blocks"), i("weights", "f64", "n"), num("n"), num("p"),
  o("m", "f64", "pp2"), scratch("l", "f64", "pp4"), scratch("r", "f64", "pp4"),
]);
export const DENSE_HAC_MOVING_SUMS = kernel("denseHacMovingSums", "void", [
  i("scores", "f64", "pn"), num("n"), num("p"), num("lag"),
  scratch("m", "f64", "pp2"), o("total", "f64", "pp2"), scratch("running", "f64", "p"), scratch("buf", "f64", "pp4"),
]);
export const DENSE_SCALE_COLUMNS = kernel("denseScaleColumns", "void", [
  i("s", "f64", "pn"), num("n"), num("p"), i("w", "f64", "n"),
]);
export const DENSE_KERNELS = [
  DENSE_PAIR_PACK, DENSE_PAIR_UNPACK, DENSE_TAIL_NORM, DENSE_HOUSEHOLDER_VECTOR, DENSE_PAIR_NORMS, DENSE_QR_DOTS, DENSE_QR_REFLECT, DENSE_GRAM_PACKED, DENSE_HAC_MOVING_SUMS,
  DENSE_SCALE_COLUMNS] as const;

type Fn = (...args: number[]) => void;
interface DenseExports {
  densePairPack: Fn; densePairUnpack: Fn; denseTailNorm: (...args: number[]) => number;
  denseHouseholderVector: (...args: number[]) => number; densePairNorms: Fn; denseQrDots: Fn; denseQrReflect: Fn; denseGramPacked: Fn; denseHacMovingSums: Fn;
  denseScaleColumns: Fn;
}
let fns: DenseExports | undefined;
function dense(): DenseExports {
  if (fns) return fns;
  const core = coreExports() as unknown as DenseExports;
  for (const abi of DENSE_KERNELS) {
    if (typeof core[abi.export as keyof DenseExports] !== "function") {
      throw new Error(`the WebAssembly core has no export ${abi.export}: rebuild @tda/core-wasm`);
    }
  }
  return (fns = core);
}

const even = (p: number) => p + (p & 1);

/** Element offset of column c (row 0) in the pairs layout of an n-row panel; rows are 2 apart. */
export function pairOffset(n: number, c: number): number {
  return (c >> 1) * 2 * n + (c & 1);
}

/**
 * The n×p panel of a Householder QR in linear memory, pairs layout (entry (i, c) at
 * `pairOffset(n, c) + 2i`, see assembly/dense.ts), with its dot-product buffer.
 */
export interface PairPanel {
  readonly n: number;
  readonly p: number;
  /** A view of the panel (valid inside the `withPairPanel` body: memory does not grow there). */
  readonly a: Float64Array;
  /** Copies the p columns in (a typed array is copied with one `set`, then interleaved in WebAssembly). */
  fill(columns: ArrayLike<number>[]): void;
  /** Column-major n×q copy of the panel's columns `cols` (q ≤ p). */
  unpack(cols: ArrayLike<number>): Float64Array;
  /** ‖x_c[k … n − 1]‖ with scaling (householder-qr.ts `tailNorm`). */
  tailNorm(k: number, c: number): number;
  /** Forms the Householder vector of column c in place (row k −= alpha); returns ‖v‖². */
  householderVector(k: number, c: number, alpha: number): number;
  /** dots[c], read and written by `dots` and `reflect` (a view, like `a`). */
  readonly dotsView: Float64Array;
  /** Column norms √Σ x_ic² in row order, into `out`. */
  norms(out: Float64Array): void;
  /** dots[c] = Σ_{i≥k} v_i·x_ic (v = column src) for c = from … to − 1. */
  dots(k: number, src: number, from: number, to: number): void;
  /**
   * x_c −= (2·dots[c]/vn)·v (rows k…n−1) for c = from … to − 1; with next ≥ 0 also dots[c] = Σ_{i>k}
   * x_ic·x_i,next of the updated columns.
   */
  reflect(k: number, src: number, vn: number, from: number, to: number, next: number): void;
}

/**
 * Runs `body` with an n×p panel reserved in linear memory (zeroed padding column when p is odd);
 * the body fills `a` (see `pairOffset`), calls the kernels and copies out what it keeps. Nothing
 * else may call into the WebAssembly core inside the body (the arena is this call's).
 */
export function withPairPanel<T>(n: number, p: number, body: (panel: PairPanel) => T): T {
  const k = dense();
  return withArena((ar) => {
    const pp = even(p);
    const aPtr = ar.alloc(Math.max(1, pp * n) * 8);
    const dPtr = ar.alloc(Math.max(1, pp) * 8);
    const nPtr = ar.alloc(Math.max(1, pp) * 8);
    // column-major staging: the columns in, the vectors out (one memcpy each way on the JS side)
    const sPtr = ar.alloc(Math.max(1, p * n) * 8);
    // every block is reserved: the views below stay valid until the body returns
    const a = ar.view(Float64Array, aPtr, pp * n);
    const stage = ar.view(Float64Array, sPtr, p * n);
    const dotsView = ar.view(Float64Array, dPtr, pp);
    const normsView = ar.view(Float64Array, nPtr, pp);
    return body({
      n, p, a, dotsView,
      fill(columns) {
        if (columns.length !== p) throw new Error(`withPairPanel: ${columns.length} columns, expected ${p}`);
        for (let j = 0; j < p; j++) {
          const c = columns[j]!;
          if (c.length < n) throw new Error(`withPairPanel: column ${j} has ${c.length} rows, expected ${n}`);
          if (c instanceof Float64Array) stage.set(c.length === n ? c : c.subarray(0, n), j * n);
          else for (let i = 0, o = j * n; i < n; i++) stage[o + i] = c[i]!;
        }
        k.densePairPack(sPtr, n, p, aPtr);
      },
      unpack(cols) {
        const q = cols.length;
        for (let j = 0; j < q; j++) k.densePairUnpack(aPtr, n, cols[j]!, sPtr + j * n * 8);
        return stage.slice(0, q * n);
      },
      tailNorm: (kk, c) => k.denseTailNorm(aPtr, n, kk, c),
      householderVector: (kk, c, alpha) => k.denseHouseholderVector(aPtr, n, kk, c, alpha),
      norms(out) {
        k.densePairNorms(aPtr, n, p, nPtr);
        out.set(normsView.subarray(0, p));
      },
      dots(kk, src, from, to) {
        k.denseQrDots(aPtr, n, kk, src, from, to, dPtr);
      },
      reflect(kk, src, vn, from, to, next) {
        k.denseQrReflect(aPtr, n, kk, src, vn, from, to, dPtr, next);
      },
    });
  });
}

/** Upper triangle of an M with row stride pp (the kernels' layout) as a full symmetric p×p row-major array. */
function symmetricFrom(mv: Float64Array, p: number): Float64Array {
  const pp = even(p);
  const out = new Float64Array(p * p);
  for (let a = 0; a < p; a++) for (let b = a; b < p; b++) out[a * p + b] = mv[a * pp + b]!;
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) out[a * p + b] = out[b * p + a]!;
  return out;
}

/**
 * Σ_i w_i x_i x_iᵀ (full symmetric p×p row-major) from the design in blocks of four rows (stats
 * gram.ts `packRowBlocks`: block b, entry (a, q) at 4p·b + 4a + q, last block zero-padded):
 * bit for bit `weightedGramPacked` of packages/stats.
 */
export function gramPacked(packed: Float64Array, p: number, n: number, weights: ArrayLike<number>): Float64Array {
  return withResidentGram(packed, p, n, (gram) => gram(weights));
}

/**
 * Runs `body` with the design of `gramPacked` copied into linear memory once: each `gram(weights)`
 * inside is `gramPacked(packed, p, n, weights)` bit for bit, with only the n weights copied in
 * (the logit's Newton steps reuse one resident design). Other kernels may run inside `body`; the
 * design is freed when it returns or throws.
 */
export function withResidentGram<T>(
  packed: Float64Array,
  p: number,
  n: number,
  body: (gram: (weights: ArrayLike<number>) => Float64Array) => T,
): T {
  const blocks = Math.ceil(n / 4) * 4 * p;
  if (packed.length < blocks) throw new Error(`gramPacked: packed has ${packed.length} values, expected ${blocks}`);
  const k = dense();
  const pp = even(p);
  return withResident(
    (ar) => {
      const xPtr = ar.alloc(Math.max(1, blocks) * 8);
      ar.view(Float64Array, xPtr, blocks).set(packed.length === blocks ? packed : packed.subarray(0, blocks));
      return xPtr;
    },
    (xPtr) =>
      body((weights) => {
        if (weights.length < n) throw new Error(`gramPacked: ${weights.length} weights, expected ${n}`);
        return withArena((ar) => {
          const wPtr = ar.alloc(Math.max(1, n) * 8);
          const mPtr = ar.alloc(Math.max(1, pp * pp) * 8);
          const lPtr = ar.alloc(Math.max(1, 4 * pp) * 8);
          const rPtr = ar.alloc(Math.max(1, 4 * pp) * 8);
          const wv = ar.view(Float64Array, wPtr, n);
          if (weights instanceof Float64Array) wv.set(weights.length === n ? weights : weights.subarray(0, n));
          else for (let q = 0; q < n; q++) wv[q] = weights[q]!;
          k.denseGramPacked(xPtr, wPtr, n, p, mPtr, lPtr, rPtr);
          return symmetricFrom(ar.view(Float64Array, mPtr, pp * pp), p);
        });
      }),
  );
}

/**
 * Σ_u S_u S_uᵀ of the moving sums S_u = Σ_{t=u−lag..u} s_t (u = 0 … n − 1 + lag, scores outside the
 * rows taken as zero), summed exactly as packages/stats covariance.ts `hacMeat` does (running sum
 * restarted once per window length, four windows per update, chunks of 64 windows), as the upper
 * triangle of a p×p row-major array (the lower triangle is zero). `lag` is a whole number ≥ 0.
 */
export function hacMovingSums(scores: ArrayLike<number>[], n: number, lag: number): Float64Array {
  return movingSums(scores, null, n, lag);
}

/**
 * `hacMovingSums` of the scores s_a[t] = columns[a][t] · weight[t], formed in linear memory (the
 * columns copied in, multiplied there: the same single product per entry), so that no n×p score
 * arrays are built on the JavaScript side.
 */
export function hacMovingSumsOfProducts(columns: ArrayLike<number>[], weight: ArrayLike<number>, n: number, lag: number): Float64Array {
  if (weight.length < n) throw new Error(`hacMovingSums: ${weight.length} weights, expected ${n}`);
  return movingSums(columns, weight, n, lag);
}

function movingSums(scores: ArrayLike<number>[], weight: ArrayLike<number> | null, n: number, lag: number): Float64Array {
  const p = scores.length;
  if (!(Number.isInteger(lag) && lag >= 0)) throw new Error(`hacMovingSums: lag must be a whole number ≥ 0, got ${lag}`);
  for (let a = 0; a < p; a++) {
    if (scores[a]!.length < n) throw new Error(`hacMovingSums: score column ${a} has ${scores[a]!.length} rows, expected ${n}`);
  }
  const k = dense();
  return withArena((ar) => {
    const pp = even(p);
    const sPtr = ar.alloc(Math.max(1, p * n) * 8);
    const mPtr = ar.alloc(Math.max(1, pp * pp) * 8);
    const tPtr = ar.alloc(Math.max(1, pp * pp) * 8);
    const runPtr = ar.alloc(Math.max(1, pp) * 8);
    const bufPtr = ar.alloc(Math.max(1, 4 * pp) * 8);
    const wPtr = weight ? ar.alloc(Math.max(1, n) * 8) : 0;
    const sv = ar.view(Float64Array, sPtr, p * n);
    for (let a = 0; a < p; a++) {
      const c = scores[a]!;
      if (c instanceof Float64Array) sv.set(c.length === n ? c : c.subarray(0, n), a * n);
      else for (let t = 0; t < n; t++) sv[a * n + t] = c[t]!;
    }
    if (weight) {
      const wv = ar.view(Float64Array, wPtr, n);
      if (weight instanceof Float64Array) wv.set(weight.length === n ? weight : weight.subarray(0, n));
      else for (let t = 0; t < n; t++) wv[t] = weight[t]!;
      k.denseScaleColumns(sPtr, n, p, wPtr);
    }
    k.denseHacMovingSums(sPtr, n, p, lag, mPtr, tPtr, runPtr, bufPtr);
    const tv = ar.view(Float64Array, tPtr, pp * pp);
    const out = new Float64Array(p * p);
    for (let a = 0; a < p; a++) for (let b = a; b < p; b++) out[a * p + b] = tv[a * pp + b]!;
    return out;
  });
}
