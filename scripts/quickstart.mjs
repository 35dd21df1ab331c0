// Quick start, step 1: install everything (pinned pnpm, frozen lockfile), build every package
// (AssemblyScript → wasm, TypeScript → dist) and run the main job on the embedded real ES data.
// The embedded 5-minute bars carry no footprint, so the quick start also synthesises tick data from
// one embedded contract (a small volume scale keeps it to seconds), builds 8-tick range bars with
// footprints from it and runs the same job: the second report shows exhaustion, strong inversion
// and the footprint pictures that the first cannot.
import { pnpm, run } from "./pnpm.mjs";

const step = (what, code) => {
  if (code !== 0) {
    console.error(`quickstart: ${what} failed (exit ${code})`);
    process.exit(code);
  }
};
const extra = process.argv.slice(2);
const quiet = extra.includes("--quiet") ? ["--quiet"] : [];
step("install", pnpm(["install", "--frozen-lockfile"]));
step("build", pnpm(["exec", "turbo", "run", "build", "--output-logs=errors-only"]));
step("tda run", run("npx", ["tda", "run", "--out", "out/demo", ...extra]));
step("tda synth", run("npx", ["tda", "synth", "--from", "data/es-5m/ESZ24-CME.scid_BarData__5m.txt", "--out", "out/demo-ticks", "--volume-scale", "0.02", ...quiet]));
step("tda run (footprint)", run("npx", ["tda", "run", "out/demo-ticks/ESZ24-CME.scid", "--out", "out/demo-footprint", ...extra]));
console.log(`
Reports:
  out/demo/report.html            the embedded real ES 5-minute bars (8 contracts, inversions only: no footprint)
  out/demo-footprint/report.html  ticks synthesised from ESZ24 → 8-tick range bars with footprints (every signal)
Each folder also holds signals.csv/.arrow/.parquet, sessions.csv/.parquet, levels.parquet, stats.json, report.md and run.json.`);
