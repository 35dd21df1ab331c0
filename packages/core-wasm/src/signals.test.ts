import { describe, expect, it } from "vitest";
import { Float64, Int32, makeVector, Uint8 } from "apache-arrow";
import {
  detectRawSignals, EDGE_ROLES, footprintEdges, RAW_FLAG_NAMES, signalHierarchy,
  type EdgeVolumes, type RawSignalFlags, type SignalParams,
} from "./signals.js";

const PARAMS: SignalParams = {
  minAbsDeltaPct: 0, strongTrappedPct: 0.75, minRefVolume: 5, exhaustionRatio: 0.5, accelRatio1: 0.5, accelRatio2: 0.2,
};

// ---------------------------------------------------------------------------------------------
// Plain TypeScript reference of SPEC §5, written the obvious way: one bar at a time, rows looked up
// by price, no SIMD, no branch tricks.
// ---------------------------------------------------------------------------------------------

interface Bars {
  open: Int32Array; high: Int32Array; low: Int32Array; close: Int32Array;
  delta: Float64Array; deltaPct: Float64Array; trappedPct: Float64Array;
}
interface Fp { offset: Int32Array; price: Int32Array; bidVolume: Float64Array; askVolume: Float64Array }

function refEdges(b: Pick<Bars, "high" | "low">, fp: Fp): EdgeVolumes {
  const n = b.high.length;
  const out = Object.fromEntries(EDGE_ROLES.map((r) => [r, new Float64Array(n).fill(NaN)])) as unknown as EdgeVolumes;
  for (let i = 0; i < n; i++) {
    const rowAt = (price: number) => {
      for (let r = fp.offset[i]!; r < fp.offset[i + 1]!; r++) if (fp.price[r] === price) return r;
      return -1;
    };
    const ask = (price: number) => { const r = rowAt(price); return r < 0 ? NaN : fp.askVolume[r]!; };
    const bid = (price: number) => { const r = rowAt(price); return r < 0 ? NaN : fp.bidVolume[r]!; };
    const h = b.high[i]!, l = b.low[i]!;
    // rows that lie outside [low, high] do not exist
    out.askVolHigh0[i] = ask(h);
    out.askVolHigh1[i] = h - 1 >= l ? ask(h - 1) : NaN;
    out.askVolHigh2[i] = h - 2 >= l ? ask(h - 2) : NaN;
    out.bidVolLow0[i] = bid(l);
    out.bidVolLow1[i] = l + 1 <= h ? bid(l + 1) : NaN;
    out.bidVolLow2[i] = l + 2 <= h ? bid(l + 2) : NaN;
  }
  return out;
}

function refRaw(b: Bars, e: EdgeVolumes | undefined, p: SignalParams): RawSignalFlags & { strengthUnknown: number } {
  const n = b.close.length;
  const f = Object.fromEntries(RAW_FLAG_NAMES.map((k) => [k, new Uint8Array(n)])) as unknown as RawSignalFlags;
  let unknown = 0;
  for (let i = 0; i < n; i++) {
    const d = b.delta[i]!;
    const bigEnough = Math.abs(b.deltaPct[i]!) >= p.minAbsDeltaPct;
    const long = bigEnough && d < 0 && b.close[i]! > b.open[i]!;
    const short = bigEnough && d > 0 && b.close[i]! < b.open[i]!;
    const t = b.trappedPct[i]!;
    if (long || short) {
      if (Number.isNaN(t)) unknown++;
      const strong = !Number.isNaN(t) && t >= p.strongTrappedPct;
      if (long) { f.invLong[i] = 1; f.invStrongLong[i] = strong ? 1 : 0; }
      if (short) { f.invShort[i] = 1; f.invStrongShort[i] = strong ? 1 : 0; }
    }
    if (!e) continue;
    const rows = b.high[i]! - b.low[i]! + 1;
    const side = (v0: number, v1: number, v2: number) => {
      if (rows < 2) return [0, 0];
      const std = v1 >= p.minRefVolume && v0 <= p.exhaustionRatio * v1;
      const acc = std && rows >= 3 && v2 >= p.minRefVolume && v1 <= p.accelRatio1 * v2 && v0 <= p.accelRatio2 * v2;
      return [std ? 1 : 0, acc ? 1 : 0];
    };
    [f.exhShort[i], f.exhAccelShort[i]] = side(e.askVolHigh0[i]!, e.askVolHigh1[i]!, e.askVolHigh2[i]!);
    [f.exhLong[i], f.exhAccelLong[i]] = side(e.bidVolLow0[i]!, e.bidVolLow1[i]!, e.bidVolLow2[i]!);
  }
  return { ...f, strengthUnknown: unknown };
}

