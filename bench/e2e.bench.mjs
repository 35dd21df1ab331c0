// End to end: `tda run` on the embedded ES 5-minute data (8 contracts, 141k bars) against the seed's
// stack doing the same stages — bench/peers/pipeline_peer.py (pandas/numpy: sessions, metrics,
// signals, levels, outcomes; statsmodels: the nine regressions with Newey–West errors). Rounds
// alternate tda (--threads 0), tda (--threads 2) and the peer; medians of wall time per run and of
// the stage times (tda's from run.json's "timings"). Checks first that the peer did the same work:
// the same directional signals, signals near a level, and the logit's intercept and n. The peer's
// own stage names: "statistics" = the nine regressions, "tables" = its group table with session
// bootstraps and BH q-values, "inference" = its threshold search with the 1,000-draw reality check,
// "report" = writing signals.csv and sessions.csv; tda's "statistics" holds all of SPEC §8.
//   node bench/e2e.bench.mjs [rounds]        (after `npx -y pnpm@12.4.2 exec turbo run build`)
// The peer needs a Python with numpy, pandas and statsmodels: Debian `apt-get install
// python3-statsmodels python3-pandas python3-scipy` (then /usr/bin/python3; or set PYTHON).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repo } from "./stats-data.mjs";

const rounds = Number(process.argv[2] ?? 3);
const python = process.env.PYTHON ?? "/usr/bin/python3";
const files = readdirSync(join(repo, "data/es-5m")).filter((f) => f.endsWith(".txt")).sort().map((f) => join(repo, "data/es-5m", f));
const tmp = mkdtempSync(join(tmpdir(), "tda-e2e-"));
const probe = spawnSync(python, ["-c", "import numpy, pandas, statsmodels"], { encoding: "utf8" });
const havePeer = probe.status === 0;
if (!havePeer) console.log(`peer skipped: ${python} lacks numpy/pandas/statsmodels (apt-get install python3-statsmodels python3-pandas python3-scipy)`);

function wall(fn) {
  const s = process.hrtime.bigint();
  const out = fn();
  return { ms: Number(process.hrtime.bigint() - s) / 1e6, out };
}
function tda(threads) {
  const out = join(tmp, `t${threads}`);
  const r = spawnSync(process.execPath, [join(repo, "packages/cli/bin/tda.js"), "run", ...files, "--out", out, "--threads", String(threads), "--quiet"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tda run failed: ${r.stderr}`);
  const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
  const stats = JSON.parse(readFileSync(join(out, "stats.json"), "utf8"));
  const logit = stats.regressions.find((m) => m.id === "logit:win");
  return { stages: run.timings.stagesMs, directional: run.directional, nearLevel: run.nearLevel, logitN: logit.n, logitIntercept: logit.coefficients[0].coef };
}
function peer() {
  // --out: the peer writes its signals.csv and sessions.csv too (tda run writes all its outputs)
  const r = spawnSync(python, [join(repo, "bench/peers/pipeline_peer.py"), "--out", join(tmp, "peer"), ...files], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`peer failed: ${r.stderr}`);
  const p = JSON.parse(r.stdout.trim().split("\n").pop());
  return { stages: p.stagesMs, directional: p.directional, nearLevel: p.nearLevel, logitN: p.fits["logit:win"].n, logitIntercept: p.fits["logit:win"].coef0, versions: p.versions };
}

const runs = { tda0: [], tda2: [], peer: [] };
const jobs = [["tda0", () => tda(0)], ["tda2", () => tda(2)], ...(havePeer ? [["peer", peer]] : [])];
for (let k = 0; k < rounds; k++) for (const [name, fn] of k % 2 ? [...jobs].reverse() : jobs) runs[name].push(wall(fn));
rmSync(tmp, { recursive: true, force: true });

const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const stageMed = (list, s) => (list[0].out.stages[s] === undefined ? undefined : med(list.map((r) => r.out.stages[s])));
console.log(`end to end on ${files.length} files (data/es-5m), medians of ${rounds} alternating rounds`);
const a = runs.tda0[0].out;
if (havePeer) {
  const p = runs.peer[0].out;
  const same = a.directional === p.directional && a.nearLevel === p.nearLevel && a.logitN === p.logitN && Math.abs(a.logitIntercept - p.logitIntercept) < 1e-6 * Math.abs(a.logitIntercept);
  console.log(`  same work: directional ${a.directional} / ${p.directional}, near a level ${a.nearLevel} / ${p.nearLevel}, logit n ${a.logitN} / ${p.logitN}, intercept ${a.logitIntercept.toPrecision(10)} / ${p.logitIntercept.toPrecision(10)} → ${same ? "yes" : "NO"}`);
  console.log(`  peer: pandas ${p.versions.pandas}, numpy ${p.versions.numpy}, statsmodels ${p.versions.statsmodels}`);
  if (!same) process.exitCode = 1;
}
const line = (name, ms) => `  ${name.padEnd(34)} ${ms.toFixed(0).padStart(8)} ms`;
const wallOf = (n) => med(runs[n].map((r) => r.ms));
console.log(line("tda run --threads 0 (wall)", wallOf("tda0")));
console.log(line("tda run --threads 2 (wall)", wallOf("tda2")));
if (havePeer) {
  console.log(line("peer (wall, incl. Python start)", wallOf("peer")));
  console.log(`  ratio peer / tda: ${(wallOf("peer") / wallOf("tda0")).toFixed(2)}× (--threads 0), ${(wallOf("peer") / wallOf("tda2")).toFixed(2)}× (--threads 2)`);
}
console.log("  stage medians (ms)        tda -j0     tda -j2    peer   (tda's contract stages summed over workers)");
for (const s of ["read", "bars", "sessions", "signals", "levels", "outcomes", "tables", "statistics", "inference", "report"]) {
  const f = (v) => (v === undefined ? "—" : v.toFixed(0)).padStart(10);
  console.log(`    ${s.padEnd(20)} ${f(stageMed(runs.tda0, s))}  ${f(stageMed(runs.tda2, s))}  ${f(havePeer ? stageMed(runs.peer, s) : undefined)}`);
}
