// TypeScript face of the bootstrap draw loops (assembly/draws.ts): the stationary bootstrap with the
// mulberry32 generator and the block sums over time-major prefix sums that the reality check and the
// SPA/StepM edge draws of packages/stats run a thousand times over one matrix. The caller writes the
// prefix sums straight into linear memory (a `fill` callback over a view), so the matrix is never
// copied; every result is bit-identical to the TypeScript loops of packages/stats.
import { input as i, kernel, number as num, output as o, scratch } from "./abi.js";
import { withArena } from "./arena.js";
import { coreExports } from "./wasm.js";

export const DRAW_STATIONARY = kernel("drawStationary", "i32", [
  scratch("state", "i32", "1"), num("n"), num("pNew"), o("start", "i32", "n"), o("length", "i32", "n"),
]);
export const CHUNKED_DRAWS = kernel("chunkedDraws", "void", [
  i("prefix", "f64", "cells"), num("chunks"), num("n"), num("reps"), num("pNew"), scratch("state", "i32", "1"),
  scratch("start", "i32", "cap"), scratch("length", "i32", "cap"), num("cap"), scratch("counts", "i32", "reps"), num("split"),
  o("out", "f64", "outLength"),
]);
export const SESSION_SUM_DRAWS = kernel("sessionSumDraws", "void", [
  i("records", "f64", "S*6"), num("S"), num("reps"), num("seed"), o("out", "f64", "reps*6"),
]);
export const DRAW_KERNELS = [DRAW_STATIONARY, CHUNKED_DRAWS, SESSION_SUM_DRAWS] as const;

type Fn = (...args: number[]) => number;
interface DrawExports { drawStationary: Fn; chunkedDraws: Fn; sessionSumDraws: Fn }
let fns: DrawExports | undefined;
function draws(): DrawExports {
  if (fns) return fns;
  const core = coreExports() as unknown as DrawExports;
  for (const abi of DRAW_KERNELS) {
    if (typeof core[abi.export as keyof DrawExports] !== "function") {
      throw new Error(`the WebAssembly core has no export ${abi.export}: rebuild @tda/core-wasm`);
    }
  }
  return (fns = core);
}

function checkDraw(n: number, pNew: number, reps: number, who: string): void {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`${who}: rows must be a whole number ≥ 1, got ${n}`);
  if (!(Number.isInteger(reps) && reps >= 0)) throw new RangeError(`${who}: draws must be a whole number ≥ 0, got ${reps}`);
  if (!(pNew >= 0 && pNew <= 1)) throw new RangeError(`${who}: the chance of a new block must be in [0, 1], got ${pNew}`);
}

/**
 * One stationary-bootstrap draw, as stats `stationaryMulberryDraw(state, n, pNew, start, length)`:
 * writes the blocks into start/length, returns their count and advances state[0]. (For the tests:
 * the draw loops below run it inside WebAssembly.)
 */
export function drawStationary(state: Int32Array, n: number, pNew: number, start: Int32Array, length: Int32Array): number {
  checkDraw(n, pNew, 0, "drawStationary");
  if (start.length < n || length.length < n) throw new RangeError(`drawStationary: start and length must hold ${n} blocks`);
  const k = draws();
  return withArena((ar) => {
    const sPtr = ar.alloc(4);
    const aPtr = ar.alloc(n * 4);
    const lPtr = ar.alloc(n * 4);
    ar.view(Int32Array, sPtr, 1)[0] = state[0]!;
    const count = k.drawStationary(sPtr, n, pNew, aPtr, lPtr);
    state[0] = ar.view(Int32Array, sPtr, 1)[0]!;
    start.set(ar.view(Int32Array, aPtr, count));
    length.set(ar.view(Int32Array, lPtr, count));
    return count;
  });
}

/**
 * Where `fill` writes the prefix sums: column c's value of row t (t = 0 … n, row 0 zero) goes to
 * `at(c) + 8·t` of the view (column chunks of 8, see assembly/draws.ts `chunkedDraws`).
 */
