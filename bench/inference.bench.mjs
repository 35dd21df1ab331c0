// The inference of the analysis (SPEC §8: session block bootstrap of every group, SPA and StepM,
// walk-forward, PBO by CSCV — packages/report/src/analysis/inference.ts) on the embedded data's
// signals (`tda run` with no input: 8 contracts, 27,974 directional signals), old against new in
// one process. Baseline: packages/stats and packages/report at the commit this work started from,
// taken from git and compiled with the repository's TypeScript into $TMPDIR/tda-bench-stats
// (report's @tda/stats pointing at the baseline's stats; @tda/engine is the current one, which
// inference does not time). Two timings, rounds alternating old/new, medians:
//   - inferenceFigures alone, its inputs (groups, features, threshold search) computed once by the
//     current build and handed to both;
//   - the whole analyze() (the nine regressions and the threshold search included, unchanged).
// Both results are compared as JSON text (the bytes of stats.json) — they must be identical.
// With --cli: `tda run --timings` on the embedded data, old and new alternating, each stage's
// median from run.json; the old CLI is the current build with the stats and report dist folders
// replaced by the baseline's (nothing else differs between the two commits' builds), and the
// stats.json, report.md and report.html of both runs are compared byte for byte.
//   node bench/inference.bench.mjs [rounds] [--cli]   (after `npx -y pnpm@12.4.2 exec turbo run build`)
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { DATA_DIR, repo } from "./stats-data.mjs";

const BEFORE = "cad58b7";
const cli = process.argv.includes("--cli");
const rounds = Number(process.argv.slice(2).find((a) => !a.startsWith("--")) ?? 5);
const url = (p) => pathToFileURL(p).href;

function baseline(commit) {
  const dir = join(DATA_DIR, `baseline-inference-${commit}`);
  const entry = join(dir, "packages/report/dist/index.js");
  if (existsSync(entry)) return dir;
  mkdirSync(dir, { recursive: true });
  const tar = execFileSync("git", ["archive", commit, "packages/stats", "packages/report", "tsconfig.base.json"], { cwd: repo, maxBuffer: 1 << 28 });
  execFileSync("tar", ["-x", "-C", dir], { input: tar });
  const link = (target, path) => existsSync(path) || symlinkSync(target, path);
  link(join(repo, "node_modules"), join(dir, "node_modules"));
  link(join(repo, "packages/stats/node_modules"), join(dir, "packages/stats/node_modules"));
  mkdirSync(join(dir, "packages/report/node_modules/@tda"), { recursive: true });
  link(join(dir, "packages/stats"), join(dir, "packages/report/node_modules/@tda/stats"));
  link(join(repo, "packages/engine"), join(dir, "packages/report/node_modules/@tda/engine"));
  const tsc = join(repo, "node_modules/typescript/bin/tsc");
  for (const p of ["stats", "report"]) execFileSync(process.execPath, [tsc, "-p", join(dir, `packages/${p}/tsconfig.json`)], { stdio: "inherit" });
  return dir;
}

// the embedded run's signals, made once
const demo = join(DATA_DIR, "inference-demo");
if (!existsSync(join(demo, "signals.csv"))) {
  mkdirSync(DATA_DIR, { recursive: true });
  const r = spawnSync(process.execPath, [join(repo, "packages/cli/bin/tda.js"), "run", "--out", demo, "--quiet"], { cwd: repo, stdio: "inherit" });
  if (r.status !== 0) throw new Error("tda run on the embedded data failed");
}
const { findSignalsFiles, readSignalsUnion } = await import(url(join(repo, "packages/cli/dist/signalsInputs.js")));
const { columns: table, rows } = await readSignalsUnion(findSignalsFiles([join(demo, "signals.csv")]));

const oldDir = baseline(BEFORE);
const load = async (root) => ({
  report: await import(url(join(root, "packages/report/dist/index.js"))),
  inference: await import(url(join(root, "packages/report/dist/analysis/inference.js"))),
});
const old = await load(oldDir);
const now = await load(repo);

// inferenceFigures' inputs, as analyze() computes them (current build; those parts are not timed)
const A = (m) => import(url(join(repo, "packages/report/dist/analysis", m)));
const [{ resolveSettings }, { classifySignals, tableLength }, G, { signalFeatures }, { searchThresholds }] = await Promise.all(
  ["options.js", "signals-table.js", "groups.js", "features.js", "thresholds.js"].map(A),
);
const n = tableLength(table);
const settings = resolveSettings(table, n, {});
const setupNotes = [];
const cls = classifySignals(table, n, setupNotes);
const { rows: directional } = G.directionalRows(cls, n, setupNotes);
const trades = G.tradeColumns(table, n, settings.horizons, setupNotes);
const base = G.baseWinRate(trades.win, directional, setupNotes);
const { groups, keys } = G.signalGroups(table, n, cls, directional, trades, base.rate, settings, setupNotes);
const features = signalFeatures(table, n, cls);
const thresholds = searchThresholds(table, n, features, trades, directional, settings, setupNotes);
const inferenceOf = (m) => () => {
  const notes = [];
  return JSON.stringify([m.inference.inferenceFigures(table, n, features, trades, directional, groups, keys, thresholds, settings, notes), notes]);
};
const analyzeOf = (m) => () => JSON.stringify(m.report.analyze(table, {}), null, 2);

