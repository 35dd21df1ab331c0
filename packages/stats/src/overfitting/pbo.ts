/**
 * Probability of backtest overfitting by combinatorially symmetric cross-validation (Bailey,
 * Borwein, López de Prado & Zhu 2017, J. Comput. Finance 20(4), "The probability of backtest
 * overfitting", §2–3).
 *
 * Input: a T×N performance matrix M given as N columns (strategies, rules, settings) of T rows in
 * time order. The rows are cut into S (even, default 16) consecutive blocks, block s = rows
 * ⌊sT/S⌋ … ⌊(s+1)T/S⌋ − 1. For each of the C(S, S/2) ways to pick S/2 blocks as the in-sample set J
 * (the rest, J̄, out of sample):
 *
 *   R_n  = performance of column n on J,  R̄_n = on J̄;
 *   n*   = argmax_n R_n  (first on ties);
 *   ω̄_c  = rank of R̄_{n*} among R̄_1 … R̄_N (1 = worst, ties get their mid-rank) / (N + 1);
 *   λ_c  = ln(ω̄_c / (1 − ω̄_c));
 *   PBO  = #{c: λ_c ≤ 0} / C(S, S/2)
 *
 * — the share of splits where the in-sample best is at or below the out-of-sample median.
 * Performance degradation: the pairs (R_{n*}, R̄_{n*}), their least-squares line R̄ = a + b·R
 * (b < 0: in-sample excellence does not carry over), and the probability of loss #{R̄_{n*} < 0}/C.
 *
 * Performance is the Sharpe ratio x̄/s (s with n − 1) of the rows in the set, as in the paper, or
 * their mean. A column with s = 0 has Sharpe ratio sign(x̄)·∞ (0 if x̄ = 0). Cost: O(N·S) per split
 * from per-block sums; 12,870 splits at S = 16.
 */
import { combinationMasks } from "./combinations.js";

export interface PboOptions {
  /** S, even, 2 … 30 (default 16). */
  blocks?: number;
  performance?: "sharpe" | "mean";
}

export interface PboResult {
  pbo: number;
  splits: number;
  blocks: number;
  strategies: number;
  rows: number;
  /** λ_c per split. */
  logits: Float64Array;
  /** n* per split. */
  chosen: Int32Array;
  degradation: {
    inSample: Float64Array;
    outOfSample: Float64Array;
    slope: number;
    intercept: number;
    /** Share of splits whose chosen column loses out of sample (R̄_{n*} < 0). */
    probabilityOfLoss: number;
  };
}

function sharpeFrom(count: number, sum: number, sumSq: number): number {
  const mean = sum / count;
  const ss = sumSq - sum * mean;
  const sd = count > 1 && ss > 0 ? Math.sqrt(ss / (count - 1)) : 0;
  if (sd > 0 && sd > 1e-14 * Math.abs(mean)) return mean / sd;
  return mean > 0 ? Infinity : mean < 0 ? -Infinity : 0;
}