function refHierarchy(r: RawSignalFlags) {
  const n = r.invLong.length;
  const out = {
    invLong: new Uint8Array(n), invShort: new Uint8Array(n), invStrong: new Uint8Array(n),
    exhLong: new Uint8Array(n), exhShort: new Uint8Array(n), exhAccel: new Uint8Array(n),
    direction: new Int8Array(n), conflicts: 0,
  };
  for (let i = 0; i < n; i++) {
    const il = r.invLong[i] !== 0 || r.invStrongLong[i] !== 0;
    const is = r.invShort[i] !== 0 || r.invStrongShort[i] !== 0;
    const el = r.exhLong[i] !== 0 || r.exhAccelLong[i] !== 0;
    const es = r.exhShort[i] !== 0 || r.exhAccelShort[i] !== 0;
    out.invLong[i] = +il; out.invShort[i] = +is;
    out.invStrong[i] = +(r.invStrongLong[i] !== 0 || r.invStrongShort[i] !== 0);
    out.exhLong[i] = +el; out.exhShort[i] = +es;
    out.exhAccel[i] = +(r.exhAccelLong[i] !== 0 || r.exhAccelShort[i] !== 0);
    const long = il || el, short = is || es;
    out.direction[i] = long && short ? 2 : long ? 1 : short ? -1 : 0;
    if (long && short) out.conflicts++;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Seeded random bars with footprints: small volumes so every threshold is crossed often, exact
// ratio boundaries planted, one- and two-row bars, NaN trappedPct.
// ---------------------------------------------------------------------------------------------

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
}

function randomMarket(n: number, seed: number) {
  const rnd = rng(seed);
  const b: Bars = {
    open: new Int32Array(n), high: new Int32Array(n), low: new Int32Array(n), close: new Int32Array(n),
    delta: new Float64Array(n), deltaPct: new Float64Array(n), trappedPct: new Float64Array(n),
  };
  const offset = new Int32Array(n + 1);
  const rowsOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const rows = 1 + Math.floor(rnd() * 9); // 1 … 9 rows (an 8-tick range bar has 9)
    rowsOf[i] = rows;
    offset[i + 1] = offset[i]! + rows;
  }
  const total = offset[n]!;
  const fp: Fp = { offset, price: new Int32Array(total), bidVolume: new Float64Array(total), askVolume: new Float64Array(total) };
  const vol = () => {
    const u = rnd();
    return u < 0.15 ? 0 : u < 0.3 ? 5 * Math.floor(rnd() * 6) : Math.floor(rnd() * 40); // many multiples of 5
  };
  for (let i = 0; i < n; i++) {
    const rows = rowsOf[i]!;
    const low = 16000 + Math.floor(rnd() * 400);
    b.low[i] = low;
    b.high[i] = low + rows - 1;
    b.open[i] = low + Math.floor(rnd() * rows);
    b.close[i] = rnd() < 0.2 ? b.open[i]! : low + Math.floor(rnd() * rows);
    let bid = 0, ask = 0;
    for (let r = 0; r < rows; r++) {
      const at = offset[i]! + r;
      fp.price[at] = low + r;
      fp.bidVolume[at] = vol();
      fp.askVolume[at] = vol();
      bid += fp.bidVolume[at]!; ask += fp.askVolume[at]!;
    }
    // plant exact tapers at the edges sometimes: a0 = 0.2·a2, a1 = 0.5·a2
    if (rows >= 3 && rnd() < 0.2) {
      const e = offset[i + 1]! - 1, a2 = 5 * (1 + Math.floor(rnd() * 8));
      fp.askVolume[e - 2] = a2; fp.askVolume[e - 1] = a2 / 2; fp.askVolume[e] = a2 / 5;
    }
    if (rows >= 3 && rnd() < 0.2) {
      const s = offset[i]!, b2 = 5 * (1 + Math.floor(rnd() * 8));
      fp.bidVolume[s + 2] = b2; fp.bidVolume[s + 1] = b2 / 2; fp.bidVolume[s] = b2 / 5;
    }
    const v = bid + ask;
    b.delta[i] = ask - bid;
    b.deltaPct[i] = v === 0 ? 0 : b.delta[i]! / v;
    const t = rnd();
    b.trappedPct[i] = t < 0.1 ? NaN : t < 0.15 ? 0.75 : b.delta[i] === 0 ? 0 : rnd();
  }
  return { bars: b, fp };
}

