// Signals (SPEC §5): WebAssembly kernels vs a plain JavaScript implementation of the same rules, on
// ~1M random bars with full footprints. Run after building core-wasm:
//   cd packages/core-wasm && npx asc assembly/index.ts --config asconfig.json --target release && npx tsc -p tsconfig.json
//   node bench/signals.bench.mjs [bars]
// Prints, from the same run: the TS face (copies in and out included), the kernels alone on data
// already in linear memory, and the JS implementation; outputs are checked equal before timing.
import { arena, coreExports, detectRawSignals, signalHierarchy } from "../packages/core-wasm/dist/index.js";
import { refSignals } from "./references.mjs";

const N = Number(process.argv[2] ?? 1_000_000);
const REPS = 11;
const P = { minAbsDeltaPct: 0, strongTrappedPct: 0.75, minRefVolume: 5, exhaustionRatio: 0.5, accelRatio1: 0.5, accelRatio2: 0.2 };

function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
}

function makeBars(n) {
  const rnd = rng(42);
  const open = new Int32Array(n), high = new Int32Array(n), low = new Int32Array(n), close = new Int32Array(n);
  const delta = new Float64Array(n), deltaPct = new Float64Array(n), trappedPct = new Float64Array(n);
  const offset = new Int32Array(n + 1);
  const rowsOf = new Uint8Array(n);
  for (let i = 0; i < n; i++) { rowsOf[i] = 1 + Math.floor(rnd() * 9); offset[i + 1] = offset[i] + rowsOf[i]; }
  const R = offset[n];
  const price = new Int32Array(R), bidVolume = new Float64Array(R), askVolume = new Float64Array(R);
  for (let i = 0; i < n; i++) {
    const rows = rowsOf[i], l = 16000 + Math.floor(rnd() * 800);
    low[i] = l; high[i] = l + rows - 1;
    open[i] = l + Math.floor(rnd() * rows); close[i] = l + Math.floor(rnd() * rows);
    let b = 0, a = 0;
    for (let r = 0; r < rows; r++) {
      const k = offset[i] + r;
      price[k] = l + r;
      bidVolume[k] = Math.floor(rnd() * 40); askVolume[k] = Math.floor(rnd() * 40);
      b += bidVolume[k]; a += askVolume[k];
    }
    delta[i] = a - b;
    deltaPct[i] = a + b === 0 ? 0 : (a - b) / (a + b);
    trappedPct[i] = rnd() < 0.05 ? NaN : rnd();
  }
  return { open, high, low, close, delta, deltaPct, trappedPct, footprint: { offset, price, bidVolume, askVolume } };
}

/** The same rules in plain JavaScript, written for speed (rows by position, one pass). */
function viaFace(x) {
  return signalHierarchy(detectRawSignals(x, P));
}

/** Kernels alone: inputs written to linear memory once, outside the timed region. */
function kernelsOnly(x) {
  const k = coreExports(), a = arena();
  const n = x.close.length, R = x.footprint.offset[n];
  a.reset();
  const I = Int32Array, F = Float64Array, U = Uint8Array;
  const p = {
    open: a.allocOf(I, n), high: a.allocOf(I, n), low: a.allocOf(I, n), close: a.allocOf(I, n),
    delta: a.allocOf(F, n), deltaPct: a.allocOf(F, n), trapped: a.allocOf(F, n),
    offset: a.allocOf(I, n + 1), price: a.allocOf(I, R), bid: a.allocOf(F, R), ask: a.allocOf(F, R),
    edges: Array.from({ length: 6 }, () => a.allocOf(F, n)),
    raw: Array.from({ length: 8 }, () => a.allocOf(U, n)),
    out: Array.from({ length: 7 }, () => a.allocOf(U, n)),
  };
  a.write(I, p.open, x.open, n); a.write(I, p.high, x.high, n); a.write(I, p.low, x.low, n); a.write(I, p.close, x.close, n);
  a.write(F, p.delta, x.delta, n); a.write(F, p.deltaPct, x.deltaPct, n); a.write(F, p.trapped, x.trappedPct, n);
  a.write(I, p.offset, x.footprint.offset, n + 1); a.write(I, p.price, x.footprint.price, R);
  a.write(F, p.bid, x.footprint.bidVolume, R); a.write(F, p.ask, x.footprint.askVolume, R);
  const [il, is, isl, iss, el, es, eal, eas] = p.raw;
  const names = ["invLong", "invShort", "invStrong", "exhLong", "exhShort", "exhAccel", "direction"];
  const check = (want) => names.forEach((key, j) => {
    const got = a.view(key === "direction" ? Int8Array : U, p.out[j], n);
    for (let i = 0; i < n; i++) if (got[i] !== want[key][i]) throw new Error(`kernels only: ${key}[${i}] ${got[i]} vs ${want[key][i]}`);
  });
  run.check = check;
  return run;
  function run() {
    k.inversionFlags(n, p.open, p.close, p.delta, p.deltaPct, p.trapped, P.minAbsDeltaPct, P.strongTrappedPct, il, is, isl, iss);
    if (k.footprintEdges(n, p.high, p.low, p.offset, R, p.price, p.bid, p.ask, ...p.edges) !== -1) throw new Error("bad footprint");
    k.exhaustionFlags(n, p.high, p.low, ...p.edges, P.minRefVolume, P.exhaustionRatio, P.accelRatio1, P.accelRatio2, el, es, eal, eas);
    return k.signalHierarchy(n, ...p.raw, ...p.out);
  }
}

function median(fn) {
  const t = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return t.sort((a, b) => a - b)[REPS >> 1];
}

const x = makeBars(N);
const js = refSignals(x, x, P), face = viaFace(x);
for (const key of Object.keys(js)) {
  for (let i = 0; i < N; i++) if (face[key][i] !== js[key][i]) throw new Error(`${key}[${i}]: wasm ${face[key][i]} vs js ${js[key][i]}`);
}
const fired = js.direction.reduce((s, v) => s + (v !== 0 ? 1 : 0), 0);
const tJs = median(() => refSignals(x, x, P));
const tFace = median(() => viaFace(x));
const kernel = kernelsOnly(x);
kernel();
kernel.check(js);
const tKernel = median(kernel);
arena().reset();
console.log(`signals: ${N.toLocaleString("en-US")} bars, ${x.footprint.offset[N].toLocaleString("en-US")} footprint rows, ${fired.toLocaleString("en-US")} bars with a direction; median of ${REPS}`);
console.log(`  js reference            ${tJs.toFixed(1)} ms`);
console.log(`  wasm via TS face        ${tFace.toFixed(1)} ms  (copies in/out included)  js / wasm = ${(tJs / tFace).toFixed(2)}x`);
console.log(`  wasm kernels only       ${tKernel.toFixed(1)} ms  (data already in memory)   js / wasm = ${(tJs / tKernel).toFixed(2)}x`);
