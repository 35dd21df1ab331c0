// --threads (issue 11: "`--threads N` scales a single contract … and the statistics … ≥ 1.7× on 2
// cores", outputs byte-identical whatever the number of threads): `tda run` with --threads 0 (the
// serial path, the code as it stood) against --threads 2, alternated within this run, on
//   - the embedded data (data/es-5m, 8 contracts);
//   - one 250-session contract in the 103-column study export: `tda synth` of ESH23 … ESZ23 at
//     --volume-scale 0.05 → `tda bars` (8-tick range bars), the four exports joined into one file
//     (one header), built once in $TMPDIR/tda-bench-threads.
// Prints the medians of the wall time (whole process) and of the stages from run.json, the ratio,
// the load average, and checks that every output but run.json's timings is byte-identical.
//
// With --against=<checkout> (another built checkout, e.g. a worktree of main), that checkout's CLI
// runs too, alternated with this one's at each thread count (the four runs of a round in turn),
// and its outputs must be byte-identical as well; the ratios new/old per thread count are printed.
//
//   node bench/threads.bench.mjs [runs=5] [--threads=2] [--only=embedded|single] [--rebuild] [--against=<dir>]
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, openSync, closeSync, writeSync } from "node:fs";
import { spawnSync, execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repo } from "./stats-data.mjs";