function sameArrays(got: Record<string, unknown>, want: Record<string, unknown>, keys: readonly string[]) {
  for (const k of keys) {
    const g = got[k] as ArrayLike<number>, w = want[k] as ArrayLike<number>;
    expect(g.length, k).toBe(w.length);
    for (let i = 0; i < w.length; i++) {
      if (!Object.is(g[i], w[i])) throw new Error(`${k}[${i}]: wasm ${g[i]} vs reference ${w[i]}`);
    }
  }
}

/** One bar (low … high) with its footprint rows given low to high as [bid, ask]. */
function oneBar(o: { open: number; close: number; low: number; rows: [number, number][]; delta?: number; trapped?: number; deltaPct?: number }) {
  const n = o.rows.length;
  const delta = o.delta ?? o.rows.reduce((s, [b, a]) => s + a - b, 0);
  const vol = o.rows.reduce((s, [b, a]) => s + a + b, 0);
  return {
    open: Int32Array.of(o.open), high: Int32Array.of(o.low + n - 1), low: Int32Array.of(o.low), close: Int32Array.of(o.close),
    delta: Float64Array.of(delta), deltaPct: Float64Array.of(o.deltaPct ?? (vol === 0 ? 0 : delta / vol)),
    trappedPct: Float64Array.of(o.trapped ?? NaN),
    footprint: {
      offset: Int32Array.of(0, n), price: Int32Array.from(o.rows, (_, r) => o.low + r),
      bidVolume: Float64Array.from(o.rows, ([b]) => b), askVolume: Float64Array.from(o.rows, ([, a]) => a),
    },
  };
}
/**
 * The same bar three times over: bars 0 and 1 go through the kernels' two-lane SIMD step, bar 2
 * through the scalar tail, so every hand-built case pins both code paths (they must agree).
 */
function threeTimes(bar: ReturnType<typeof oneBar>): ReturnType<typeof oneBar> {
  const rep = <T extends Int32Array | Float64Array>(a: T): T => {
    const out = new (a.constructor as { new (n: number): T })(a.length * 3);
    for (let k = 0; k < 3; k++) out.set(a, k * a.length);
    return out;
  };
  const rows = bar.footprint.price.length;
  return {
    open: rep(bar.open), high: rep(bar.high), low: rep(bar.low), close: rep(bar.close),
    delta: rep(bar.delta), deltaPct: rep(bar.deltaPct), trappedPct: rep(bar.trappedPct),
    footprint: {
      offset: Int32Array.of(0, rows, 2 * rows, 3 * rows), price: rep(bar.footprint.price),
      bidVolume: rep(bar.footprint.bidVolume), askVolume: rep(bar.footprint.askVolume),
    },
  };
}
const flagsOf = (bar: ReturnType<typeof oneBar>, p = PARAMS) => {
  const r = detectRawSignals(threeTimes(bar), p);
  for (const k of RAW_FLAG_NAMES) {
    if (r[k][0] !== r[k][2] || r[k][1] !== r[k][2]) throw new Error(`${k}: SIMD lanes ${r[k][0]}, ${r[k][1]} vs scalar tail ${r[k][2]}`);
  }
  return Object.fromEntries(RAW_FLAG_NAMES.map((k) => [k, r[k][0]])) as Record<keyof RawSignalFlags, number>;
};

