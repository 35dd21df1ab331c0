// Data of the statistics benchmark (bench/stats.bench.mjs and bench/peers/stats_peer.py):
//
// - "study": the signals of ~37k directional signals on ~250 sessions of synthesised 8-tick range
//   bars as 103-column study exports — `tda synth` (2023 and 2024 contracts) → `tda bars` →
//   `tda run --column-map sierra-8tick-103`, the two runs' signals.csv concatenated (2023 first, so
//   rows stay in time order) and cut after the 37,000th directional signal. Built once into
//   $TMPDIR/tda-bench-stats (about two minutes), then reused.
// - the nine models exactly as the analysis fits them (features, centring, pairwise interactions,
//   Newey–West lag h for ret_h and the scan length for win), and the threshold search's inputs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(repo, "packages/cli/bin/tda.js");
export const DATA_DIR = join(tmpdir(), "tda-bench-stats");
export const DIRECTIONAL = 37_000;

function tda(args) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (r.status !== 0) throw new Error(`tda ${args.join(" ")} failed (${r.status})`);
}

/** Path of the 37k-signal signals.csv, synthesising it when absent. */
export function studySignals() {
  const out = join(DATA_DIR, `signals-${DIRECTIONAL}.csv`);
  if (existsSync(out)) return out;
  mkdirSync(DATA_DIR, { recursive: true });
  const parts = [];
  for (const year of ["23", "24"]) {
    const contracts = ["H", "M", "U"].map((m) => `ES${m}${year}`);
    const synth = join(DATA_DIR, `synth${year}`);
    console.error(`synthesising ${contracts.join(", ")} …`);
    tda(["synth", "--from", ...contracts.map((c) => `data/es-5m/${c}-CME.scid_BarData__5m.txt`), "--out", synth, "--volume-scale", "0.05", "--quiet"]);
    const studies = contracts.map((c) => join(DATA_DIR, `${c}-study.csv`));
    contracts.forEach((c, i) => tda(["bars", join(synth, `${c}-CME.scid`), "--out", studies[i], "--quiet"]));
    rmSync(synth, { recursive: true, force: true });
    tda(["run", ...studies, "--column-map", "sierra-8tick-103", "--out", join(DATA_DIR, `run${year}`), "--quiet"]);
    parts.push(readFileSync(join(DATA_DIR, `run${year}`, "signals.csv"), "utf8").trimEnd().split("\n"));
    for (const s of studies) rmSync(s, { force: true });
  }
  const header = parts[0][0];
  const dirCol = header.split(",").indexOf("direction");
  const lines = [header];
  let directional = 0;
  for (const part of parts)
    for (const line of part.slice(1)) {
      if (directional >= DIRECTIONAL) break;
      const d = line.split(",")[dirCol];
      if (d === "long" || d === "short") directional++;
      lines.push(line);
    }
  writeFileSync(out, lines.join("\n") + "\n");
  return out;
}

const TEXT = new Set(["time", "session", "direction", "level_kind", "scenario"]);

/** signals.csv → { columns, n } (text columns as arrays, the rest Float64Array, empty = NaN). */
export function readSignals(path) {
  const lines = readFileSync(path, "utf8").trimEnd().split("\n");
  const names = lines[0].split(",");
  const n = lines.length - 1;
  const columns = Object.fromEntries(names.map((c) => [c, TEXT.has(c) ? new Array(n) : new Float64Array(n)]));
  for (let i = 0; i < n; i++) {
    const f = lines[i + 1].split(",");
    for (let c = 0; c < names.length; c++) {
      const v = f[c];
      if (TEXT.has(names[c])) columns[names[c]][i] = v === "" ? null : v;
      else columns[names[c]][i] = v === "" ? NaN : Number(v);
    }
  }
  return { columns, n };
}

const CONTINUOUS = ["vol_star", "abs_delta_pct", "trapped_pct", "close_location"];
const FLAGS = ["is_long", "exhaustion", "inv_strong", "exh_accel", "near_level"];
const THRESHOLD_FEATURES = ["vol_star", "abs_delta_pct", "trapped_pct", "close_location", "abs_level_distance"];
export const HORIZONS = [5, 10, 20, 30, 40, 50, 75, 100];

/**
 * The analysis' inputs, built as analyze() builds them: directional rows, features, and per model
 * the formula and Newey–West lag; `frame(stats, model)` gives its model frame with any stats build.
 */
