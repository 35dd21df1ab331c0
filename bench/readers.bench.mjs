// Readers (issue 11's speed targets): text inputs parsed at ≥ 150 MB/s, `.scid` into 8-tick bars +
// footprint at ≥ 30 M trades/s end to end, a 250-session 8-tick 103-column `tda run` < 2 s, < 500 MB RSS.
//
// Data (built once into $TMPDIR/tda-bench-readers, a few minutes; `--rebuild` to redo it):
//   - bar export: the eight embedded 5-minute exports (data/es-5m), read one after another;
//   - .scid: `tda synth` of ESH23 at --volume-scale 0.05 (≈ 4.9 M trades);
//   - time and sales, trade CSV: `tda synth --format tas|csv` of ESH23 at --volume-scale 0.01;
//   - 103-column study exports: `tda synth` of ESH23 … ESU24 (seven contracts) at 0.05 → `tda bars`
//     (8-tick range bars, the sierra-8tick-103 layout); the run takes the four of 2023, ≈ 250 sessions.
// Each reader is timed against baselines measured in the same process on the same file: Node's raw
// read in 1 MiB chunks (what lines.ts reads with), the same read plus finding every newline in the
// bytes (the issue's "finding every newline"), and readLines alone (UTF-8 decode + one string a line,
// the loop every text reader sits in). Medians of `repeats` after a warm-up.
// Then the 250-session run: `tda run <the four 2023 study exports> --column-map sierra-8tick-103 --timings`
// under /usr/bin/time -v (peak RSS), stage times from run.json; median of `runs`.
//   node bench/readers.bench.mjs [repeats=5] [runs=3] [--rebuild] [--no-baseline] [--only=prefix,…] (e.g. --only=bar,trade,.scid,103,time,run)
//   (after `npx -y pnpm@12.4.2 exec turbo run build`; TDA_READERS_BASELINE=<commit> for another baseline than b416bc6)
import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { engineAt } from "./lib.mjs";
import { repo } from "./stats-data.mjs";

const args = process.argv.slice(2);
const num = args.filter((a) => !a.startsWith("--"));
const repeats = Number(num[0] ?? 5);
const runs = Number(num[1] ?? 3);
const only = args.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const want = (name) => !only || only.some((o) => name.startsWith(o));
const DIR = join(tmpdir(), "tda-bench-readers");
const bin = join(repo, "packages/cli/bin/tda.js");
const E = await import(pathToFileURL(join(repo, "packages/engine/dist/index.js")).href);

/**
 * The readers as they stood before this wave's speed work (commit BASE, the merge they started
 * from): packages/engine taken from git and compiled into $TMPDIR/tda-bench-readers/baseline-BASE,
 * so old and new readers run in the same process on the same files. `--no-baseline` skips it;
 * TDA_READERS_BASELINE=<commit> takes another commit as the baseline (built once into its own folder).
 */
const BASE = process.env.TDA_READERS_BASELINE ?? "b416bc6"; // TDA_READERS_BASELINE=<commit> compares against another
const loadBaseline = () => engineAt(repo, BASE, join(DIR, `baseline-${BASE}`));

