// Bar-metrics kernel (WASM, compiled) against its plain TypeScript reference on 1M bars, both timed
// in this run; prints the ratio. Run after the build: node bench/bar-metrics.bench.mjs [bars]
import { barMetrics } from "../packages/core-wasm/dist/index.js";
import { makeBars, timeIt, report } from "./lib.mjs";

function reference(x, window) {
  const n = x.close.length;
  const deltaPct = new Float64Array(n), trappedPct = new Float64Array(n), volStar = new Float64Array(n);
  const tdLong = new Float64Array(n), tdShort = new Float64Array(n), closeLocation = new Float64Array(n);
  let sum = 0, count = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && x.group[i] !== x.group[i - 1]) { sum = 0; count = 0; }
    const v = x.volume[i], d = x.delta[i];
    deltaPct[i] = v === 0 ? 0 : d / v;
    const m = d < 0 ? x.minDelta[i] : x.maxDelta[i];
    trappedPct[i] = d === 0 ? 0 : m === 0 || Number.isNaN(m) ? NaN : d / m;
    sum += v; count++;
    if (count > window) { sum -= x.volume[i - window]; count = window; }
    volStar[i] = count < window ? NaN : v / (sum / window);
    const h = x.high[i], l = x.low[i], c = x.close[i];
    tdLong[i] = c / l; tdShort[i] = c / h;
    closeLocation[i] = h === l ? 0.5 : (c - l) / (h - l);
  }
  return { deltaPct, trappedPct, volStar, tdLong, tdShort, closeLocation };
}

const n = Number(process.argv[2] ?? 1_000_000);
const x = makeBars(n, 42);
const js = timeIt(() => reference(x, 50));
const wasm = timeIt(() => barMetrics(x, 50));
report("bar metrics", n, "bars", { "TS reference": js, "WASM (incl. copies in/out)": wasm });
