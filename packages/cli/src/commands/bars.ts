import { Command, Option } from "commander";
import { resolve } from "node:path";
import {
  addDevelopingLevels, assignSessions, barClock, concatBarTables, contractName, instrument, readInput, SessionBarStream, writeBarsArrow, writeSierraStudyExport,
  type BarTable, type Session, type SkippedRow,
} from "@tda/engine";
import { TDA_VERSION } from "../version.js";
import { loadConfig, type CommonOptions } from "../options.js";
import { formatByExtension } from "../outputFile.js";
import { sharedOptions } from "../sharedOptions.js";
import { Progress, say } from "../progress.js";

interface BarsOptions extends CommonOptions {
  out: string;
  kind?: "range" | "trades" | "volume" | "seconds";
  size?: string;
  format?: "study" | "arrow";
}

/** What tda bars writes, by the output's extension. */
const BAR_FILE_EXTENSIONS: Record<string, "study" | "arrow"> = { ".csv": "study", ".txt": "study", ".arrow": "arrow", ".feather": "arrow", ".ipc": "arrow" };

export interface BarsSummary {
  out: string;
  format: "study" | "arrow";
  kind: string;
  size: number;
  bars: number;
  inputs: { file: string; trades: number; bars: number; sessions: number; skippedRows: number }[];
}

/** `tda bars <tick files…> --out <file> [--kind range|trades|volume|seconds] [--size N] [--format study|arrow]`. */
export function registerBars(program: Command): void {
  program
    .command("bars")
    .description("build bars with footprint from tick files (.scid, time and sales, trade CSV, Arrow ticks); each file is one contract")
    .argument("<ticks...>", "tick files")
    .addOption(sharedOptions.outFile())
    .addOption(new Option("--kind <kind>", "bar kind (default: the config's, range)").choices(["range", "trades", "volume", "seconds"]))
    .option("--size <n>", "ticks of range, trades, volume or seconds per bar (default: the config's, 8)")
    .addOption(new Option("--format <format>", "format written: study (Sierra bar + study export, 103 columns, .csv) or arrow (Arrow IPC, .arrow/.feather/.ipc); default: by the output's extension").choices(["study", "arrow"]))
    .addOption(sharedOptions.config())
    .addOption(sharedOptions.instrument())
    .addOption(sharedOptions.tz())
    .addOption(sharedOptions.sourceTz())
    .addOption(sharedOptions.lenient())
    .addOption(sharedOptions.quiet())
    .addOption(sharedOptions.json())
    .action((inputs: string[], opts: BarsOptions) => {
      barsCommand(inputs, opts);
    });
}

export function barsCommand(inputs: string[], opts: BarsOptions): BarsSummary {
  const config = loadConfig(opts);
  if (opts.kind) config.bars.kind = opts.kind;
  if (opts.size !== undefined) {
    const size = Number(opts.size);
    if (!(size > 0) || !Number.isFinite(size)) throw new Error(`--size: expected a number > 0, got "${opts.size}"`);
    config.bars.size = size;
  }
  const out = resolve(opts.out);
  const format = formatByExtension(out, BAR_FILE_EXTENSIONS, opts.format, "study", "bars");
  const spec = instrument(config.instrument);
  const rules = config.sessions;
  const progress = new Progress(opts);
  const parts: BarTable[] = [];
  const skipped: SkippedRow[] = [];
  const summary: BarsSummary = { out, format, kind: config.bars.kind, size: config.bars.size, bars: 0, inputs: [] };
  const sessions: Session[] = [];
  const contracts: string[] = [];
  inputs.forEach((path, k) => {
    progress.update(`${k + 1}/${inputs.length} reading ${path}`, true);
    // trades stream into bars one session at a time: memory holds one session's trades
    const stream = new SessionBarStream(config);
    const r = readInput(resolve(path), {
      tickSize: spec.tickSize, sourceTimeZone: config.sourceTimeZone, exchangeTimeZone: config.sessions.exchangeTimeZone, lenient: config.lenient,
      sink: { chunkTicks: 1 << 16, onChunk: (c) => stream.push(c) },
    });
    if (r.kind !== "ticks") throw new Error(`${path}: holds bars (${r.format}), not ticks — tda bars builds bars from trades`);
    progress.update(`${k + 1}/${inputs.length} built ${config.bars.kind} bars of ${r.trades} trades`, true);
    const bars = stream.finish();
    const clock = barClock(bars.time, config.sessions.exchangeTimeZone);
    const s = { sessions: assignSessions(bars, clock, 0, bars.length, k, rules, sessions.length) };
    sessions.push(...s.sessions);
    contracts.push(contractName(path));
    parts.push(bars);
    skipped.push(...r.skipped);
    for (const n of r.notices) say(opts, `notice: ${n}`);
    summary.inputs.push({ file: r.file, trades: r.trades ?? 0, bars: bars.length, sessions: s.sessions.length, skippedRows: r.skipped.length });
  });
  const all = concatBarTables(parts);
  summary.bars = all.length;
  progress.update(`writing ${all.length} bars`, true);
  // the typed-table convention of signals.arrow (tables/barsTable.ts): zoned timestamps, dates, dictionary text, config in the metadata
  if (format === "arrow") writeBarsArrow(out, all, sessions, contracts, { tickSize: spec.tickSize, timeZone: config.sessions.exchangeTimeZone, version: TDA_VERSION, config });
  else {
    // like Sierra's developing Volume-by-Price and VWAP studies: session POC / VAH / VAL / VWAP as of each bar
    addDevelopingLevels(all, { valueAreaPct: config.levels.valueAreaPct });
    writeSierraStudyExport(out, all, { tickSize: spec.tickSize, timeZone: config.sessions.exchangeTimeZone });
  }
  progress.done();
  if (opts.json) process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
  say(opts, `tda bars: ${all.length} ${config.bars.kind} bars (size ${config.bars.size}) from ${inputs.length} file(s) → ${out}`);
  if (skipped.length) say(opts, `${skipped.length} bad row(s) skipped (first: ${skipped[0]!.file}:${skipped[0]!.line}: ${skipped[0]!.reason})`);
  return summary;
}
