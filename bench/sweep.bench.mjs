// A 3 × 3 × 2 parameter sweep over the embedded ES 5-minute data as one batch job (`tda sweep`)
// against the 18 single `tda run`s of the same points, all in this process: the sweep before and
// after the single runs (so a change in the machine's load falls on both), the ratio against the
// mean of the two sweeps; prints every time, and checks that every point's expectancy and SPA p in sweep.csv
// equal those of its single run's stats.json. Run after the build:
//   npx -y pnpm@12.4.2 exec turbo run build && node bench/sweep.bench.mjs
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../packages/cli/dist/main.js";

const grid = {
  "signals.minAbsDeltaPct": [0, 0.05, 0.1],
  "levels.nearTicks": [8, 12, 16],
  "outcomes.targetTicks": [20, 25],
};
const dir = mkdtempSync(join(tmpdir(), "tda-bench-sweep-"));
const gridFile = join(dir, "grid.json");
writeFileSync(gridFile, JSON.stringify(grid));

async function tda(args) {
  const code = await main(["node", "tda", ...args, "--quiet"]);
  if (code !== 0) throw new Error(`tda ${args.join(" ")} exited with ${code}`);
}
const seconds = async (f) => {
  const s = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - s) / 1e9;
};

const sweepOut = join(dir, "sweep");
const sweepTime = await seconds(() => tda(["sweep", "--grid", gridFile, "--out", sweepOut]));
const sweep = JSON.parse(readFileSync(join(sweepOut, "sweep.json"), "utf8"));
console.log(`tda sweep, ${sweep.points.length} points (stages computed per contract: ${sweep.stages.map((s) => `${s.name} ${s.runs}`).join(", ")}): ${sweepTime.toFixed(1)} s`);

let singleTime = 0;
for (const p of sweep.points) {
  const config = {};
  for (const [path, v] of Object.entries(p.settings)) {
    const [section, key] = path.split(".");
    (config[section] ??= {})[key] = v;
  }
  const cfg = join(dir, `${p.id}.json`);
  writeFileSync(cfg, JSON.stringify(config));
  const out = join(dir, p.id);
  const t = await seconds(() => tda(["run", "--config", cfg, "--out", out]));
  singleTime += t;
  const stats = JSON.parse(readFileSync(join(out, "stats.json"), "utf8"));
  if (stats.overall.expectancy !== p.figures.expectancy || stats.thresholds.realityCheck.spaP !== p.figures.spaP) {
    throw new Error(`${p.id}: the sweep's figures differ from the single run's`);
  }
  console.log(`  tda run ${p.id} (${Object.entries(p.settings).map(([k, v]) => `${k}=${v}`).join(", ")}): ${t.toFixed(1)} s`);
  rmSync(out, { recursive: true, force: true });
}
console.log(`${sweep.points.length} single tda runs: ${singleTime.toFixed(1)} s (baseline)`);
const again = await seconds(() => tda(["sweep", "--grid", gridFile, "--out", join(dir, "sweep-again")]));
const mean = (sweepTime + again) / 2;
console.log(`tda sweep again after the single runs: ${again.toFixed(1)} s (before: ${sweepTime.toFixed(1)} s)`);
console.log(`tda sweep: ${mean.toFixed(1)} s (mean of the two) — ${(singleTime / mean).toFixed(2)}× faster than the single runs (${((100 * mean) / singleTime).toFixed(0)}% of their time); every point's figures equal its single run's`);
rmSync(dir, { recursive: true, force: true });
