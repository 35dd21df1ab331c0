import { describe, expect, it } from "vitest";
import { makeVector, Float64, Int32 } from "apache-arrow";
import { barMetrics, type BarMetricsInput } from "./barMetrics.js";
import { wasmPath } from "./wasm.js";
import { existsSync } from "node:fs";

/** Plain TypeScript reference of SPEC §5, written the obvious way (no SIMD, fresh sums). */
function reference(x: ReturnType<typeof plain>, window: number) {
  const n = x.close.length;
  const out = {
    deltaPct: new Float64Array(n), trappedPct: new Float64Array(n), volStar: new Float64Array(n),
    tdLong: new Float64Array(n), tdShort: new Float64Array(n), closeLocation: new Float64Array(n),
  };
  let groupStart = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && x.group[i] !== x.group[i - 1]) groupStart = i;
    const v = x.volume[i]!, d = x.delta[i]!;
    out.deltaPct[i] = v === 0 ? 0 : d / v;
    if (d < 0) out.trappedPct[i] = x.minDelta[i] === 0 || Number.isNaN(x.minDelta[i]) ? NaN : d / x.minDelta[i]!;
    else if (d > 0) out.trappedPct[i] = x.maxDelta[i] === 0 || Number.isNaN(x.maxDelta[i]) ? NaN : d / x.maxDelta[i]!;
    else out.trappedPct[i] = Number.isNaN(d) ? NaN : 0;
    if (i - groupStart + 1 < window) out.volStar[i] = NaN;
    else {
      let s = 0;
      for (let k = i - window + 1; k <= i; k++) s += x.volume[k]!;
      out.volStar[i] = v / (s / window);
    }
    const h = x.high[i]!, l = x.low[i]!, c = x.close[i]!;
    out.tdLong[i] = c / l;
    out.tdShort[i] = c / h;
    out.closeLocation[i] = h === l ? 0.5 : (c - l) / (h - l);
  }
  return out;
}

function plain(n: number, seed: number) {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
  const x = {
    high: new Int32Array(n), low: new Int32Array(n), close: new Int32Array(n), group: new Int32Array(n),
    volume: new Float64Array(n), delta: new Float64Array(n), maxDelta: new Float64Array(n), minDelta: new Float64Array(n),
  };
  let g = 0;
  for (let i = 0; i < n; i++) {
    if (rnd() < 0.01) g++;
    const low = 18000 + Math.floor(rnd() * 400);
    const range = Math.floor(rnd() * 9); // 0 … 8 ticks, high = low included
    x.low[i] = low;
    x.high[i] = low + range;
    x.close[i] = low + Math.floor(rnd() * (range + 1));
    x.group[i] = g;
    const vol = rnd() < 0.05 ? 0 : Math.floor(rnd() * 3000);
    const ask = Math.floor(rnd() * (vol + 1));
    x.volume[i] = vol;
    x.delta[i] = ask - (vol - ask);
    const d = x.delta[i]!;
    x.maxDelta[i] = rnd() < 0.05 ? 0 : Math.max(d, 0) + Math.floor(rnd() * 200);
    x.minDelta[i] = rnd() < 0.05 ? 0 : Math.min(d, 0) - Math.floor(rnd() * 200);
    if (rnd() < 0.02) { x.maxDelta[i] = NaN; x.minDelta[i] = NaN; }
  }
  return x;
}

const same = (a: Float64Array, b: Float64Array) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) throw new Error(`row ${i}: wasm ${a[i]} vs reference ${b[i]}`);
};