const args = process.argv.slice(2);
const runs = Number(args.find((a) => !a.startsWith("--")) ?? 5);
const threads = Number(args.find((a) => a.startsWith("--threads="))?.slice(10) ?? 2);
const only = args.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const want = (name) => !only || only.includes(name);
const DIR = join(tmpdir(), "tda-bench-threads");
const bin = join(repo, "packages/cli/bin/tda.js");
const es5m = (c) => join(repo, "data/es-5m", `${c}-CME.scid_BarData__5m.txt`);
const against = args.find((a) => a.startsWith("--against="))?.slice(10);
const TIME = existsSync("/usr/bin/time");
/** Runs tda (this checkout's, or `cli`); with /usr/bin/time, also the CPU seconds (user + system) the process used. */
const tda = (argv, cli = bin) => {
  const r = TIME
    ? spawnSync("/usr/bin/time", ["-f", "tda-cpu %U %S", process.execPath, cli, ...argv], { cwd: repo, encoding: "utf8" })
    : spawnSync(process.execPath, [cli, ...argv], { cwd: repo, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tda ${argv.join(" ")} failed: ${r.stderr}`);
  const m = /tda-cpu ([\d.]+) ([\d.]+)/.exec(r.stderr);
  return { ...r, cpuMs: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN };
};

const SINGLE = join(DIR, "ES2023-study.csv");
function buildSingle() {
  if (args.includes("--rebuild")) rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  if (existsSync(SINGLE)) return;
  const parts = [];
  for (const c of ["ESH23", "ESM23", "ESU23", "ESZ23"]) {
    const out = join(DIR, `${c}-study.csv`);
    if (!existsSync(out)) {
      console.error(`synthesising ${c} and building its 8-tick study export …`);
      const tmp = join(DIR, `synth-${c}`);
      tda(["synth", "--from", es5m(c), "--out", tmp, "--volume-scale", "0.05", "--quiet"]);
      tda(["bars", join(tmp, `${c}-CME.scid`), "--out", out, "--quiet"]);
      rmSync(tmp, { recursive: true, force: true });
    }
    parts.push(out);
  }
  // one contract: the four quarters' bars one after the other (they do not overlap), one header
  const tmp = `${SINGLE}.part`;
  const fd = openSync(tmp, "w");
  parts.forEach((p, k) => {
    const text = readFileSync(p, "utf8");
    writeSync(fd, k === 0 ? text : text.slice(text.indexOf("\n") + 1));
  });
  closeSync(fd);
  execFileSync("mv", [tmp, SINGLE]);
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

/** Every output file's bytes (run.json without its timings, the one place they are). */
function outputs(dir) {
  const files = {};
  for (const f of readdirSync(dir).sort()) {
    let b = readFileSync(join(dir, f));
    if (f === "run.json") { const j = JSON.parse(b); delete j.timings; b = Buffer.from(JSON.stringify(j)); }
    files[f] = b;
  }
  return files;
}

function bench(name, inputs, extra) {
  // variants: this checkout at --threads 0 and N, and with --against the other checkout's too
  const variants = [{ key: "0", t: 0, cli: bin }, { key: `${threads}`, t: threads, cli: bin }];
  if (against) variants.push({ key: "old 0", t: 0, cli: join(against, "packages/cli/bin/tda.js") }, { key: `old ${threads}`, t: threads, cli: join(against, "packages/cli/bin/tda.js") });
  const timed = Object.fromEntries(variants.map((v) => [v.key, []]));
  let first = null;
  for (let k = 0; k < runs; k++) {
    for (const v of k % 2 ? [...variants].reverse() : variants) {
      const out = join(DIR, `out-${v.key.replace(" ", "-")}`);
      const s = process.hrtime.bigint();
      const { cpuMs } = tda(["run", ...inputs, ...extra, "--out", out, "--threads", String(v.t), "--quiet"], v.cli);
      const wall = Number(process.hrtime.bigint() - s) / 1e6;
      const files = outputs(out);
      const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
      timed[v.key].push({ wall, cpuMs, stages: run.timings.stagesMs, run });
      if (!first) first = { key: v.key, files };
      else {
        const a = Object.keys(first.files), b = Object.keys(files);
        if (a.join() !== b.join()) throw new Error(`${name}: ${v.key} wrote ${b.join(", ")}, ${first.key} ${a.join(", ")}`);
        for (const f of a) if (!first.files[f].equals(files[f])) throw new Error(`${name}: ${f} differs between ${first.key} and ${v.key} (threads)`);
      }
      rmSync(out, { recursive: true, force: true });
    }
  }
  const r0 = timed["0"][0].run;
  const sessions = r0.contracts.reduce((s, c) => s + c.sessions, 0);
  console.log(`\n${name}: ${r0.contracts.length} contract(s), ${sessions} sessions, ${r0.rows.toLocaleString("en-US")} signal rows; medians of ${runs}, alternated; outputs byte-identical`);
  const keys = variants.map((v) => v.key);
  const col = (x) => String(x).padStart(12);
  console.log(`  ${"".padEnd(26)} ${keys.map((k) => col(`--threads ${k}`)).join(" ")}`);
  const wall = (k) => median(timed[k].map((x) => x.wall));
  console.log(`  ${"wall time (process), ms".padEnd(26)} ${keys.map((k) => col(wall(k).toFixed(0))).join(" ")}   ${(wall("0") / wall(`${threads}`)).toFixed(2)}×`);
  const cpu = (k) => median(timed[k].map((x) => x.cpuMs)), busy = (k) => median(timed[k].map((x) => x.cpuMs / x.wall));
  // CPU time / wall time: how many cores the run kept busy (about 1 serially; near 2 if the threads got two cores)
  console.log(`  ${"CPU time (user+sys), ms".padEnd(26)} ${keys.map((k) => col(cpu(k).toFixed(0))).join(" ")}`);
  console.log(`  ${"cores kept busy".padEnd(26)} ${keys.map((k) => col(busy(k).toFixed(2))).join(" ")}`);
  for (const s of Object.keys(timed["0"][0].stages)) {
    const m = (k) => median(timed[k].map((x) => x.stages[s] ?? 0));
    console.log(`    ${s.padEnd(24)} ${keys.map((k) => col(m(k).toFixed(0))).join(" ")}`);
  }
  const c = (k) => median(timed[k].map((x) => x.run.timings.contractsWallMs));
  console.log(`    ${"contracts (wall)".padEnd(24)} ${keys.map((k) => col(c(k).toFixed(0))).join(" ")}`);
  if (against)
    for (const t of [0, threads]) {
      const st = (k) => median(timed[k].map((x) => x.stages.statistics ?? 0));
      console.log(`  --threads ${t}: this checkout against ${against}: wall ${(wall(`old ${t}`) / wall(`${t}`)).toFixed(2)}×, statistics ${(st(`old ${t}`) / st(`${t}`)).toFixed(2)}×`);
    }
  return wall("0") / wall(`${threads}`);
}

console.log(`load average before: ${readFileSync("/proc/loadavg", "utf8").trim()}`);
const ratios = {};
if (want("embedded")) ratios.embedded = bench("embedded data (data/es-5m)", [], []);
if (want("single")) {
  buildSingle();
  ratios.single = bench("one 250-session contract, 103-column study export", [SINGLE], ["--column-map", "sierra-8tick-103"]);
}
console.log(`\nload average after: ${readFileSync("/proc/loadavg", "utf8").trim()}`);
for (const [k, r] of Object.entries(ratios)) console.log(`  ${k}: --threads ${threads} ${r.toFixed(2)}× the speed of --threads 0 (target ≥ 1.7× on 2 cores)`);