function tda(argv) {
  const r = spawnSync(process.execPath, [bin, ...argv], { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (r.status !== 0) throw new Error(`tda ${argv.join(" ")} failed (${r.status})`);
  return r.stdout;
}

const es5m = (c) => join(repo, "data/es-5m", `${c}-CME.scid_BarData__5m.txt`);
const STUDY_CONTRACTS = ["ESH23", "ESM23", "ESU23", "ESZ23", "ESH24", "ESM24", "ESU24"];
/** The run's inputs: the 2023 contracts, ≈ 250 sessions (the issue's "250-session run"). */
const RUN_CONTRACTS = 4;
const files = {
  bars: readdirSync(join(repo, "data/es-5m")).filter((f) => f.endsWith(".txt")).sort().map((f) => join(repo, "data/es-5m", f)),
  scid: [join(DIR, "scid", "ESH23-CME.scid")],
  tas: [join(DIR, "tas", "ESH23-CME.tas.txt")],
  csv: [join(DIR, "csv", "ESH23-CME.ticks.csv")],
  study: STUDY_CONTRACTS.map((c) => join(DIR, `${c}-study.csv`)),
};

function build() {
  if (args.includes("--rebuild")) rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const synth = (format, scale, out) => {
    if (existsSync(out)) return;
    const dir = join(DIR, format);
    console.error(`synthesising ${format} (volume scale ${scale}) …`);
    tda(["synth", "--from", es5m("ESH23"), "--out", dir, "--format", format, "--volume-scale", String(scale), "--quiet"]);
    const made = readdirSync(dir);
    if (!existsSync(out)) throw new Error(`tda synth --format ${format} wrote ${made.join(", ")}, not ${out}`);
  };
  synth("scid", 0.05, files.scid[0]);
  synth("tas", 0.01, files.tas[0]);
  synth("csv", 0.01, files.csv[0]);
  for (const [k, c] of STUDY_CONTRACTS.entries()) {
    const out = files.study[k];
    if (existsSync(out)) continue;
    const tmp = join(DIR, `synth-${c}`);
    console.error(`synthesising ${c} and building its 8-tick study export …`);
    tda(["synth", "--from", es5m(c), "--out", tmp, "--volume-scale", "0.05", "--quiet"]);
    tda(["bars", join(tmp, `${c}-CME.scid`), "--out", out, "--quiet"]);
    rmSync(tmp, { recursive: true, force: true });
  }
}

const CHUNK = 1 << 20;
const chunkBuf = Buffer.allocUnsafe(CHUNK);
/** Node's raw read of the file in 1 MiB chunks; returns the bytes read. */
function rawRead(path) {
  const fd = openSync(path, "r");
  let bytes = 0;
  try {
    for (let got; (got = readSync(fd, chunkBuf, 0, CHUNK, null)) > 0;) bytes += got;
  } finally { closeSync(fd); }
  return bytes;
}
/** The same read, counting every newline byte. */
function newlineScan(path) {
  const fd = openSync(path, "r");
  let lines = 0;
  try {
    for (let got; (got = readSync(fd, chunkBuf, 0, CHUNK, null)) > 0;) {
      for (let at = chunkBuf.indexOf(10, 0); at >= 0 && at < got; at = chunkBuf.indexOf(10, at + 1)) lines++;
    }
  } finally { closeSync(fd); }
  return lines;
}
/** readLines alone: decode + one string a line, every line touched (its length summed). */
function linesOnly(path) {
  let chars = 0;
  for (const [line] of E.readLines(path)) chars += line.length;
  return chars;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Median ms of each named job over `repeats` rounds (after one warm-up), jobs alternating in each round. */
function timeRounds(jobs) {
  const t = Object.fromEntries(Object.keys(jobs).map((k) => [k, []]));
  const results = {};
  for (const [k, fn] of Object.entries(jobs)) results[k] = fn();
  for (let r = 0; r < repeats; r++) {
    const order = Object.entries(jobs);
    if (r % 2) order.reverse();
    for (const [k, fn] of order) {
      const s = process.hrtime.bigint();
      fn();
      t[k].push(Number(process.hrtime.bigint() - s) / 1e6);
    }
  }
  return { ms: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, median(v)])), results };
}

const sizeOf = (list) => list.reduce((s, f) => s + statSync(f).size, 0);
const TICK = 0.25;
const ZONE = "America/Chicago";
const config = structuredClone(E.DEFAULT_CONFIG);
const summary = [];

function bench(name, list, readerOf, { unit = "MB/s", count, binary = false } = {}) {
  if (!want(name)) return;
  const bytes = sizeOf(list);
  const each = (fn) => () => { let s = 0; for (const f of list) s += fn(f); return s; };
  // binary files: the raw read is the baseline (no lines to find)
  const baseName = binary ? "raw read (1 MiB chunks)" : "read + find every newline";
  const { ms, results } = timeRounds({
    "raw read (1 MiB chunks)": each(rawRead),
    ...(binary ? {} : { "read + find every newline": each(newlineScan), "readLines (decode, a string a line)": each(linesOnly) }),
    ...(B ? { [`reader at ${BASE}`]: each(readerOf(B)) } : {}),
    [`reader: ${name}`]: each(readerOf(E)),
  });
  if (B && results[`reader at ${BASE}`] !== results[`reader: ${name}`]) throw new Error(`${name}: ${BASE} read ${results[`reader at ${BASE}`]}, now ${results[`reader: ${name}`]}`);
  const items = count ? results[`reader: ${name}`] : 0;
  const lines = binary ? undefined : results["read + find every newline"];
  console.log(`\n${name}: ${list.length} file(s), ${(bytes / 1e6).toFixed(1)} MB${lines === undefined ? "" : `, ${lines.toLocaleString("en-US")} lines`}${count ? `, ${items.toLocaleString("en-US")} ${count}` : ""}`);
  const base = ms[baseName];
  for (const [k, v] of Object.entries(ms)) {
    const rate = unit === "MB/s" || !count ? `${(bytes / 1e6 / (v / 1e3)).toFixed(0).padStart(6)} MB/s` : `${(items / 1e6 / (v / 1e3)).toFixed(1).padStart(6)} M ${count}/s`;
    const extra = count && unit !== "MB/s" ? ` (${(bytes / 1e6 / (v / 1e3)).toFixed(0)} MB/s)` : "";
    console.log(`  ${k.padEnd(44)} ${v.toFixed(1).padStart(9)} ms  ${rate}${extra}   ${(base / v).toFixed(3)}× the ${binary ? "raw read" : "newline scan"}'s speed`);
  }
  const v = ms[`reader: ${name}`];
  if (B) console.log(`  now / ${BASE}: ${(ms[`reader at ${BASE}`] / v).toFixed(2)}× the speed`);
  summary.push({ name, ms: v, mbs: bytes / 1e6 / (v / 1e3), mps: count ? items / 1e6 / (v / 1e3) : undefined });
}

