// `.scid` into 8-tick bars + footprint (issue 11's target: ≥ 30 M trades/s end to end): what `tda bars`
// does before writing — `readInput` streaming the trades of a `.scid` file into `SessionBarStream`
// (sessions, then the WebAssembly range-bar + footprint builder) — timed against the same code at
// each of BASES (b416bc6: before issue 11; cad58b7: main before the record kernel; `--base=<commit>,…`
// for others), compiled from git into $TMPDIR/tda-bench-scid-bars, in the same process on the same
// file, old and new alternating. Every build must give the same bars and footprint (every column
// compared), notices and skipped records; the reader alone (`readScid` into a counting sink) is timed
// the same way. The load average is printed before and after every round.
//
// Data: `tda synth` of ESH23 (data/es-5m) as `.scid` at --volume-scale 0.05 (≈ 4.9 M trades, 197 MB),
// the file of bench/readers.bench.mjs, built once (about a minute).
//
//   npx -y pnpm@12.4.2 exec turbo run build && node bench/scid-bars.bench.mjs [rounds=7] [--rebuild] [--base=b416bc6,cad58b7]
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repo } from "./stats-data.mjs";

const args = process.argv.slice(2);
const rounds = Number(args.find((a) => !a.startsWith("--")) ?? 7);
const DIR = join(tmpdir(), "tda-bench-scid-bars");
const BASES = (args.find((a) => a.startsWith("--base="))?.slice(7) ?? "b416bc6,cad58b7").split(",");
const TICK = 0.25;
const ZONE = "America/Chicago";
const FILE = join(DIR, "scid", "ESH23-CME.scid");

function build() {
  if (args.includes("--rebuild")) rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  if (existsSync(FILE)) return;
  console.error("synthesising ESH23 as .scid (volume scale 0.05) …");
  const r = spawnSync(process.execPath, [join(repo, "packages/cli/bin/tda.js"), "synth", "--from", join(repo, "data/es-5m/ESH23-CME.scid_BarData__5m.txt"),
    "--out", join(DIR, "scid"), "--format", "scid", "--volume-scale", "0.05", "--quiet"], { cwd: repo, stdio: "inherit" });
  if (r.status !== 0 || !existsSync(FILE)) throw new Error(`tda synth failed (${r.status}); wrote ${readdirSync(join(DIR, "scid")).join(", ")}`);
}

/**
 * packages/engine and packages/core-wasm at BASE, compiled (asc + tsc) into DIR/baseline-BASE; the
 * baseline engine imports the baseline core-wasm (its own WebAssembly module and memory).
 */
async function loadBaseline(BASE) {
  const dir = join(DIR, `baseline-${BASE}`);
  const entry = join(dir, "packages/engine/dist/index.js");
  if (!existsSync(entry)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const tar = execFileSync("git", ["archive", BASE, "packages/engine", "packages/core-wasm", "tsconfig.base.json"], { cwd: repo, maxBuffer: 1 << 28 });
    execFileSync("tar", ["-x", "-C", dir], { input: tar });
    symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"));
    // core-wasm's compiler and dependencies from this repository; engine's, except @tda/core-wasm → the baseline's
    symlinkSync(join(repo, "packages/core-wasm/node_modules"), join(dir, "packages/core-wasm/node_modules"));
    const em = join(dir, "packages/engine/node_modules");
    mkdirSync(join(em, "@tda"), { recursive: true });
    for (const name of readdirSync(join(repo, "packages/engine/node_modules"))) {
      if (name === "@tda" || name === ".bin") continue;
      symlinkSync(join(repo, "packages/engine/node_modules", name), join(em, name));
    }
    for (const name of readdirSync(join(repo, "packages/engine/node_modules/@tda"))) {
      symlinkSync(name === "core-wasm" ? join(dir, "packages/core-wasm") : join(repo, "packages/engine/node_modules/@tda", name), join(em, "@tda", name));
    }
    const cw = join(dir, "packages/core-wasm");
    execFileSync(process.execPath, [join(repo, "packages/core-wasm/node_modules/assemblyscript/bin/asc.js"), "assembly/index.ts", "--config", "asconfig.json", "--target", "release"], { cwd: cw, stdio: "inherit" });
    const tsc = join(repo, "node_modules/typescript/bin/tsc");
    execFileSync(process.execPath, [tsc, "-p", join(cw, "tsconfig.json")], { stdio: "inherit" });
    execFileSync(process.execPath, [tsc, "-p", join(dir, "packages/engine/tsconfig.json")], { stdio: "inherit" });
  }
  return import(pathToFileURL(entry).href);
}

