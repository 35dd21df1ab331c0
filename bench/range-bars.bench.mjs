// Range-bar builder (WASM, compiled: counting pass + fill pass, incl. copies in and out) against two
// TypeScript builders on ~5M synthetic ticks, all timed in this run; prints the ratios.
//  - "TS reference": the test's reference, written the obvious way (one object and a Map per bar);
//  - "TS typed arrays": the kernel's own algorithm in plain JS (same two passes over typed arrays) —
//    the fair baseline for "does WASM help here".
// Run after the build: node bench/range-bars.bench.mjs [ticks] [range]
import { buildTickBars } from "../packages/core-wasm/dist/index.js";
import { rng, timeIt, report } from "./lib.mjs";

function makeTicks(n, seed) {
  const r = rng(seed);
  const x = { time: new Float64Array(n), price: new Int32Array(n), size: new Float64Array(n), side: new Int8Array(n), session: new Int32Array(n) };
  let t = 1_700_000_000_000_000, p = 18000, s = 0;
  for (let i = 0; i < n; i++) {
    t += Math.floor(r() * 20_000);
    const u = r();
    p += u < 0.3 ? -1 : u < 0.6 ? 1 : 0;
    if (r() < 2e-6) s++;
    x.time[i] = t; x.price[i] = p; x.session[i] = s;
    x.size[i] = 1 + Math.floor(-Math.log(1 - r()) * 3);
    x.side[i] = r() < 0.5 ? -1 : 1;
  }
  return x;
}

function reference(x, N) {
  const bars = [];
  let b;
  for (let i = 0; i < x.time.length; i++) {
    const p = x.price[i], q = x.size[i], sd = x.side[i];
    if (!b || b.session !== x.session[i] || Math.max(b.high, p) - Math.min(b.low, p) > N) {
      b = { time: x.time[i], last: 0, session: x.session[i], open: p, high: p, low: p, close: p, volume: 0, trades: 0, bid: 0, ask: 0, max: -Infinity, min: Infinity, rows: new Map() };
      bars.push(b);
    }
    b.high = Math.max(b.high, p); b.low = Math.min(b.low, p); b.close = p; b.last = x.time[i];
    b.volume += q; b.trades++;
    const row = b.rows.get(p) ?? [0, 0];
    if (sd > 0) { b.ask += q; row[1] += q; } else if (sd < 0) { b.bid += q; row[0] += q; }
    b.rows.set(p, row);
    b.max = Math.max(b.max, b.ask - b.bid); b.min = Math.min(b.min, b.ask - b.bid);
  }
  let rows = 0;
  for (const b of bars) rows += b.high - b.low + 1;
  const fpPrice = new Int32Array(rows), fpBid = new Float64Array(rows), fpAsk = new Float64Array(rows);
  let r = 0;
  for (const b of bars) for (let p = b.low; p <= b.high; p++, r++) {
    const row = b.rows.get(p);
    fpPrice[r] = p;
    if (row) { fpBid[r] = row[0]; fpAsk[r] = row[1]; }
  }
  return { length: bars.length, rows, fpAsk };
}

function typedArrays(x, N) {
  const n = x.time.length;
  let bars = 0, rows = 0, hi = 0, lo = 0, sess = 0;
  for (let i = 0; i < n; i++) {
    const p = x.price[i], s = x.session[i];
    if (i === 0 || s !== sess || Math.max(hi, p) - Math.min(lo, p) > N) {
      if (i > 0) rows += hi - lo + 1;
      bars++; hi = lo = p; sess = s;
    }
    if (p > hi) hi = p;
    if (p < lo) lo = p;
  }
  if (n > 0) rows += hi - lo + 1;
  const o = {
    time: new Float64Array(bars), last: new Float64Array(bars), session: new Int32Array(bars), open: new Int32Array(bars),
    high: new Int32Array(bars), low: new Int32Array(bars), close: new Int32Array(bars), volume: new Float64Array(bars),
    trades: new Float64Array(bars), bid: new Float64Array(bars), ask: new Float64Array(bars), delta: new Float64Array(bars),
    max: new Float64Array(bars), min: new Float64Array(bars), offset: new Int32Array(bars + 1),
    fpPrice: new Int32Array(rows), fpBid: new Float64Array(rows), fpAsk: new Float64Array(rows),
  };
  let bar = -1, row = 0, start = 0, open = 0, first = 0, last = 0, trades = 0, v = 0, bid = 0, ask = 0, mx = 0, mn = 0;
  const close = (i) => {
    o.time[bar] = first; o.last[bar] = last; o.session[bar] = sess; o.open[bar] = open; o.high[bar] = hi; o.low[bar] = lo;
    o.close[bar] = x.price[i - 1]; o.volume[bar] = v; o.trades[bar] = trades; o.bid[bar] = bid; o.ask[bar] = ask;
    o.delta[bar] = ask - bid; o.max[bar] = mx; o.min[bar] = mn; o.offset[bar] = row;
    const nr = hi - lo + 1;
    for (let k = 0; k < nr; k++) o.fpPrice[row + k] = lo + k;
    for (let j = start; j < i; j++) {
      const sd = x.side[j];
      if (sd > 0) o.fpAsk[row + x.price[j] - lo] += x.size[j];
      else if (sd < 0) o.fpBid[row + x.price[j] - lo] += x.size[j];
    }
    row += nr;
  };
  for (let i = 0; i < n; i++) {
    const p = x.price[i], s = x.session[i];
    const fresh = i === 0 || s !== sess || Math.max(hi, p) - Math.min(lo, p) > N;
    if (fresh) {
      if (i > 0) close(i);
      bar++; start = i; hi = lo = open = p; sess = s; first = x.time[i]; trades = v = bid = ask = 0;
    }
    if (p > hi) hi = p;
    if (p < lo) lo = p;
    last = x.time[i];
    const q = x.size[i], sd = x.side[i];
    trades++; v += q;
    if (sd > 0) ask += q; else if (sd < 0) bid += q;
    const d = ask - bid;
    if (fresh) { mx = mn = d; } else { if (d > mx) mx = d; if (d < mn) mn = d; }
  }
  if (n > 0) close(n);
  o.offset[bars] = row;
  return { length: bars, rows, fpAsk: o.fpAsk };
}

const n = Number(process.argv[2] ?? 5_000_000);
const N = Number(process.argv[3] ?? 8);
const x = makeTicks(n, 7);
const a = reference(x, N), b = typedArrays(x, N), c = buildTickBars(x, "range", N);
if (a.length !== c.length || b.length !== c.length || a.rows !== c.footprint.price.length || b.rows !== a.rows) throw new Error("builders disagree on the bar count");
for (let i = 0; i < a.rows; i++) if (a.fpAsk[i] !== c.footprint.askVolume[i] || b.fpAsk[i] !== a.fpAsk[i]) throw new Error(`builders disagree at footprint row ${i}`);
console.log(`${c.length.toLocaleString("en-US")} ${N}-tick range bars, ${a.rows.toLocaleString("en-US")} footprint rows (all three builders agree)`);
const ref = timeIt(() => reference(x, N), 3);
const typed = timeIt(() => typedArrays(x, N), 5);
const wasm = timeIt(() => buildTickBars(x, "range", N), 5);
report("range bars", n, "ticks", { "TS reference (objects + Map)": ref, "TS typed arrays (same algorithm)": typed, "WASM (incl. copies in/out)": wasm });
