// The `tables` stage of `tda run` (issue 11 "Speed"), old against new in the same process: the
// 250-session run's inputs (the four 2023 study exports of bench/readers.bench.mjs, built there
// into $TMPDIR/tda-bench-readers; run that bench once first), column map sierra-8tick-103.
//
//   npx -y pnpm@12.4.2 exec turbo run build
//   node bench/tables.bench.mjs [pairs=5]
//
// The baseline is packages/engine at BASE (the commit this work started from), taken from git and
// compiled into $TMPDIR/tda-bench-tables/baseline-BASE. Two parts, old and new alternated `pairs`
// times, medians:
//   1. runPipeline (old engine, new engine): its `timings.tables` — buildSignalsTable per contract,
//      the samples and the merge;
//   2. writeOutputTables: the new CLI's (packages/cli/dist/outputTables.js) against the same body
//      on the old engine (signals.csv, sessions.csv, signals.arrow, the three Parquet files), on the
//      same pipeline result, each into a folder of its own; every file compared byte for byte.
// The stage as `--timings` reports it is the sum of the two. The load average is printed with
// every figure (the machine is shared).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { engineAt } from "./lib.mjs";
import { repo } from "./stats-data.mjs";

const pairs = Number(process.argv[2] ?? 5);
const BASE = "602c905"; // main at the start of session 5 (session 4's baseline was cad58b7)
const DIR = join(tmpdir(), "tda-bench-tables");
const inputs = ["ESH23", "ESM23", "ESU23", "ESZ23"].map((c) => join(tmpdir(), "tda-bench-readers", `${c}-study.csv`));
for (const f of inputs) if (!existsSync(f)) throw new Error(`${f} is missing: run node bench/readers.bench.mjs once to build it`);

const baselineEngine = () => engineAt(repo, BASE, join(DIR, `baseline-${BASE}`));

const OLD = await baselineEngine();
const NEW = await import(pathToFileURL(join(repo, "packages/engine/dist/index.js")).href);
const { writeOutputTables } = await import(pathToFileURL(join(repo, "packages/cli/dist/outputTables.js")).href);

/** writeOutputTables as it stood at BASE (packages/cli/src/outputTables.ts), on the old engine. */
function oldWriteOutputTables(dir, t) {
  const started = performance.now();
  OLD.writeFileAtomic(join(dir, "signals.csv"), OLD.signalsCsvBytes(t.table));
  OLD.writeFileAtomic(join(dir, "sessions.csv"), OLD.signalsCsvBytes(t.sessions));
  const signals = OLD.signalsTypedTable(t.table, t.meta);
  OLD.writeArrowTable(join(dir, "signals.arrow"), signals);
  OLD.writeParquetTable(join(dir, "signals.parquet"), signals);
  OLD.writeParquetTable(join(dir, "sessions.parquet"), OLD.sessionsTable(t.sessions, t.meta));
  OLD.writeParquetTable(join(dir, "levels.parquet"), OLD.levelsTableFrom(t.levels, t.meta));
  if (t.skipped.length) throw new Error("the bench's run skipped rows (skipped.csv is not timed here)");
  return performance.now() - started;
}

const configOf = (E) => {
  const c = E.makeConfig({});
  c.columnMap = "sierra-8tick-103";
  return c;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ");

console.log(`tables stage, 250-session run (${inputs.length} study exports), ${pairs} pairs old/new alternated; load ${load()}`);

// 1. the pipeline's share of the stage
const pipe = { old: [], new: [] };
let result;
for (let k = 0; k < pairs + 1; k++) {
  for (const [name, E] of k % 2 ? [["new", NEW], ["old", OLD]] : [["old", OLD], ["new", NEW]]) {
    const r = await E.runPipeline(inputs, configOf(E));
    if (k > 0) pipe[name].push(r.timings.tables); // the first pair warms up
    if (name === "new") result = r;
  }
}
console.log(`  runPipeline timings.tables   old ${median(pipe.old).toFixed(1)} ms   new ${median(pipe.new).toFixed(1)} ms   ${(median(pipe.old) / median(pipe.new)).toFixed(2)}×   load ${load()}`);

// 2. writing the output tables
const meta = { timeZone: configOf(NEW).sessions.exchangeTimeZone, version: "bench", config: configOf(NEW) };
const tables = { table: result.table, sessions: result.sessions, levels: result.levels, skipped: result.skipped, meta };
const write = { old: [], new: [] };
const root = mkdtempSync(join(tmpdir(), "tda-bench-tables-"));
let identical = true;
try {
  for (let k = 0; k < pairs + 1; k++) {
    const dirs = { old: join(root, `old-${k}`), new: join(root, `new-${k}`) };
    for (const name of k % 2 ? ["new", "old"] : ["old", "new"]) {
      mkdirSync(dirs[name]);
      const ms = name === "old" ? oldWriteOutputTables(dirs.old, tables) : writeOutputTables(dirs.new, tables);
      if (k > 0) write[name].push(ms);
    }
    for (const f of readdirSync(dirs.old)) {
      if (!readFileSync(join(dirs.old, f)).equals(readFileSync(join(dirs.new, f)))) { identical = false; console.log(`  DIFFERENT: ${f}`); }
    }
    if (readdirSync(dirs.new).length !== readdirSync(dirs.old).length) identical = false;
    rmSync(dirs.old, { recursive: true }); rmSync(dirs.new, { recursive: true });
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
console.log(`  writeOutputTables            old ${median(write.old).toFixed(1)} ms   new ${median(write.new).toFixed(1)} ms   ${(median(write.old) / median(write.new)).toFixed(2)}×   load ${load()}`);
const stageOld = median(pipe.old) + median(write.old), stageNew = median(pipe.new) + median(write.new);
console.log(`  tables stage (sum)           old ${stageOld.toFixed(1)} ms   new ${stageNew.toFixed(1)} ms   ${(stageOld / stageNew).toFixed(2)}×`);
console.log(`  every output file byte-identical (old vs new, ${pairs + 1} writes): ${identical ? "yes" : "NO"}`);
if (!identical) process.exitCode = 1;
