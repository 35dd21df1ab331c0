import { barMetrics, footprintMarks, type BarMetrics, type FootprintMarks } from "@tda/core-wasm";
import { barContracts, type Market } from "../barTable.js";
import type { Config } from "../config.js";
import type { SkippedRow } from "../errors.js";
import { instrument } from "../instruments.js";
import { detectSignals } from "../signals/detectSignals.js";
import type { SignalColumns } from "../signals/types.js";
import { computeLevels } from "../levels/computeLevels.js";
import type { LevelColumns } from "../levels/types.js";
import { buildSessionsTable } from "./sessionsTable.js";
import { levelsOutputColumns } from "../tables/levelsTable.js";
import { forwardOutcomes } from "../outcomes/forwardOutcomes.js";
import type { OutcomeColumns } from "../outcomes/types.js";
import { entryPrices } from "../outcomes/entry.js";
import { loadMarket, type Progress } from "./loadMarket.js";
import { buildSignalsTable, type SignalsTable } from "./signalsTable.js";
import { footprintSamples, sampleBars, type FootprintSample } from "./samples.js";
import { profileSamples, type ProfileSample } from "./profileSamples.js";
import { StageTimer, type StageTimes } from "./timings.js";

/** What one input file (one contract) yields: its rows of the signals table and what was noticed. */
export interface ContractResult {
  file: string;
  contract: string;
  format: string;
  firstTime: number; // µs UTC of the first bar (orders contracts in the output)
  bars: number;
  sessions: number;
  /** Sessions with their value areas and the levels known at their start (for the report). */
  /** One row per session: profile facts and the levels known at its start (sessions.csv). */
  sessionTable: SignalsTable;
  /** One row per session × level known at its start (levels.parquet). */
  levelTable: SignalsTable;
  table: SignalsTable;
  samples: FootprintSample[];
  /** TPO profiles of the sample signals' sessions (the report's profile pictures). */
  profiles: ProfileSample[];
  notices: string[];
  skipped: SkippedRow[];
  /** Wall time of each stage of this contract (ms; run.json only, never another output). */
  timings: StageTimes;
}

export interface ContractRun {
  market: Market;
  metrics: BarMetrics;
  signals: SignalColumns;
  levels: LevelColumns;
  outcomes: OutcomeColumns;
  /** SPEC §5 footprint marks; undefined when the input has no per-price footprint. */
  marks: FootprintMarks | undefined;
  result: ContractResult;
}

/**
 * Every stage of SPEC.md for one contract file: read (ticks → bars) → sessions → bar metrics →
 * signals → levels → forward outcomes → the signals table. Contracts are independent (SPEC §1), so
 * runs can go in parallel and be merged in a fixed order.
 */
export function runContract(path: string, config: Config, onProgress?: Progress): ContractRun {
  const timer = new StageTimer();
  const loaded = loadMarket([path], config, onProgress, timer);
  const market = loaded.market;
  const b = market.bars;
  const metrics = timer.time("bars", () => barMetrics({
    high: b.high, low: b.low, close: b.close, volume: b.volume, delta: b.delta,
    maxDelta: b.maxDelta, minDelta: b.minDelta, group: barContracts(market),
  }, config.metrics.volStarWindow));
  const name = market.contracts[0]?.name ?? path;
  onProgress?.(`${name}: signals`);
  const signals = timer.time("signals", () => detectSignals(market, metrics, config.signals));
  const entry = timer.time("outcomes", () => entryPrices(b, config.outcomes.entry));
  onProgress?.(`${name}: levels`);
  const levels = timer.time("levels", () => computeLevels(market, signals.direction, entry, config.levels, config.sessions));
  onProgress?.(`${name}: forward outcomes`);
  const outcomes = timer.time("outcomes", () => forwardOutcomes(market, signals.direction, config.outcomes, instrument(config.instrument)));
  const { marks, notice: marksNotice } = timer.time("signals", () => contractMarks(market, config.signals));
  const table = timer.time("tables", () => buildSignalsTable({ market, metrics, signals, levels, outcomes, marks, horizons: config.outcomes.horizons }));
  const notices = [...market.notices, ...signals.notices, ...(marksNotice ? [marksNotice] : []), ...levels.notices, ...outcomes.notices];
  const sessionTable = timer.time("sessions", () => buildSessionsTable(market, levels));
  const levelTable = timer.time("tables", () => levelsOutputColumns(market, levels) as SignalsTable);
  const samples = timer.time("tables", () => footprintSamples(market, signals, levels, 1, {
    outcomes, marks, rules: { imbalanceRatio: config.signals.imbalanceRatio, minImbalanceVolume: config.signals.minImbalanceVolume, targetTicks: config.outcomes.targetTicks },
  }));
  const profiles = timer.time("tables", () => profileSamples(market, levels, config.levels, config.sessions, sampleBars(market, signals, levels), outcomes.entry));
  return {
    market, metrics, signals, levels, outcomes, marks,
    result: {
      file: path,
      contract: market.contracts[0]?.name ?? path,
      format: loaded.inputs[0]?.format ?? "unknown",
      firstTime: b.length ? b.time[0]! : Number.POSITIVE_INFINITY,
      bars: b.length,
      sessions: market.sessions.length,
      sessionTable,
      levelTable,
      table,
      samples,
      profiles,
      notices,
      skipped: loaded.skipped,
      timings: timer.ms,
    },
  };
}

/**
 * SPEC §5 footprint imbalances and auctions over the bar table's CSR footprint. They need bid and ask
 * volume at every price of the bar; a bar export without them (the 5-minute study exports carry only
 * edge rows) leaves the columns empty rather than 0, which would read as "no imbalance".
 */
export function contractMarks(market: Market, cfg: Config["signals"]): { marks?: FootprintMarks; notice?: string } {
  const fp = market.bars.footprint;
  if (fp) {
    const { imbalanceRatio, minImbalanceVolume, stackedRows } = cfg;
    return { marks: footprintMarks(fp, { imbalanceRatio, minImbalanceVolume, stackedRows }) };
  }
  const names = market.contracts.map((c) => c.name).join(", ");
  return {
    notice: "footprint imbalances skipped: the input has no per-price footprint (bid/ask volume at every price); " +
      `imb_buy, imb_sell, stacked_buy, stacked_sell, unfinished_high and unfinished_low are empty because they could not be computed — ${names}`,
  };
}
