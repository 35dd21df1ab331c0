/**
 * The per-group statistics of SPEC §8 for the rows of one group: n, win rate with its Wilson 95%
 * interval and exact binomial test against the base win rate, mean/median forward return per
 * horizon, stop rate, mean MFE/MAE, expectancy, profit factor, SQN (of bracket trades, in ticks)
 * and $ PnL. Missing values (null or NaN) are skipped per statistic, so each carries its own n.
 */
import { binomialTestTwoSided } from "./binomial-test.js";
import { mean, median, tradeStatistics } from "./trade-statistics.js";
import { type Interval, wilsonInterval } from "./wilson-interval.js";

export type NumericColumn = ArrayLike<number | null>;

export interface OutcomeColumns {
  win?: NumericColumn;
  stopped?: NumericColumn;
  mfe?: NumericColumn;
  mae?: NumericColumn;
  bracketTicks?: NumericColumn;
  bracketUsd?: NumericColumn;
  /** Forward returns by horizon (bars), e.g. { 5: ret_5, 10: ret_10 }. */
  returns?: Record<number, NumericColumn>;
}

export interface ReturnSummary {
  horizon: number;
  n: number;
  mean: number | null;
  median: number | null;
}

export interface GroupSummary {
  n: number;
  /** Rows with a known win/loss. */
  winN: number;
  wins: number;
  winRate: number | null;
  winRateCi: Interval | null;
  /** Exact two-sided binomial test of the win count against the base rate. */
  binomialP: number | null;
  returns: ReturnSummary[];
  stopRate: number | null;
  meanMfe: number | null;
  meanMae: number | null;
  /** Mean bracket result per trade (ticks). */
  expectancy: number | null;
  profitFactor: number | null;
  /** √n·mean/sd of the bracket results (a t statistic; grows with n). */
  sqn: number | null;
  /** √min(n, 100)·mean/sd: Tharp's SQN with n capped at 100, comparable across group sizes. */
  sqn100: number | null;
  pnlUsd: number | null;
}

export function present(v: number | null | undefined): v is number {
  return v !== null && v !== undefined && !Number.isNaN(v);
}

export function valuesAt(column: NumericColumn | undefined, rows: readonly number[]): number[] {
  if (!column) return [];
  const out: number[] = [];
  for (const r of rows) {
    const v = column[r];
    if (present(v)) out.push(v);
  }
  return out;
}

export function summarizeGroup(rows: readonly number[], outcomes: OutcomeColumns, baseWinRate: number | null): GroupSummary {
  const win = valuesAt(outcomes.win, rows);
  const wins = win.filter((v) => v === 1).length;
  const winRate = win.length ? wins / win.length : null;
  const stopped = valuesAt(outcomes.stopped, rows);
  const bracket = valuesAt(outcomes.bracketTicks, rows);
  const usd = valuesAt(outcomes.bracketUsd, rows);
  const trades = tradeStatistics(bracket);
  const horizons = Object.keys(outcomes.returns ?? {})
    .map(Number)
    .sort((a, b) => a - b);
  return {
    n: rows.length,
    winN: win.length,
    wins,
    winRate,
    winRateCi: win.length ? wilsonInterval(wins, win.length) : null,
    binomialP: win.length && baseWinRate !== null ? binomialTestTwoSided(wins, win.length, baseWinRate) : null,
    returns: horizons.map((h) => {
      const v = valuesAt(outcomes.returns![h], rows);
      return { horizon: h, n: v.length, mean: mean(v), median: median(v) };
    }),
    stopRate: stopped.length ? stopped.filter((v) => v === 1).length / stopped.length : null,
    meanMfe: mean(valuesAt(outcomes.mfe, rows)),
    meanMae: mean(valuesAt(outcomes.mae, rows)),
    expectancy: trades.expectancy,
    profitFactor: trades.profitFactor,
    sqn: trades.sqn,
    sqn100: trades.sqn100,
    pnlUsd: usd.length ? usd.reduce((a, b) => a + b, 0) : null,
  };
}
