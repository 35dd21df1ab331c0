/**
 * The per-group statistics of SPEC §8 for the rows of one group: n, win rate with its Wilson 95%
 * interval and exact binomial test against the base win rate, mean/median forward return per
 * horizon, stop rate, mean MFE/MAE, expectancy, profit factor, SQN (of the per-trade results, in
 * ticks) and $ PnL. Missing values (null or NaN) are skipped per statistic, so each carries its own n.
 */
import { binomialTestTwoSided } from "./binomial-test.js";
import { mean, median, tradeStatistics } from "./trade-statistics.js";
import { type Interval, wilsonInterval } from "./wilson-interval.js";

export type NumericColumn = ArrayLike<number | null>;

/** The columns of a set of trades, one row per trade; any may be absent. */
export interface TradeColumns {
  win?: NumericColumn;
  stopped?: NumericColumn;
  mfe?: NumericColumn;
  mae?: NumericColumn;
  /** Result of each trade in ticks (expectancy, profit factor, SQN). */
  resultTicks?: NumericColumn;
  /** Result of each trade in dollars after costs (PnL). */
  resultUsd?: NumericColumn;
  /** Forward returns by horizon (bars), e.g. { 5: returnsAfter5Bars, 10: returnsAfter10Bars }. */
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
  /** Mean result per trade (ticks). */
  expectancy: number | null;
  profitFactor: number | null;
  /** √n·mean/sd of the trade results (a t statistic; grows with n). */
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

export function summarizeGroup(rows: readonly number[], trades: TradeColumns, baseWinRate: number | null): GroupSummary {
  const win = valuesAt(trades.win, rows);
  const wins = win.filter((v) => v === 1).length;
  const winRate = win.length ? wins / win.length : null;
  const stopped = valuesAt(trades.stopped, rows);
  const results = valuesAt(trades.resultTicks, rows);
  const usd = valuesAt(trades.resultUsd, rows);
  const stats = tradeStatistics(results);
  const horizons = Object.keys(trades.returns ?? {})
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
      const v = valuesAt(trades.returns![h], rows);
      return { horizon: h, n: v.length, mean: mean(v), median: median(v) };
    }),
    stopRate: stopped.length ? stopped.filter((v) => v === 1).length / stopped.length : null,
    meanMfe: mean(valuesAt(trades.mfe, rows)),
    meanMae: mean(valuesAt(trades.mae, rows)),
    expectancy: stats.expectancy,
    profitFactor: stats.profitFactor,
    sqn: stats.sqn,
    sqn100: stats.sqn100,
    pnlUsd: usd.length ? usd.reduce((a, b) => a + b, 0) : null,
  };
}
