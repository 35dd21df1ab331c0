import { Command } from "commander";
import { basename, join, resolve } from "node:path";
import { SIGNAL_COLUMNS, isoUtcMicros, runPipeline, runHere, writeFileAtomic, type PipelineResult } from "@tda/engine";
import { STAGES, StageTimer, roundStageTimes, stageClock, type StageTimes } from "@tda/engine";
import { TDA_VERSION } from "../version.js";
import { expandInputs } from "../inputs.js";
import { loadConfig, wholeNumber, type CommonOptions } from "../options.js";
import { Progress, say } from "../progress.js";
import { embeddedDataFiles } from "../embeddedData.js";
import { failuresInInputOrder, workerPool, type WorkerJob, type WorkerPool } from "../workerPool.js";
import { writeOutputTables, type OutputTables } from "../outputTables.js";
import { completionMarker, withOutputFolder } from "../outputFolder.js";
import { addPipelineOptions, sharedOptions } from "../sharedOptions.js";
import { runAnalysisPart, writeReports, writeReportsConcurrently, type AnalysisPart, type AnalysisPartRunner, type AnalysisResult, type Columns } from "@tda/report";
import { manifestTask } from "../manifest.js";

interface RunOptions extends CommonOptions {
  out: string;
  threads: string;
  entry?: string;
  seed?: string;
  inputFormat?: string;
  columnMap?: string;
  groupBy?: string[];
  manifest?: string;
  index?: string;
  timings?: boolean;
}

export function registerRun(program: Command): void {
  const cmd = program
    .command("run")
    .description("run the whole pipeline: read → bars → signals → levels → outcomes → statistics")
    .argument("[inputs...]", "input files (or folders of them), one contract each (default: the embedded ES 5-minute data)")
    .addOption(sharedOptions.outFolder());
  addPipelineOptions(cmd)
    .addOption(sharedOptions.groupBy())
    .addOption(sharedOptions.quiet())
    .addOption(sharedOptions.json())
    // scale-out (issue 13, docs/scale-out.md): one task of a job array per contract file
    .option("--manifest <file>", "task list: one contract file per line (or a JSON object per line); runs task --index only, into --out/contract=<contract>/")
    .option("--index <i>", "task of --manifest to run, from 0 (default: $JOB_COMPLETION_INDEX of a Kubernetes Indexed Job, else $AWS_BATCH_JOB_ARRAY_INDEX)")
    .option("--timings", "print the wall time of each stage on stderr (run.json always records them; no other output holds them)")
    .action(async (inputs: string[], opts: RunOptions) => {
      await runCommand(inputs, opts);
    });
}

