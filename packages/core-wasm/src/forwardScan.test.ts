import { describe, expect, it } from "vitest";
import { makeVector, Float64, Int32, Int8 } from "apache-arrow";
import { forwardScan, type ForwardScan, type ForwardScanInput, type ForwardScanParams } from "./forwardScan.js";

type Plain = { high: Int32Array; low: Int32Array; close: Int32Array; session: Int32Array; direction: Int8Array; entry: Float64Array };

/**
 * Plain TypeScript reference of SPEC §7, written the obvious way: for each signal walk the bars one
 * by one, stop first, then excursions; the session end is found by looking at the session ids.
 */
function reference(x: Plain, p: ForwardScanParams): ForwardScan {
  const n = x.close.length;
  const col = () => new Float64Array(n).fill(NaN);
  const out: ForwardScan = {
    entry: col(), stop: col(), returns: p.horizons.map(col), stopped: col(), stopBar: col(), mfe: col(), mae: col(),
    mfeBar: col(), win: col(), bracketTicks: col(), lastBar: new Int32Array(n).fill(-1), skipped: 0,
  };
  // d·(price − entry) as a difference, so a flat short is 0 and not −0 (ticks are integers)
  const signed = (d: number, price: number, entry: number) => (d === 1 ? price - entry : entry - price);
  for (let t = 0; t < n; t++) {
    const d = x.direction[t]!;
    if (d !== 1 && d !== -1) continue;
    const entry = x.entry[t]!;
    const stop = d === 1 ? x.low[t]! - 1 : x.high[t]! + 1;
    out.entry[t] = entry;
    out.stop[t] = stop;
    let last = t; // last bar of t's session
    while (last + 1 < n && x.session[last + 1] === x.session[t]) last++;
    if (last === t || Number.isNaN(entry)) continue;
    const stopTicks = d * (entry - stop);
    if (stopTicks <= 0) { out.skipped++; continue; }
    const end = Math.min(t + p.maxHorizon, last);
    let mfe = 0, mae = 0, mfeBar = 0, stopK = 0, scanned = t;
    for (let j = t + 1; j <= end; j++) {
      scanned = j;
      const hitsStop = d === 1 ? x.low[j]! <= stop : x.high[j]! >= stop;
      if (hitsStop) { stopK = j - t; break; }
      const fav = d === 1 ? x.high[j]! - entry : entry - x.low[j]!;
      const adv = d === 1 ? entry - x.low[j]! : x.high[j]! - entry;
      if (fav > mfe) { mfe = fav; mfeBar = j - t; }
      if (adv > mae) mae = adv;
    }
    const stopped = stopK > 0;
    if (stopped) mae = stopTicks;
    out.stopped[t] = stopped ? 1 : 0;
    out.stopBar[t] = stopped ? stopK : NaN;
    out.mfe[t] = mfe;
    out.mae[t] = mae;
    out.mfeBar[t] = mfeBar;
    out.win[t] = mfe >= p.targetTicks ? 1 : 0;
    out.lastBar[t] = scanned;
    out.bracketTicks[t] = mfe >= p.targetTicks ? p.targetTicks : stopped ? -stopTicks : signed(d, x.close[end]!, entry);
    p.horizons.forEach((h, k) => {
      out.returns[k]![t] = stopped && stopK <= h ? -stopTicks : t + h <= last ? signed(d, x.close[t + h]!, entry) : NaN;
    });
  }
  return out;
}

/** Seeded random walk of bars with random session breaks, directions (incl. conflict) and entries. */
function randomWalk(n: number, seed: number, opts: { nextOpen: boolean; sessionBreak: number; signalRate: number }): Plain {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
  const x: Plain = {
    high: new Int32Array(n), low: new Int32Array(n), close: new Int32Array(n), session: new Int32Array(n),
    direction: new Int8Array(n), entry: new Float64Array(n),
  };
  const open = new Int32Array(n);
  let price = 20000, sid = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && rnd() < opts.sessionBreak) { sid++; price += Math.floor(rnd() * 41) - 20; }
    const o = price + (rnd() < 0.1 ? Math.floor(rnd() * 7) - 3 : 0); // occasional gaps
    const lo = o - Math.floor(rnd() * 9), hi = o + Math.floor(rnd() * 9);
    open[i] = o; x.low[i] = lo; x.high[i] = hi;
    x.close[i] = lo + Math.floor(rnd() * (hi - lo + 1));
    x.session[i] = sid;
    price = x.close[i]!;
    const r = rnd();
    x.direction[i] = r < opts.signalRate / 2 ? 1 : r < opts.signalRate ? -1 : r < opts.signalRate + 0.02 ? 2 : 0;
  }
  for (let i = 0; i < n; i++) {
    x.entry[i] = !opts.nextOpen ? x.close[i]! : i + 1 < n && x.session[i + 1] === x.session[i] ? open[i + 1]! : NaN;
  }
  return x;
}

