// Statistics of the 37k-signal run — the nine regressions (logit of win, OLS of the eight forward
// returns, classic + Newey–West errors) and the threshold search with its 1,000-draw bootstrap —
// with @tda/stats before the speed-up (compiled from git, bench/stats-baseline.mjs) and as built
// now, in the same process; then the same nine fits on a generated 37,000 × 56 design.
// Prints times, ratios and the largest differences between old and new results.
//   node bench/stats.bench.mjs [--designs <dir>]   (where the nine designs for the statsmodels
//                                                   peer bench/peers/stats_peer.py go)
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { rng } from "./lib.mjs";
import { loadBaseline, BASELINE_COMMIT } from "./stats-baseline.mjs";
import { analysisInputs, DATA_DIR, fitAll, frames, readSignals, repo, studySignals, writeDesigns } from "./stats-data.mjs";

const now = await import(pathToFileURL(join(repo, "packages/stats/dist/index.js")).href);
const old = await loadBaseline();

function time(fn, repeats) {
  fn();
  const t = [];
  let out;
  for (let k = 0; k < repeats; k++) {
    const s = process.hrtime.bigint();
    out = fn();
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  t.sort((a, b) => a - b);
  return { ms: t[Math.floor(t.length / 2)], out };
}

function row(name, before, after) {
  console.log(`  ${name.padEnd(40)} ${before.toFixed(0).padStart(8)} ms → ${after.toFixed(1).padStart(8)} ms   ${(before / after).toFixed(1).padStart(6)}×`);
}

const rel = (a, b) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

/** Largest relative difference of coefficients, standard errors and p-values between two fit sets. */
function compareFits(a, b) {
  let coef = 0, se = 0, p = 0;
  for (const id of Object.keys(a))
    a[id].tables.forEach((t, s) =>
      t.rows.forEach((r, j) => {
        const q = b[id].tables[s].rows[j];
        coef = Math.max(coef, rel(r.coef, q.coef));
        se = Math.max(se, rel(r.se, q.se));
        p = Math.max(p, rel(r.p, q.p));
      }),
    );
  return `coef ${coef.toExponential(1)}, se ${se.toExponential(1)}, p ${p.toExponential(1)}`;
}

const args = process.argv.slice(2);
const REPEATS_OLD = 1;
const REPEATS_NEW = 5;

// --- the 37k-signal study run
const signalsPath = studySignals();
const table = readSignals(signalsPath);
const inputs = analysisInputs(table);
const fr = frames(now, inputs.models);
const shape = `${inputs.directional.length.toLocaleString("en-US")} directional signals of ${new Set(table.columns.session).size} sessions, ` +
  `${fr[0].design.names.length} terms, n = ${fr.map((f) => f.y.length).join("/")}, lags ${fr.map((f) => f.lag).join("/")}`;
console.log(`statistics of the study run: ${shape}`);
console.log(`  baseline: @tda/stats at ${BASELINE_COMMIT}; medians of ${REPEATS_OLD} (old) and ${REPEATS_NEW} (new) runs after a warm-up`);

const dropOld = time(() => fr.map((f) => old.dropAliasedColumns(f.design, f.y.length)), REPEATS_OLD);
const dropNew = time(() => fr.map((f) => now.dropAliasedColumns(f.design, f.y.length)), REPEATS_NEW);
const reduced = fr.map((f, i) => ({ ...f, design: dropNew.out[i].design }));
const fitOnly = (stats) => () => {
  const out = {};
  for (const f of reduced) {
    const nw = { type: "newey-west", lag: f.lag, smallSampleCorrection: true };
    out[f.id] = f.model === "ols" ? stats.ols(f.y, f.design, { covariances: [nw] }) : stats.logit(f.y, f.design, { covariances: [nw] });
  }
  return out;
};
const fitsOld = time(fitOnly(old), REPEATS_OLD);
const fitsNew = time(fitOnly(now), REPEATS_NEW);
const thrOld = time(() => old.thresholdSearch(inputs.thresholdInput, inputs.thresholdOptions), REPEATS_OLD);
const thrNew = time(() => now.thresholdSearch(inputs.thresholdInput, inputs.thresholdOptions), REPEATS_NEW);
const allOld = time(() => (fitAll(old, fr), old.thresholdSearch(inputs.thresholdInput, inputs.thresholdOptions)), REPEATS_OLD);
const allNew = time(() => (fitAll(now, fr), now.thresholdSearch(inputs.thresholdInput, inputs.thresholdOptions)), REPEATS_NEW);

row("aliased-column checks (9 designs)", dropOld.ms, dropNew.ms);
row("nine fits, classic + Newey–West", fitsOld.ms, fitsNew.ms);
row(`threshold search + ${inputs.thresholdOptions.bootstrapReps}-draw bootstrap`, thrOld.ms, thrNew.ms);
row("all of it", allOld.ms, allNew.ms);
console.log(`  largest relative difference new vs old: ${compareFits(fitsOld.out, fitsNew.out)}`);
const rcSame = JSON.stringify(thrOld.out) === JSON.stringify(thrNew.out);
console.log(`  threshold search and bootstrap identical to the baseline: ${rcSame ? "yes" : "NO"}`);
if (!rcSame) process.exitCode = 1;

// --- the kernels one by one, on the logit's design (n × k) and the lag-100 return model
{
  const f = reduced[inputs.models.length - 1];
  const n = f.y.length;
  const cols = f.design.columns;
  const qOld = time(() => old.householderQR(cols, n), 2);
  const qNew = time(() => now.householderQR(cols, n), 5);
  const e = fitsNew.out[f.id].residuals;
  const scores = cols.map((c) => Float64Array.from(c, (v, i) => v * e[i]));
  const mOld = time(() => old.hacMeat(scores, n, f.lag), 2);
  const mNew = time(() => now.hacMeat(scores, n, f.lag), 5);
  let d = 0;
  mOld.out.forEach((r, a) => r.forEach((v, b) => (d = Math.max(d, Math.abs(v - mNew.out[a][b]) / Math.sqrt(Math.abs(mOld.out[a][a] * mOld.out[b][b]))))));
  console.log(`  kernels on ${f.id} (${n} × ${cols.length}):`);
  row("  Householder QR (bit-identical R)", qOld.ms, qNew.ms);
  row(`  Newey–West meat, lag ${f.lag}`, mOld.ms, mNew.ms);
  console.log(`    meat: largest difference ${d.toExponential(1)} of √(M_aa·M_bb)`);
}

// --- the statsmodels peer on the same nine design matrices (when /usr/bin/python3 has statsmodels)
{
  const dir = args.includes("--designs") ? args[args.indexOf("--designs") + 1] : join(DATA_DIR, "designs");
  writeDesigns(dir, reduced, fitsNew.out);
  const python = process.env.PYTHON ?? "/usr/bin/python3";
  const probe = spawnSync(python, ["-c", "import statsmodels"], { encoding: "utf8" });
  if (probe.status === 0) {
    const r = spawnSync(python, [join(repo, "bench/peers/stats_peer.py"), dir, String(dropNew.ms + fitsNew.ms)], { stdio: "inherit" });
    if (r.status !== 0) process.exitCode = 1;
  } else console.log(`statsmodels peer skipped: ${python} has no statsmodels (apt-get install python3-statsmodels)`);
}

// --- a generated design of the target's shape: 37,000 rows, 10 features, 56 terms
{
  const n = 37_000;
  const r = rng(11);
  const flags = Array.from({ length: 5 }, (_, j) => Float64Array.from({ length: n }, () => (r() < 0.2 + 0.1 * j ? 1 : 0)));
  const conts = Array.from({ length: 5 }, () => {
    const c = new Float64Array(n);
    let x = 0;
    for (let i = 0; i < n; i++) c[i] = x = 0.9 * x + (r() - 0.5);
    return c;
  });
  const mains = [...flags, ...conts];
  const columns = [new Float64Array(n).fill(1), ...mains];
  const names = ["Intercept", ...mains.map((_, j) => `f${j}`)];
  for (let a = 0; a < mains.length; a++)
    for (let b = a + 1; b < mains.length; b++) {
      columns.push(Float64Array.from(mains[a], (v, i) => v * mains[b][i]));
      names.push(`f${a}:f${b}`);
    }
  const eta = Float64Array.from({ length: n }, (_, i) => -0.3 + 0.4 * flags[0][i] + 0.5 * conts[0][i] - 0.2 * conts[1][i] * flags[2][i]);
  const win = Float64Array.from(eta, (v) => (r() < 1 / (1 + Math.exp(-v)) ? 1 : 0));
  const design = { names, columns };
  const models = [{ id: "logit:win", model: "logit", lag: 100, y: win, design }];
  for (const h of [5, 10, 20, 30, 40, 50, 75, 100]) {
    const y = new Float64Array(n);
    let u = 0;
    for (let i = 0; i < n; i++) y[i] = 2 * eta[i] + (u = 0.95 * u + 4 * (r() - 0.5));
    models.push({ id: `ols:ret_${h}`, model: "ols", lag: h, y, design });
  }
  const a = time(() => fitAll(old, models), REPEATS_OLD);
  const b = time(() => fitAll(now, models), REPEATS_NEW);
  console.log(`generated design: ${n.toLocaleString("en-US")} rows × ${names.length} terms, nine fits (lags 100/5…100)`);
  row("nine fits, classic + Newey–West", a.ms, b.ms);
  console.log(`  largest relative difference new vs old: ${compareFits(a.out, b.out)}`);
}
