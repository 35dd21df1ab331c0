// Every WebAssembly kernel (except the range-bar builder, see bench/range-bars.bench.mjs) against its
// plain TypeScript reference INCLUDING data movement, on one contract's worth of bars (issue 11).
// Run after the build:  node bench/kernels.bench.mjs [bars]   (default 141,000: the embedded data's size)
//
// Per kernel, three timings from one process, outputs checked equal first:
//   - the reference: plain JavaScript written for speed (the same loops as the per-kernel benches);
//   - the TS face: what an engine caller pays — columns copied into linear memory, the kernel, the
//     outputs handed back (this is the "including data movement" number);
//   - the kernel alone, re-run on the blocks the face's call left in memory.
// The reference and the face run in turn within each round (median of ROUNDS rounds), so load from
// other processes falls on both alike. Last, the chain metrics → signals → profiles → distances →
// forward scan with the contract's columns resident in linear memory (copied in once, outputs read
// as views) against the references chained.
import {
  abi, arena, barMetrics, buildProfiles, callKernel, coreExports, detectRawSignals, footprintMarks, forwardScan, withResident,
  nearestLevels, place, signalHierarchy, withArena, FOOTPRINT_MARK_DEFAULTS,
} from "../packages/core-wasm/dist/index.js";
import { readFileSync } from "node:fs";
import { rng } from "./lib.mjs";
import { refBarMetrics, refSignals, refMarks, refProfiles, refNearest, refForwardScan } from "./references.mjs";

const N = Number(process.argv[2] ?? 141_000);
const ROUNDS = Number(process.env.ROUNDS ?? 15);
const SIG = { minAbsDeltaPct: 0, strongTrappedPct: 0.75, minRefVolume: 5, exhaustionRatio: 0.5, accelRatio1: 0.5, accelRatio2: 0.2 };
const SCAN = { horizons: [5, 10, 20, 30, 40, 50, 75, 100], maxHorizon: 100, targetTicks: 25 };
const SESSION_BARS = 276; // 5-minute bars of a 23-hour session
const RTH_BARS = 81;

// ---- one contract: 5-minute-like bars with a full footprint (one row per tick from low to high) ----
function makeContract(n, seed) {
  const r = rng(seed);
  const x = {
    open: new Int32Array(n), high: new Int32Array(n), low: new Int32Array(n), close: new Int32Array(n),
    volume: new Float64Array(n), delta: new Float64Array(n), maxDelta: new Float64Array(n), minDelta: new Float64Array(n),
    group: new Int32Array(n), session: new Int32Array(n), profile: new Int32Array(n), period: new Int32Array(n),
  };
  const offset = new Int32Array(n + 1);
  const price = [], bid = [], ask = [];
  let p = 18000;
  for (let i = 0; i < n; i++) {
    const range = Math.floor(r() * 9); // 1–9 rows
    p += Math.floor(r() * 9) - 4;
    const l = p - (range >> 1);
    x.low[i] = l; x.high[i] = l + range;
    x.open[i] = l + Math.floor(r() * (range + 1)); x.close[i] = l + Math.floor(r() * (range + 1));
    let b = 0, a = 0;
    for (let k = 0; k <= range; k++) {
      const u = r();
      const bv = u < 0.15 ? 0 : Math.floor(r() * (u > 0.9 ? 200 : 40));
      const av = u > 0.85 && u <= 0.9 ? 0 : Math.floor(r() * (u < 0.2 ? 200 : 40));
      price.push(l + k); bid.push(bv); ask.push(av); b += bv; a += av;
    }
    offset[i + 1] = price.length;
    x.volume[i] = a + b; x.delta[i] = a - b;
    x.maxDelta[i] = Math.max(x.delta[i], 0) + Math.floor(r() * 100);
    x.minDelta[i] = Math.min(x.delta[i], 0) - Math.floor(r() * 100);
    const s = Math.floor(i / SESSION_BARS), inS = i % SESSION_BARS;
    x.session[i] = s; x.group[i] = 0;
    // RTH profile: the last 81 bars of each session, periods of 6 bars (30-minute TPO letters)
    x.profile[i] = inS >= SESSION_BARS - RTH_BARS ? s : -1;
    x.period[i] = Math.floor((inS - (SESSION_BARS - RTH_BARS)) / 6);
  }
  x.footprint = { offset, price: Int32Array.from(price), bidVolume: Float64Array.from(bid), askVolume: Float64Array.from(ask) };
  x.nProfiles = Math.ceil(n / SESSION_BARS);
  return x;
}

