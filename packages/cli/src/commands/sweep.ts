import { Command } from "commander";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import {
  parseSweepGrid, planSweep, sweepPoints, sweepTables, signalsCsvBytes, typedFromOutputColumns, writeFileAtomic, writeParquetTable,
  type ColumnSpec, type Config, type OutputColumn, type SignalsTable, type SweepGrid, type SweepPlan,
} from "@tda/engine";
import {
  buildSweepReport, renderHtml, renderMarkdown, ruleText, sweepFigures, sweepPointFigures,
  type AnalyzeOptions, type SweepPointResult,
} from "@tda/report";
import { TDA_VERSION } from "../version.js";
import { expandInputs } from "../inputs.js";
import { loadConfig, wholeNumber, type CommonOptions } from "../options.js";
import { Progress, say } from "../progress.js";
import { embeddedDataFiles } from "../embeddedData.js";
import { completionMarker, withOutputFolder } from "../outputFolder.js";
import { capEchoed, environmentMessage } from "../errors.js";
import { addPipelineOptions, sharedOptions } from "../sharedOptions.js";
import type { SerializedError } from "../workerPool.js";

interface SweepOptions extends CommonOptions {
  grid: string;
  out: string;
  threads: string;
  entry?: string;
  seed?: string;
  inputFormat?: string;
  columnMap?: string;
}

export function registerSweep(program: Command): void {
  const cmd = program
    .command("sweep")
    .description("run a grid of settings as one batch job: every point's figures, the sweep judged as one search (DSR, SPA, PBO), the parameter surface")
    .argument("[inputs...]", "input files (or folders of them), one contract each (default: the embedded ES 5-minute data)")
    .requiredOption("-g, --grid <file>", "JSON grid (required): setting paths and the values to try, e.g. {\"levels.nearTicks\": [8, 12, 16]} (docs/sweep.md)")
    .addOption(sharedOptions.outFolder());
  addPipelineOptions(cmd)
    .addOption(sharedOptions.quiet())
    .addOption(sharedOptions.json())
    .action(async (inputs: string[], opts: SweepOptions) => {
      await sweepCommand(inputs, opts);
    });
}

/** Flags that set a setting: a grid over the same setting would silently override them. */
const FLAG_SETTINGS: Record<string, keyof SweepOptions> = {
  instrument: "instrument",
  "sessions.exchangeTimeZone": "tz",
  sourceTimeZone: "sourceTz",
  inputFormat: "inputFormat",
  columnMap: "columnMap",
  "outcomes.entry": "entry",
  "stats.seed": "seed",
  lenient: "lenient",
};
const FLAG_NAMES: Record<string, string> = {
  instrument: "--instrument", tz: "--tz", sourceTz: "--source-tz", inputFormat: "--input-format",
  columnMap: "--column-map", entry: "--entry", seed: "--seed", lenient: "--lenient",
};

export function readGrid(path: string): SweepGrid {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new Error(`cannot read the grid file ${environmentMessage(err) ?? path}`);
  }
  return parseSweepGrid(text, path);
}

/** The analysis settings of a point, as `tda run` passes them (writeReports), so the figures agree. */
function analysisOptions(config: Config): AnalyzeOptions {
  return { ...config.stats, maxHorizon: config.outcomes.maxHorizon, horizons: [...config.outcomes.horizons] };
}

function columnsOf(table: SignalsTable): Record<string, Float64Array | (string | null)[]> {
  return Object.fromEntries(table.columns.map((c) => [c.name, c.values]));
}

