import { barMetrics, type BarMetrics } from "@tda/core-wasm";
import { barContracts, type Market } from "../bars/barTable.js";
import type { Config } from "../config.js";
import type { SkippedRow } from "../errors.js";
import { loadMarket } from "./loadMarket.js";
import { buildSignalsTable, type SignalsTable } from "./signalsTable.js";

/** What one input file (one contract) yields: its rows of the signals table and what was noticed. */
export interface ContractResult {
  file: string;
  contract: string;
  format: string;
  firstTime: number; // µs UTC of the first bar (orders contracts in the output)
  bars: number;
  sessions: number;
  table: SignalsTable;
  notices: string[];
  skipped: SkippedRow[];
}

export interface ContractRun {
  market: Market;
  metrics: BarMetrics;
  result: ContractResult;
}

/** Every stage of SPEC.md for one contract file. Contracts are independent (SPEC §1), so runs can be parallel. */
export function runContract(path: string, config: Config): ContractRun {
  const loaded = loadMarket([path], config);
  const market = loaded.market;
  const b = market.bars;
  const metrics = barMetrics({
    high: b.high, low: b.low, close: b.close, volume: b.volume, delta: b.delta,
    maxDelta: b.maxDelta, minDelta: b.minDelta, group: barContracts(market),
  }, config.metrics.volStarWindow);
  const table = buildSignalsTable({ market, metrics });
  const notices = [...market.notices];
  return {
    market,
    metrics,
    result: {
      file: path,
      contract: market.contracts[0]?.name ?? path,
      format: loaded.inputs[0]?.format ?? "unknown",
      firstTime: b.length ? b.time[0]! : Number.POSITIVE_INFINITY,
      bars: b.length,
      sessions: market.sessions.length,
      table,
      notices,
      skipped: loaded.skipped,
    },
  };
}
