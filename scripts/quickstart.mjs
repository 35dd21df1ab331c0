// Quick start, step 1: install everything (pinned pnpm, frozen lockfile), build every package
// (AssemblyScript → wasm, TypeScript → dist) and run the main job on the embedded real ES data.
import { pnpm, run } from "./pnpm.mjs";

const step = (what, code) => {
  if (code !== 0) {
    console.error(`quickstart: ${what} failed (exit ${code})`);
    process.exit(code);
  }
};
step("install", pnpm(["install", "--frozen-lockfile"]));
step("build", pnpm(["exec", "turbo", "run", "build", "--output-logs=errors-only"]));
step("tda run", run("npx", ["tda", "run", "--out", "out/demo", ...process.argv.slice(2)]));
console.log("\nOutputs are in out/demo (signals.csv, signals.arrow, stats.json, report.md, report.html).");