describe("inversion (hand-built bars, SPEC §5)", () => {
  const flat: [number, number][] = [[10, 10], [10, 10], [10, 10]];
  it("long: D < 0 and close > open; short: D > 0 and close < open", () => {
    const long = flagsOf(oneBar({ open: 100, close: 102, low: 100, rows: flat, delta: -50, trapped: 0.5 }));
    expect([long.invLong, long.invShort, long.invStrongLong]).toEqual([1, 0, 0]);
    const short = flagsOf(oneBar({ open: 102, close: 100, low: 100, rows: flat, delta: 50, trapped: 0.5 }));
    expect([short.invLong, short.invShort, short.invStrongShort]).toEqual([0, 1, 0]);
  });
  it("no inversion when delta agrees with the bar, when D = 0, or when open = close", () => {
    expect(flagsOf(oneBar({ open: 100, close: 102, low: 100, rows: flat, delta: 50 })).invLong).toBe(0);
    expect(flagsOf(oneBar({ open: 100, close: 102, low: 100, rows: flat, delta: 50 })).invShort).toBe(0);
    const d0 = flagsOf(oneBar({ open: 100, close: 102, low: 100, rows: flat, delta: 0, trapped: 0 }));
    expect([d0.invLong, d0.invShort]).toEqual([0, 0]);
    const d0down = flagsOf(oneBar({ open: 102, close: 100, low: 100, rows: flat, delta: 0, trapped: 0 }));
    expect([d0down.invLong, d0down.invShort]).toEqual([0, 0]);
    const dojiUp = flagsOf(oneBar({ open: 101, close: 101, low: 100, rows: flat, delta: 50, trapped: 0.9 }));
    expect([dojiUp.invLong, dojiUp.invShort, dojiUp.invStrongShort]).toEqual([0, 0, 0]);
    const doji = flagsOf(oneBar({ open: 101, close: 101, low: 100, rows: flat, delta: -50, trapped: 0.9 }));
    expect([doji.invLong, doji.invShort, doji.invStrongLong]).toEqual([0, 0, 0]);
  });
  it("strong at trappedPct exactly 0.75, not at 0.7499…, not when trappedPct is NaN", () => {
    const at = flagsOf(oneBar({ open: 100, close: 102, low: 100, rows: flat, delta: -150, trapped: 150 / 200 }));
    expect(150 / 200).toBe(0.75);
    expect([at.invLong, at.invStrongLong]).toEqual([1, 1]);
    const below = flagsOf(oneBar({ open: 100, close: 102, low: 100, rows: flat, delta: -149, trapped: 149 / 199 }));
    expect([below.invLong, below.invStrongLong]).toEqual([1, 0]);
    const r = detectRawSignals(oneBar({ open: 102, close: 100, low: 100, rows: flat, delta: 150 }), PARAMS);
    expect([r.invShort[0], r.invStrongShort[0], r.strengthUnknown]).toEqual([1, 0, 1]);
  });
  it("seed example: D = −200 with min delta −250 is 80% trapped → strong; the short mirror too", () => {
    // trappedPct = D / minDelta = −200 / −250 = 0.8 ≥ 0.75 (short: D / maxDelta = 200 / 250)
    const long = flagsOf(oneBar({ open: 100, close: 102, low: 100, rows: flat, delta: -200, trapped: -200 / -250 }));
    expect([long.invLong, long.invStrongLong, long.invShort]).toEqual([1, 1, 0]);
    const short = flagsOf(oneBar({ open: 102, close: 100, low: 100, rows: flat, delta: 200, trapped: 200 / 250 }));
    expect([short.invShort, short.invStrongShort, short.invLong]).toEqual([1, 1, 0]);
    // a short at 0.7499… (149 / 199) is standard; strongTrappedPct is a parameter (0.85 makes 0.8 standard)
    expect(flagsOf(oneBar({ open: 102, close: 100, low: 100, rows: flat, delta: 149, trapped: 149 / 199 })).invStrongShort).toBe(0);
    expect(flagsOf(oneBar({ open: 102, close: 100, low: 100, rows: flat, delta: 200, trapped: 0.8 }), { ...PARAMS, strongTrappedPct: 0.85 }).invStrongShort).toBe(0);
  });
  it("minAbsDeltaPct on a short: deltaPct +0.25 passes 0.25, not 0.2500001; the default 0 lets any D > 0 through", () => {
    const bar = oneBar({ open: 102, close: 100, low: 100, rows: flat, delta: 15, deltaPct: 0.25 });
    expect(flagsOf(bar, { ...PARAMS, minAbsDeltaPct: 0.25 }).invShort).toBe(1);
    expect(flagsOf(bar, { ...PARAMS, minAbsDeltaPct: 0.2500001 }).invShort).toBe(0);
    expect(flagsOf(oneBar({ open: 102, close: 100, low: 100, rows: flat, delta: 1, deltaPct: 1 / 1000 })).invShort).toBe(1);
  });
  it("minAbsDeltaPct: |deltaPct| must reach the threshold (equality passes)", () => {
    const bar = oneBar({ open: 100, close: 102, low: 100, rows: flat, delta: -15, deltaPct: -0.25 });
    expect(flagsOf(bar, { ...PARAMS, minAbsDeltaPct: 0.25 }).invLong).toBe(1);
    expect(flagsOf(bar, { ...PARAMS, minAbsDeltaPct: 0.2500001 }).invLong).toBe(0);
  });
});

