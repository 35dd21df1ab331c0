/**
 * Bootstrap draws of the mean edges of K rules over a benchmark, shared by the SPA test and StepM.
 *
 * Rule k's edge per row is d_k,t = p_k,t − e_k,t·β̂, where p_k,t is its result, e_k,t its exposure
 * (1 when not given) and β̂ = b̄ the mean of the benchmark series b over the sample. Its mean is
 *
 *   d̄_k = p̄_k − ē_k · b̄.
 *
 * Without exposures this is the mean of p_k,t − b_t, Hansen's (2005) loss differential. With them
 * the benchmark is a *parameter estimated from the sample* (e.g. "take every trade at the average
 * result b̄"), and the estimator d̄_k includes the error of b̄.
 *
 * **Re-estimated per draw** (default) means that draw r of resampled rows τ_r(1..n*) recomputes
 * every sample quantity of the estimator from the resampled rows, the benchmark included:
 *
 *   d̄*_k,r = p̄*_k,r − ē*_k,r · b̄*_r,  with p̄*_k,r = (1/n*) Σ_i p_k,τ_r(i), ē*, b̄* likewise.
 *
 * `benchmarkPerDraw: false` holds b̄ at its full-sample value in every draw (d̄*_k,r = p̄*_k,r −
 * ē*_k,r·b̄): the estimation error of b̄ then goes missing from the draws, which overstates the
 * variance of a rule that trades almost everything (its edge barely moves with b̄* re-estimated)
 * and misstates every other. Kept only to show the difference.
 *
 * Means come from block sums of circular prefix sums: O(K × blocks) per draw, no allocation per draw.
 */
import { stationaryColumnSums } from "@tda/core-wasm";
import { drawKernels } from "../thresholds/stationary-draw.js";
import type { Resampler } from "./resampler.js";
import { type ResamplingScheme, makeResampler } from "./resampling-scheme.js";

/** How the SPA test and StepM get their draws: made from these settings, or given (`draws`). */
export interface EdgeDrawOptions {
  /** Bootstrap draws R (default 1,000). */
  reps?: number;
  /** Default: stationary bootstrap with mean block length 10. */
  resampling?: ResamplingScheme;
  seed?: number;
  /** Re-estimate the benchmark in each draw (default true). */
  benchmarkPerDraw?: boolean;
  /** Replaces `resampling`/`seed` (tests: replay given resamples). */
  resampler?: Resampler;
  /**
   * Draws already made of this input (`edgeDraws`), e.g. the ones the SPA test and StepM share:
   * they replace `reps`, `resampling`, `seed`, `benchmarkPerDraw` and `resampler`.
   */
  draws?: EdgeDraws;
}

/**
 * The draws a test of `who` runs on: the given `draws`, checked against this input, or `reps` new
 * ones of its n rows made as the options say.
 */
export function drawsFor(input: EdgeInput, options: EdgeDrawOptions, reps: number, n: number, who: string): EdgeDraws {
  return options.draws
    ? sharedDraws(options.draws, input, who)
    : edgeDraws(input, options.resampler ?? makeResampler(options.resampling ?? { kind: "stationary", meanBlockLength: 10 }, n, options.seed ?? 1), reps, options.benchmarkPerDraw ?? true);
}

export interface EdgeInput {
  /** p_k: one series per rule, all of the benchmark's length, in time order. */
  performance: readonly ArrayLike<number>[];
  /** b: the benchmark series (default: all zero, i.e. the edge is the rule's own result). */
  benchmark?: ArrayLike<number>;
  /** e_k: exposure of each rule per row (default 1). */
  exposure?: readonly ArrayLike<number>[];
}

export interface EdgeDraws {
  rules: number;
  n: number;
  reps: number;
  /** d̄_k on the original sample. */
  means: Float64Array;
  /** d̄*_k,r at [k·reps + r]. */
  draws: Float64Array;
  /** Whether b̄ was re-estimated in each draw. */
  benchmarkPerDraw: boolean;
}

/** The first row of `s` that is not a finite number, or −1 (x − x is 0 exactly for finite x, NaN for ±∞ and NaN). */
function firstNonFinite(s: ArrayLike<number>): number {
  if (s instanceof Float64Array) {
    for (let t = 0; t < s.length; t++) {
      const v = s[t]!;
      if (v - v !== 0) return t;
    }
    return -1;
  }
  for (let t = 0; t < s.length; t++) if (!Number.isFinite(s[t]!)) return t;
  return -1;
}
const bad = firstNonFinite;

