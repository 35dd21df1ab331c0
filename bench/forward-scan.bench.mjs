// Forward-scan kernel (WASM, compiled, i32x4 stop/excursion scan) against a plain TypeScript
// reference on ~1M bars with many signals, both timed in this run; prints the ratio and checks that
// both give the same numbers. Run after the build:
//   cd packages/core-wasm && npx asc assembly/index.ts --config asconfig.json --target release && npx tsc -p tsconfig.json
//   node bench/forward-scan.bench.mjs [bars]
import { arena, coreExports, forwardScan } from "../packages/core-wasm/dist/index.js";
import { makeBars, rng, timeIt, report } from "./lib.mjs";
import { refForwardScan as reference, forwardScanOutputs as outputs } from "./references.mjs";

/**
 * The reference, written as a fair scalar JS loop: sessions found once (not per signal), stop first,
 * then excursions, as in packages/core-wasm/src/forwardScan.test.ts.
 */
function rawKernel(x, p) {
  const k = coreExports(), a = arena(), n = x.close.length, nh = p.horizons.length;
  const I = Int32Array, F = Float64Array;
  a.reset();
  const q = {};
  for (const [name, ctor, len] of [["high", I, n], ["low", I, n], ["close", I, n], ["session", I, n], ["direction", Int8Array, n],
    ["entry", F, n], ["horizons", I, nh], ["entryOut", F, n], ["stop", F, n], ["returns", F, n * nh], ["stopped", F, n],
    ["stopBar", F, n], ["mfe", F, n], ["mae", F, n], ["mfeBar", F, n], ["win", F, n], ["bracket", F, n], ["last", I, n]]) q[name] = a.allocOf(ctor, len);
  for (const c of ["high", "low", "close", "session"]) a.write(I, q[c], x[c], n);
  a.write(Int8Array, q.direction, x.direction, n);
  a.write(F, q.entry, x.entry, n);
  a.write(I, q.horizons, Int32Array.from(p.horizons), nh);
  return () => k.forwardScan(n, q.high, q.low, q.close, q.session, q.direction, q.entry, q.horizons, nh, p.maxHorizon, p.targetTicks,
    q.entryOut, q.stop, q.returns, q.stopped, q.stopBar, q.mfe, q.mae, q.mfeBar, q.win, q.bracket, q.last);
}

function scenario(n, seed, sessionBars, signalRate) {
  const b = makeBars(n, seed);
  const r = rng(seed + 1);
  const session = new Int32Array(n), direction = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    session[i] = b.group[i] * 1e6 + Math.floor(i / sessionBars);
    const u = r();
    direction[i] = u < signalRate / 2 ? 1 : u < signalRate ? -1 : u < signalRate + 0.01 ? 2 : 0;
  }
  return { high: b.high, low: b.low, close: b.close, session, direction, entry: Float64Array.from(b.close) };
}

function check(a, b) {
  for (const k of ["entry", "stop", "stopped", "stopBar", "mfe", "mae", "mfeBar", "win", "bracketTicks", "lastBar"]) {
    for (let i = 0; i < a[k].length; i++) if (!Object.is(a[k][i], b[k][i])) throw new Error(`${k}[${i}]: wasm ${a[k][i]} vs reference ${b[k][i]}`);
  }
  a.returns.forEach((c, h) => { for (let i = 0; i < c.length; i++) if (!Object.is(c[i], b.returns[h][i])) throw new Error(`returns[${h}][${i}] differ`); });
}

const n = Number(process.argv[2] ?? 1_000_000);
const params = { horizons: [5, 10, 20, 30, 40, 50, 75, 100], maxHorizon: 100, targetTicks: 25 };
for (const [name, sessionBars, rate] of [
  ["5-minute-like sessions (276 bars), 30% signals", 276, 0.3],
  ["range-bar-like sessions (1500 bars), 10% signals", 1500, 0.1],
]) {
  const x = scenario(n, 42, sessionBars, rate);
  const want = reference(x, params);
  check(forwardScan(x, params), want);
  let signals = 0, scanned = 0;
  for (let i = 0; i < n; i++) if (want.lastBar[i] >= 0) { signals++; scanned += want.lastBar[i] - i; }
  const js = timeIt(() => reference(x, params));
  const wasm = timeIt(() => forwardScan(x, params));
  report(`forward scan, ${name}`, n, `bars, ${signals.toLocaleString("en-US")} scanned signals, ${(scanned / signals).toFixed(1)} bars scanned per signal`,
    { "TS reference (allocates its columns)": js, "WASM forwardScan() (copies in/out)": wasm });
  // The same work without allocating or copying columns: the reference writes into columns made once,
  // the kernel runs on inputs already in linear memory (19 output columns are written either way).
  const pre = outputs(n, params.horizons.length);
  const jsLoop = timeIt(() => reference(x, params, pre));
  const kernel = rawKernel(x, params);
  const wasmLoop = timeIt(kernel);
  report("  compute only", n, "bars", { "TS reference loop": jsLoop, "WASM kernel": wasmLoop });
}