export type PrefixFill = (view: Float64Array, at: (column: number) => number) => void;

/** Draws made in one batch at most (block entries); a draw needs at most n. */
const BATCH_BLOCKS = 1 << 20;

/**
 * Column sums of `reps` stationary draws of n rows over `columns` prefix-sum columns (the loops of
 * stats reality-check.ts and edge-draws.ts): `fill` writes the prefix sums (see PrefixFill; columns
 * it does not write read zero); the result holds column c's sum over draw r's blocks at [c·reps + r].
 * `split`: a block past the end is one term, (P[n] − P[a]) + P[e − n] (the reality check), or two,
 * (P[n] − P[a]) then (P[e − n] − P[0]) (the edge draws). state[0] is advanced as `reps` calls of
 * stationaryMulberryDraw would. A stationary draw has exactly n rows.
 */
export function stationaryColumnSums(columns: number, n: number, reps: number, pNew: number, state: Int32Array, split: boolean, fill: PrefixFill): Float64Array {
  const who = "stationaryColumnSums";
  checkDraw(n, pNew, reps, who);
  if (!(Number.isInteger(columns) && columns >= 1)) throw new RangeError(`${who}: columns must be a whole number ≥ 1, got ${columns}`);
  const f = draws();
  const chunks = Math.ceil(columns / 8);
  const slab = (n + 1) * 8;
  const cap = Math.max(n, BATCH_BLOCKS);
  return withArena((ar) => {
    const pPtr = ar.alloc(chunks * slab * 8);
    const sPtr = ar.alloc(16);
    const aPtr = ar.alloc(cap * 4);
    const lPtr = ar.alloc(cap * 4);
    const cPtr = ar.alloc(Math.max(1, reps) * 4);
    const oPtr = ar.alloc(Math.max(1, chunks * 8 * reps) * 8);
    // every block is reserved: the views stay valid through fill and the call
    const prefix = ar.view(Float64Array, pPtr, chunks * slab);
    prefix.fill(0); // row 0 and the padding columns read zero, whatever the memory held before
    fill(prefix, (c) => (c >> 3) * slab + (c & 7));
    ar.view(Int32Array, sPtr, 1)[0] = state[0]!;
    f.chunkedDraws(pPtr, chunks, n, reps, pNew, sPtr, aPtr, lPtr, cap, cPtr, split ? 1 : 0, oPtr);
    state[0] = ar.view(Int32Array, sPtr, 1)[0]!;
    return ar.view(Float64Array, oPtr, columns * reps).slice();
  });
}

/**
 * The session bootstrap over per-session sums (stats trade-bootstrap.ts): `records` holds six sums
 * per session (S × 6, session-major: win sum, win count, result sum, result count, gain, loss); each
 * of `reps` draws picks S sessions ⌊u·S⌋ with mulberry32(seed) and adds their records in draw order.
 * Returns reps × 6: the six totals of each draw.
 */
export function sessionSumDraws(records: Float64Array, S: number, reps: number, seed: number): Float64Array {
  if (!(Number.isInteger(S) && S >= 1)) throw new RangeError(`sessionSumDraws: sessions must be a whole number ≥ 1, got ${S}`);
  if (!(Number.isInteger(reps) && reps >= 0)) throw new RangeError(`sessionSumDraws: draws must be a whole number ≥ 0, got ${reps}`);
  if (records.length !== S * 6) throw new RangeError(`sessionSumDraws: ${records.length} sums for ${S} sessions (6 each expected)`);
  const f = draws();
  return withArena((ar) => {
    const rPtr = ar.alloc(S * 6 * 8);
    const oPtr = ar.alloc(Math.max(1, reps * 6) * 8);
    ar.view(Float64Array, rPtr, S * 6).set(records);
    f.sessionSumDraws(rPtr, S, reps, seed | 0, oPtr);
    return ar.view(Float64Array, oPtr, reps * 6).slice();
  });
}