export function probabilityOfBacktestOverfitting(columns: readonly ArrayLike<number>[], options: PboOptions = {}): PboResult {
  const S = options.blocks ?? 16;
  const kind = options.performance ?? "sharpe";
  const N = columns.length;
  if (!Number.isInteger(S) || S < 2 || S > 30 || S % 2) throw new RangeError(`PBO: blocks must be an even integer 2 … 30, got ${S}`);
  if (kind !== "sharpe" && kind !== "mean") throw new RangeError(`PBO: performance must be "sharpe" or "mean", got ${JSON.stringify(kind)}`);
  if (N < 2) throw new RangeError(`PBO: at least 2 columns (strategies) are needed, got ${N}`);
  const T = columns[0]!.length;
  columns.forEach((c, n) => {
    if (c.length !== T) throw new RangeError(`PBO: column ${n} has ${c.length} rows, column 0 has ${T}`);
    for (let t = 0; t < T; t++) if (!Number.isFinite(c[t]!)) throw new RangeError(`PBO: column ${n} row ${t} is ${c[t]} (finite numbers expected)`);
  });
  if (T < S) throw new RangeError(`PBO: ${S} blocks need at least ${S} rows, got ${T}`);
  // per-block count, Σx, Σx² — block-major [s·N + n]
  const count = new Float64Array(S);
  const sum = new Float64Array(S * N);
  const sumSq = new Float64Array(S * N);
  for (let s = 0; s < S; s++) {
    const a = Math.floor((s * T) / S);
    const e = Math.floor(((s + 1) * T) / S);
    count[s] = e - a;
    for (let n = 0; n < N; n++) {
      const c = columns[n]!;
      let x = 0;
      let xx = 0;
      for (let t = a; t < e; t++) {
        x += c[t]!;
        xx += c[t]! * c[t]!;
      }
      sum[s * N + n] = x;
      sumSq[s * N + n] = xx;
    }
  }
  const masks = combinationMasks(S, S / 2);
  const C = masks.length;
  const logits = new Float64Array(C);
  const chosen = new Int32Array(C);
  const inSample = new Float64Array(C);
  const outOfSample = new Float64Array(C);
  const isSum = new Float64Array(N);
  const isSq = new Float64Array(N);
  const osSum = new Float64Array(N);
  const osSq = new Float64Array(N);
  const isPerf = new Float64Array(N);
  const osPerf = new Float64Array(N);
  let overfit = 0;
  let losses = 0;
  for (let c = 0; c < C; c++) {
    const mask = masks[c]!;
    isSum.fill(0);
    isSq.fill(0);
    osSum.fill(0);
    osSq.fill(0);
    let isCount = 0;
    let osCount = 0;
    for (let s = 0; s < S; s++) {
      const inside = (mask >> s) & 1;
      const tSum = inside ? isSum : osSum;
      const tSq = inside ? isSq : osSq;
      if (inside) isCount += count[s]!;
      else osCount += count[s]!;
      const o = s * N;
      for (let n = 0; n < N; n++) {
        tSum[n] += sum[o + n]!;
        tSq[n] += sumSq[o + n]!;
      }
    }
    let best = 0;
    for (let n = 0; n < N; n++) {
      isPerf[n] = kind === "mean" ? isSum[n]! / isCount : sharpeFrom(isCount, isSum[n]!, isSq[n]!);
      osPerf[n] = kind === "mean" ? osSum[n]! / osCount : sharpeFrom(osCount, osSum[n]!, osSq[n]!);
      if (isPerf[n]! > isPerf[best]!) best = n;
    }
    const r = osPerf[best]!;
    let below = 0;
    let equal = 0;
    for (let n = 0; n < N; n++) {
      if (osPerf[n]! < r) below++;
      else if (osPerf[n]! === r) equal++;
    }
    const omega = (below + (equal + 1) / 2) / (N + 1);
    const lambda = Math.log(omega / (1 - omega));
    logits[c] = lambda;
    chosen[c] = best;
    inSample[c] = isPerf[best]!;
    outOfSample[c] = r;
    if (lambda <= 0) overfit++;
    if (r < 0) losses++;
  }
  const { slope, intercept } = leastSquaresLine(inSample, outOfSample);
  return {
    pbo: overfit / C,
    splits: C,
    blocks: S,
    strategies: N,
    rows: T,
    logits,
    chosen,
    degradation: { inSample, outOfSample, slope, intercept, probabilityOfLoss: losses / C },
  };
}

/** y = a + b·x by least squares over the finite pairs; NaN when x does not vary. */
function leastSquaresLine(x: Float64Array, y: Float64Array): { slope: number; intercept: number } {
  let m = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++)
    if (Number.isFinite(x[i]!) && Number.isFinite(y[i]!)) {
      m++;
      sx += x[i]!;
      sy += y[i]!;
    }
  const mx = sx / m;
  const my = sy / m;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i++)
    if (Number.isFinite(x[i]!) && Number.isFinite(y[i]!)) {
      sxy += (x[i]! - mx) * (y[i]! - my);
      sxx += (x[i]! - mx) ** 2;
    }
  const slope = sxx > 0 ? sxy / sxx : NaN;
  return { slope, intercept: my - slope * mx };
}
