import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { TickTable } from "../tickTable.js";
import type { Config } from "../config.js";
import { instrument } from "../instruments.js";
import { barsFromTicks, tickSessions } from "../bars/buildBars.js";
import { readSierraBarExport } from "../io/sierraBarExport.js";
import { writeScidTicks } from "../io/scid.js";
import { writeTimeAndSales } from "../io/timeAndSales.js";
import { writeTickCsv } from "../io/tickCsv.js";
import { writeSierraStudyExport } from "../io/writeStudyExport.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { contractName } from "../pipeline/loadMarket.js";
import { synthesizeTrades, type SynthStats } from "./tradesFromBars.js";
import { generateScenario, type PlantedBalance, type PlantedSignal } from "./scenario.js";
import { addDevelopingLevels } from "./developingLevels.js";

/**
 * Output formats: `scid` (Sierra intraday ticks), `tas` (time and sales), `csv` (plain
 * time,price,size,side), `study` (the seed-shaped `ES_8tick_<N>D.csv`: range bars per `config.bars`
 * in the 103-column bar + study layout, footprint edge volumes, max/min delta and the developing session
 * POC / VAH / VAL / VWAP as study columns).
 */
export type SynthFormat = "scid" | "tas" | "csv" | "study";
export const SYNTH_FORMATS: readonly SynthFormat[] = ["scid", "tas", "csv", "study"];

export interface SynthFilesOptions {
  /** 5-minute Sierra bar exports (one contract each); ignored in scenario mode. */
  from: string[];
  outDir: string;
  format: SynthFormat;
  seed: number;
  volumeScale?: number;
  /** Write the planted-signal scenario instead of synthesising real bars. */
  scenario?: boolean;
  config: Config;
  onProgress?: (text: string) => void;
}

export interface SynthFileSummary {
  /** Source bar file (absent in scenario mode). */
  source?: string;
  output: string;
  format: SynthFormat;
  trades: number;
  /** Bars written (study format) or source bars reproduced (tick formats). */
  bars: number;
  sessions: number;
  stats?: SynthStats;
}

export interface SynthFilesResult {
  files: SynthFileSummary[];
  /** Scenario mode: the JSON file holding the planted truth. */
  truth?: string;
  signals?: PlantedSignal[];
  balance?: PlantedBalance;
}

/**
 * Synthesises tick files (or the scenario) and writes them atomically into `outDir`: `<contract>.scid`,
 * `<contract>.tas.txt`, `<contract>.ticks.csv`, or `ES_8tick_<N>D.csv` (N = full sessions; with several
 * sources each file is prefixed `<contract>.`, so readers still name the contract). Scenario mode
 * writes `ES-scenario.*` plus `scenario-truth.json`.
 */
export function synthesizeFiles(opts: SynthFilesOptions): SynthFilesResult {
  const cfg = opts.config;
  const spec = instrument(cfg.instrument);
  const say = opts.onProgress ?? (() => {});
  if (!SYNTH_FORMATS.includes(opts.format)) throw new Error(`format must be one of ${SYNTH_FORMATS.join(", ")}, got "${opts.format}"`);
  if (!opts.scenario && opts.from.length === 0) throw new Error("no source bar files: give --from <5-minute bar exports…> or --scenario");
  mkdirSync(opts.outDir, { recursive: true });
  const write = (ticks: TickTable, contract: string, prefixStudy: boolean): Omit<SynthFileSummary, "stats" | "source"> => {
    const sessions = tickSessions(ticks, cfg.sessions).sessions;
    const full = sessions.filter((s) => !s.partial).length;
    const base = { format: opts.format, trades: ticks.length, sessions: sessions.length };
    switch (opts.format) {
      case "scid": { const out = join(opts.outDir, `${contract}.scid`); writeScidTicks(out, ticks, { tickSize: spec.tickSize }); return { ...base, output: out, bars: 0 }; }
      case "tas": { const out = join(opts.outDir, `${contract}.tas.txt`); writeTimeAndSales(out, ticks, { tickSize: spec.tickSize }); return { ...base, output: out, bars: 0 }; }
      case "csv": { const out = join(opts.outDir, `${contract}.ticks.csv`); writeTickCsv(out, ticks, { tickSize: spec.tickSize }); return { ...base, output: out, bars: 0 }; }
      case "study": {
        const bars = barsFromTicks(ticks, cfg);
        // the level study columns a Sierra user's export carries (developing POC/VAH/VAL, session VWAP)
        addDevelopingLevels(bars, { valueAreaPct: cfg.levels.valueAreaPct });
        const unit = cfg.bars.kind === "range" ? "tick" : cfg.bars.kind === "seconds" ? "s" : cfg.bars.kind === "trades" ? "trades" : "vol";
        const name = `${spec.symbol}_${cfg.bars.size}${unit}_${full}D.csv`;
        const out = join(opts.outDir, prefixStudy ? `${contract}.${name}` : name);
        writeSierraStudyExport(out, bars, { tickSize: spec.tickSize, timeZone: cfg.sessions.exchangeTimeZone });
        return { ...base, output: out, bars: bars.length };
      }
    }
  };

  if (opts.scenario) {
    say("scenario: generating");
    // with extra level kinds asked for, the tape is the auction scenario: it also plants those levels (a
    // naked POC, a poor high) near signals, then a session of signals with known footprint marks
    const auction = (cfg.levels.extraKinds ?? []).length > 0;
    const sc = generateScenario({ seed: opts.seed, timeZone: cfg.sessions.exchangeTimeZone, levelCases: auction, markCases: auction });
    const file = write(sc.ticks, "ES-scenario", false);
    const truth = join(opts.outDir, "scenario-truth.json");
    writeFileAtomic(truth, `${JSON.stringify({ seed: opts.seed, rangeTicks: sc.rangeTicks, bars: sc.bars, signals: sc.signals, balance: sc.balance, ...(sc.levels ? { levels: sc.levels } : {}), ...(sc.marks ? { marks: sc.marks } : {}) }, null, 2)}\n`);
    return { files: [{ ...file, bars: file.bars || sc.bars }], truth, signals: sc.signals, balance: sc.balance };
  }

  const files: SynthFileSummary[] = [];
  opts.from.forEach((path, k) => {
    say(`${k + 1}/${opts.from.length} ${contractName(path)}: reading`);
    const read = readSierraBarExport(path, {
      tickSize: spec.tickSize, sourceTimeZone: cfg.sourceTimeZone ?? cfg.sessions.exchangeTimeZone, lenient: cfg.lenient,
    });
    say(`${k + 1}/${opts.from.length} ${contractName(path)}: synthesising ${read.bars.length} bars`);
    const r = synthesizeTrades(read.bars, { seed: opts.seed + k, volumeScale: opts.volumeScale ?? 1 });
    say(`${k + 1}/${opts.from.length} ${contractName(path)}: writing ${r.stats.trades} trades`);
    const file = write(r.ticks, contractName(path), opts.from.length > 1);
    files.push({ ...file, source: path, bars: file.bars || r.stats.bars, stats: r.stats });
  });
  return { files };
}