export function analysisInputs({ columns, n }) {
  const dir = columns.direction;
  const directional = [];
  for (let i = 0; i < n; i++) if (dir[i] === "long" || dir[i] === "short") directional.push(i);
  const side = (i, l, s) => (dir[i] === "long" ? columns[l][i] === 1 : dir[i] === "short" ? columns[s][i] === 1 : false);
  const features = {
    is_long: Float64Array.from(dir, (d) => (d === "long" ? 1 : d === "short" ? 0 : NaN)),
    exhaustion: Float64Array.from({ length: n }, (_, i) => (side(i, "exh_long", "exh_short") ? 1 : 0)),
    inv_strong: columns.inv_strong,
    exh_accel: columns.exh_accel,
    near_level: columns.near_level,
    vol_star: columns.vol_star,
    abs_delta_pct: columns.delta_pct.map(Math.abs),
    trapped_pct: columns.trapped_pct,
    close_location: columns.close_location,
    abs_level_distance: columns.level_distance.map(Math.abs),
  };
  let scan = HORIZONS[HORIZONS.length - 1];
  for (const c of ["mfe_bar", "stop_bar"]) for (const v of columns[c]) if (Number.isFinite(v) && v > scan) scan = v;
  const models = [
    { id: "logit:win", model: "logit", response: "win", lag: scan },
    ...HORIZONS.map((h) => ({ id: `ols:ret_${h}`, model: "ols", response: `ret_${h}`, lag: h })),
  ].map((m) => {
    const y = columns[m.response];
    const rows = directional.filter((r) => !Number.isNaN(y[r]));
    const used = [...FLAGS, ...CONTINUOUS].filter((f) => {
      const vals = rows.map((r) => features[f][r]).filter((v) => !Number.isNaN(v));
      return vals.length > 0 && !vals.every((v) => v === vals[0]);
    });
    const pairs = [];
    for (let a = 0; a < used.length; a++) for (let b = a + 1; b < used.length; b++) pairs.push(`${used[a]}:${used[b]}`);
    const cols = { [m.response]: y };
    for (const u of used) cols[u] = features[u];
    return { ...m, rows, cols, formula: `${m.response} ~ ${[...used, ...pairs].join(" + ")}` };
  });
  const thresholdInput = {
    features: Object.fromEntries(THRESHOLD_FEATURES.map((f) => [f, features[f]])),
    outcome: columns.bracket_ticks,
    win: columns.win,
    session: columns.session,
    rows: directional,
  };
  const thresholdOptions = { trainFraction: 0.7, minN: 30, bootstrapReps: 1000, blockLength: Math.max(10, scan), bootstrapMethod: "stationary", seed: 1 };
  return { directional, models, thresholdInput, thresholdOptions, scan };
}

/** The nine fits with one stats build (frames built beforehand): { id: fit }. */
export function fitAll(stats, frames) {
  const out = {};
  for (const f of frames) {
    const nw = { type: "newey-west", lag: f.lag, smallSampleCorrection: true };
    const { design } = stats.dropAliasedColumns(f.design, f.y.length);
    out[f.id] = f.model === "ols" ? stats.ols(f.y, design, { covariances: [nw] }) : stats.logit(f.y, design, { covariances: [nw] });
  }
  return out;
}

export function frames(stats, models) {
  return models.map((m) => {
    const frame = stats.modelFrame(m.cols, m.formula, { rows: m.rows, continuous: CONTINUOUS });
    return { id: m.id, model: m.model, lag: m.lag, y: frame.y, design: frame.design };
  });
}

/** Write the nine models' design matrices for the statsmodels peer (float64 little-endian). */
export function writeDesigns(dir, frameList, fits) {
  mkdirSync(dir, { recursive: true });
  const meta = frameList.map((f) => {
    const n = f.y.length;
    const p = f.design.columns.length;
    const buf = new Float64Array(n * (p + 1));
    for (let i = 0; i < n; i++) {
      buf[i * (p + 1)] = f.y[i];
      for (let j = 0; j < p; j++) buf[i * (p + 1) + j + 1] = f.design.columns[j][i];
    }
    const file = `${f.id.replace(":", "_")}.f64`;
    writeFileSync(join(dir, file), new Uint8Array(buf.buffer));
    const fit = fits?.[f.id];
    const ours = fit ? { coef: fit.coef, classicSe: fit.tables[0].rows.map((r) => r.se), neweyWestSe: fit.tables[1].rows.map((r) => r.se) } : null;
    return { id: f.id, model: f.model, lag: f.lag, n, p, names: f.design.names, file, ours };
  });
  writeFileSync(join(dir, "designs.json"), JSON.stringify(meta, null, 1));
  return meta;
}

export { readdirSync };