export function checkEdgeInput(input: EdgeInput, who: string): { K: number; n: number } {
  const K = input.performance.length;
  if (K === 0) throw new RangeError(`${who}: at least one rule's series is needed`);
  const n = input.performance[0]!.length;
  input.performance.forEach((p, k) => {
    if (p.length !== n) throw new RangeError(`${who}: rule ${k} has ${p.length} rows, rule 0 has ${n}`);
  });
  if (input.benchmark && input.benchmark.length !== n)
    throw new RangeError(`${who}: benchmark has ${input.benchmark.length} rows, the rules ${n}`);
  if (input.exposure) {
    if (input.exposure.length !== K) throw new RangeError(`${who}: ${input.exposure.length} exposure series for ${K} rules`);
    input.exposure.forEach((e, k) => {
      if (e.length !== n) throw new RangeError(`${who}: exposure of rule ${k} has ${e.length} rows, the rules ${n}`);
    });
  }
  input.performance.forEach((p, k) => {
    const t = bad(p);
    if (t >= 0) throw new RangeError(`${who}: rule ${k} row ${t} is ${p[t]} (finite numbers expected; use 0 where the rule does not trade)`);
  });
  input.exposure?.forEach((e, k) => {
    const t = bad(e);
    if (t >= 0) throw new RangeError(`${who}: exposure of rule ${k} row ${t} is ${e[t]} (finite numbers expected)`);
  });
  if (input.benchmark && bad(input.benchmark) >= 0) throw new RangeError(`${who}: benchmark row ${bad(input.benchmark)} is not a finite number`);
  return { K, n };
}

export function edgeDraws(input: EdgeInput, resampler: Resampler, reps: number, benchmarkPerDraw = true): EdgeDraws {
  const { K, n } = checkEdgeInput(input, "edge draws");
  if (resampler.n !== n) throw new RangeError(`edge draws: resampler is for ${resampler.n} rows, the rules have ${n}`);
  const exposure = input.exposure;
  const bench = input.benchmark;
  const W = 2 * K + 1;
  // Prefix sums of every series: column 2k is c_Pk, 2k + 1 is c_Ek, 2K is c_B. Each value is the
  // same sum c[t + 1] = c[t] + x[t] as prefixSums', and each draw's sums are added up in the same
  // order as before, so every draw is bit-identical to the series-by-series form. c_x[t + 1] of
  // column `col` goes to C[at(col) + (t + 1)·stride]: the TypeScript loop's time-major matrix (at =
  // col, stride W: a draw's segments read contiguous runs) or the WebAssembly kernel's column chunks
  // (stride 8). The last row, Σ of every series, is kept in `total`.
  const total = new Float64Array(W);
  const fill = (C: Float64Array, at: (col: number) => number, stride: number) => {
    for (let k = 0; k < K; k++) {
      const p = input.performance[k]!;
      const e = exposure?.[k];
      const op = at(2 * k), oe = at(2 * k + 1);
      let cp = 0, ce = 0;
      for (let t = 0; t < n; t++) {
        C[op + (t + 1) * stride] = cp = cp + p[t]!;
        if (e) C[oe + (t + 1) * stride] = ce = ce + e[t]!;
      }
    }
    if (bench) {
      const ob = at(2 * K);
      let cb = 0;
      for (let t = 0; t < n; t++) C[ob + (t + 1) * stride] = cb = cb + bench[t]!;
    }
    for (let c = 0; c < W; c++) total[c] = C[at(c) + n * stride]!;
  };
  // the column sums of every draw at [c·reps + r], and each draw's rows
  const { sums, rows } = resampler.stationary && drawKernels.wasm
    ? { sums: stationaryColumnSums(W, n, reps, resampler.stationary.pNew, resampler.stationary.state, true, (C, at) => fill(C, at, 8)), rows: undefined }
    : columnSumsTs(resampler, fill, W, n, reps);
  const bBar = bench ? total[2 * K]! / n : 0;
  const means = new Float64Array(K);
  for (let k = 0; k < K; k++) means[k] = total[2 * k]! / n - (exposure ? total[2 * k + 1]! / n : 1) * bBar;
  const perDraw = !!bench && benchmarkPerDraw;
  const draws = new Float64Array(K * reps);
  const b = 2 * K * reps;
  for (let r = 0; r < reps; r++) {
    const m = rows ? rows[r]! : n; // a stationary draw has exactly n rows
    const bStar = perDraw ? sums[b + r]! / m : bBar;
    for (let k = 0; k < K; k++) {
      const eStar = exposure ? sums[(2 * k + 1) * reps + r]! / m : 1;
      draws[k * reps + r] = sums[2 * k * reps + r]! / m - eStar * bStar;
    }
  }
  const made: EdgeDraws = { rules: K, n, reps, means, draws, benchmarkPerDraw };
  madeFrom.set(made, input);
  return made;
}

/**
 * The input object each set of draws was made from: `sharedDraws` of draws and the very input
 * they were drawn from has nothing to check (edgeDraws checked that input, and the means are its
 * own), so the SPA test and StepM sharing one set do not scan every series twice more.
 */
const madeFrom = new WeakMap<EdgeDraws, EdgeInput>();

