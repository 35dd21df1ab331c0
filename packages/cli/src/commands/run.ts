import { Command, Option } from "commander";
import { join, resolve } from "node:path";
import { INPUT_FORMATS, SIGNAL_COLUMNS, runPipeline, runHere, signalsCsv, signalsArrow, writeFileAtomic, type PipelineResult } from "@tda/engine";
import { expandInputs } from "../inputs.js";
import { loadConfig, wholeNumber, type CommonOptions } from "../options.js";
import { Progress, say } from "../progress.js";
import { embeddedDataFiles } from "../embeddedData.js";
import { workerRunner } from "../workerPool.js";
import { writeReports } from "@tda/report";

interface RunOptions extends CommonOptions {
  out: string;
  threads: string;
  entry?: string;
  seed?: string;
  format?: string;
  columnMap?: string;
  groupBy?: string[];
}

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("run the whole pipeline: read → bars → signals → levels → outcomes → statistics")
    .argument("[inputs...]", "input files (or folders of them), one contract each (default: the embedded ES 5-minute data)")
    .requiredOption("-o, --out <dir>", "output folder")
    .option("-c, --config <file>", "JSON config with any subset of the settings (see docs/config.md)")
    .option("--instrument <symbol>", "ES, MES, NQ or MNQ")
    .option("--tz <zone>", "exchange time zone (IANA)")
    .option("--source-tz <zone>", "time zone of text inputs (default: the exchange zone)")
    .addOption(new Option("--format <format>", "read every input as this format instead of detecting it").choices([...INPUT_FORMATS]))
    .option("--column-map <presetOrFile>", "study export column map: a preset name (sierra-8tick-103) or a JSON file")
    .option("--entry <mode>", "entry at the signal bar's close or the next bar's open: close | next-open")
    .option("--seed <n>", "seed of the bootstrap")
    .option("-j, --threads <n>", "worker threads (0 = run in this thread); output is identical for any value", "0")
    .option("--lenient", "skip bad rows, writing each with its reason to skipped.csv")
    .option("--group-by <columns...>", "extra grouping columns of the signals table for the statistics (e.g. level_kind)")
    .option("-q, --quiet", "print nothing but errors")
    .addOption(new Option("--json", "print a JSON summary on stdout"))
    .action(async (inputs: string[], opts: RunOptions) => {
      await runCommand(inputs, opts);
    });
}

export async function runCommand(inputs: string[], opts: RunOptions): Promise<PipelineResult> {
  const config = loadConfig(opts);
  const threads = wholeNumber(opts.threads, "--threads");
  if (opts.format) config.inputFormat = opts.format;
  if (opts.columnMap) config.columnMap = resolveColumnMap(opts.columnMap);
  const files = inputs.length ? expandInputs(inputs) : embeddedDataFiles();
  const out = resolve(opts.out);
  const progress = new Progress(opts);
  progress.update(`reading ${files.length} file(s)…`, true);
  const pool = threads > 0 ? workerRunner(Math.min(threads, files.length)) : undefined;
  let result: PipelineResult;
  try {
    result = await runPipeline(files, config, pool?.runner ?? runHere, (done, total, file) => {
      progress.update(`contracts ${done}/${total} (${file.split(/[\\/]/).pop()})`, true);
    }, (what) => progress.update(what));
  } finally {
    await pool?.close();
  }
  progress.update("writing outputs…", true);
  writeFileAtomic(join(out, "signals.csv"), signalsCsv(result.table));
  writeFileAtomic(join(out, "signals.arrow"), signalsArrow(result.table));
  writeFileAtomic(join(out, "sessions.csv"), signalsCsv(result.sessions));
  if (result.skipped.length) {
    const lines = ["file,line,column,reason", ...result.skipped.map((s) => `${JSON.stringify(s.file)},${s.line},${s.column},${JSON.stringify(s.reason)}`)];
    writeFileAtomic(join(out, "skipped.csv"), lines.join("\n") + "\n");
  }
  progress.update(`statistics over ${result.table.length} signals…`, true);
  const columns = Object.fromEntries(result.table.columns.map((c) => [c.name, c.values]));
  const analysis = writeReports(out, columns, config, {
    title: `Footprint signal report — ${result.contracts.map((c) => c.contract).join(", ")}`,
    samples: result.samples.slice(0, 12),
    notices: result.notices,
    groupBy: opts.groupBy,
    horizons: config.outcomes.horizons,
  });
  const near = columns[SIGNAL_COLUMNS.nearLevel] as Float64Array;
  const dirs = columns[SIGNAL_COLUMNS.direction] as (string | null)[];
  let directional = 0, nearLevel = 0;
  for (let i = 0; i < dirs.length; i++) {
    if (dirs[i] === "long" || dirs[i] === "short") { directional++; if (near[i] === 1) nearLevel++; }
  }
  const summary = {
    out,
    contracts: result.contracts.map((c) => ({ contract: c.contract, file: c.file.split(/[\\/]/).pop(), format: c.format, bars: c.bars, sessions: c.sessions })),
    rows: result.table.length,
    directional: analysis.counts.directional,
    nearLevel,
    nearLevelShare: directional ? nearLevel / directional : null,
    groupsReported: analysis.groups.groups.length,
    skippedRows: result.skipped.length,
    notices: result.notices,
  };
  writeFileAtomic(join(out, "run.json"), JSON.stringify({ ...summary, out: undefined, config }, null, 2) + "\n");
  progress.done();
  if (opts.json) process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
  say(opts, `tda run: ${summary.contracts.length} contract(s), ${summary.contracts.reduce((s, c) => s + c.bars, 0)} bars, ${summary.rows} signal rows → ${join(out, "signals.csv")}`);
  say(opts, `  ${directional} directional signals, ${nearLevel} (${directional ? ((100 * nearLevel) / directional).toFixed(1) : "0"}%) within ${config.levels.nearTicks} ticks of a level; report: ${join(out, "report.html")}`);
  for (const n of result.notices) say(opts, `notice: ${n}`);
  if (result.skipped.length) say(opts, `${result.skipped.length} bad row(s) skipped — see ${join(out, "skipped.csv")}`);
  return result;
}

/** A preset name stays as it is; a file path becomes absolute (workers may run elsewhere). */
function resolveColumnMap(v: string): string {
  return /^[\w-]+$/.test(v) && !v.endsWith(".json") ? v : resolve(v);
}