// ---- the data -----------------------------------------------------------------------------------------
const x = makeContract(N, 7);
const rowsTotal = x.footprint.offset[N];
const metrics = refBarMetrics(x, 50);
const sigWant = refSignals(x, metrics, SIG);
const scanInput = { high: x.high, low: x.low, close: x.close, session: x.session, direction: sigWant.direction, entry: Float64Array.from(x.close) };
// levels: one set per session (its prior RTH profile's high, low and a few inner prices), queried by
// every directional bar of the session
function makeLevels() {
  const r = rng(11), nSets = x.nProfiles;
  const offset = [0], price = [], strength = [];
  for (let k = 0; k < nSets; k++) {
    const ps = new Set();
    const m = 3 + Math.floor(r() * 12);
    const c = x.close[Math.min(N - 1, k * SESSION_BARS)];
    while (ps.size < m) ps.add(c - 60 + Math.floor(r() * 120));
    for (const q of [...ps].sort((a, b) => a - b)) { price.push(q); strength.push([1, 2, 3, 4.5][Math.floor(r() * 4)]); }
    offset.push(price.length);
  }
  const querySet = new Int32Array(N);
  for (let i = 0; i < N; i++) querySet[i] = sigWant.direction[i] === 1 || sigWant.direction[i] === -1 ? x.session[i] : -1;
  return { sets: { offset: Int32Array.from(offset), price: Float64Array.from(price), strength: Float64Array.from(strength) }, querySet };
}
const levels = makeLevels();
const entryF = Float64Array.from(x.close);

// ---- checks -------------------------------------------------------------------------------------------
function same(got, want, what) {
  for (const key of Object.keys(want)) {
    const g = got[key], w = want[key];
    if (typeof w === "number") { if (!Object.is(g, w)) throw new Error(`${what}.${key}: ${g} vs reference ${w}`); continue; }
    if (Array.isArray(w)) { w.forEach((c, h) => same({ c: g[h] }, { c }, `${what}.${key}[${h}]`)); continue; }
    if (!g || g.length !== w.length) throw new Error(`${what}.${key}: length ${g?.length} vs reference ${w.length}`);
    for (let i = 0; i < w.length; i++) if (!Object.is(g[i], w[i])) throw new Error(`${what}.${key}[${i}]: ${g[i]} vs reference ${w[i]}`);
  }
}

// ---- the kernels ----------------------------------------------------------------------------------------
/** The faces, over columns `c`: typed arrays (copied in by each face) or resident blocks (read in place). */
function facesOf(c) {
  const bars = { high: c.high, low: c.low, close: c.close, volume: c.volume, delta: c.delta, maxDelta: c.maxDelta, minDelta: c.minDelta, group: c.group };
  const prof = { high: c.high, low: c.low, volume: c.volume, profile: c.profile, period: c.period };
  return {
    barMetrics: () => barMetrics(bars, 50),
    signals: () => signalHierarchy(detectRawSignals({
      open: c.open, high: c.high, low: c.low, close: c.close, delta: c.delta,
      deltaPct: c.deltaPct, trappedPct: c.trappedPct, footprint: c.footprint,
    }, SIG)),
    footprintMarks: () => footprintMarks(c.footprint),
    profilesSpread: () => buildProfiles(prof, x.nProfiles, 1),
    profilesFootprint: () => buildProfiles({ ...prof, footprint: c.footprint }, x.nProfiles, 1),
    nearestLevels: () => nearestLevels(levels.sets, c.entry, c.querySet),
    forwardScan: () => forwardScan({ high: c.high, low: c.low, close: c.close, session: c.session, direction: c.direction, entry: c.entry }, SCAN),
  };
}
const plain = { ...x, deltaPct: metrics.deltaPct, trappedPct: metrics.trappedPct, direction: sigWant.direction, entry: entryF, querySet: levels.querySet };
const TYPES = {
  open: "i32", high: "i32", low: "i32", close: "i32", volume: "f64", delta: "f64", maxDelta: "f64", minDelta: "f64", group: "i32",
  session: "i32", profile: "i32", period: "i32", deltaPct: "f64", trappedPct: "f64", direction: "i8", entry: "f64", querySet: "i32",
};
/** Places every column of `plain` (and the footprint) in arena `a`: the contract's columns, resident. */
function placeAll(a) {
  const f = plain.footprint, R = rowsTotal;
  const c = Object.fromEntries(Object.entries(TYPES).map(([k, t]) => [k, place(a, t, plain[k], N)]));
  c.footprint = {
    offset: place(a, "i32", f.offset, N + 1), price: place(a, "i32", f.price, R),
    bidVolume: place(a, "f64", f.bidVolume, R), askVolume: place(a, "f64", f.askVolume, R),
  };
  return c;
}
const faces = facesOf(plain);
const cases = [
  {
    name: "barMetrics + volStar", face: "barMetrics", kernels: ["barMetrics", "volStar"], ref: () => refBarMetrics(x, 50),
    check: (g, w) => same(g, w, "barMetrics"),
  },
  {
    name: "signals (inversion, edges, exhaustion, hierarchy)", face: "signals",
    kernels: ["inversionFlags", "footprintEdges", "exhaustionFlags", "signalHierarchy"], ref: () => refSignals(x, metrics, SIG),
    check: (g, w) => same(g, w, "signals"),
  },
  {
    name: "footprintMarks", face: "footprintMarks", kernels: ["footprintMarks"], ref: () => refMarks(x.footprint, FOOTPRINT_MARK_DEFAULTS),
    check: (g, w) => same(g, w, "footprintMarks"),
  },
  {
    name: "profiles, volume spread", face: "profilesSpread", kernels: ["profileBounds", "tpoHistogram", "spreadVolumeHistogram"],
    ref: () => refProfiles(x, x.nProfiles, false), check: (g, w) => same(g, w, "profiles"),
  },
  {
    name: "profiles, volume from footprint", face: "profilesFootprint", kernels: ["profileBounds", "tpoHistogram", "footprintVolumeHistogram"],
    ref: () => refProfiles(x, x.nProfiles, true), check: (g, w) => same(g, w, "profiles (footprint)"),
  },
  {
    name: "nearestLevels", face: "nearestLevels", kernels: ["nearestLevels"], ref: () => refNearest(levels.sets, entryF, levels.querySet),
    check: (g, w) => same({ index: g }, { index: w }, "nearestLevels"),
  },
  {
    name: "forwardScan", face: "forwardScan", kernels: ["forwardScan"], ref: () => refForwardScan(scanInput, SCAN),
    check: (g, w) => same(g, w, "forwardScan"),
  },
];

