// The bootstrap draw loops of the statistics on input of the 250-session run's shape: K = 146 rules
// over n = 27,888 training rows (exposure 0/1 per rule, the benchmark re-estimated in each draw),
// 1,000 stationary-bootstrap draws of mean block length 100 (the analysis' default: the largest
// horizon). Two loops: the threshold search's reality check (`realityCheck`, K series) and the
// SPA/StepM edge draws (`edgeDraws`, 2K + 1 prefix-sum columns). Each runs with the TypeScript loops
// (`drawKernels.wasm = false`, the reference) and with the WebAssembly kernels (core-wasm draws.ts,
// prefix sums written straight into linear memory: the timing includes every copy in and out), in
// alternating order; results are checked bit-identical first. Medians of the rounds. Third, the
// session bootstrap of the trade figures (53 groups of ≈ 128 sessions, 2,000 draws), whole calls of
// `tradeSessionBootstrap` (its percentile intervals included) with the draws in TS or WebAssembly.
//   node bench/draws.bench.mjs [rounds=7]      (after `npx -y pnpm@12.4.2 exec turbo run build`)
import { loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { rng, ruleInputs } from "./lib.mjs";
import { repo } from "./stats-data.mjs";

const stats = await import(pathToFileURL(join(repo, "packages/stats/dist/index.js")).href);
const rounds = Number(process.argv[2] ?? 7);
const K = 146, n = 27_888, reps = 1000, seed = 1, L = 100;
const r = rng(11);
const input = ruleInputs(K, n, r);
const { performance, benchmark, exposure } = input;
const series = performance.map((p) => Float64Array.from(p, (x, t) => x - benchmark[t] * exposure[0][t]));

// the session bootstrap of the trade figures: 53 groups of ≈ 128 sessions, 2,000 draws each (the run's counts)
const groups = Array.from({ length: 53 }, (_, g) => {
  const rows = 3000 + 40 * g;
  const sessions = Array.from({ length: rows }, (_, i) => String(Math.floor((i * 128) / rows)));
  return { sessions, win: Float64Array.from({ length: rows }, () => (r() < 0.4 ? 1 : 0)), result: Float64Array.from({ length: rows }, () => Math.round((r() - 0.5) * 40)) };
});

const loops = {
  "reality check (K series)": () => stats.realityCheck(series, { reps, blockLength: L, seed }),
  "SPA/StepM edge draws (2K + 1 columns)": () => stats.edgeDraws(input, stats.makeResampler({ kind: "stationary", meanBlockLength: L }, n, seed), reps, true),
  "session bootstrap of 53 groups (whole tradeSessionBootstrap)": () => groups.map((g, k) => stats.tradeSessionBootstrap(g, g.sessions, { reps: 2000, seed: k })),
};
const strip = (x) => JSON.stringify(x, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v));
const med = (t) => [...t].sort((x, y) => x - y)[Math.floor(t.length / 2)];
console.log(`draw loops: ${K} rules × ${n} rows, ${reps} draws, mean block ${L}; medians of ${rounds} alternating rounds; load average ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
let ok = true;
for (const [name, fn] of Object.entries(loops)) {
  const run = (wasm) => { stats.drawKernels.wasm = wasm; return fn(); };
  const same = strip(run(false)) === strip(run(true));
  ok &&= same;
  const t = { ts: [], wasm: [] };
  for (let k = 0; k < rounds; k++) {
    for (const wasm of k % 2 ? [true, false] : [false, true]) {
      const s = process.hrtime.bigint();
      run(wasm);
      t[wasm ? "wasm" : "ts"].push(Number(process.hrtime.bigint() - s) / 1e6);
    }
  }
  console.log(`  ${name}`);
  console.log(`    TypeScript loops           ${med(t.ts).toFixed(1).padStart(8)} ms`);
  console.log(`    WebAssembly, incl. copies  ${med(t.wasm).toFixed(1).padStart(8)} ms   ${(med(t.ts) / med(t.wasm)).toFixed(2)}×; identical: ${same ? "yes" : "NO"}`);
}
stats.drawKernels.wasm = true;
console.log(`  load average after: ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
if (!ok) process.exitCode = 1;