function same(got: ForwardScan, want: ForwardScan) {
  const cols = ["entry", "stop", "stopped", "stopBar", "mfe", "mae", "mfeBar", "win", "bracketTicks", "lastBar"] as const;
  for (const c of cols) {
    const a = got[c], b = want[c];
    expect(a.length).toBe(b.length);
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) throw new Error(`${c}[${i}]: wasm ${a[i]} vs reference ${b[i]}`);
  }
  expect(got.returns.length).toBe(want.returns.length);
  got.returns.forEach((a, k) => {
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], want.returns[k]![i])) throw new Error(`returns[${k}][${i}]: wasm ${a[i]} vs reference ${want.returns[k]![i]}`);
  });
  expect(got.skipped).toBe(want.skipped);
}

const spec: ForwardScanParams = { horizons: [5, 10, 20, 30, 40, 50, 75, 100], maxHorizon: 100, targetTicks: 25 };

/** Builds columns from rows [high, low, close, session, direction] with entry = close. */
function rows(r: [number, number, number, number, number][]): Plain {
  return {
    high: Int32Array.from(r, (x) => x[0]), low: Int32Array.from(r, (x) => x[1]), close: Int32Array.from(r, (x) => x[2]),
    session: Int32Array.from(r, (x) => x[3]), direction: Int8Array.from(r, (x) => x[4]), entry: Float64Array.from(r, (x) => x[2]),
  };
}