/** Point analyses on worker threads; results are put back in point order, so any N gives the same output. */
function analysisPool(threads: number) {
  const url = new URL("./sweepWorker.js", import.meta.url);
  const workers = Array.from({ length: threads }, () => new Worker(url));
  const idle = [...workers];
  const waiting: { id: number; columns: unknown; options: AnalyzeOptions; resolve: (r: SweepPointResult) => void; reject: (e: Error) => void }[] = [];
  const running = new Map<number, (typeof waiting)[number]>();
  let inFlight = 0;
  let freed: (() => void) | undefined;
  const pump = () => {
    while (idle.length && waiting.length) {
      const w = idle.pop()!;
      const job = waiting.shift()!;
      running.set(job.id, job);
      const transfer = Object.values(job.columns as Record<string, unknown>).filter((v): v is Float64Array => v instanceof Float64Array).map((v) => v.buffer as ArrayBuffer);
      w.postMessage({ id: job.id, columns: job.columns, options: job.options }, transfer);
    }
  };
  for (const w of workers) {
    w.on("message", (msg: { id: number; ok: true; result: SweepPointResult } | { id: number; ok: false; error: SerializedError }) => {
      const job = running.get(msg.id)!;
      running.delete(msg.id);
      idle.push(w);
      inFlight--;
      freed?.();
      if (msg.ok) job.resolve(msg.result);
      else job.reject(Object.assign(new Error(msg.error.message), msg.error));
      pump();
    });
    w.on("error", (err) => {
      for (const job of running.values()) job.reject(err);
      running.clear();
    });
  }
  return {
    /** Waits until fewer than two tables per thread are queued (the tables are large). */
    async slot(): Promise<void> {
      while (inFlight >= 2 * threads) await new Promise<void>((r) => { freed = r; });
    },
    run(id: number, columns: unknown, options: AnalyzeOptions): Promise<SweepPointResult> {
      inFlight++;
      return new Promise((resolve, reject) => {
        waiting.push({ id, columns, options, resolve, reject });
        pump();
      });
    },
    close: () => Promise.all(workers.map((w) => w.terminate())),
  };
}

const PER_POINT: { name: string; type: "float" | "int" | "string"; spec: Omit<ColumnSpec, "name">; of: (r: SweepPointResult) => number | string | null }[] = [
  { name: "signals", type: "int", spec: { type: "int", unit: "", doc: "directional signals (long or short)" }, of: (r) => r.figures.signals },
  { name: "trades", type: "int", spec: { type: "int", unit: "", doc: "directional signals with a known outcome" }, of: (r) => r.figures.trades },
  { name: "win_rate", type: "float", spec: { type: "float", unit: "ratio", doc: "share of trades reaching the target before the stop" }, of: (r) => r.figures.winRate },
  { name: "expectancy", type: "float", spec: { type: "float", unit: "ticks", doc: "mean bracket result per trade" }, of: (r) => r.figures.expectancy },
  { name: "profit_factor", type: "float", spec: { type: "float", unit: "ratio", doc: "gross profit / gross loss of the bracket trades" }, of: (r) => r.figures.profitFactor },
  { name: "sharpe", type: "float", spec: { type: "float", unit: "ratio", doc: "per-trade Sharpe ratio of the bracket results" }, of: (r) => r.figures.sharpe },
  { name: "pnl_usd", type: "float", spec: { type: "float", unit: "usd", doc: "bracket PnL in $ after costs" }, of: (r) => r.figures.pnlUsd },
  { name: "rules_tried", type: "int", spec: { type: "int", unit: "", doc: "threshold rules tried by the point's search (its trials)" }, of: (r) => r.figures.rulesTried },
  { name: "chosen_rule", type: "string", spec: { type: "text", unit: "", doc: "rule with the best training expectancy" }, of: (r) => (r.figures.chosen ? ruleText(r.figures.chosen.rule) : null) },
  { name: "chosen_train_trades", type: "int", spec: { type: "int", unit: "", doc: "training trades of the chosen rule" }, of: (r) => r.figures.chosen?.trainTrades ?? null },
  { name: "chosen_train_expectancy", type: "float", spec: { type: "float", unit: "ticks", doc: "training expectancy of the chosen rule" }, of: (r) => r.figures.chosen?.trainExpectancy ?? null },
  { name: "chosen_test_trades", type: "int", spec: { type: "int", unit: "", doc: "out-of-sample trades of the chosen rule" }, of: (r) => r.figures.chosen?.testTrades ?? null },
  { name: "chosen_test_expectancy", type: "float", spec: { type: "float", unit: "ticks", doc: "out-of-sample expectancy of the chosen rule" }, of: (r) => r.figures.chosen?.testExpectancy ?? null },
  { name: "chosen_test_win_rate", type: "float", spec: { type: "float", unit: "ratio", doc: "out-of-sample win rate of the chosen rule" }, of: (r) => r.figures.chosen?.testWinRate ?? null },
  { name: "chosen_dsr", type: "float", spec: { type: "float", unit: "ratio", doc: "deflated Sharpe ratio of the chosen rule for the point's own rules" }, of: (r) => r.figures.chosen?.deflatedSharpe ?? null },
  { name: "chosen_test_p", type: "float", spec: { type: "float", unit: "", doc: "Welch p of the out-of-sample taken vs skipped trades" }, of: (r) => r.figures.chosen?.testP ?? null },
  { name: "spa_p", type: "float", spec: { type: "float", unit: "", doc: "SPA p of the point's threshold search (stats.json thresholds.realityCheck.spaP)" }, of: (r) => r.figures.spaP },
  { name: "white_p", type: "float", spec: { type: "float", unit: "", doc: "White reality-check p of the point's threshold search" }, of: (r) => r.figures.whiteP },
];