/**
 * Checks that draws made earlier fit `input` (same rules and rows, and the same means d̄_k, so
 * they were drawn from this input) before a test uses them instead of drawing its own. The SPA
 * test and StepM of one input with one resampler and seed draw the very same resamples, so
 * sharing one set changes no figure of either; it halves the work.
 */
export function sharedDraws(d: EdgeDraws, input: EdgeInput, who: string): EdgeDraws {
  if (madeFrom.get(d) === input) return d;
  const { K, n } = checkEdgeInput(input, who);
  if (d.rules !== K || d.n !== n) throw new RangeError(`${who}: the draws given are of ${d.rules} rules × ${d.n} rows, the input has ${K} × ${n}`);
  const P = input.performance;
  let bBar = 0;
  if (input.benchmark) {
    for (let t = 0; t < n; t++) bBar += input.benchmark[t]!;
    bBar /= n;
  }
  for (let k = 0; k < K; k++) {
    let p = 0, e = 0;
    for (let t = 0; t < n; t++) {
      p += P[k]![t]!;
      e += input.exposure ? input.exposure[k]![t]! : 1;
    }
    const m = p / n - (e / n) * bBar;
    if (Math.abs(m - d.means[k]!) > 1e-9 * Math.max(1, Math.abs(m)))
      throw new RangeError(`${who}: the draws given were not made from this input (rule ${k}'s mean edge is ${d.means[k]}, the input's ${m})`);
  }
  return d;
}

/** ω̂_k = bootstrap standard deviation of √n·d̄*_k around d̄_k: ω̂²_k = (n/R) Σ_r (d̄*_k,r − d̄_k)² (Hansen 2005, §2.3). */
export function edgeScales(d: EdgeDraws): Float64Array {
  const omega = new Float64Array(d.rules);
  for (let k = 0; k < d.rules; k++) {
    let ss = 0;
    const m = d.means[k]!;
    for (let r = 0; r < d.reps; r++) ss += (d.draws[k * d.reps + r]! - m) ** 2;
    omega[k] = Math.sqrt((d.n * ss) / d.reps);
  }
  return omega;
}

/**
 * The column sums of every draw in TypeScript, at [c·reps + r], with each draw's rows: the reference
 * of core-wasm `stationaryColumnSums` (split blocks) and the path of any other resampler.
 */
function columnSumsTs(resampler: Resampler, fill: (C: Float64Array, at: (col: number) => number, stride: number) => void, W: number, n: number, reps: number): { sums: Float64Array; rows: Int32Array } {
  const C = new Float64Array((n + 1) * W);
  fill(C, (col) => col, W);
  const sums = new Float64Array(W * reps);
  const rowsOf = new Int32Array(reps);
  const start = new Int32Array(resampler.maxBlocks);
  const length = new Int32Array(resampler.maxBlocks);
  // a block that wraps past the end becomes two plain segments [a, e), so each sum is c[e] − c[a]
  const segA = new Int32Array(2 * resampler.maxBlocks);
  const segE = new Int32Array(2 * resampler.maxBlocks);
  const acc = new Float64Array(W);
  for (let r = 0; r < reps; r++) {
    const count = resampler.draw(start, length);
    let rows = 0;
    let m = 0;
    for (let j = 0; j < count; j++) {
      const a = start[j]!;
      const e = a + length[j]!;
      rows += length[j]!;
      if (e <= n) {
        segA[m] = a;
        segE[m++] = e;
      } else {
        segA[m] = a;
        segE[m++] = n;
        segA[m] = 0;
        segE[m++] = e - n;
      }
    }
    acc.fill(0);
    // four segments per pass over the columns: each column's sum still adds the segments one at a
    // time in segment order, (((acc + s₁) + s₂) + s₃) + s₄, with a quarter of the loads and stores of acc
    let j = 0;
    for (; j + 4 <= m; j += 4) {
      const a1 = segA[j]! * W, e1 = segE[j]! * W;
      const a2 = segA[j + 1]! * W, e2 = segE[j + 1]! * W;
      const a3 = segA[j + 2]! * W, e3 = segE[j + 2]! * W;
      const a4 = segA[j + 3]! * W, e4 = segE[j + 3]! * W;
      for (let c = 0; c < W; c++)
        acc[c] = acc[c]! + (C[e1 + c]! - C[a1 + c]!) + (C[e2 + c]! - C[a2 + c]!) + (C[e3 + c]! - C[a3 + c]!) + (C[e4 + c]! - C[a4 + c]!);
    }
    for (; j < m; j++) {
      const a = segA[j]! * W;
      const e = segE[j]! * W;
      for (let c = 0; c < W; c++) acc[c] += C[e + c]! - C[a + c]!;
    }
    for (let c = 0; c < W; c++) sums[c * reps + r] = acc[c]!;
    rowsOf[r] = rows;
  }
  return { sums, rows: rowsOf };
}