build();
const E = await import(pathToFileURL(join(repo, "packages/engine/dist/index.js")).href);
const olds = [];
for (const base of BASES) olds.push([base, await loadBaseline(base)]);
const config = structuredClone(E.DEFAULT_CONFIG);
config.bars = { kind: "range", size: 8 };

function toBars(M) {
  const stream = new M.SessionBarStream(config);
  const r = M.readInput(FILE, { tickSize: TICK, exchangeTimeZone: ZONE, sink: { chunkTicks: 1 << 16, onChunk: (c) => stream.push(c) } });
  return { trades: r.trades, bars: stream.finish(), notices: r.notices, skipped: r.skipped };
}
function readerAlone(M) {
  let n = 0;
  M.readScid(FILE, { tickSize: TICK, sink: { chunkTicks: 1 << 16, onChunk: (c) => { n += c.length; } } });
  return n;
}

// same bars, same footprint, same notices
const b = toBars(E);
for (const [BASE, B] of olds) {
  const a = toBars(B);
  if (a.trades !== b.trades || a.bars.length !== b.bars.length) throw new Error(`${BASE}: ${a.trades} trades → ${a.bars.length} bars, now ${b.trades} → ${b.bars.length}`);
  const same = (x, y, what) => {
    if (x.length !== y.length) throw new Error(`${what}: ${x.length} values at ${BASE}, ${y.length} now`);
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) throw new Error(`${what}[${i}]: ${x[i]} at ${BASE}, ${y[i]} now`);
  };
  for (const k of ["time", "lastTime", "session", "open", "high", "low", "close", "volume", "trades", "bidVolume", "askVolume", "delta", "maxDelta", "minDelta"]) same(a.bars[k], b.bars[k], k);
  for (const k of ["offset", "price", "bidVolume", "askVolume"]) same(a.bars.footprint[k], b.bars.footprint[k], `footprint.${k}`);
  if (JSON.stringify([a.notices, a.skipped]) !== JSON.stringify([b.notices, b.skipped])) throw new Error(`${BASE}: notices or skipped rows differ`);
}

const load = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
const loadStart = load();
const cases = {};
for (const [BASE, B] of olds) cases[`reader alone at ${BASE}`] = () => readerAlone(B);
cases["reader alone now"] = () => readerAlone(E);
for (const [BASE, B] of olds) cases[`→ 8-tick bars + footprint at ${BASE}`] = () => toBars(B).trades;
cases["→ 8-tick bars + footprint now"] = () => toBars(E).trades;
const ms = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
const loads = [];
for (const f of Object.values(cases)) f(); // warm-up
for (let r = 0; r < rounds; r++) {
  const order = Object.keys(cases);
  if (r % 2) order.reverse();
  for (const k of order) {
    const s = process.hrtime.bigint();
    cases[k]();
    ms[k].push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  loads.push(load().split(" ")[0]);
}
const median = (v) => { const s = [...v].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const n = b.trades;
console.log(`.scid → bars on ${process.version}: ${n.toLocaleString("en-US")} trades, ${(statSync(FILE).size / 1e6).toFixed(1)} MB, ` +
  `${b.bars.length.toLocaleString("en-US")} bars, ${b.bars.footprint.price.length.toLocaleString("en-US")} footprint rows (same at ${BASES.join(", ")} and now); ` +
  `${rounds} rounds (medians), load average ${loadStart} → ${load()} (1-min after each round: ${loads.join(", ")})`);
for (const [k, v] of Object.entries(ms)) console.log(`  ${k.padEnd(40)} ${median(v).toFixed(1).padStart(8)} ms  ${(n / 1e3 / median(v)).toFixed(1).padStart(6)} M trades/s`);
const ratio = (x, y) => (median(ms[x]) / median(ms[y])).toFixed(2);
for (const [BASE] of olds) {
  console.log(`  reader alone: now / ${BASE} ${ratio(`reader alone at ${BASE}`, "reader alone now")}× the speed`);
  console.log(`  → bars: now / ${BASE} ${ratio(`→ 8-tick bars + footprint at ${BASE}`, "→ 8-tick bars + footprint now")}× the speed (target ≥ 30 M trades/s)`);
}