describe("forwardScan (compiled wasm)", () => {
  it("stop first: a long stopped at bar 3 after an MFE of 5 at bar 2", () => {
    // entry = close 103, stop = low 98 − 1 = 97, stopTicks 6
    const x = rows([
      [104, 98, 103, 0, 1],
      [106, 101, 105, 0, 0], // fav 3, adv 2
      [108, 102, 103, 0, 0], // fav 5, adv 1
      [104, 97, 98, 0, 0], //   low 97 ≤ 97: stopped, its high is not counted
      [120, 99, 119, 0, 0],
      [121, 110, 120, 0, 0],
    ]);
    const r = forwardScan(x, { horizons: [1, 2, 3, 5], maxHorizon: 5, targetTicks: 10 });
    expect([r.entry[0], r.stop[0], r.stopped[0], r.stopBar[0], r.mfe[0], r.mfeBar[0], r.mae[0], r.win[0], r.bracketTicks[0], r.lastBar[0]])
      .toEqual([103, 97, 1, 3, 5, 2, 6, 0, -6, 3]);
    expect(r.returns.map((c) => c[0])).toEqual([2, 0, -6, -6]);
    same(r, reference(x, { horizons: [1, 2, 3, 5], maxHorizon: 5, targetTicks: 10 }));
  });

  it("no direction, conflict and any other code get NaN everywhere", () => {
    const x = rows([[10, 5, 8, 0, 0], [10, 5, 8, 0, 2], [10, 5, 8, 0, 3], [10, 5, 8, 0, 0]]);
    const r = forwardScan(x, spec);
    for (const c of [r.entry, r.stop, r.stopped, r.mfe, r.win, r.bracketTicks, ...r.returns]) expect(Array.from(c.slice(0, 3)).every(Number.isNaN)).toBe(true);
    expect(Array.from(r.lastBar)).toEqual([-1, -1, -1, -1]);
  });

  it("mfeBar is the first bar that reached the MFE; a gap away from the trade gives MFE 0, mfeBar 0", () => {
    // long entry 100 (stop 95): bars 1…4 highs 103, 104, 104, 102 → MFE 4 first at bar 2
    const x = rows([[101, 96, 100, 0, 1], [103, 99, 101, 0, 0], [104, 98, 99, 0, 0], [104, 97, 98, 0, 0], [102, 96, 97, 0, 0],
      // short entry 50 (stop 53), next bars trade only above the entry: MFE 0, mfeBar 0, MAE 2
      [52, 49, 50, 1, -1], [52, 51, 52, 1, 0], [52, 51, 51, 1, 0]]);
    const r = forwardScan(x, { horizons: [1, 2], maxHorizon: 10, targetTicks: 25 });
    expect([r.mfe[0], r.mfeBar[0], r.mae[0], r.stopped[0], r.bracketTicks[0]]).toEqual([4, 2, 4, 0, -3]);
    expect([r.mfe[5], r.mfeBar[5], r.mae[5], r.stopped[5], r.bracketTicks[5]]).toEqual([0, 0, 2, 0, -1]);
  });

  for (const [name, seed, nextOpen, brk, rate, n] of [
    ["close entry, short sessions, dense signals", 1, false, 0.05, 0.6, 5_000],
    ["next-open entry with gaps through the stop", 2, true, 0.02, 0.4, 20_000],
    ["long sessions, sparse signals", 3, false, 0.002, 0.05, 50_000],
    ["one-bar sessions everywhere", 4, true, 0.7, 0.8, 3_000],
  ] as const) {
    it(`matches the reference exactly on seeded random walks: ${name}`, () => {
      const x = randomWalk(n, seed, { nextOpen, sessionBreak: brk, signalRate: rate });
      for (const p of [spec, { horizons: [1, 3, 7], maxHorizon: 7, targetTicks: 4 }, { horizons: [1], maxHorizon: 1, targetTicks: 1 }]) {
        const got = forwardScan(x, p), want = reference(x, p);
        same(got, want);
      }
    });
  }

  it("the random walks exercise every branch (stopped, target, cut by the session, skipped)", () => {
    const x = randomWalk(20_000, 2, { nextOpen: true, sessionBreak: 0.02, signalRate: 0.4 });
    const r = forwardScan(x, spec);
    const count = (c: Float64Array, f: (v: number) => boolean) => c.reduce((s, v) => s + (f(v) ? 1 : 0), 0);
    expect(count(r.stopped, (v) => v === 1)).toBeGreaterThan(100);
    expect(count(r.stopped, (v) => v === 0)).toBeGreaterThan(100);
    expect(count(r.win, (v) => v === 1)).toBeGreaterThan(100);
    expect(count(r.returns[7]!, Number.isNaN)).toBeGreaterThan(count(r.stopped, Number.isNaN));
    expect(r.skipped).toBeGreaterThan(10);
  });

  it("accepts Arrow vectors in several chunks", () => {
    const x = randomWalk(500, 9, { nextOpen: false, sessionBreak: 0.03, signalRate: 0.5 });
    const chunked = (a: Int32Array | Float64Array | Int8Array, type: Int32 | Float64 | Int8) => {
      const v1 = makeVector({ type, data: a.slice(0, 200) } as never);
      const v2 = makeVector({ type, data: a.slice(200) } as never);
      return (v1 as unknown as { concat(o: unknown): unknown }).concat(v2);
    };
    const input = {
      high: chunked(x.high, new Int32()), low: chunked(x.low, new Int32()), close: chunked(x.close, new Int32()),
      session: chunked(x.session, new Int32()), direction: chunked(x.direction, new Int8()), entry: chunked(x.entry, new Float64()),
    } as unknown as ForwardScanInput;
    same(forwardScan(input, spec), reference(x, spec));
  });

  it("empty input, and bad parameters or entries are refused with the parameter's name", () => {
    const e = forwardScan(rows([]), spec);
    expect(e.mfe.length).toBe(0);
    expect(e.returns.length).toBe(8);
    const x = rows([[10, 5, 8, 0, 1], [10, 5, 8, 0, 0]]);
    expect(() => forwardScan(x, { ...spec, horizons: [5, 200] })).toThrow(/outcomes\.horizons.*200/);
    expect(() => forwardScan(x, { ...spec, maxHorizon: 0 })).toThrow(/outcomes\.maxHorizon/);
    expect(() => forwardScan(x, { ...spec, targetTicks: 2.5 })).toThrow(/outcomes\.targetTicks/);
    expect(() => forwardScan({ ...x, entry: Float64Array.of(8.5, 8) }, spec)).toThrow(/entry of bar 0 is 8\.5/);
    expect(() => forwardScan({ ...x, session: new Int32Array(1) }, spec)).toThrow(/session has 1 rows/);
  });
});
