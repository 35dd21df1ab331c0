/**
 * The three trading figures of a group with session block bootstrap intervals, on one set of draws:
 * win rate = mean of the 0/1 `win` column, expectancy = mean of `result`, profit factor of `result`
 * (Σ gains / |Σ losses|; +∞ without a losing trade, undefined without any non-flat trade — see
 * `profitFactorOf`). NaN entries are missing and skipped.
 *
 * **Per-session sums when they are exact.** When every present value of both columns is an integer
 * and no resample can reach 2⁵³ in absolute sum (S × the largest per-session Σ|x| ≤ 2⁵³), every
 * partial sum of any resample is an integer below 2⁵³, which a double holds exactly — so adding up
 * per-session sums gives the very same numbers as adding up the rows one by one in the generic
 * `sessionBlockBootstrap`, with the same draws. That turns each draw from O(rows) into O(sessions).
 * Trade results in ticks and 0/1 wins are integers; anything else takes the generic path.
 */
import { sessionSumDraws } from "@tda/core-wasm";
import { drawKernels } from "../thresholds/stationary-draw.js";
import { percentileInterval } from "./percentile-interval.js";
import { meanOf, profitFactorOf } from "./row-statistics.js";
import {
  type SessionBootstrapInterval,
  type SessionBootstrapOptions,
  type SessionBootstrapResult,
  sessionBlockBootstrap,
} from "./session-block-bootstrap.js";
import { sessionRuns } from "./sessions.js";

export type TradeFigure = "winRate" | "expectancy" | "profitFactor";

export function tradeSessionBootstrap(
  columns: { win: ArrayLike<number>; result: ArrayLike<number> },
  sessions: ArrayLike<string | number>,
  options: SessionBootstrapOptions = {},
): SessionBootstrapResult<TradeFigure> {
  if (columns.win.length !== sessions.length || columns.result.length !== sessions.length)
    throw new RangeError(
      `trade bootstrap: win (${columns.win.length}), result (${columns.result.length}) and sessions (${sessions.length}) must have the same rows`,
    );
  const statistics = { winRate: meanOf(columns.win), expectancy: meanOf(columns.result), profitFactor: profitFactorOf(columns.result) };
  const reps = options.reps ?? 2000;
  const level = options.level ?? 0.95;
  const n = sessions.length;
  // the generic path owns the checks of the options and the empty case
  if (!Number.isInteger(reps) || reps < 1 || !(level > 0 && level < 1) || n === 0) return sessionBlockBootstrap(sessions, statistics, options);
  const starts = sessionRuns(sessions);
  const sums = sessionSums(columns.win, columns.result, starts, n);
  if (!sums) return sessionBlockBootstrap(sessions, statistics, options);
  return fromSessionSums(sums, starts, n, statistics, reps, level, options.seed ?? 1);
}

/** Per-session aggregates indexed by session; undefined when they are not exact. */
export interface SessionSums {
  winSum: Float64Array;
  winCount: Float64Array;
  resultSum: Float64Array;
  resultCount: Float64Array;
  gain: Float64Array;
  loss: Float64Array;
}

const EXACT = 2 ** 53;

function sessionSums(win: ArrayLike<number>, result: ArrayLike<number>, starts: Int32Array, n: number): SessionSums | undefined {
  const S = starts.length;
  const s: SessionSums = {
    winSum: new Float64Array(S),
    winCount: new Float64Array(S),
    resultSum: new Float64Array(S),
    resultCount: new Float64Array(S),
    gain: new Float64Array(S),
    loss: new Float64Array(S),
  };
  let winAbs = 0;
  let resultAbs = 0;
  for (let j = 0; j < S; j++) {
    const a = starts[j]!;
    const e = j + 1 < S ? starts[j + 1]! : n;
    let ws = 0, wc = 0, wa = 0, rs = 0, rc = 0, g = 0, l = 0;
    for (let i = a; i < e; i++) {
      const w = win[i]!;
      if (w === w) {
        if (!Number.isInteger(w)) return undefined;
        ws += w;
        wa += Math.abs(w);
        wc++;
      }
      const v = result[i]!;
      if (v === v) {
        if (!Number.isInteger(v)) return undefined;
        rs += v;
        rc++;
        if (v > 0) g += v;
        else if (v < 0) l -= v;
      }
    }
    s.winSum[j] = ws;
    s.winCount[j] = wc;
    s.resultSum[j] = rs;
    s.resultCount[j] = rc;
    s.gain[j] = g;
    s.loss[j] = l;
    winAbs = Math.max(winAbs, wa);
    resultAbs = Math.max(resultAbs, g + l);
  }
  // every partial sum of a resample of S sessions is bounded by S × the largest session's Σ|x|
  if (S * winAbs > EXACT || S * resultAbs > EXACT) return undefined;
  return s;
}