describe("exhaustion (hand-built footprints, SPEC §5)", () => {
  // rows low → high as [bid, ask]; bar opens = closes so no inversion interferes
  const bar = (rows: [number, number][]) => oneBar({ open: 100, close: 100, low: 100, rows });
  it("short standard: a1 ≥ 5 and a0 exactly 0.5·a1 qualifies; a0 above does not", () => {
    expect(flagsOf(bar([[0, 0], [0, 0], [0, 10], [0, 5]])).exhShort).toBe(1);
    expect(flagsOf(bar([[0, 0], [0, 0], [0, 10], [0, 6]])).exhShort).toBe(0);
  });
  it("reference volume just under the minimum does not qualify (a1 = 4.999, a0 = 0)", () => {
    const f = flagsOf(bar([[0, 0], [0, 50], [0, 4.999], [0, 0]]));
    expect([f.exhShort, f.exhAccelShort]).toEqual([0, 0]);
    expect(flagsOf(bar([[0, 0], [0, 50], [0, 5], [0, 0]])).exhShort).toBe(1);
  });
  it("short accelerated: a2 = 20, a1 = 10 (0.5·a2), a0 = 4 (exactly 0.2·a2)", () => {
    const f = flagsOf(bar([[0, 0], [0, 20], [0, 10], [0, 4]]));
    expect([f.exhShort, f.exhAccelShort]).toEqual([1, 1]);
    // a0 = 5 > 0.2·20: standard only
    const g = flagsOf(bar([[0, 0], [0, 20], [0, 10], [0, 5]]));
    expect([g.exhShort, g.exhAccelShort]).toEqual([1, 0]);
    // a1 = 11 > 0.5·20: standard only (a0 ≤ 0.5·a1 still)
    const h = flagsOf(bar([[0, 0], [0, 20], [0, 11], [0, 4]]));
    expect([h.exhShort, h.exhAccelShort]).toEqual([1, 0]);
    // a2 = 4.99 just under minRef: standard but not accelerated, though (with accelRatio1 = 2) the ratios hold
    const loose = { ...PARAMS, accelRatio1: 2, accelRatio2: 2 };
    const k = flagsOf(bar([[0, 0], [0, 4.99], [0, 5], [0, 0]]), loose);
    expect([k.exhShort, k.exhAccelShort]).toEqual([1, 0]);
    const m = flagsOf(bar([[0, 0], [0, 5], [0, 5], [0, 0]]), loose);
    expect([m.exhShort, m.exhAccelShort]).toEqual([1, 1]);
  });
  it("long is the mirror on bidVolume at low, low + 1, low + 2", () => {
    const f = flagsOf(bar([[4, 0], [10, 0], [20, 0], [0, 0]]));
    expect([f.exhLong, f.exhAccelLong, f.exhShort]).toEqual([1, 1, 0]);
    const g = flagsOf(bar([[6, 0], [10, 0], [20, 0], [0, 0]]));
    expect([g.exhLong, g.exhAccelLong]).toEqual([0, 0]);
  });
  it("a two-row bar can be standard, never accelerated; a one-row bar never qualifies", () => {
    const two = flagsOf(bar([[0, 10], [0, 0]]));
    expect([two.exhShort, two.exhAccelShort]).toEqual([1, 0]);
    const twoLong = flagsOf(bar([[0, 0], [10, 0]]));
    expect([twoLong.exhLong, twoLong.exhAccelLong]).toEqual([1, 0]);
    const one = flagsOf(bar([[0, 0]]));
    expect([one.exhLong, one.exhShort]).toEqual([0, 0]);
  });
  it("every threshold is a parameter", () => {
    const b = bar([[0, 0], [0, 20], [0, 10], [0, 4]]);
    expect(flagsOf(b, { ...PARAMS, minRefVolume: 21 }).exhShort).toBe(0);
    expect(flagsOf(b, { ...PARAMS, exhaustionRatio: 0.39 }).exhShort).toBe(0);
    expect(flagsOf(b, { ...PARAMS, accelRatio1: 0.49 }).exhAccelShort).toBe(0);
    expect(flagsOf(b, { ...PARAMS, accelRatio2: 0.19 }).exhAccelShort).toBe(0);
  });
  it("no footprint and no edges: exhaustion not computed and said so", () => {
    const { footprint: _, ...b } = bar([[0, 0], [0, 20], [0, 10], [0, 4]]);
    const r = detectRawSignals(b, PARAMS);
    expect(r.exhaustionFrom).toBe("none");
    expect([r.exhShort[0], r.exhAccelShort[0]]).toEqual([0, 0]);
  });
  it("long boundaries by hand (the mirror of the short ones): b1 = 5 vs 4.999, b0 = 0.5·b1, b1 = 0.5·b2, b0 = 0.2·b2", () => {
    // rows low → high as [bid, ask]; b0, b1, b2 = bid at low, low + 1, low + 2
    const std = flagsOf(bar([[5, 0], [10, 0], [0, 0], [0, 0]])); // b0 = 5 = 0.5·10, b1 = 10 ≥ 5; b2 = 0: standard only
    expect([std.exhLong, std.exhAccelLong, std.exhShort]).toEqual([1, 0, 0]);
    expect(flagsOf(bar([[6, 0], [10, 0], [0, 0]])).exhLong).toBe(0); // 6 > 0.5·10
    expect(flagsOf(bar([[0, 0], [5, 0], [50, 0]])).exhLong).toBe(1); // b1 = 5 = minRefVolume, b0 = 0
    const under = flagsOf(bar([[0, 0], [4.999, 0], [50, 0]])); // b1 under minRefVolume: nothing, not even accelerated
    expect([under.exhLong, under.exhAccelLong]).toEqual([0, 0]);
    // b2 = 30: b1 = 15 = 0.5·30 and b0 = 6 = 0.2·30 → accelerated; b1 = 16 or b0 = 7 → standard only
    expect([flagsOf(bar([[6, 0], [15, 0], [30, 0]])).exhLong, flagsOf(bar([[6, 0], [15, 0], [30, 0]])).exhAccelLong]).toEqual([1, 1]);
    const b1over = flagsOf(bar([[6, 0], [16, 0], [30, 0]]));
    expect([b1over.exhLong, b1over.exhAccelLong]).toEqual([1, 0]);
    const b0over = flagsOf(bar([[7, 0], [15, 0], [30, 0]]));
    expect([b0over.exhLong, b0over.exhAccelLong]).toEqual([1, 0]);
    // b2 ≥ minRefVolume only binds with loose ratios: b2 = 5 qualifies, 4.99 does not
    const loose = { ...PARAMS, accelRatio1: 2, accelRatio2: 2 };
    expect(flagsOf(bar([[0, 0], [5, 0], [5, 0]]), loose).exhAccelLong).toBe(1);
    const k = flagsOf(bar([[0, 0], [5, 0], [4.99, 0]]), loose);
    expect([k.exhLong, k.exhAccelLong]).toEqual([1, 0]);
  });
  it("edge columns: cells of rows a bar does not have are never read, whatever the export wrote there", () => {
    // Every bar carries the same edge cells a0 = b0 = 0, a1 = b1 = 10, a2 = b2 = 100 — an accelerated taper
    // on both sides if all three rows existed (10 ≥ 5, 0 ≤ 0.5·10; 100 ≥ 5, 10 ≤ 50, 0 ≤ 20).
    // A one-row bar (high = low) has neither a1 nor a2: nothing. A two-row bar has no a2: standard only.
    // A three-row bar is the control: accelerated on both sides. Bars 0–5 run in SIMD pairs, bar 6 in
    // the scalar tail; the second layout puts a one-row bar in the tail.
    for (const rowsOf of [[1, 2, 3, 2, 1, 3, 2], [2, 3, 3, 2, 2, 1, 1]]) {
      const n = rowsOf.length;
      const low = Int32Array.from(rowsOf, () => 100), high = Int32Array.from(rowsOf, (r) => 100 + r - 1);
      const fill = (v: number) => new Float64Array(n).fill(v);
      const r = detectRawSignals({
        open: new Int32Array(n).fill(100), high, low, close: new Int32Array(n).fill(100),
        delta: fill(0), deltaPct: fill(0), trappedPct: fill(0),
        edges: { askVolHigh0: fill(0), askVolHigh1: fill(10), askVolHigh2: fill(100), bidVolLow0: fill(0), bidVolLow1: fill(10), bidVolLow2: fill(100) },
      }, PARAMS);
      expect(Array.from(r.exhShort)).toEqual(rowsOf.map((k) => (k >= 2 ? 1 : 0)));
      expect(Array.from(r.exhLong)).toEqual(rowsOf.map((k) => (k >= 2 ? 1 : 0)));
      expect(Array.from(r.exhAccelShort)).toEqual(rowsOf.map((k) => (k >= 3 ? 1 : 0)));
      expect(Array.from(r.exhAccelLong)).toEqual(rowsOf.map((k) => (k >= 3 ? 1 : 0)));
    }
  });
  it("a footprint that does not span low … high is rejected, not guessed", () => {
    const b = bar([[0, 0], [0, 20], [0, 10], [0, 4]]);
    b.footprint.price[0] = 99;
    expect(() => detectRawSignals(b, PARAMS)).toThrow(/bar 0 does not hold one row per tick/);
    const good = bar([[0, 0], [0, 20], [0, 10], [0, 4]]).footprint;
    // offsets that leave the rows, or do not end at the row count, are caught by the kernel
    expect(() => detectRawSignals({ ...b, footprint: { ...good, offset: Int32Array.of(0, 3) } }, PARAMS)).toThrow(/bar 0 does not hold/);
    expect(() => detectRawSignals({ ...b, footprint: { ...good, offset: Int32Array.of(1, 5) } }, PARAMS)).toThrow(/leave the rows/);
    const longer = { ...good, price: Int32Array.of(100, 101, 102, 103, 104), bidVolume: new Float64Array(5), askVolume: new Float64Array(5) };
    expect(() => detectRawSignals({ ...b, footprint: longer }, PARAMS)).toThrow(/offset\[1\] does not equal its row count/);
    expect(() => detectRawSignals({ ...b, footprint: { ...good, bidVolume: new Float64Array(3) } }, PARAMS)).toThrow(/bidVolume has 3 rows, expected 4/);
  });
  it("rejects thresholds that are NaN or negative", () => {
    const b = bar([[0, 0], [0, 5]]);
    expect(() => detectRawSignals(b, { ...PARAMS, minRefVolume: NaN })).toThrow(/signals.minRefVolume/);
    expect(() => detectRawSignals(b, { ...PARAMS, accelRatio2: -1 })).toThrow(/signals.accelRatio2/);
  });
});

