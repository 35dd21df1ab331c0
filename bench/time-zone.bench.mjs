// Exchange-time conversion of the readers (engine TimeZone.toUtc, local chart time → UTC) over the
// bar times of the embedded data: every 5-minute bar of 2023–2024 in America/Chicago (≈ 210k
// times, both DST changes of each year). Baseline: timeZone.ts at the commit this branch started
// from (one Intl call per quarter hour, cached), transpiled from git into a temporary folder and
// run in the same process; candidate: the built engine (offsets from a table of transitions).
// A fresh TimeZone each round (the caches start empty, as in a new run); rounds alternate; medians.
//   node bench/time-zone.bench.mjs [rounds]      (after `npx -y pnpm@12.4.2 exec turbo run build`)
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repo } from "./stats-data.mjs";

const BEFORE = "7f70db7";
const ts = createRequire(join(repo, "packages/engine/package.json"))("typescript");
const dir = join(tmpdir(), "tda-bench-tz");
mkdirSync(dir, { recursive: true });
const src = execFileSync("git", ["show", `${BEFORE}:packages/engine/src/timeZone.ts`], { cwd: repo, encoding: "utf8" });
const oldFile = join(dir, `timeZone-${BEFORE}.mjs`);
writeFileSync(oldFile, ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText);
const old = await import(pathToFileURL(oldFile).href);
const now = await import(pathToFileURL(join(repo, "packages/engine/dist/timeZone.js")).href);

const rounds = Number(process.argv[2] ?? 7);
const times = [];
for (let t = Date.UTC(2023, 0, 1); t < Date.UTC(2025, 0, 1); t += 5 * 60000) times.push(t); // local wall clock, as if UTC
const convert = (mod) => () => {
  const z = new mod.TimeZone("America/Chicago");
  const out = new Float64Array(times.length);
  let prev = -Infinity;
  for (let i = 0; i < times.length; i++) out[i] = prev = z.toUtc(times[i], prev);
  return out;
};
const a = convert(old)(), b = convert(now)();
let same = a.length === b.length;
for (let i = 0; same && i < a.length; i++) same = a[i] === b[i];
const tOld = [], tNew = [];
for (let k = 0; k < rounds; k++)
  for (const [fn, t] of k % 2 ? [[convert(now), tNew], [convert(old), tOld]] : [[convert(old), tOld], [convert(now), tNew]]) {
    const s = process.hrtime.bigint();
    fn();
    t.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
const med = (t) => [...t].sort((x, y) => x - y)[Math.floor(t.length / 2)];
console.log(`toUtc of ${times.length.toLocaleString("en-US")} 5-minute bar times (America/Chicago, 2023–2024); medians of ${rounds} alternating rounds`);
console.log(`  ${BEFORE} (Intl per quarter hour)   ${med(tOld).toFixed(1).padStart(8)} ms`);
console.log(`  now (table of transitions)     ${med(tNew).toFixed(1).padStart(8)} ms`);
console.log(`  ratio ${(med(tOld) / med(tNew)).toFixed(1)}×; every instant identical: ${same ? "yes" : "NO"}`);
if (!same) process.exitCode = 1;