build();
const B = args.includes("--no-baseline") ? undefined : await loadBaseline();
const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
console.log(`readers on ${process.version}, ${repeats} rounds (medians), load average ${load}`);

bench("bar export (data/es-5m)", files.bars, (M) => (f) => M.readSierraBarExport(f, { tickSize: TICK, sourceTimeZone: ZONE }).bars.length);
bench("103-column study export", files.study, (M) => (f) => M.readSierraStudyExport(f, { tickSize: TICK, sourceTimeZone: ZONE }).bars.length);
bench("time and sales", files.tas, (M) => (f) => M.readTimeAndSales(f, { tickSize: TICK }).ticks.length, { count: "trades", unit: "MB/s" });
bench("trade CSV (time,price,size,side)", files.csv, (M) => (f) => M.readTickCsv(f, { tickSize: TICK }).ticks.length, { count: "trades", unit: "MB/s" });

bench(".scid reader alone", files.scid, (M) => (f) => {
  let n = 0;
  M.readScid(f, { tickSize: TICK, sink: { chunkTicks: 1 << 16, onChunk: (c) => { n += c.length; } } });
  return n;
}, { count: "trades", unit: "trades", binary: true });
bench(".scid → 8-tick bars + footprint", files.scid, (M) => (f) => {
  // what `tda bars` does before writing: readInput streaming trades into bars one session at a time
  const stream = new M.SessionBarStream(config);
  const r = M.readInput(f, { tickSize: TICK, exchangeTimeZone: ZONE, sink: { chunkTicks: 1 << 16, onChunk: (c) => stream.push(c) } });
  const bars = stream.finish();
  if (!(bars.length > 0)) throw new Error("no bars");
  return r.trades;
}, { count: "trades", unit: "trades", binary: true });

if (want("run")) {
  const out = join(DIR, "run-out");
  const timed = [];
  for (let k = 0; k < runs; k++) {
    rmSync(out, { recursive: true, force: true });
    const argv = [bin, "run", ...files.study.slice(0, RUN_CONTRACTS), "--column-map", "sierra-8tick-103", "--out", out, "--timings", "--quiet"];
    const s = process.hrtime.bigint();
    const r = existsSync("/usr/bin/time")
      ? spawnSync("/usr/bin/time", ["-v", process.execPath, ...argv], { cwd: repo, encoding: "utf8" })
      : spawnSync(process.execPath, argv, { cwd: repo, encoding: "utf8" });
    const wall = Number(process.hrtime.bigint() - s) / 1e6;
    if (r.status !== 0) throw new Error(`tda run failed: ${r.stderr}`);
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1];
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
    timed.push({ wall, rssMB: rss ? Number(rss) / 1024 : NaN, run });
  }
  const r0 = timed[0].run;
  console.log(`\n250-session run: tda run of ${RUN_CONTRACTS} study exports (${(sizeOf(files.study.slice(0, RUN_CONTRACTS)) / 1e6).toFixed(1)} MB), ${r0.contracts.reduce((s, c) => s + c.sessions, 0)} sessions, ${r0.contracts.reduce((s, c) => s + c.bars, 0).toLocaleString("en-US")} bars, ${r0.directional.toLocaleString("en-US")} directional signals; medians of ${runs}`);
  console.log(`  wall time (whole process)   ${median(timed.map((t) => t.wall)).toFixed(0).padStart(8)} ms   (target < 2,000 ms)`);
  console.log(`  peak RSS                    ${median(timed.map((t) => t.rssMB)).toFixed(0).padStart(8)} MB   (target < 500 MB)`);
  const stages = r0.timings?.stagesMs ?? {};
  for (const s of Object.keys(stages)) console.log(`    ${s.padEnd(24)} ${median(timed.map((t) => t.run.timings.stagesMs[s])).toFixed(0).padStart(8)} ms`);
  rmSync(out, { recursive: true, force: true });
}

console.log("\ntargets:");
for (const s of summary) {
  const target = s.mps !== undefined && s.name.startsWith(".scid") ? `${s.mps.toFixed(1)} M trades/s (target ≥ 30 for → bars)` : `${s.mbs.toFixed(0)} MB/s (target ≥ 150)`;
  console.log(`  ${s.name.padEnd(36)} ${target}`);
}
