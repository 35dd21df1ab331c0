/**
 * Session block bootstrap intervals: resample whole sessions with replacement (as many as the
 * sample has), evaluate each statistic on the rows of the drawn sessions, B draws, and report the
 * percentile interval (Efron & Tibshirani 1993, §13.3) of every statistic. Rows of one session —
 * neighbouring observations that share a path — move together, so the interval reflects their
 * dependence; sessions are assumed independent of each other (the cluster bootstrap: Davison &
 * Hinkley 1997, §3.8; Cameron, Gelbach & Miller 2008, §IV). Every statistic sees the same draws.
 *
 * Deterministic for a seed (mulberry32). Allocates its buffers once: B floats per statistic and an
 * index buffer of (sessions × longest session) rows.
 */
import { mulberry32 } from "../thresholds/prng.js";
import { percentileInterval } from "./percentile-interval.js";
import type { RowStatistic } from "./row-statistics.js";
import { sessionResampler } from "./resampler.js";
import { sessionRuns } from "./sessions.js";

export interface SessionBootstrapOptions {
  /** Bootstrap draws B (default 2,000). */
  reps?: number;
  /** Coverage of the interval (default 0.95). */
  level?: number;
  seed?: number;
}

export interface SessionBootstrapInterval {
  /** The statistic on the original rows. */
  estimate: number;
  low: number;
  high: number;
  /** Draws where the statistic was undefined (NaN), left out of the percentiles. */
  undefinedDraws: number;
}

export interface SessionBootstrapResult<K extends string> {
  reps: number;
  level: number;
  seed: number;
  sessions: number;
  rows: number;
  intervals: Record<K, SessionBootstrapInterval>;
}

/**
 * @param sessions one label per row; rows of a session must be contiguous (time order).
 * @param statistics named statistics of a resample, e.g. `{ winRate: meanOf(win), expectancy: meanOf(result) }`.
 */
export function sessionBlockBootstrap<K extends string>(
  sessions: ArrayLike<string | number>,
  statistics: Record<K, RowStatistic>,
  options: SessionBootstrapOptions = {},
): SessionBootstrapResult<K> {
  const reps = options.reps ?? 2000;
  const level = options.level ?? 0.95;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(reps) || reps < 1) throw new RangeError(`session bootstrap: reps must be a positive integer, got ${reps}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`session bootstrap: level must be in (0, 1), got ${level}`);
  const n = sessions.length;
  const names = Object.keys(statistics) as K[];
  const starts = sessionRuns(sessions);
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const intervals = {} as Record<K, SessionBootstrapInterval>;
  if (n === 0) {
    for (const k of names) intervals[k] = { estimate: NaN, low: NaN, high: NaN, undefinedDraws: reps };
    return { reps, level, seed, sessions: 0, rows: 0, intervals };
  }
  const S = starts.length;
  let longest = 0;
  for (let s = 0; s < S; s++) longest = Math.max(longest, (s + 1 < S ? starts[s + 1]! : n) - starts[s]!);
  const resampler = sessionResampler(starts, n, mulberry32(seed));
  const blockStart = new Int32Array(S);
  const blockLength = new Int32Array(S);
  const rows = new Int32Array(S * longest);
  const draws = names.map(() => new Float64Array(reps));
  for (let b = 0; b < reps; b++) {
    const count = resampler.draw(blockStart, blockLength);
    let m = 0;
    for (let j = 0; j < count; j++) {
      const a = blockStart[j]!;
      const e = a + blockLength[j]!;
      for (let i = a; i < e; i++) rows[m++] = i;
    }
    for (let k = 0; k < names.length; k++) draws[k]![b] = statistics[names[k]!](rows, m);
  }
  names.forEach((name, k) => {
    intervals[name] = { estimate: statistics[name](all, n), ...percentileInterval(draws[k]!, level) };
  });
  return { reps, level, seed, sessions: S, rows: n, intervals };
}
