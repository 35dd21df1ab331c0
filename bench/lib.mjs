// Shared helpers of the benchmark scripts: seeded data, timing (median of repeats), printing, and the
// engine as it stood at an earlier commit.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * @tda/engine as it stood at `commit`, compiled once into `dir` (git archive + tsc; the compiler and
 * @tda/core-wasm resolve from the repository `repo`'s node_modules), imported: old and new code then
 * run in the same process on the same files.
 */
export async function engineAt(repo, commit, dir) {
  const entry = join(dir, "packages/engine/dist/index.js");
  if (!existsSync(entry)) {
    mkdirSync(dir, { recursive: true });
    const tar = execFileSync("git", ["archive", commit, "packages/engine", "tsconfig.base.json"], { cwd: repo, maxBuffer: 1 << 28 });
    execFileSync("tar", ["-x", "-C", dir], { input: tar });
    if (!existsSync(join(dir, "node_modules"))) symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"));
    if (!existsSync(join(dir, "packages/engine/node_modules"))) symlinkSync(join(repo, "packages/engine/node_modules"), join(dir, "packages/engine/node_modules"));
    execFileSync(process.execPath, [join(repo, "node_modules/typescript/bin/tsc"), "-p", join(dir, "packages/engine/tsconfig.json")], { stdio: "inherit" });
  }
  return import(pathToFileURL(entry).href);
}

export function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
}

/** Random ES-like bars: prices in ticks, integer volumes, delta and its extremes, contract groups. */
export function makeBars(n, seed) {
  const r = rng(seed);
  const x = {
    open: new Int32Array(n), high: new Int32Array(n), low: new Int32Array(n), close: new Int32Array(n),
    group: new Int32Array(n), volume: new Float64Array(n), delta: new Float64Array(n),
    maxDelta: new Float64Array(n), minDelta: new Float64Array(n),
  };
  let p = 20000, g = 0;
  for (let i = 0; i < n; i++) {
    if (r() < 1e-4) g++;
    const range = 1 + Math.floor(r() * 8);
    const low = p - Math.floor(r() * range);
    x.low[i] = low; x.high[i] = low + range;
    x.open[i] = low + Math.floor(r() * (range + 1));
    x.close[i] = low + Math.floor(r() * (range + 1));
    p = x.close[i];
    x.group[i] = g;
    const vol = Math.floor(r() * 2000);
    const ask = Math.floor(r() * (vol + 1));
    x.volume[i] = vol; x.delta[i] = 2 * ask - vol;
    x.maxDelta[i] = Math.max(x.delta[i], 0) + Math.floor(r() * 100);
    x.minDelta[i] = Math.min(x.delta[i], 0) - Math.floor(r() * 100);
  }
  return x;
}

/** Median wall time (ms) of `repeats` runs after one warm-up. */
export function timeIt(fn, repeats = 7) {
  fn();
  const t = [];
  for (let k = 0; k < repeats; k++) {
    const s = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

/** Prints each timing and its ratio to the first (the baseline), all measured in this run. */
export function report(title, n, unit, timings) {
  const entries = Object.entries(timings);
  const [baseName, base] = entries[0];
  console.log(`${title}: ${n.toLocaleString("en-US")} ${unit}`);
  for (const [name, ms] of entries) {
    const ratio = base / ms;
    console.log(`  ${name.padEnd(34)} ${ms.toFixed(2).padStart(9)} ms   ${name === baseName ? "baseline" : `${ratio.toFixed(2)}× the baseline's speed`}`);
  }
}

/**
 * SPA/StepM-shaped input from generator `r` (`rng`): a benchmark series ("take every signal") of n
 * rows and K rules "feature above/below a threshold" (6 gaussian features × 2 sides × thresholds at
 * ~12 quantiles), each with its 0/1 exposure and its result = exposure × benchmark.
 */
export function ruleInputs(K, n, r) {
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const benchmark = Float64Array.from({ length: n }, () => 0.1 + 3 * gauss());
  const feature = Array.from({ length: 6 }, () => Float64Array.from({ length: n }, () => gauss()));
  const exposure = Array.from({ length: K }, (_, k) => {
    const f = feature[k % 6], side = (k >> 1) & 1 ? 1 : -1, q = -1.5 + 3 * ((k % 12) / 11);
    return Float64Array.from(f, (v) => (side * (v - q) > 0 ? 1 : 0));
  });
  const performance = exposure.map((e) => Float64Array.from(e, (x, t) => x * benchmark[t]));
  return { performance, benchmark, exposure };
}
