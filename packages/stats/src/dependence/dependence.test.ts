import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { moments, probabilisticSharpe, expectedMaxSharpe } from "../thresholds/sharpe.js";
import { welchTTest } from "../thresholds/welch-t-test.js";
import { hacDeflatedSharpe, hacProbabilisticSharpe, hacSharpeMoments } from "./hac-sharpe.js";
import { hacWelchTest } from "./hac-welch-test.js";
import { longRunVariance } from "./long-run-variance.js";

// Expected values: test-fixtures/dependence.py (statsmodels HAC, scipy, independent numpy code).
const fx = JSON.parse(readFileSync(new URL("../../test-fixtures/dependence.json", import.meta.url), "utf8"));
const x = Float64Array.from(fx.x as number[]);
const y = Float64Array.from(fx.y as number[]);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("longRunVariance", () => {
  it("hand-worked: 1, 2, 3, 4 with lag 1", () => {
    // ū = 2.5, γ̂0 = 5/4, γ̂1 = (0.75 − 0.25 + 0.75)/4 = 0.3125, Ω̂ = 1.25 + 2·½·0.3125 = 1.5625
    const r = longRunVariance([1, 2, 3, 4], { lag: 1 });
    expect(r.variance).toBeCloseTo(1.25, 15);
    expect(r.longRunVariance).toBeCloseTo(1.5625, 15);
    expect(r.varianceOfMean).toBeCloseTo(0.390625, 15);
    expect(longRunVariance([1, 2, 3, 4], { lag: 0, smallSampleCorrection: true }).varianceOfMean).toBeCloseTo(5 / 3 / 4, 15);
  });

  it.each([0, 1, 3, 10])("matches statsmodels OLS-on-constant HAC (maxlags %i, no correction)", (lag) => {
    const r = longRunVariance(x, { lag });
    expect(rel(r.varianceOfMean, fx.hacVarianceOfMean[String(lag)])).toBeLessThan(1e-12);
    expect(r.lag).toBe(lag);
  });

  it("Newey–West 1994 automatic lag and Andrews 1991 bandwidth match the independent numpy code", () => {
    const nw = longRunVariance(x, { lag: "newey-west-1994" });
    expect(nw.lag).toBe(fx.neweyWest1994Lag);
    expect(rel(nw.varianceOfMean, fx.neweyWest1994VarianceOfMean)).toBeLessThan(1e-12);
    const an = longRunVariance(x, { lag: "andrews-1991" });
    expect(rel(an.bandwidth, fx.andrewsBandwidth)).toBeLessThan(1e-12);
    expect(rel(an.varianceOfMean, fx.andrewsVarianceOfMean)).toBeLessThan(1e-12);
    // positively autocorrelated: dependence inflates the variance of the mean
    expect(nw.longRunVariance / nw.variance).toBeGreaterThan(1.5);
  });

  it("rejects a bad lag", () => {
    expect(() => longRunVariance(x, { lag: -1 })).toThrow(/lag must be an integer/);
    expect(() => longRunVariance(x, { lag: 1.5 })).toThrow(/lag must be an integer/);
    expect(() => longRunVariance([1, NaN, 2])).toThrow(/HAC variance: row 1 is NaN/);
    expect(() => hacSharpeMoments([1, 2, Infinity])).toThrow(/row 2 is Infinity/);
  });
});

describe("HAC probabilistic / deflated Sharpe", () => {
  it("lag 0 reduces exactly to the iid PSR of the package, both variants", () => {
    const iid = probabilisticSharpe(moments(Array.from(x)), 0.02);
    for (const correct of ["mean", "joint"] as const) {
      const m = hacSharpeMoments(x, { lag: 0, correct });
      expect(rel(hacProbabilisticSharpe(m, 0.02), iid)).toBeLessThan(1e-12);
      expect(rel(m.denominator, fx.psr["iid:0"].denominator)).toBeLessThan(1e-12);
    }
    expect(rel(iid, fx.psr["iid:0"].psr)).toBeLessThan(1e-10);
  });

  it.each([
    ["mean", 5, "mean:5"],
    ["joint", 5, "joint:5"],
    ["joint", "newey-west-1994", "joint:nw94"],
  ] as const)("%s correction, lag %s, matches the numpy/scipy computation", (correct, lag, key) => {
    const m = hacSharpeMoments(x, { lag, correct });
    expect(rel(m.denominator, fx.psr[key].denominator)).toBeLessThan(1e-12);
    expect(rel(hacProbabilisticSharpe(m, 0.02), fx.psr[key].psr)).toBeLessThan(1e-10);
  });

  it("DSR is the HAC PSR at the expected maximum Sharpe ratio of the trials", () => {
    const m = hacSharpeMoments(x, { lag: 5 });
    const { dsr, benchmark } = hacDeflatedSharpe(m, 40, 0.002);
    expect(benchmark).toBe(expectedMaxSharpe(40, 0.002));
    expect(dsr).toBe(hacProbabilisticSharpe(m, benchmark));
    expect(dsr).toBeLessThan(hacProbabilisticSharpe(m, 0));
    expect(() => hacDeflatedSharpe(m, 0, 0.1)).toThrow(/trials/);
  });
});

describe("hacWelchTest", () => {
  it("lag 0 is Welch's test (scipy ttest_ind equal_var=False, and the package's welchTTest)", () => {
    const r = hacWelchTest(x, y, { lag: 0 })!;
    expect(rel(r.t, fx.welch.scipy.t)).toBeLessThan(1e-12);
    expect(rel(r.p, fx.welch.scipy.p)).toBeLessThan(1e-9);
    const w = welchTTest(Array.from(x), Array.from(y))!;
    expect(rel(r.df, w.df)).toBeLessThan(1e-12);
    expect(rel(r.df, fx.welch["0"].df)).toBeLessThan(1e-12);
  });

  it("lag 4 matches the statsmodels-HAC / scipy-t computation", () => {
    const r = hacWelchTest(x, y, { lag: 4 })!;
    expect(rel(r.t, fx.welch["4"].t)).toBeLessThan(1e-12);
    expect(rel(r.df, fx.welch["4"].df)).toBeLessThan(1e-12);
    expect(rel(r.p, fx.welch["4"].p)).toBeLessThan(1e-9);
  });

  it("null on too few rows or zero variance", () => {
    expect(hacWelchTest([1], [1, 2])).toBeNull();
    expect(hacWelchTest([1, 1, 1], [2, 2, 2])).toBeNull();
  });
});
