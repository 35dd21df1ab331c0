// Differential tests of the speed paths of the analysis' inference against the plain forms they
// replace: the same random draws and bit-identical figures (Object.is, so −0 ≠ +0 and NaN = NaN).
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../thresholds/prng.js";
import { stationaryMulberryResampler, stationaryResampler } from "./resampler.js";
import { makeResampler } from "./resampling-scheme.js";
import { meanOf, profitFactorOf } from "./row-statistics.js";
import { sessionBlockBootstrap } from "./session-block-bootstrap.js";
import { tradeSessionBootstrap } from "./trade-bootstrap.js";

/** Every number of `a` and `b` equal by Object.is, walking objects and typed arrays. */
function identical(a: unknown, b: unknown, path = "$"): string | null {
  if (typeof a === "number" || typeof b === "number") return Object.is(a, b) ? null : `${path}: ${String(a)} vs ${String(b)}`;
  if (ArrayBuffer.isView(a) || Array.isArray(a)) {
    const x = a as ArrayLike<unknown>, y = b as ArrayLike<unknown>;
    if (x.length !== y.length) return `${path}: length ${x.length} vs ${y.length}`;
    for (let i = 0; i < x.length; i++) {
      const d = identical(x[i], y[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (a && typeof a === "object") {
    const ka = Object.keys(a), kb = Object.keys(b as object);
    if (ka.join() !== kb.join()) return `${path}: keys ${ka.join()} vs ${kb.join()}`;
    for (const k of ka) {
      const d = identical((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : `${path}: ${String(a)} vs ${String(b)}`;
}

describe("stationary resampler with mulberry32 inline", () => {
  it("draws the very blocks of stationaryResampler(n, L, mulberry32(seed)), draw after draw", () => {
    for (const [n, L, seed] of [[1, 1, 1], [2, 1, 7], [37, 1, 3], [500, 4.5, 11], [1000, 100, 1], [257, 1000, 99]] as const) {
      const plain = stationaryResampler(n, L, mulberry32(seed));
      const fast = stationaryMulberryResampler(n, L, seed);
      const viaScheme = makeResampler({ kind: "stationary", meanBlockLength: L }, n, seed);
      const buf = () => [new Int32Array(n), new Int32Array(n)] as const;
      const [s1, l1] = buf(), [s2, l2] = buf(), [s3, l3] = buf();
      for (let r = 0; r < 40; r++) {
        const c1 = plain.draw(s1, l1), c2 = fast.draw(s2, l2), c3 = viaScheme.draw(s3, l3);
        expect(c2).toBe(c1);
        expect(c3).toBe(c1);
        expect(Array.from(s2.subarray(0, c2))).toEqual(Array.from(s1.subarray(0, c1)));
        expect(Array.from(l2.subarray(0, c2))).toEqual(Array.from(l1.subarray(0, c1)));
        expect(Array.from(l3.subarray(0, c3))).toEqual(Array.from(l1.subarray(0, c1)));
        let rows = 0;
        for (let j = 0; j < c2; j++) rows += l2[j]!;
        expect(rows).toBe(n);
      }
    }
    expect(() => stationaryMulberryResampler(10, 0.5, 1)).toThrow(/mean block length/);
    expect(() => stationaryMulberryResampler(0, 2, 1)).toThrow(/rows/);
  });
});

describe("trade session bootstrap from per-session sums", () => {
  const generic = (win: ArrayLike<number>, result: ArrayLike<number>, labels: ArrayLike<string | number>, options: { reps?: number; seed?: number; level?: number }) =>
    sessionBlockBootstrap(labels, { winRate: meanOf(win), expectancy: meanOf(result), profitFactor: profitFactorOf(result) }, options);

  /** Sessions of 1 … 40 rows; integer results in −12 … 12 (flat and missing ones too), 0/1 wins. */
  function trades(seed: number, sessions: number) {
    const r = mulberry32(seed);
    const labels: string[] = [], win: number[] = [], result: number[] = [];
    for (let s = 0; s < sessions; s++) {
      const rows = 1 + Math.floor(r() * 40);
      for (let i = 0; i < rows; i++) {
        labels.push(`2024-01-${String(s).padStart(3, "0")}`);
        const v = r() < 0.05 ? NaN : Math.round(-12 + 24 * r());
        result.push(v);
        win.push(Number.isNaN(v) || r() < 0.03 ? NaN : v > 0 ? 1 : 0);
      }
    }
    return { labels, win: Float64Array.from(win), result: Float64Array.from(result) };
  }

  it("gives bit-identical intervals to the row-by-row bootstrap on integer trades", () => {
    for (const [seed, S, reps, level] of [[1, 1, 50, 0.95], [2, 3, 300, 0.9], [3, 60, 1000, 0.95], [4, 519, 400, 0.8]] as const) {
      const t = trades(seed, S);
      const fast = tradeSessionBootstrap({ win: t.win, result: t.result }, t.labels, { reps, seed, level });
      const slow = generic(t.win, t.result, t.labels, { reps, seed, level });
      expect(identical(fast, slow)).toBeNull();
      expect(fast.sessions).toBe(S);
      if (S > 1) expect(fast.intervals.expectancy.low).toBeLessThan(fast.intervals.expectancy.high);
      else expect(fast.intervals.expectancy.low).toBe(fast.intervals.expectancy.estimate);
    }
  });

  it("keeps undefined and infinite profit factors as the row-by-row bootstrap does", () => {
    // session b: only a flat trade; session c: only gains — draws without a loss give +∞ or NaN
    const labels = ["a", "a", "b", "c", "c"];
    const result = [3, -2, 0, 5, 1];
    const win = [1, 0, 0, 1, 1];
    const fast = tradeSessionBootstrap({ win, result }, labels, { reps: 2000, seed: 5 });
    expect(identical(fast, generic(win, result, labels, { reps: 2000, seed: 5 }))).toBeNull();
    expect(fast.intervals.profitFactor.high).toBe(Infinity);
    const flat = tradeSessionBootstrap({ win: [0, 0], result: [0, 0] }, ["a", "b"], { reps: 10 });
    expect(flat.intervals.profitFactor.undefinedDraws).toBe(10);
    expect(identical(flat, generic([0, 0], [0, 0], ["a", "b"], { reps: 10 }))).toBeNull();
  });

  it("falls back to the row-by-row bootstrap when sums might not be exact", () => {
    const t = trades(9, 30);
    const fractional = Float64Array.from(t.result, (v) => v * 0.1);
    const huge = Float64Array.from(t.result, (v) => v * 2 ** 50);
    for (const result of [fractional, huge]) {
      const fast = tradeSessionBootstrap({ win: t.win, result }, t.labels, { reps: 300, seed: 4 });
      expect(identical(fast, generic(t.win, result, t.labels, { reps: 300, seed: 4 }))).toBeNull();
    }
  });

  it("checks its options and rows like the generic bootstrap", () => {
    expect(() => tradeSessionBootstrap({ win: [1], result: [1] }, ["a"], { reps: 0 })).toThrow(/reps/);
    expect(() => tradeSessionBootstrap({ win: [1], result: [1] }, ["a"], { level: 1 })).toThrow(/level/);
    expect(() => tradeSessionBootstrap({ win: [1, 1, 1], result: [1, 1, 1] }, ["a", "b", "a"])).toThrow(/reappears/);
    const empty = tradeSessionBootstrap({ win: [], result: [] }, [], { reps: 3 });
    expect(empty.intervals.winRate).toEqual({ estimate: NaN, low: NaN, high: NaN, undefinedDraws: 3 });
  });
});