/** The table of every point (sweep.csv / sweep.parquet): the point, its grid settings, its figures. */
function sweepTable(grid: SweepGrid, plan: SweepPlan, results: SweepPointResult[]): { table: SignalsTable; schema: ColumnSpec[] } {
  const points = plan.points;
  const columns: OutputColumn[] = [{ name: "point", type: "string", values: points.map((p) => p.id) }];
  const schema: ColumnSpec[] = [{ name: "point", type: "text", unit: "", doc: "grid point, in grid order" }];
  for (const key of grid.keys) {
    const vs = points.map((p) => p.settings[key]);
    if (vs.every((v) => typeof v === "number")) {
      const int = vs.every((v) => Number.isInteger(v));
      columns.push({ name: key, type: int ? "int" : "float", values: Float64Array.from(vs as number[]) });
      schema.push({ name: key, type: int ? "int" : "float", unit: "", doc: `the setting ${key} at this point` });
    } else if (vs.every((v) => typeof v === "boolean")) {
      columns.push({ name: key, type: "int", values: Float64Array.from(vs as boolean[], (v) => (v ? 1 : 0)) });
      schema.push({ name: key, type: "flag", unit: "", doc: `the setting ${key} at this point` });
    } else {
      columns.push({ name: key, type: "string", values: vs.map((v) => (v === null ? null : typeof v === "string" ? v : JSON.stringify(v))) });
      schema.push({ name: key, type: "text", unit: "", doc: `the setting ${key} at this point (JSON for a list)` });
    }
  }
  for (const c of PER_POINT) {
    const vs = results.map(c.of);
    columns.push(c.type === "string"
      ? { name: c.name, type: "string", values: vs as (string | null)[] }
      : { name: c.name, type: c.type, values: Float64Array.from(vs as (number | null)[], (v) => (v === null ? NaN : v)) });
    schema.push({ name: c.name, ...c.spec });
  }
  return { table: { length: points.length, columns }, schema };
}