const med = (t) => [...t].sort((x, y) => x - y)[Math.floor(t.length / 2)];
function compare(label, before, after) {
  const same = before() === after();
  const tOld = [], tNew = [];
  for (let k = 0; k < rounds; k++) {
    for (const [fn, t] of k % 2 ? [[after, tNew], [before, tOld]] : [[before, tOld], [after, tNew]]) {
      const s = process.hrtime.bigint();
      fn();
      t.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
  }
  console.log(label);
  console.log(`  ${BEFORE.padEnd(8)} ${med(tOld).toFixed(0).padStart(7)} ms   [${tOld.map((t) => t.toFixed(0)).join(", ")}]`);
  console.log(`  now      ${med(tNew).toFixed(0).padStart(7)} ms   [${tNew.map((t) => t.toFixed(0)).join(", ")}]`);
  console.log(`  ratio ${(med(tOld) / med(tNew)).toFixed(2)}×; output identical: ${same ? "yes" : "NO"}`);
  if (!same) process.exitCode = 1;
}
console.log(`embedded data: ${rows} signal rows, ${directional.length} directional; medians of ${rounds} alternating rounds`);
compare("inferenceFigures (session bootstrap, SPA + StepM, walk-forward, PBO)", inferenceOf(old), inferenceOf(now));
compare("analyze() whole (regressions and threshold search unchanged)", analyzeOf(old), analyzeOf(now));
// PBO alone at a sweep's width (tda sweep runs it over every trial): 2,664 columns × 3,000 rows, S = 16
{
  const oldStats = await import(url(join(oldDir, "packages/stats/dist/index.js")));
  const nowStats = await import(url(join(repo, "packages/stats/dist/index.js")));
  let x = 7;
  const rnd = () => (x = (x * 16807) % 2147483647) / 2147483647;
  const cols = Array.from({ length: 2664 }, () => Float64Array.from({ length: 3000 }, () => (rnd() < 0.5 ? 0 : Math.round((rnd() - 0.48) * 40))));
  const pbo = (m) => () => JSON.stringify(m.probabilityOfBacktestOverfitting(cols, { blocks: 16 }), (k, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v));
  compare("PBO (CSCV, 12,870 splits) of 2,664 columns × 3,000 rows", pbo(oldStats), pbo(nowStats));
}

if (cli) {
  // the old CLI: this build's packages with the baseline's stats and report dist folders
  const base = join(DATA_DIR, `cli-${BEFORE}`);
  rmSync(base, { recursive: true, force: true });
  mkdirSync(base, { recursive: true });
  cpSync(join(repo, "packages"), join(base, "packages"), { recursive: true, verbatimSymlinks: true });
  cpSync(join(repo, "package.json"), join(base, "package.json"));
  symlinkSync(join(repo, "node_modules"), join(base, "node_modules"));
  if (existsSync(join(repo, "data"))) symlinkSync(join(repo, "data"), join(base, "data"));
  for (const p of ["stats", "report"]) {
    rmSync(join(base, `packages/${p}/dist`), { recursive: true, force: true });
    cpSync(join(oldDir, `packages/${p}/dist`), join(base, `packages/${p}/dist`), { recursive: true });
  }
  const runOnce = (root, out) => {
    rmSync(out, { recursive: true, force: true });
    const r = spawnSync(process.execPath, [join(root, "packages/cli/bin/tda.js"), "run", "--out", out, "--quiet"], { cwd: repo, stdio: ["ignore", "ignore", "inherit"] });
    if (r.status !== 0) throw new Error(`tda run (${root}) failed`);
    return JSON.parse(readFileSync(join(out, "run.json"), "utf8")).timings;
  };
  const outs = { old: join(DATA_DIR, "cli-out-old"), now: join(DATA_DIR, "cli-out-now") };
  const got = { old: [], now: [] };
  for (let k = 0; k < rounds; k++)
    for (const w of k % 2 ? ["now", "old"] : ["old", "now"]) got[w].push(runOnce(w === "old" ? base : repo, outs[w]));
  const stages = Object.keys(got.now[0].stagesMs);
  const row = (name, pick) => {
    const o = med(got.old.map(pick)), m = med(got.now.map(pick));
    console.log(`  ${name.padEnd(16)} ${o.toFixed(0).padStart(7)} ${m.toFixed(0).padStart(7)}   ${(o / m).toFixed(2)}×`);
  };
  console.log(`tda run --timings on the embedded data, medians of ${rounds} alternating runs (ms): ${BEFORE} / now / ratio`);
  for (const s of stages) row(s, (t) => t.stagesMs[s]);
  row("contracts wall", (t) => t.contractsWallMs);
  row("total", (t) => t.totalMs);
  const identical = ["stats.json", "report.md", "report.html"].every((f) => readFileSync(join(outs.old, f)).equals(readFileSync(join(outs.now, f))));
  console.log(`  stats.json, report.md, report.html identical: ${identical ? "yes" : "NO"}`);
  if (!identical) process.exitCode = 1;
}