/**
 * The kernels alone: every export the faces call, run once on blocks placed in an arena that is not
 * reset until the end (inputs copied in outside the timed region), with the arguments kept for re-runs.
 */
function kernelArgs() {
  const a = arena();
  a.reset();
  const n = N, R = rowsTotal, np = x.nProfiles, nh = SCAN.horizons.length, f = x.footprint;
  const col = {
    open: place(a, "i32", x.open, n), high: place(a, "i32", x.high, n), low: place(a, "i32", x.low, n),
    close: place(a, "i32", x.close, n), volume: place(a, "f64", x.volume, n), delta: place(a, "f64", x.delta, n),
    maxDelta: place(a, "f64", x.maxDelta, n), minDelta: place(a, "f64", x.minDelta, n), group: place(a, "i32", x.group, n),
    session: place(a, "i32", x.session, n), profile: place(a, "i32", x.profile, n), period: place(a, "i32", x.period, n),
    offset: place(a, "i32", f.offset, n + 1), price: place(a, "i32", f.price, R),
    bidVolume: place(a, "f64", f.bidVolume, R), askVolume: place(a, "f64", f.askVolume, R),
  };
  const calls = {};
  const run = (k, nums, ins) => { const c = callKernel(a, k, nums, ins); calls[k.export] = c.args; return c; };
  const m = run(abi.BAR_METRICS, { n }, col).out;
  run(abi.VOL_STAR, { n, window: 50 }, col);
  const inv = run(abi.INVERSION_FLAGS, { n, ...SIG }, { ...col, deltaPct: m.deltaPct, trappedPct: m.trappedPct }).out;
  const edges = run(abi.FOOTPRINT_EDGES, { n, nRows: R }, col).out;
  const exh = run(abi.EXHAUSTION_FLAGS, { n, ...SIG }, { ...col, ...edges }).out;
  run(abi.SIGNAL_HIERARCHY, { n }, { ...inv, ...exh });
  run(abi.FOOTPRINT_MARKS, { n, nRows: R, bitBytes: ((R + 7) >> 3) + 8, ...FOOTPRINT_MARK_DEFAULTS }, col);
  const want = refProfiles(x, np, false);
  const prof = { n, nProfiles: np, rowTicks: 1, totalRows: want.rowOffset[np], nRows: R };
  const pin = { ...col, rowBase: want.rowBase, rowOffset: want.rowOffset };
  run(abi.PROFILE_BOUNDS, { n, nProfiles: np }, col);
  run(abi.TPO_HISTOGRAM, prof, pin);
  run(abi.SPREAD_VOLUME_HISTOGRAM, prof, pin);
  run(abi.FOOTPRINT_VOLUME_HISTOGRAM, prof, pin);
  const sets = levels.sets;
  run(abi.NEAREST_LEVELS, { n, nSets: sets.offset.length - 1, nLevels: sets.price.length }, {
    entry: entryF, querySet: levels.querySet, setOffset: sets.offset, price: sets.price, strength: sets.strength,
  });
  run(abi.FORWARD_SCAN, { n, nh, maxHorizon: SCAN.maxHorizon, targetTicks: SCAN.targetTicks }, {
    ...col, direction: sigWant.direction, entry: entryF, horizons: Int32Array.from(SCAN.horizons),
  });
  const core = coreExports();
  return (names) => () => { for (const e of names) core[e](...calls[e]); };
}