export async function runCommand(inputs: string[], opts: RunOptions): Promise<PipelineResult> {
  const config = loadConfig(opts);
  const threads = wholeNumber(opts.threads, "--threads");
  if (opts.inputFormat) config.inputFormat = opts.inputFormat;
  if (opts.columnMap) config.columnMap = resolveColumnMap(opts.columnMap);
  const task = scaleOutTask(inputs, opts);
  if (task?.format) config.inputFormat = task.format;
  const files = task ? [task.input] : inputs.length ? expandInputs(inputs) : embeddedDataFiles();
  const out = task ? resolve(opts.out, task.partition) : resolve(opts.out);
  const progress = new Progress(opts);
  if (task) say(opts, `tda run: task ${task.index} of ${task.manifestName} (index from ${task.from}): ${task.contract} → ${join(opts.out, task.partition)}`);
  progress.update(`reading ${files.length} file(s)…`, true);
  const started = stageClock();
  const timer = new StageTimer();
  // every output is staged beside --out (checked before the work starts) and moved into place only
  // when the last one is written: a killed or failed run leaves the previous outputs
  const { result, summary, directional, nearLevel, timings } = await withOutputFolder(out, files, async (dir) => {
    // --threads N: N worker threads take the contracts, then the output tables and the parts of the
    // statistics with this thread (statisticsSchedule); every part is joined in the order of the
    // serial run (--threads 0), so the bytes are the same, and so is the error of a failing part
    const pool = threads > 0 ? workerPool(threads) : undefined;
    let result: PipelineResult;
    let analysis: AnalysisResult;
    let columns: Columns;
    try {
      result = await runPipeline(files, config, failuresInInputOrder(pool?.runner ?? runHere), (done, total, file) => {
        progress.update(`contracts ${done}/${total} (${file.split(/[\\/]/).pop()})`, true);
      }, (what) => progress.update(what));
      // one typed convention for Arrow and Parquet (SPEC §9): zoned timestamps, dates, booleans, the config
      const tables: OutputTables = { table: result.table, sessions: result.sessions, levels: result.levels, skipped: result.skipped, meta: { timeZone: config.sessions.exchangeTimeZone, version: TDA_VERSION, config } };
      columns = Object.fromEntries(result.table.columns.map((c) => [c.name, c.values]));
      const extra = {
        title: `Footprint signal report — ${result.contracts.map((c) => c.contract).join(", ")}`,
        samples: result.samples.slice(0, 12),
        profiles: result.profiles,
        notices: result.notices,
        groupBy: opts.groupBy,
        horizons: config.outcomes.horizons,
      };
      if (!pool) {
        progress.update("writing outputs…", true);
        timer.add("tables", writeOutputTables(dir, tables));
        progress.update(`statistics over ${result.table.length} signals…`, true);
        analysis = writeReports(dir, columns, config, { ...extra, time: (stage, fn) => timer.time(stage, fn) });
      } else {
        progress.update(`writing outputs and statistics over ${result.table.length} signals…`, true);
        // the tables go to worker 0, posted before this thread starts its share so no worker waits for it
        const written = pool.post(0, { kind: "tables", dir, tables });
        written.catch(() => {}); // awaited below in every case
        const { run, regressionSplits } = statisticsSchedule(pool);
        try {
          analysis = await writeReportsConcurrently(dir, columns, config, { ...extra, charge: (stage, ms) => timer.add(stage, ms) }, run, regressionSplits);
        } catch (err) {
          await written; // the tables come first in a serial run: their error wins
          throw err;
        }
        timer.add("tables", (await written).ms);
      }
    } finally {
      await pool?.close();
    }
    const near = columns[SIGNAL_COLUMNS.nearLevel] as Float64Array;
    const dirs = columns[SIGNAL_COLUMNS.direction] as (string | null)[];
    let directional = 0, nearLevel = 0;
    for (let i = 0; i < dirs.length; i++) {
      if (dirs[i] === "long" || dirs[i] === "short") { directional++; if (near[i] === 1) nearLevel++; }
    }
    const summary = {
      out,
      // firstBar: the contract's place in a merge (tda analyze of several runs orders contracts by it)
      contracts: result.contracts.map((c) => ({ contract: c.contract, file: c.file.split(/[\\/]/).pop(), format: c.format, bars: c.bars, sessions: c.sessions, firstBar: Number.isFinite(c.firstTime) ? isoUtcMicros(c.firstTime) : null })),
      rows: result.table.length,
      directional: analysis.counts.directional,
      nearLevel,
      nearLevelShare: directional ? nearLevel / directional : null,
      groupsReported: analysis.groups.groups.length,
      skippedRows: result.skipped.length,
      notices: result.notices,
    };
    // run.json last: its completion marker says every other file is there. The timings go last in it
    // (the golden hashes are taken without them) and into no other file.
    const taskFacts = task ? { task: { manifest: task.manifestName, index: task.index, indexFrom: task.from, line: task.line } } : {};
    const timings = runTimings(result, timer.ms, threads, stageClock() - started);
    writeFileAtomic(join(dir, "run.json"), JSON.stringify({ ...summary, out: undefined, ...taskFacts, config, ...completionMarker("run"), timings }, null, 2) + "\n");
    return { result, summary: { ...summary, ...taskFacts }, directional, nearLevel, timings };
  });
  progress.done();
  if (opts.timings) process.stderr.write(timingLines(timings));
  if (opts.json) process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
  say(opts, `tda run: ${summary.contracts.length} contract(s), ${summary.contracts.reduce((s, c) => s + c.bars, 0)} bars, ${summary.rows} signal rows → ${join(out, "signals.csv")}`);
  say(opts, `  ${directional} directional signals, ${nearLevel} (${directional ? ((100 * nearLevel) / directional).toFixed(1) : "0"}%) within ${config.levels.nearTicks} ticks of a level; report: ${join(out, "report.html")}`);
  for (const n of result.notices) say(opts, `notice: ${n}`);
  if (result.skipped.length) say(opts, `${result.skipped.length} bad row(s) skipped — see ${join(out, "skipped.csv")}`);
  return result;
}