describe("hierarchy (SPEC §5)", () => {
  const raw = (bits: Partial<Record<keyof RawSignalFlags, number[]>>, n: number) =>
    Object.fromEntries(RAW_FLAG_NAMES.map((k) => [k, Uint8Array.from(bits[k] ?? new Array(n).fill(0))])) as unknown as RawSignalFlags;
  it("strong overrides standard, accelerated overrides standard, conflicts counted", () => {
    const r = raw({
      invLong: [1, 0, 0, 1, 0, 0], invStrongLong: [0, 1, 0, 1, 0, 0], invShort: [0, 0, 0, 0, 0, 0],
      exhShort: [0, 0, 1, 1, 0, 0], exhAccelShort: [0, 0, 0, 0, 1, 0], exhLong: [0, 0, 0, 0, 0, 7],
    }, 6);
    const h = signalHierarchy(r);
    expect(Array.from(h.invLong)).toEqual([1, 1, 0, 1, 0, 0]);
    expect(Array.from(h.invStrong)).toEqual([0, 1, 0, 1, 0, 0]);
    expect(Array.from(h.exhShort)).toEqual([0, 0, 1, 1, 1, 0]);
    expect(Array.from(h.exhAccel)).toEqual([0, 0, 0, 0, 1, 0]);
    expect(Array.from(h.exhLong)).toEqual([0, 0, 0, 0, 0, 1]);
    expect(Array.from(h.direction)).toEqual([1, 1, -1, 2, -1, 1]);
    expect(h.conflicts).toBe(1);
  });
  it("matches the reference on random flags across the SIMD block and its tail", () => {
    for (const n of [0, 1, 15, 16, 17, 33, 5000]) {
      const rnd = rng(n + 11);
      const r = raw(Object.fromEntries(RAW_FLAG_NAMES.map((k) => [k, Array.from({ length: n }, () => (rnd() < 0.15 ? (rnd() < 0.5 ? 1 : 255) : 0))])), n);
      const got = signalHierarchy(r), want = refHierarchy(r);
      sameArrays(got as never, want as never, ["invLong", "invShort", "invStrong", "exhLong", "exhShort", "exhAccel", "direction"]);
      expect(got.conflicts).toBe(want.conflicts);
    }
  });
});