describe("barMetrics (compiled wasm)", () => {
  it("runs the compiled module, not a fallback", () => {
    expect(existsSync(wasmPath)).toBe(true);
  });

  it("seed example: delta −200 with min delta −250 is 80% trapped", () => {
    const m = barMetrics({
      high: Int32Array.of(20004), low: Int32Array.of(20000), close: Int32Array.of(20003),
      volume: Float64Array.of(1000), delta: Float64Array.of(-200), maxDelta: Float64Array.of(40),
      minDelta: Float64Array.of(-250), group: Int32Array.of(0),
    }, 1);
    expect(m.trappedPct[0]).toBe(0.8);
    expect(m.deltaPct[0]).toBe(-0.2);
    expect(m.closeLocation[0]).toBe(0.75);
    expect(m.volStar[0]).toBe(1);
    expect(m.tdLong[0]).toBe(20003 / 20000);
    expect(m.tdShort[0]).toBe(20003 / 20004);
  });

  it("hand-computed edge cases: V = 0, D = 0, zero extremes, high = low", () => {
    const m = barMetrics({
      high: Int32Array.of(100, 104, 108, 100), low: Int32Array.of(100, 100, 100, 92),
      close: Int32Array.of(100, 101, 100, 96), volume: Float64Array.of(0, 10, 20, 30),
      delta: Float64Array.of(0, 0, 6, -3), maxDelta: Float64Array.of(0, 5, 0, 4),
      minDelta: Float64Array.of(0, -5, -2, 0), group: Int32Array.of(7, 7, 7, 7),
    }, 3);
    expect(Array.from(m.deltaPct)).toEqual([0, 0, 0.3, -0.1]);
    // D = 0 → 0; D > 0 with max delta 0 and D < 0 with min delta 0 are impossible extremes → NaN
    expect(Array.from(m.trappedPct)).toEqual([0, 0, NaN, NaN]);
    expect(Array.from(m.closeLocation)).toEqual([0.5, 0.25, 0, 0.5]);
    // window 3: NaN, NaN, 20 / 10, 30 / 20
    expect(Array.from(m.volStar)).toEqual([NaN, NaN, 2, 1.5]);
  });

  it("volStar: NaN until the window fills, restarts at a contract change, window 1 is V/V", () => {
    const vol = Float64Array.from({ length: 6 }, (_, i) => (i + 1) * 10);
    const base = { high: new Int32Array(6).fill(5), low: new Int32Array(6).fill(1), close: new Int32Array(6).fill(3), volume: vol, delta: new Float64Array(6), maxDelta: new Float64Array(6), minDelta: new Float64Array(6) };
    const m = barMetrics({ ...base, group: Int32Array.of(0, 0, 0, 1, 1, 1) }, 2);
    expect(Array.from(m.volStar)).toEqual([NaN, 20 / 15, 30 / 25, NaN, 50 / 45, 60 / 55]);
    const w1 = barMetrics({ ...base, group: new Int32Array(6) }, 1);
    expect(Array.from(w1.volStar)).toEqual([1, 1, 1, 1, 1, 1]);
    const long = barMetrics({ ...base, group: new Int32Array(6) }, 50);
    expect(Array.from(long.volStar).every(Number.isNaN)).toBe(true);
  });

  it("volStar at the default window of 50: the 50th bar of each contract is the first with a value", () => {
    // contract 0: volumes 1 … 60; contract 1: 50 bars, volume 100 except its 50th bar (150)
    const n = 110;
    const vol = new Float64Array(n);
    for (let i = 0; i < 60; i++) vol[i] = i + 1;
    vol.fill(100, 60);
    vol[109] = 150;
    const group = new Int32Array(n).fill(1, 60);
    const z = new Float64Array(n);
    const m = barMetrics({ high: new Int32Array(n).fill(5), low: new Int32Array(n).fill(1), close: new Int32Array(n).fill(3),
      volume: vol, delta: z, maxDelta: z, minDelta: z, group });
    expect(Number.isNaN(m.volStar[48]!)).toBe(true); // 49 bars: not yet
    expect(m.volStar[49]).toBe(50 / 25.5); // bars 0 … 49: mean(1 … 50) = 25.5
    expect(m.volStar[59]).toBe(60 / 35.5); // bars 10 … 59: mean(11 … 60) = 35.5
    // the new contract starts over: its first 49 bars are NaN, though 60 bars of the old one came before
    expect(Array.from(m.volStar.subarray(60, 109)).every(Number.isNaN)).toBe(true);
    expect(m.volStar[109]).toBe(150 / ((49 * 100 + 150) / 50)); // 150 / 101
  });

  it("matches the reference exactly on random columns (odd and even lengths, windows 1, 7, 50)", () => {
    for (const [n, seed] of [[1, 1], [2, 2], [999, 3], [20_000, 4]] as const) {
      const x = plain(n, seed);
      for (const w of [1, 7, 50]) {
        const got = barMetrics(x, w), want = reference(x, w);
        for (const k of Object.keys(want) as (keyof typeof want)[]) same(got[k], want[k]);
      }
    }
  });

  it("accepts Arrow vectors (several chunks) as well as typed arrays", () => {
    const x = plain(300, 9);
    const chunked = <T extends Int32Array | Float64Array>(a: T, type: Int32 | Float64) => {
      const v1 = makeVector({ type, data: a.slice(0, 100) } as never);
      const v2 = makeVector({ type, data: a.slice(100) } as never);
      return (v1 as unknown as { concat(o: unknown): unknown }).concat(v2);
    };
    const input = {
      high: chunked(x.high, new Int32()), low: chunked(x.low, new Int32()), close: chunked(x.close, new Int32()),
      group: chunked(x.group, new Int32()), volume: chunked(x.volume, new Float64()), delta: chunked(x.delta, new Float64()),
      maxDelta: chunked(x.maxDelta, new Float64()), minDelta: chunked(x.minDelta, new Float64()),
    } as unknown as BarMetricsInput;
    const got = barMetrics(input, 50), want = reference(x, 50);
    for (const k of Object.keys(want) as (keyof typeof want)[]) same(got[k], want[k]);
  });

  it("survives memory growth between calls (views are re-created)", () => {
    const small = plain(10, 5);
    const a = barMetrics(small, 3);
    const big = plain(2_000_000, 6); // forces memory.grow
    barMetrics(big, 50);
    const b = barMetrics(small, 3);
    for (const k of Object.keys(a) as (keyof typeof a)[]) same(b[k], a[k]);
  });

  it("rejects columns of different lengths and a bad window", () => {
    const x = plain(10, 1);
    expect(() => barMetrics({ ...x, close: new Int32Array(9) }, 3)).toThrow(/close has 9 rows, expected 10|has 10 rows, expected 9/);
    expect(() => barMetrics(x, 0)).toThrow(/window/);
  });
});