/**
 * Where the parts of the statistics run (analyzeConcurrently). Every part is posted to its thread
 * the moment it is handed out, so no worker waits for this thread's event loop (a first version
 * queued parts for the first idle worker: the workers then waited while this thread was inside a
 * part). Each kind of work stays on one thread where it can: every thread compiles the code it runs
 * for itself, and spreading the search, the logit and the models over all threads cost more than it
 * gained (measured, BENCHMARKS.md "Issue 11, session 5"). So, as before, the threshold search and
 * SPA/StepM (which share the resampling code) run here; the regressions in two parts (the logit with
 * the first OLS on the last worker, the other OLS on worker 0 after the tables); the session
 * bootstrap and the walk-forward folds with PBO, which only wait for their inputs, on the last worker
 * after its regressions. With --threads 1 everything but the tables' worker share runs as it is given.
 * Any placement gives the same bytes.
 */
function statisticsSchedule(pool: WorkerPool): { run: AnalysisPartRunner; regressionSplits: number } {
  const here = -1;
  const last = pool.threads - 1; // worker 0 with --threads 1
  let chain: Promise<unknown> = Promise.resolve();
  const local = <K extends AnalysisPart["kind"]>(part: Extract<AnalysisPart, { kind: K }>) => {
    const done = chain.then(() => runAnalysisPart(part));
    chain = done.catch(() => {});
    return done;
  };
  const place = (part: AnalysisPart): number => {
    switch (part.kind) {
      case "regressions":
        return part.part.logit ? last : 0;
      case "bootstrap":
      case "folds":
        return last;
      default: // the threshold search, then SPA and StepM
        return here;
    }
  };
  const run = (<K extends AnalysisPart["kind"]>(part: Extract<AnalysisPart, { kind: K }>) => {
    const k = place(part);
    return k === here ? local(part) : pool.post(k, { kind: "analysis", part });
  }) as AnalysisPartRunner;
  return { run, regressionSplits: pool.threads >= 2 ? 2 : 1 };
}

interface RunTimings {
  /** Wall time per stage, ms; the contract stages summed over contracts (over every worker with --threads). */
  stagesMs: StageTimes;
  /** From the first read to the last contract's result (the contract stages, in parallel with --threads). */
  contractsWallMs: number;
  /** The whole run up to writing run.json. */
  totalMs: number;
  threads: number;
}

function runTimings(result: PipelineResult, own: StageTimes, threads: number, totalMs: number): RunTimings {
  const stages: StageTimes = { ...result.timings };
  for (const s of STAGES) if (own[s] !== undefined) stages[s] = (stages[s] ?? 0) + own[s]!;
  const r = (ms: number) => Math.round(ms * 10) / 10;
  return { stagesMs: roundStageTimes(stages), contractsWallMs: r(result.contractsWallMs), totalMs: r(totalMs), threads };
}

function timingLines(t: RunTimings): string {
  const w = "contracts (wall)".length;
  const lines = [`timings (ms${t.threads > 0 ? `; contract stages summed over ${t.threads} worker thread(s)` : ""}):`];
  for (const s of STAGES) if (t.stagesMs[s] !== undefined) lines.push(`  ${s.padEnd(w)} ${t.stagesMs[s]!.toFixed(1).padStart(10)}`);
  lines.push(`  ${"contracts (wall)".padEnd(w)} ${t.contractsWallMs.toFixed(1).padStart(10)}`);
  lines.push(`  ${"total (wall)".padEnd(w)} ${t.totalMs.toFixed(1).padStart(10)}`);
  return lines.join("\n") + "\n";
}

/** A preset name stays as it is; a file path becomes absolute (workers may run elsewhere). */
function resolveColumnMap(v: string): string {
  return /^[\w-]+$/.test(v) && !v.endsWith(".json") ? v : resolve(v);
}

/**
 * The one task of a scaled-out run (--manifest with --index or a job array's index variable), or
 * undefined for an ordinary run. Its input replaces the positional inputs, its partition folder
 * `contract=<contract>` is below --out, and it is staged and swapped in like any run's outputs, so
 * tasks running at once never touch each other's files.
 */
function scaleOutTask(inputs: string[], opts: RunOptions) {
  if (opts.manifest === undefined) {
    if (opts.index !== undefined) throw new Error("--index: only with --manifest (it picks a task of the manifest)");
    return undefined;
  }
  if (inputs.length) throw new Error(`--manifest: the inputs come from the manifest; got input paths as well (${inputs.join(", ")})`);
  return { ...manifestTask(opts.manifest, opts.index), manifestName: basename(opts.manifest) };
}
