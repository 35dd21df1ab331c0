/**
 * Data-snooping tests for a search over K rules: White's (2000) Reality Check and Hansen's (2005)
 * test for Superior Predictive Ability (SPA), by block bootstrap.
 *
 * Input: K performance series d_k,t (t in time order) whose mean is the rule's edge over the
 * benchmark; H₀: no rule has a positive expected edge. With d̄_k the means and ω̂_k the bootstrap
 * standard deviations of √n·d̄_k:
 *
 * - Reality Check: V = max_k √n d̄_k; V*_b = max_k √n (d̄*_k,b − d̄_k); p from the share of V*_b ≥ V.
 * - SPA (consistent version): T = max(0, max_k √n d̄_k / ω̂_k); recentre with
 *   μ̂_k = d̄_k·1[√n d̄_k/ω̂_k ≥ −√(2 ln ln n)]; T*_b = max(0, max_k √n (d̄*_k,b − μ̂_k)/ω̂_k);
 *   p from the share of T*_b ≥ T. Studentising stops poor, noisy rules from dominating the maximum.
 *
 * p-values are (1 + #{statistic* ≥ statistic}) / (1 + reps) (Davison & Hinkley 1997, §4.2), so a
 * finite bootstrap never claims p = 0. Deterministic for a seed.
 */
import { type BootstrapMethod, bootstrapBlocksInto } from "./block-bootstrap.js";
import { mulberry32 } from "./prng.js";
import { stationaryColumnSums } from "@tda/core-wasm";
import { drawKernels, mulberryState, stationaryMulberryDraw } from "./stationary-draw.js";

export interface RealityCheckOptions {
  reps?: number;
  blockLength?: number;
  method?: BootstrapMethod;
  seed?: number;
}

export interface RealityCheckResult {
  rules: number;
  n: number;
  reps: number;
  blockLength: number;
  method: BootstrapMethod;
  seed: number;
  /** White's statistic V and its p-value. */
  whiteStatistic: number;
  whiteP: number;
  /** Hansen's studentised statistic T and its consistent p-value. */
  spaStatistic: number;
  spaP: number;
}

export function realityCheck(series: readonly Float64Array[], options: RealityCheckOptions = {}): RealityCheckResult {
  const reps = options.reps ?? 1000;
  const blockLength = options.blockLength ?? 10;
  const method = options.method ?? "stationary";
  const seed = options.seed ?? 1;
  const K = series.length;
  const n = K ? series[0]!.length : 0;
  const base = { rules: K, n, reps, blockLength, method, seed };
  if (K === 0 || n < 2) return { ...base, whiteStatistic: NaN, whiteP: NaN, spaStatistic: NaN, spaP: NaN };
  const rootN = Math.sqrt(n);
  const bootMeans = realityCheckMeans(series, reps, blockLength, method, seed);
  // d̄_k: the last prefix sum is Σ d from 0 in row order, as reduce((a, b) => a + b, 0) adds
  const means = series.map((d) => {
    let c = 0;
    for (let t = 0; t < n; t++) c = c + d[t]!;
    return c / n;
  });
  const omega = means.map((m, k) => {
    let ss = 0;
    for (let b = 0; b < reps; b++) ss += (bootMeans[k]![b]! - m) ** 2;
    return Math.sqrt((n * ss) / reps);
  });
  const whiteStatistic = Math.max(...means.map((m) => rootN * m));
  const usable = omega.map((w) => w > 0);
  const spaStatistic = Math.max(0, ...means.map((m, k) => (usable[k] ? (rootN * m) / omega[k]! : 0)));
  const threshold = -Math.sqrt(2 * Math.log(Math.log(n)));
  const recentre = means.map((m, k) => (usable[k] && (rootN * m) / omega[k]! >= threshold ? m : 0));
  let whiteCount = 0;
  let spaCount = 0;
  for (let b = 0; b < reps; b++) {
    let v = -Infinity;
    let t = 0;
    for (let k = 0; k < K; k++) {
      const bm = bootMeans[k]![b]!;
      v = Math.max(v, rootN * (bm - means[k]!));
      if (usable[k]) t = Math.max(t, (rootN * (bm - recentre[k]!)) / omega[k]!);
    }
    if (v >= whiteStatistic) whiteCount++;
    if (t >= spaStatistic) spaCount++;
  }
  return { ...base, whiteStatistic, whiteP: (whiteCount + 1) / (reps + 1), spaStatistic, spaP: (spaCount + 1) / (reps + 1) };
}

/**
 * The bootstrap means d̄*_k,b of every series (mean k of draw b at [k][b]), K ≥ 1 series of n ≥ 2
 * rows: in WebAssembly for the stationary method when `drawKernels.wasm`, else in TypeScript — the
 * same bits either way (resampling/draw-kernels.test.ts).
 */
