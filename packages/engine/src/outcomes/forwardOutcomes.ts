import { checkForwardScanParams, forwardScan } from "@tda/core-wasm";
import type { Market } from "../barTable.js";
import type { Config } from "../config.js";
import type { Instrument } from "../instruments.js";
import { entryPrices } from "./entry.js";
import type { OutcomeColumns } from "./types.js";

/**
 * Forward outcomes of every directional bar (SPEC §7), one entry per bar of the market; NaN where a
 * field does not apply (direction none / conflict, a signal on its session's last bar, horizons past
 * the session's end). Entry and stop are in ticks (the caller converts to points for output); the
 * bracket is also given in $ with the instrument's tick value, less commission and slippage.
 *
 * The scan never leaves the signal's session, and a contract change always starts a new session, so
 * no forward window crosses a roll.
 */
export function forwardOutcomes(market: Market, direction: Int8Array, cfg: Config["outcomes"], instrument: Instrument): OutcomeColumns {
  const bars = market.bars;
  const n = bars.length;
  if (direction.length !== n) throw new Error(`forward outcomes: direction has ${direction.length} rows, the bars ${n}`);
  if (instrument.tickSize !== market.tickSize) {
    throw new Error(`forward outcomes: instrument ${instrument.symbol} has tick size ${instrument.tickSize}, the market was read with ${market.tickSize}`);
  }
  if (cfg.entry !== "close" && cfg.entry !== "nextOpen") {
    throw new Error(`outcomes.entry: expected "close" or "nextOpen", got ${JSON.stringify(cfg.entry)}`);
  }
  for (const [key, v] of [["commissionUsd", cfg.commissionUsd], ["slippageTicks", cfg.slippageTicks]] as const) {
    if (!Number.isFinite(v) || v < 0) throw new Error(`outcomes.${key}: expected a number ≥ 0, got ${v}`);
  }
  const params = { horizons: cfg.horizons, maxHorizon: cfg.maxHorizon, targetTicks: cfg.targetTicks };
  checkForwardScanParams(params);

  const scan = forwardScan({
    high: bars.high, low: bars.low, close: bars.close, session: bars.session, direction,
    entry: entryPrices(bars, cfg.entry),
  }, params);

  // PnL in $ of the bracket trade: ticks × $/tick, less the round-turn costs.
  const costUsd = cfg.commissionUsd + cfg.slippageTicks * instrument.tickValue;
  const bracketUsd = new Float64Array(n);
  for (let i = 0; i < n; i++) bracketUsd[i] = scan.bracketTicks[i]! * instrument.tickValue - costUsd;

  const notices: string[] = [];
  let lastBarSignals = 0;
  for (let i = 0; i < n; i++) {
    const d = direction[i];
    if ((d === 1 || d === -1) && scan.lastBar[i] === -1 && (i + 1 === n || bars.session[i + 1] !== bars.session[i])) lastBarSignals++;
  }
  if (lastBarSignals > 0) {
    notices.push(`forward outcomes: signals on the last bar of their session have no outcome (nothing to scan): ${lastBarSignals}`);
  }
  if (scan.skipped > 0) {
    notices.push(`forward outcomes: signals without outcome because the next bar opened at or beyond the stop (entry "nextOpen": the trade would not be taken): ${scan.skipped}`);
  }

  return {
    entry: scan.entry,
    stop: scan.stop,
    returns: scan.returns,
    horizons: [...cfg.horizons],
    stopped: scan.stopped,
    stopBar: scan.stopBar,
    mfe: scan.mfe,
    mae: scan.mae,
    mfeBar: scan.mfeBar,
    win: scan.win,
    bracketTicks: scan.bracketTicks,
    bracketUsd,
    lastScannedBar: scan.lastBar,
    notices,
  };
}
