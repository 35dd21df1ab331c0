// Bar-metrics kernel (WASM, compiled) against its plain TypeScript reference on 1M bars, both timed
// in this run; prints the ratio. Run after the build: node bench/bar-metrics.bench.mjs [bars]
import { barMetrics, arena, coreExports } from "../packages/core-wasm/dist/index.js";
import { makeBars, timeIt, report } from "./lib.mjs";
import { refBarMetrics as reference } from "./references.mjs";

const n = Number(process.argv[2] ?? 1_000_000);
const x = makeBars(n, 42);
const js = timeIt(() => reference(x, 50));
const wasm = timeIt(() => barMetrics(x, 50));

// The kernels alone, with the columns already in WASM memory (what a pipeline that kept its columns
// in linear memory would pay).
const k = coreExports();
const a = arena();
a.reset();
const I = Int32Array, F = Float64Array;
const p = Object.fromEntries(["high", "low", "close", "group"].map((c) => [c, a.allocOf(I, n)]));
for (const c of ["volume", "delta", "maxDelta", "minDelta", "o1", "o2", "o3", "o4", "o5", "o6"]) p[c] = a.allocOf(F, n);
for (const c of ["high", "low", "close", "group"]) a.write(I, p[c], x[c], n);
for (const c of ["volume", "delta", "maxDelta", "minDelta"]) a.write(F, p[c], x[c], n);
const kernel = timeIt(() => {
  k.barMetrics(n, p.high, p.low, p.close, p.volume, p.delta, p.maxDelta, p.minDelta, p.o1, p.o2, p.o3, p.o4, p.o5);
  k.volStar(n, p.volume, p.group, 50, p.o6);
});
a.reset();
report("bar metrics", n, "bars", { "TS reference": js, "WASM (incl. copies in/out)": wasm, "WASM kernels only": kernel });
console.log("  (element-wise and memory-bound: copying 14 columns in and out costs about what the JS loop does)");