export function realityCheckMeans(series: readonly Float64Array[], reps: number, blockLength: number, method: BootstrapMethod, seed: number): Float64Array[] {
  const n = series[0]!.length;
  const state = mulberryState(seed);
  const pNew = 1 / Math.max(1, blockLength);
  return method === "stationary" && drawKernels.wasm
    ? stationaryMeansWasm(series, n, reps, pNew, state)
    : bootstrapMeans(series, n, reps, blockLength, method, pNew, mulberry32(seed), state);
}

/**
 * The reality check's bootstrap means in WebAssembly (core-wasm stationaryColumnSums): the same draws
 * and the same sums as `bootstrapMeans` with the stationary method, bit for bit (differential tests
 * in resampling/draw-kernels.test.ts); the prefix sums are written straight into linear memory.
 */
function stationaryMeansWasm(series: readonly Float64Array[], n: number, reps: number, pNew: number, state: Int32Array): Float64Array[] {
  const K = series.length;
  const out = stationaryColumnSums(K, n, reps, pNew, state, false, (prefix, at) => {
    for (let k = 0; k < K; k++) {
      const d = series[k]!;
      const o = at(k);
      let c = 0;
      for (let t = 0; t < n; t++) {
        c = c + d[t]!;
        prefix[o + (t + 1) * 8] = c;
      }
    }
  });
  for (let q = 0; q < out.length; q++) out[q] = out[q]! / n;
  return series.map((_, k) => out.subarray(k * reps, (k + 1) * reps));
}

/** The bootstrap means of every series, draw after draw, in TypeScript (the reference of the WebAssembly loop). */
function bootstrapMeans(
  series: readonly Float64Array[], n: number, reps: number, blockLength: number, method: BootstrapMethod, pNew: number, rand: () => number, state: Int32Array,
): Float64Array[] {
  const K = series.length;
  const bootMeans = series.map(() => new Float64Array(reps));
  // Block sums from circular prefix sums: O(blocks) per series and draw instead of O(n). The
  // prefix sums are stored time-major (all K series of row t side by side) so that one block
  // reads two short contiguous runs instead of 2·K scattered cache lines; each series' sum is
  // still taken block by block in the same order, so every bootstrap mean is bit-for-bit the same.
  const prefix = new Float64Array((n + 1) * K);
  for (let k = 0; k < K; k++) {
    const d = series[k]!;
    let c = 0;
    for (let t = 0; t < n; t++) {
      c = c + d[t]!;
      prefix[(t + 1) * K + k] = c;
    }
  }
  const sums = new Float64Array(K);
  const start = new Int32Array(n);
  const length = new Int32Array(n);
  const endRow = n * K;
  for (let b = 0; b < reps; b++) {
    const count =
      method === "stationary" ? stationaryMulberryDraw(state, n, pNew, start, length) : bootstrapBlocksInto(n, blockLength, method, rand, start, length).count;
    sums.fill(0);
    let j = 0;
    while (j < count) {
      const a1 = start[j]!;
      const e1 = a1 + length[j]!;
      if (j + 4 <= count) {
        const a2 = start[j + 1]!, e2 = a2 + length[j + 1]!;
        const a3 = start[j + 2]!, e3 = a3 + length[j + 2]!;
        const a4 = start[j + 3]!, e4 = a4 + length[j + 3]!;
        if (e1 <= n && e2 <= n && e3 <= n && e4 <= n) {
          // four blocks per pass over the series: each sum still adds them one at a time in
          // block order, (((s + d₁) + d₂) + d₃) + d₄, with a quarter of the loads and stores of s
          const r1 = a1 * K, q1 = e1 * K, r2 = a2 * K, q2 = e2 * K, r3 = a3 * K, q3 = e3 * K, r4 = a4 * K, q4 = e4 * K;
          for (let k = 0; k < K; k++)
            sums[k] = sums[k]! + (prefix[q1 + k]! - prefix[r1 + k]!) + (prefix[q2 + k]! - prefix[r2 + k]!) + (prefix[q3 + k]! - prefix[r3 + k]!) + (prefix[q4 + k]! - prefix[r4 + k]!);
          j += 4;
          continue;
        }
      }
      const ra = a1 * K;
      if (e1 <= n) {
        const re = e1 * K;
        for (let k = 0; k < K; k++) sums[k] = sums[k]! + (prefix[re + k]! - prefix[ra + k]!);
      } else {
        // a block past the end wraps: (c[n] − c[a]) + c[e − n], one term as before
        const rw = (e1 - n) * K;
        for (let k = 0; k < K; k++) sums[k] = sums[k]! + (prefix[endRow + k]! - prefix[ra + k]! + prefix[rw + k]!);
      }
      j++;
    }
    for (let k = 0; k < K; k++) bootMeans[k]![b] = sums[k]! / n;
  }
  return bootMeans;
}
