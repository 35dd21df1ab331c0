import { describe, expect, it } from "vitest";
import { meanOf, profitFactorOf } from "./row-statistics.js";
import { percentileInterval } from "./percentile-interval.js";
import { sessionBlockBootstrap } from "./session-block-bootstrap.js";
import { sessionRuns } from "./sessions.js";
import { tradeSessionBootstrap } from "./trade-bootstrap.js";
import { gaussian, naiveSessionDraws } from "../../test-fixtures/naive-bootstrap.js";

/** numpy.percentile (linear) written out. */
function type7(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return lo + 1 < s.length ? s[lo]! + (h - lo) * (s[lo + 1]! - s[lo]!) : s[lo]!;
}

describe("sessionBlockBootstrap", () => {
  it("hand-worked: two sessions, every resample is one of four", () => {
    // session a = trades +1 (win), −1 (loss); session b = trade +3 (win).
    // {a,a}: mean 0, PF 1, win ½ · {a,b},{b,a}: rows 1,−1,3: mean 1, PF 4, win ⅔ · {b,b}: mean 3, PF ∞, win 1.
    // Each end of the 95% interval lies inside a quarter of the draws, so it is that draw's value exactly.
    const r = tradeSessionBootstrap({ win: [1, 0, 1], result: [1, -1, 3] }, ["a", "a", "b"], { reps: 2000, seed: 2 });
    expect(r.intervals.expectancy).toEqual({ estimate: 1, low: 0, high: 3, undefinedDraws: 0 });
    expect(r.intervals.winRate).toEqual({ estimate: 2 / 3, low: 0.5, high: 1, undefinedDraws: 0 });
    expect(r.intervals.profitFactor).toEqual({ estimate: 4, low: 1, high: Infinity, undefinedDraws: 0 });
    expect(r.sessions).toBe(2);
  });

  it("counts draws where the profit factor is undefined and leaves them out", () => {
    // session b holds only a flat trade: {b,b} has no gain and no loss (≈ ¼ of the draws)
    const r = sessionBlockBootstrap(["a", "b"], { pf: profitFactorOf([2, 0]) }, { reps: 4000, seed: 1 });
    expect(r.intervals.pf.estimate).toBe(Infinity);
    expect(r.intervals.pf.undefinedDraws).toBeGreaterThan(900);
    expect(r.intervals.pf.undefinedDraws).toBeLessThan(1100);
    expect(r.intervals.pf.low).toBe(Infinity);
  });

  it("matches a naive row-index bootstrap with numpy-style percentiles", () => {
    const z = gaussian(3);
    const labels = Array.from({ length: 150 }, (_, i) => `d${Math.floor(Math.sqrt(i * 11))}`);
    const x = labels.map(() => 0.1 + z());
    const w = x.map((v) => (v > 0 ? 1 : 0));
    const r = tradeSessionBootstrap({ win: w, result: x }, labels, { reps: 500, seed: 8, level: 0.9 });
    const draws = naiveSessionDraws(labels, 8, 500);
    const mean = (idx: number[], col: number[]) => idx.reduce((s, i) => s + col[i]!, 0) / idx.length;
    const pf = (idx: number[]) => {
      const g = idx.reduce((s, i) => s + Math.max(x[i]!, 0), 0);
      const l = idx.reduce((s, i) => s + Math.max(-x[i]!, 0), 0);
      return g / l;
    };
    const check = (got: { low: number; high: number }, values: number[]) => {
      expect(got.low).toBeCloseTo(type7(values, 0.05), 12);
      expect(got.high).toBeCloseTo(type7(values, 0.95), 12);
    };
    check(r.intervals.expectancy, draws.map((d) => mean(d, x)));
    check(r.intervals.winRate, draws.map((d) => mean(d, w)));
    check(r.intervals.profitFactor, draws.map(pf));
    expect(r.intervals.expectancy.estimate).toBeCloseTo(mean([...x.keys()], x), 14);
  });

  it("a positively correlated session widens the interval beyond the iid one", () => {
    const z = gaussian(5);
    const labels: number[] = [];
    const x: number[] = [];
    for (let s = 0; s < 60; s++) {
      const common = z();
      for (let i = 0; i < 10; i++) {
        labels.push(s);
        x.push(common + 0.3 * z());
      }
    }
    const clustered = sessionBlockBootstrap(labels, { m: meanOf(x) }, { reps: 1000 }).intervals.m;
    const iid = sessionBlockBootstrap(x.map((_, i) => i), { m: meanOf(x) }, { reps: 1000 }).intervals.m;
    expect(clustered.high - clustered.low).toBeGreaterThan(2 * (iid.high - iid.low));
  });

  it("meanOf skips missing rows; rows must be grouped by session; settings are checked", () => {
    expect(meanOf([1, NaN, 3])(Int32Array.of(0, 1, 2), 3)).toBe(2);
    expect(() => sessionRuns(["a", "b", "a"])).toThrow(/label "a" at row 2 reappears/);
    expect(() => sessionBlockBootstrap(["a"], {}, { reps: 0 })).toThrow(/reps/);
    expect(() => sessionBlockBootstrap(["a"], {}, { level: 1 })).toThrow(/level/);
    expect(() => tradeSessionBootstrap({ win: [1], result: [1, 2] }, ["a", "a"])).toThrow(/same rows/);
    expect(percentileInterval(Float64Array.of(NaN, 2, 1, NaN), 0.5)).toEqual({ low: 1.25, high: 1.75, undefinedDraws: 2 });
  });
});
