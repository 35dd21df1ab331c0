// Footprint marks (SPEC §5 imbalances, stacks, unfinished auctions): the WebAssembly kernel vs a plain
// JavaScript implementation of the same rules, on random 8-tick-range-like footprints (1–9 rows a bar).
// Run after `npm run build`:  node bench/footprint-marks.bench.mjs [bars]
// Prints, from the same run: the JS reference (baseline), the TS face (copies of offsets and volumes in
// and of the six outputs out included) and the kernel alone on data already in linear memory. Outputs
// are checked equal before timing.
import { abi, arena, callKernel, coreExports, footprintMarks, FOOTPRINT_MARK_DEFAULTS, place } from "../packages/core-wasm/dist/index.js";
import { report, rng, timeIt } from "./lib.mjs";
import { refMarks as jsMarks } from "./references.mjs";

const N = Number(process.argv[2] ?? 1_000_000);
const P = FOOTPRINT_MARK_DEFAULTS;

function makeFootprint(n, seed) {
  const r = rng(seed);
  const offset = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offset[i + 1] = offset[i] + 1 + Math.floor(r() * 9);
  const rows = offset[n];
  const bidVolume = new Float64Array(rows), askVolume = new Float64Array(rows);
  for (let k = 0; k < rows; k++) {
    // mostly balanced rows, some thin, some one-sided spikes (so imbalances and stacks occur)
    const u = r();
    bidVolume[k] = u < 0.15 ? 0 : Math.floor(r() * (u > 0.9 ? 200 : 40));
    askVolume[k] = u > 0.85 && u <= 0.9 ? 0 : Math.floor(r() * (u < 0.2 ? 200 : 40));
  }
  return { offset, bidVolume, askVolume };
}

/** The same rules in plain JavaScript, written for speed: one pass over each bar's rows. */
const fp = makeFootprint(N, 7);
const rows = fp.offset[N];
const want = jsMarks(fp, P);
const check = (got, what) => {
  for (const key of Object.keys(want)) {
    for (let i = 0; i < N; i++) if (got[key][i] !== want[key][i]) throw new Error(`${what}: ${key}[${i}] ${got[key][i]} vs js ${want[key][i]}`);
  }
};
check(footprintMarks(fp, P), "TS face");

// Kernel alone: inputs copied into linear memory once, outside the timed region; the same ABI
// declaration the face uses gives the pointers (blocks stay valid until the arena is reset).
const a = arena();
a.reset();
const numbers = { n: N, nRows: rows, bitBytes: ((rows + 7) >> 3) + 8, ...P };
const blocks = {
  offset: place(a, "i32", fp.offset, N + 1), bidVolume: place(a, "f64", fp.bidVolume, rows), askVolume: place(a, "f64", fp.askVolume, rows),
};
const call = callKernel(a, abi.FOOTPRINT_MARKS, numbers, blocks);
if (call.result !== -1) throw new Error("kernel rejected the footprint");
check(call.read(), "kernel");
// the kernel alone: the export re-run on the same blocks (inputs, scratch, outputs) as that call
const kernelFn = coreExports()[abi.FOOTPRINT_MARKS.export];
const kernelOnly = () => kernelFn(...call.args);
if (kernelOnly() !== -1) throw new Error("kernel rejected the footprint");
check(call.read(), "kernel only");
const tKernel = timeIt(kernelOnly, 11);
a.reset(); // the face reuses this memory from here on

// The reference and the face are timed in turn within each round (median of 11 rounds), so that load
// from other processes on a shared machine falls on both alike.
const runs = { js: () => jsMarks(fp, P), face: () => footprintMarks(fp, P) };
for (const f of Object.values(runs)) f();
const times = { js: [], face: [] };
for (let round = 0; round < 11; round++) {
  for (const [name, f] of Object.entries(runs)) {
    const t0 = process.hrtime.bigint();
    f();
    times[name].push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
}
const median = (t) => t.sort((x, y) => x - y)[t.length >> 1];
const [tJs, tFace] = [median(times.js), median(times.face)];
const marks = want.imbBuy.reduce((s, v) => s + v, 0) + want.imbSell.reduce((s, v) => s + v, 0);
report(`footprint marks (${rows.toLocaleString("en-US")} footprint rows, ${marks.toLocaleString("en-US")} imbalance rows; median of 11)`, N, "bars", {
  "js reference": tJs,
  "wasm via TS face (copies in/out)": tFace,
  "wasm kernel only (data in memory)": tKernel,
});