export async function sweepCommand(inputs: string[], opts: SweepOptions) {
  const config = loadConfig(opts);
  const threads = wholeNumber(opts.threads, "--threads");
  if (opts.inputFormat) config.inputFormat = opts.inputFormat;
  if (opts.columnMap) config.columnMap = /^[\w-]+$/.test(opts.columnMap) && !opts.columnMap.endsWith(".json") ? opts.columnMap : resolve(opts.columnMap);
  const grid = readGrid(opts.grid);
  for (const key of grid.keys) {
    const flag = FLAG_SETTINGS[key];
    if (flag && opts[flag] !== undefined) throw new Error(`${opts.grid}: ${key} is in the grid and set by ${FLAG_NAMES[flag]}; give it in one place`);
  }
  const points = sweepPoints(grid, config, opts.grid);
  const plan = planSweep(points);
  const files = inputs.length ? expandInputs(inputs) : embeddedDataFiles();
  const out = resolve(opts.out);
  const progress = new Progress(opts);
  progress.update(`sweep of ${points.length} points over ${files.length} file(s)…`, true);

  const { summary, notices } = await withOutputFolder(out, [...files, resolve(opts.grid)], async (dir) => {
    const results = new Array<SweepPointResult>(points.length);
    let notices: string[] = [];
    const pointNotices: string[][] = [];
    let contracts: string[] = [];
    let skipped: { file: string; line: number; column: number; reason: string }[] = [];
    const pool = threads > 0 ? analysisPool(Math.min(threads, points.length)) : undefined;
    try {
      const pending: Promise<void>[] = [];
      for (const t of sweepTables(files, plan, (what) => progress.update(what))) {
        const i = t.point.index;
        progress.update(`point ${i + 1}/${points.length}: statistics over ${t.table.length} signals…`, true);
        pointNotices[i] = t.notices;
        if (i === 0) { contracts = t.contracts.map((c) => c.contract); skipped = t.skipped; notices = t.notices; }
        const columns = columnsOf(t.table);
        const options = analysisOptions(t.point.config);
        if (pool) {
          await pool.slot();
          pending.push(pool.run(i, columns, options).then((r) => { results[i] = r; }));
        } else results[i] = sweepPointFigures(columns, options);
      }
      await Promise.all(pending);
    } finally {
      await pool?.close();
    }
    progress.update("the sweep as one search (DSR, SPA, PBO)…", true);
    const named = points.map((p, i) => ({ id: p.id, settings: p.settings, figures: results[i]!.figures, trials: results[i]!.trials }));
    const sweep = sweepFigures(named, { seed: config.stats.seed, bootstrapSamples: config.stats.bootstrapSamples, pboBlocks: config.stats.pboBlocks });

    const { table, schema } = sweepTable(grid, plan, results);
    writeFileAtomic(join(dir, "sweep.csv"), signalsCsvBytes(table));
    writeParquetTable(join(dir, "sweep.parquet"), typedFromOutputColumns(table, { kind: "sweep", timeZone: config.sessions.exchangeTimeZone, version: TDA_VERSION, config }, schema));
    if (skipped.length) {
      const lines = ["file,line,column,reason", ...skipped.map((s) => `${JSON.stringify(s.file)},${s.line},${s.column},${JSON.stringify(capEchoed(s.reason))}`)];
      writeFileAtomic(join(dir, "skipped.csv"), lines.join("\n") + "\n");
    }
    const stages = plan.stages.map(({ name, what, runs }) => ({ name, what, runs }));
    const json = {
      grid: Object.fromEntries(grid.keys.map((k, j) => [k, grid.values[j]])),
      stages,
      points: points.map((p, i) => ({ id: p.id, settings: p.settings, figures: results[i]!.figures, notices: pointNotices[i], notes: results[i]!.notes })),
      sweep,
    };
    writeFileAtomic(join(dir, "sweep.json"), JSON.stringify(json, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2) + "\n");
    const doc = buildSweepReport({
      title: `Parameter sweep — ${contracts.join(", ")}`,
      grid, points: named, sweep, stages, contracts, notices,
    });
    writeFileAtomic(join(dir, "report.md"), renderMarkdown(doc));
    writeFileAtomic(join(dir, "report.html"), renderHtml(doc));
    const summary = {
      out,
      grid: opts.grid,
      points: points.length,
      trials: sweep.trials,
      contracts,
      stages: Object.fromEntries(stages.map((s) => [s.name, s.runs])),
      best: sweep.best ? { point: sweep.best.point, rule: ruleText(sweep.best.rule), trainExpectancy: sweep.best.trainExpectancy, testExpectancy: sweep.best.testExpectancy } : null,
      deflatedSharpe: sweep.deflatedSharpe?.hac ?? null,
      spaP: sweep.spa?.pConsistent ?? null,
      pbo: sweep.pbo?.pbo ?? null,
      skippedRows: skipped.length,
      notices,
    };
    // run.json last: its completion marker says every other file is there
    writeFileAtomic(join(dir, "run.json"), JSON.stringify({ ...summary, out: undefined, grid: json.grid, config, ...completionMarker("sweep") }, null, 2) + "\n");
    return { summary, notices };
  });
  progress.done();
  if (opts.json) process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
  const f = (v: number | null) => (v === null ? "—" : v.toFixed(3));
  say(opts, `tda sweep: ${summary.points} points × their rules = ${summary.trials} trials over ${summary.contracts.length} contract(s) → ${join(out, "sweep.csv")}`);
  say(opts, `  sweep-wide: deflated Sharpe ${f(summary.deflatedSharpe)}, SPA p ${f(summary.spaP)}, PBO ${f(summary.pbo)}; report: ${join(out, "report.html")}`);
  for (const n of notices) say(opts, `notice: ${n}`);
  return summary;
}