describe("signals kernels against the plain reference (seeded random footprints)", () => {
  it("footprintEdges equals the by-price lookup", () => {
    for (const [n, seed] of [[1, 1], [2, 2], [777, 3], [20_000, 4]] as const) {
      const { bars, fp } = randomMarket(n, seed);
      sameArrays(footprintEdges({ high: bars.high, low: bars.low, ...fp }) as never, refEdges(bars, fp) as never, EDGE_ROLES);
    }
  });
  it("detectRawSignals equals the reference, from the footprint and from the edge columns", () => {
    const params: SignalParams[] = [PARAMS, { ...PARAMS, minAbsDeltaPct: 0.1, strongTrappedPct: 0.5, minRefVolume: 10, exhaustionRatio: 0.4 }];
    for (const [n, seed] of [[1, 5], [3, 6], [999, 7], [50_000, 8]] as const) {
      const { bars, fp } = randomMarket(n, seed);
      const edges = refEdges(bars, fp);
      for (const p of params) {
        const want = refRaw(bars, edges, p);
        const fromFp = detectRawSignals({ ...bars, footprint: fp }, p);
        sameArrays(fromFp as never, want as never, RAW_FLAG_NAMES);
        expect(fromFp.strengthUnknown).toBe(want.strengthUnknown);
        // an export writes 0 (not NaN) for rows a short bar lacks: the row count still decides
        const exported = Object.fromEntries(EDGE_ROLES.map((r) => [r, edges[r].map((v) => (Number.isNaN(v) ? 0 : v))]));
        const fromEdges = detectRawSignals({ ...bars, edges: exported }, p);
        expect(fromEdges.exhaustionFrom).toBe("edges");
        sameArrays(fromEdges as never, want as never, RAW_FLAG_NAMES);
      }
      // planted signals make sure the comparison is not between empty columns
      if (n > 100) {
        const sum = (a: Uint8Array) => a.reduce((s, v) => s + v, 0);
        const w = refRaw(bars, edges, PARAMS);
        for (const k of RAW_FLAG_NAMES) expect(sum(w[k]), k).toBeGreaterThan(0);
      }
    }
  });
  it("a missing edge column counts as NaN: accelerated cannot fire without askVolHigh2", () => {
    const { bars, fp } = randomMarket(2000, 12);
    const edges = refEdges(bars, fp);
    const { askVolHigh2: _, ...partial } = edges;
    const got = detectRawSignals({ ...bars, edges: partial }, PARAMS);
    expect(got.exhAccelShort.every((v) => v === 0)).toBe(true);
    const want = refRaw(bars, { ...edges, askVolHigh2: new Float64Array(2000).fill(NaN) }, PARAMS);
    sameArrays(got as never, want as never, RAW_FLAG_NAMES);
  });
  it("accepts Arrow vectors in several chunks", () => {
    const { bars, fp } = randomMarket(300, 13);
    const chunked = (a: Int32Array | Float64Array | Uint8Array, type: Int32 | Float64 | Uint8) => {
      const v1 = makeVector({ type, data: a.slice(0, 100) } as never);
      const v2 = makeVector({ type, data: a.slice(100) } as never);
      return (v1 as unknown as { concat(o: unknown): unknown }).concat(v2) as never;
    };
    const input = {
      open: chunked(bars.open, new Int32()), high: chunked(bars.high, new Int32()), low: chunked(bars.low, new Int32()),
      close: chunked(bars.close, new Int32()), delta: chunked(bars.delta, new Float64()),
      deltaPct: chunked(bars.deltaPct, new Float64()), trappedPct: chunked(bars.trappedPct, new Float64()),
      footprint: { offset: chunked(fp.offset, new Int32()), price: chunked(fp.price, new Int32()),
        bidVolume: chunked(fp.bidVolume, new Float64()), askVolume: chunked(fp.askVolume, new Float64()) },
    };
    const got = detectRawSignals(input, PARAMS);
    sameArrays(got as never, refRaw(bars, refEdges(bars, fp), PARAMS) as never, RAW_FLAG_NAMES);
    const h = signalHierarchy(Object.fromEntries(RAW_FLAG_NAMES.map((k) => [k, chunked(got[k], new Uint8())])) as never);
    sameArrays(h as never, refHierarchy(got) as never, ["invLong", "direction"]);
  });
  it("rejects columns of different lengths", () => {
    const { bars } = randomMarket(10, 1);
    expect(() => detectRawSignals({ ...bars, open: new Int32Array(9) }, PARAMS)).toThrow(/open has 9 rows, expected 10/);
  });
});