function fromSessionSums(
  s: SessionSums,
  starts: Int32Array,
  n: number,
  statistics: Record<TradeFigure, (rows: Int32Array, count: number) => number>,
  reps: number,
  level: number,
  seed: number,
): SessionBootstrapResult<TradeFigure> {
  const S = starts.length;
  const winRate = new Float64Array(reps);
  const expectancy = new Float64Array(reps);
  const profitFactor = new Float64Array(reps);
  const totals = drawKernels.wasm ? sessionDrawsWasm(s, S, reps, seed) : sessionDrawsTs(s, S, reps, seed);
  for (let b = 0; b < reps; b++) {
    const ws = totals[6 * b]!, wc = totals[6 * b + 1]!, rs = totals[6 * b + 2]!, rc = totals[6 * b + 3]!, g = totals[6 * b + 4]!, l = totals[6 * b + 5]!;
    winRate[b] = wc > 0 ? ws / wc : NaN;
    expectancy[b] = rc > 0 ? rs / rc : NaN;
    profitFactor[b] = l > 0 ? g / l : g > 0 ? Infinity : NaN;
  }
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const interval = (k: TradeFigure, draws: Float64Array): SessionBootstrapInterval => ({ estimate: statistics[k](all, n), ...percentileInterval(draws, level) });
  return {
    reps,
    level,
    seed,
    sessions: S,
    rows: n,
    intervals: { winRate: interval("winRate", winRate), expectancy: interval("expectancy", expectancy), profitFactor: interval("profitFactor", profitFactor) },
  };
}

/** The six totals of each draw (reps × 6) in WebAssembly (core-wasm sessionSumDraws): the same bits as sessionDrawsTs. */
export function sessionDrawsWasm(s: SessionSums, S: number, reps: number, seed: number): Float64Array {
  const records = new Float64Array(S * 6);
  for (let j = 0; j < S; j++) {
    records[6 * j] = s.winSum[j]!;
    records[6 * j + 1] = s.winCount[j]!;
    records[6 * j + 2] = s.resultSum[j]!;
    records[6 * j + 3] = s.resultCount[j]!;
    records[6 * j + 4] = s.gain[j]!;
    records[6 * j + 5] = s.loss[j]!;
  }
  return sessionSumDraws(records, S, reps, seed);
}

/**
 * The six totals of each draw (reps × 6) in TypeScript: the reference of the WebAssembly loop.
 * sessionResampler(starts, n, mulberry32(seed)) draws session ⌊u·S⌋ for each of S uniforms u per
 * draw; the same generator steps are written out here (see prng.ts), indexing sessions directly.
 */
export function sessionDrawsTs(s: SessionSums, S: number, reps: number, seed: number): Float64Array {
  let state = seed >>> 0;
  const totals = new Float64Array(reps * 6);
  const { winSum, winCount, resultSum, resultCount, gain, loss } = s;
  for (let b = 0; b < reps; b++) {
    let ws = 0, wc = 0, rs = 0, rc = 0, g = 0, l = 0;
    for (let j = 0; j < S; j++) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = Math.imul(state ^ (state >>> 15), state | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      const a = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * S);
      ws += winSum[a]!;
      wc += winCount[a]!;
      rs += resultSum[a]!;
      rc += resultCount[a]!;
      g += gain[a]!;
      l += loss[a]!;
    }
    totals[6 * b] = ws;
    totals[6 * b + 1] = wc;
    totals[6 * b + 2] = rs;
    totals[6 * b + 3] = rc;
    totals[6 * b + 4] = g;
    totals[6 * b + 5] = l;
  }
  return totals;
}