function median(t) { return [...t].sort((p, q) => p - q)[t.length >> 1]; }
function time(fn) { const t0 = process.hrtime.bigint(); fn(); return Number(process.hrtime.bigint() - t0) / 1e6; }

/**
 * Runs the reference, the face on typed arrays (copies in and out) and the face on resident columns
 * (copies out only; the columns were placed once, outside the timing) in turn for ROUNDS rounds
 * after a warm-up, then the kernels alone.
 */
function measure(c) {
  const want = c.ref();
  const face = faces[c.face];
  c.check(face(), want);
  const tr = [], tf = [], ts = [];
  withResident(placeAll, (cols) => {
    const res = facesOf(cols)[c.face];
    c.check(res(), want);
    for (let w = 0; w < 2; w++) { c.ref(); face(); res(); }
    for (let r = 0; r < ROUNDS; r++) { tr.push(time(c.ref)); tf.push(time(face)); ts.push(time(res)); }
  });
  const kernels = kernelArgs();
  const rerun = kernels(c.kernels);
  rerun();
  if (process.env.DETAIL) {
    for (const e of c.kernels) { const f = kernels([e]); const t = []; for (let r = 0; r < ROUNDS; r++) t.push(time(f)); console.log(`    ${e}: ${median(t).toFixed(2)} ms`); }
  }
  const tk = [];
  for (let r = 0; r < ROUNDS; r++) tk.push(time(rerun));
  arena().reset();
  return { ref: median(tr), face: median(tf), resident: median(ts), kernel: median(tk) };
}

// ---- a resident chain: the contract's columns copied into linear memory once --------------------------
const RAW = ["open", "high", "low", "close", "volume", "delta", "maxDelta", "minDelta", "group", "session", "profile", "period"];
/**
 * metrics → signals → profiles → nearest levels → forward scan through the faces, the contract's
 * columns (bars and footprint) placed in linear memory once (`withResident`) and read in place by
 * every kernel; each face's outputs come back as arrays (what the engine keeps), and the few derived
 * columns a later kernel reads (deltaPct, trappedPct, direction) are copied back in by that face.
 */
function residentChain(options) {
  return withResident((a) => {
    const c = Object.fromEntries(RAW.map((k) => [k, place(a, TYPES[k], x[k], N)]));
    const f = x.footprint;
    c.footprint = {
      offset: place(a, "i32", f.offset, N + 1), price: place(a, "i32", f.price, rowsTotal),
      bidVolume: place(a, "f64", f.bidVolume, rowsTotal), askVolume: place(a, "f64", f.askVolume, rowsTotal),
    };
    c.entry = place(a, "f64", entryF, N);
    return c;
  }, (c) => chain(c, c.entry, options !== undefined), options);
}
function chain(c, entry, views = false) {
  const pick = (keys) => Object.fromEntries(keys.map((k) => [k, c[k]]));
  const m = barMetrics(pick(["high", "low", "close", "volume", "delta", "maxDelta", "minDelta", "group"]), 50);
  const s = signalHierarchy(detectRawSignals({
    ...pick(["open", "high", "low", "close", "delta", "footprint"]), deltaPct: m.deltaPct, trappedPct: m.trappedPct,
  }, SIG));
  const p = buildProfiles(pick(["high", "low", "volume", "profile", "period"]), x.nProfiles, 1);
  const index = nearestLevels(levels.sets, entry, levels.querySet);
  const scan = forwardScan({ ...pick(["high", "low", "close", "session"]), direction: s.direction, entry }, SCAN);
  // what a consumer reads before the scope ends (sums over every output column of the chain)
  let sum = 0;
  for (const v of [m.deltaPct, m.volStar, m.closeLocation, p.tpo, p.volume, scan.mfe, scan.bracketTicks, ...scan.returns]) sum += v[v.length >> 1];
  // views die with the scope: copy what the caller keeps (here, what the check compares)
  const keep = views ? (v) => v.slice() : (v) => v;
  return { direction: keep(s.direction), index: keep(index), mfe: keep(scan.mfe), m: { volStar: keep(m.volStar) }, p: { tpo: keep(p.tpo), volume: keep(p.volume) }, sum };
}
/** The same chain with typed arrays: every face copies its inputs in. */
const copyingChain = () => chain(x, entryF);
// a scope of views: memory grown once for everything the chain allocates (≈ 90 bytes a bar here)
const VIEW_BYTES = N * 400 + rowsTotal * 64;
function refChain() {
  const m = refBarMetrics(x, 50);
  const s = refSignals(x, m, SIG);
  const p = refProfiles(x, x.nProfiles, false);
  const index = refNearest(levels.sets, entryF, levels.querySet);
  const scan = refForwardScan({ ...scanInput, direction: s.direction }, SCAN);
  let sum = 0;
  for (const v of [m.deltaPct, m.volStar, m.closeLocation, p.tpo, p.volume, scan.mfe, scan.bracketTicks, ...scan.returns]) sum += v[v.length >> 1];
  return { direction: s.direction, index, mfe: scan.mfe, m, p, sum };
}

