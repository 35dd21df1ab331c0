// The SPA test and StepM of the analysis (SPEC §8 inference) on input of the embedded run's shape:
// K = 148 rules over n = 18,926 training rows (exposure 0/1 per rule, the benchmark re-estimated in
// each draw), 1,000 stationary-bootstrap draws of mean block length 100 (the analysis' default, the
// largest horizon). Baseline: @tda/stats at the commit this branch started from (SPA and StepM each
// drawing their own resamples, prefix sums series by series), compiled from git into the same
// temporary folder as bench/stats.bench.mjs and run in the same process. Candidate: one set of
// draws from time-major prefix sums, shared by both tests. Rounds alternate old/new; medians shown.
//   node bench/edge-draws.bench.mjs [rounds]      (after `npx -y pnpm@12.4.2 exec turbo run build`)
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { rng, ruleInputs } from "./lib.mjs";
import { loadBaseline } from "./stats-baseline.mjs";
import { repo } from "./stats-data.mjs";

const BEFORE = "7f70db7";
const now = await import(pathToFileURL(join(repo, "packages/stats/dist/index.js")).href);
const old = await loadBaseline(BEFORE);
const rounds = Number(process.argv[2] ?? 5);

const K = 148, n = 18_926, reps = 1000, seed = 1;
const r = rng(5);
const input = ruleInputs(K, n, r);
const { performance, benchmark, exposure } = input;
const resampling = { kind: "stationary", meanBlockLength: 100 };

const before = () => [
  old.spaTest(input, { reps, resampling, seed, benchmarkPerDraw: true }),
  old.stepM(input, { alpha: 0.05, reps, resampling, seed, benchmarkPerDraw: true }),
];
const after = () => {
  const draws = now.edgeDraws(input, now.makeResampler(resampling, n, seed), reps, true);
  return [now.spaTest(input, { draws }), now.stepM(input, { alpha: 0.05, draws })];
};

const strip = (x) => JSON.stringify(x, (k, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v));
const a = before(), b = after();
const same = strip(a) === strip(b);
const tOld = [], tNew = [];
for (let k = 0; k < rounds; k++) {
  for (const [fn, t] of k % 2 ? [[after, tNew], [before, tOld]] : [[before, tOld], [after, tNew]]) {
    const s = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
}
const med = (t) => [...t].sort((x, y) => x - y)[Math.floor(t.length / 2)];
console.log(`SPA + StepM, ${K} rules × ${n} rows, ${reps} draws (mean block ${resampling.meanBlockLength}); medians of ${rounds} alternating rounds`);
console.log(`  ${BEFORE} (two sets of draws, series by series) ${med(tOld).toFixed(0).padStart(7)} ms   [${tOld.map((t) => t.toFixed(0)).join(", ")}]`);
console.log(`  now (one shared set, time-major sums)     ${med(tNew).toFixed(0).padStart(7)} ms   [${tNew.map((t) => t.toFixed(0)).join(", ")}]`);
console.log(`  ratio ${(med(tOld) / med(tNew)).toFixed(2)}×; results identical (every field of both tests): ${same ? "yes" : "NO"}`);
if (!same) process.exitCode = 1;
