// Statistics of the 37k-signal run — the nine regressions (logit of win, OLS of the eight forward
// returns, classic + Newey–West errors) and the threshold search with its 1,000-draw bootstrap —
// with @tda/stats before the speed-up (compiled from git, bench/stats-baseline.mjs) and as built
// now, in the same process; then the same nine fits on a generated 37,000 × 56 design.
// Prints times, ratios and the largest differences between old and new results.
//   node bench/stats.bench.mjs [--designs <dir>]   (where the nine designs for the statsmodels
//                                                   peer bench/peers/stats_peer.py go)
//                              [--rounds N]        (old/new alternations per row, default 5)
//   TDA_STATS_BASELINE=<commit> picks another baseline (default b416bc6, main before session 3).
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { rng } from "./lib.mjs";
import { loadBaseline, BASELINE_COMMIT } from "./stats-baseline.mjs";
import { analysisInputs, DATA_DIR, fitAll, frames, readSignals, repo, studySignals, writeDesigns } from "./stats-data.mjs";

const now = await import(pathToFileURL(join(repo, "packages/stats/dist/index.js")).href);
const old = await loadBaseline();

/** Old and new alternately (old, new, old, new, …) after one warm-up each: medians of `rounds`. */
function pair(fOld, fNew, rounds = ROUNDS) {
  fOld();
  fNew();
  const tOld = [];
  const tNew = [];
  let outOld, outNew;
  for (let k = 0; k < rounds; k++) {
    let s = process.hrtime.bigint();
    outOld = fOld();
    tOld.push(Number(process.hrtime.bigint() - s) / 1e6);
    s = process.hrtime.bigint();
    outNew = fNew();
    tNew.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  const med = (t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)];
  return [{ ms: med(tOld), out: outOld }, { ms: med(tNew), out: outNew }];
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
const ROUNDS = args.includes("--rounds") ? Number(args[args.indexOf("--rounds") + 1]) : 5;

// --- the 37k-signal study run
const signalsPath = studySignals();
const table = readSignals(signalsPath);
const inputs = analysisInputs(table);
const fr = frames(now, inputs.models);
const shape = `${inputs.directional.length.toLocaleString("en-US")} directional signals of ${new Set(table.columns.session).size} sessions, ` +
  `${fr[0].design.names.length} terms, n = ${fr.map((f) => f.y.length).join("/")}, lags ${fr.map((f) => f.lag).join("/")}`;
console.log(`statistics of the study run: ${shape}`);
console.log(`  baseline: @tda/stats at ${BASELINE_COMMIT}; old and new alternately, medians of ${ROUNDS} rounds after a warm-up; load ${loadavg().map((v) => v.toFixed(1)).join(" ")}`);

const [frOld, frNew] = pair(() => frames(old, inputs.models), () => frames(now, inputs.models));
const framesSame = frOld.out.every((f, i) => {
  const g = frNew.out[i];
  return JSON.stringify(f.design.names) === JSON.stringify(g.design.names) && f.y.every((v, r) => Object.is(v, g.y[r])) &&
    f.design.columns.every((c, j) => c.every((v, r) => Object.is(v, g.design.columns[j][r])));
});
const [dropOld, dropNew] = pair(() => fr.map((f) => old.dropAliasedColumns(f.design, f.y.length)), () => fr.map((f) => now.dropAliasedColumns(f.design, f.y.length)));
// each build fits the reduced designs its own aliased-column check handed on (and may reuse its factorisation)
const reducedOld = fr.map((f, i) => ({ ...f, design: dropOld.out[i].design }));
const reduced = fr.map((f, i) => ({ ...f, design: dropNew.out[i].design }));
const fitOnly = (stats, designs) => () => {
  const out = {};
  for (const f of designs) {
    const nw = { type: "newey-west", lag: f.lag, smallSampleCorrection: true };
    out[f.id] = f.model === "ols" ? stats.ols(f.y, f.design, { covariances: [nw] }) : stats.logit(f.y, f.design, { covariances: [nw] });
  }
  return out;
};
const [fitsOld, fitsNew] = pair(fitOnly(old, reducedOld), fitOnly(now, reduced));
const [thrOld, thrNew] = pair(() => old.thresholdSearch(inputs.thresholdInput, inputs.thresholdOptions), () => now.thresholdSearch(inputs.thresholdInput, inputs.thresholdOptions));
const [allOld, allNew] = pair(
  () => (fitAll(old, fr), old.thresholdSearch(inputs.thresholdInput, inputs.thresholdOptions)),
  () => (fitAll(now, fr), now.thresholdSearch(inputs.thresholdInput, inputs.thresholdOptions)),
);

// as packages/report's fitRegressions calls them: the check's QR handed to the fit, not remembered;
// the new build also forms Qᵀy of the OLS response in the QR's panel and leaves the Householder
// vectors in linear memory (options a baseline without them ignores)
const fitAsReport = (stats) => () => {
  const out = {};
  for (const f of fr) {
    const nw = { type: "newey-west", lag: f.lag, smallSampleCorrection: true };
    const { design, qr } = stats.dropAliasedColumns(f.design, f.y.length, { remember: false, keepVectors: false, ...(f.model === "ols" ? { rhs: f.y } : {}) });
    out[f.id] = f.model === "ols" ? stats.ols(f.y, design, { covariances: [nw], qr }) : stats.logit(f.y, design, { covariances: [nw], qr });
  }
  return out;
};
const [repOld, repNew] = pair(fitAsReport(old), fitAsReport(now));

row("model frames (9 formulas, not timed below)", frOld.ms, frNew.ms);
console.log(`  model frames identical to the baseline's: ${framesSame ? "yes" : "NO"}`);
if (!framesSame) process.exitCode = 1;
row("aliased-column checks (9 designs)", dropOld.ms, dropNew.ms);
row("nine fits, classic + Newey–West", fitsOld.ms, fitsNew.ms);
row(`threshold search + ${inputs.thresholdOptions.bootstrapReps}-draw bootstrap`, thrOld.ms, thrNew.ms);
row("all of it", allOld.ms, allNew.ms);
console.log(`  largest relative difference new vs old: ${compareFits(fitsOld.out, fitsNew.out)}`);
row("checks + fits as fitRegressions (QR handed on)", repOld.ms, repNew.ms);
console.log(`  largest relative difference new vs old: ${compareFits(repOld.out, repNew.out)}`);
const rcSame = JSON.stringify(thrOld.out) === JSON.stringify(thrNew.out);
console.log(`  threshold search and bootstrap identical to the baseline: ${rcSame ? "yes" : "NO"}`);
if (!rcSame) process.exitCode = 1;

// --- the kernels one by one, on the logit's design (n × k) and the lag-100 return model
{
  const f = reduced[inputs.models.length - 1];
  const n = f.y.length;
  const cols = f.design.columns;
  const [qOld, qNew] = pair(() => old.householderQR(cols, n), () => now.householderQR(cols, n));
  const e = fitsNew.out[f.id].residuals;
  const scores = cols.map((c) => Float64Array.from(c, (v, i) => v * e[i]));
  const [mOld, mNew] = pair(() => old.hacMeat(scores, n, f.lag), () => now.hacMeat(scores, n, f.lag));
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
  const [a, b] = pair(() => fitAll(old, models), () => fitAll(now, models), Math.min(ROUNDS, 3));
  console.log(`generated design: ${n.toLocaleString("en-US")} rows × ${names.length} terms, nine fits (lags 100/5…100)`);
  row("nine fits, classic + Newey–West", a.ms, b.ms);
  console.log(`  largest relative difference new vs old: ${compareFits(a.out, b.out)}`);
}
