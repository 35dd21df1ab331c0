/**
 * The three trading figures of a group with session block bootstrap intervals, on one set of draws:
 * win rate = mean of the 0/1 `win` column, expectancy = mean of `result`, profit factor of `result`
 * (Σ gains / |Σ losses|; +∞ without a losing trade, undefined without any non-flat trade — see
 * `profitFactorOf`). NaN entries are missing and skipped.
 */
import { meanOf, profitFactorOf } from "./row-statistics.js";
import { type SessionBootstrapOptions, type SessionBootstrapResult, sessionBlockBootstrap } from "./session-block-bootstrap.js";

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
  return sessionBlockBootstrap(
    sessions,
    { winRate: meanOf(columns.win), expectancy: meanOf(columns.result), profitFactor: profitFactorOf(columns.result) },
    options,
  );
}