// ---- run ----------------------------------------------------------------------------------------------
const mb = (N * (4 * 8 + 8 * 4) + rowsTotal * 20) / 1e6;
console.log(`kernels incl. data movement: ${N.toLocaleString("en-US")} bars (${x.nProfiles} sessions of ${SESSION_BARS}), ` +
  `${rowsTotal.toLocaleString("en-US")} footprint rows (≈ ${mb.toFixed(0)} MB of columns); median of ${ROUNDS}; load ${readFileSync("/proc/loadavg", "utf8").trim()}`);
const row = (name, ...cells) => console.log(`  ${name.padEnd(50)} ${cells.map((c) => String(c).padStart(9)).join(" ")}`);
const ms = (t) => `${t.toFixed(2)}ms`, x2 = (r) => `${r.toFixed(2)}×`;
row("kernel", "reference", "face", "ratio", "resident", "ratio", "kernel", "ratio");
const only = process.env.ONLY;
for (const c of cases) {
  if (only && !c.name.includes(only)) continue;
  const t = measure(c);
  row(c.name, ms(t.ref), ms(t.face), x2(t.ref / t.face), ms(t.resident), x2(t.ref / t.resident), ms(t.kernel), x2(t.ref / t.kernel));
}
if (!only || only === "chain") {
  const want = refChain();
  const viewChain = () => residentChain({ viewBytes: VIEW_BYTES });
  for (const [what, got] of [["resident chain", residentChain()], ["copying chain", copyingChain()], ["chain of views", viewChain()]]) {
    same({ direction: got.direction, index: got.index, mfe: got.mfe, tpo: got.p.tpo, volume: got.p.volume, volStar: got.m.volStar, sum: got.sum },
      { direction: want.direction, index: want.index, mfe: want.mfe, tpo: want.p.tpo, volume: want.p.volume, volStar: want.m.volStar, sum: want.sum }, what);
  }
  for (let w = 0; w < 2; w++) { refChain(); copyingChain(); residentChain(); viewChain(); }
  const tr = [], tc = [], tf = [], tv = [];
  for (let r = 0; r < ROUNDS; r++) { tr.push(time(refChain)); tc.push(time(copyingChain)); tf.push(time(residentChain)); tv.push(time(viewChain)); }
  const [a, c, b, v] = [median(tr), median(tc), median(tf), median(tv)];
  // columns born in linear memory (as a reader writing there would leave them): placed once, outside the timing
  const tb = [];
  withResident(placeAll, (cols) => {
    same({ direction: chain(cols, cols.entry).direction }, { direction: want.direction }, "chain on columns born resident");
    for (let r = 0; r < ROUNDS; r++) { time(refChain); tb.push(time(() => chain(cols, cols.entry))); }
  });
  console.log();
  row("chain metrics→signals→profiles→levels→scan", "reference", "copying", "ratio", "resident", "ratio", "views", "ratio", "born res.", "ratio");
  row("", ms(a), ms(c), x2(a / c), ms(b), x2(a / b), ms(v), x2(a / v), ms(median(tb)), x2(a / median(tb)));
  console.log("  copying: every face copies its inputs in and its outputs out; resident: the contract's columns copied in");
  console.log("  once per chain (timed), outputs copied out; views: resident, outputs handed back as views; born res.:");
  console.log("  the columns already in linear memory (as a reader writing there would leave them), outputs copied out");
}
