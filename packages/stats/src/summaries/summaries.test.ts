import { describe, expect, it } from "vitest";
import { binomialTestTwoSided } from "./binomial-test.js";
import { summarizeGroup } from "./group-summary.js";
import { groupTable } from "./group-table.js";
import { median, tradeStatistics } from "./trade-statistics.js";
import { wilsonInterval } from "./wilson-interval.js";

describe("Wilson interval", () => {
  it("matches hand computation for 8/10", () => {
    // z = 1.959964, z²/n = 0.384146, centre = (0.8 + 0.192073)/1.384146 = 0.716741
    // half = 1.959964/1.384146 · √(0.016 + 0.00960365) = 1.416010 · 0.160012 = 0.226579
    const { low, high } = wilsonInterval(8, 10);
    expect(low).toBeCloseTo(0.490162, 5);
    expect(high).toBeCloseTo(0.943318, 5);
  });
  it("stays in [0, 1] at the edges", () => {
    const z = 1.959963984540054;
    const { low, high } = wilsonInterval(0, 20);
    expect(low).toBe(0);
    expect(high).toBeCloseTo(z * z / 20 / (1 + z * z / 20), 12); // = z²/(n + z²) at p̂ = 0
  });
});

describe("exact binomial test", () => {
  it("symmetric case: 2 of 10 at 0.5 = 2·(1+10+45)/1024", () => {
    expect(binomialTestTwoSided(2, 10, 0.5)).toBeCloseTo(112 / 1024, 14);
    expect(binomialTestTwoSided(5, 10, 0.5)).toBeCloseTo(1, 14);
  });
  it("asymmetric case: 0 of 10 at 0.3 adds P(0) and P(7…10)", () => {
    const pmf = (k: number, n: number, p: number) => {
      let c = 1;
      for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
      return c * p ** k * (1 - p) ** (n - k);
    };
    // P(0) = 0.0282475; P(6) = 0.0367569 > P(0) is excluded, P(7) = 0.0090017 included
    const expected = pmf(0, 10, 0.3) + pmf(7, 10, 0.3) + pmf(8, 10, 0.3) + pmf(9, 10, 0.3) + pmf(10, 10, 0.3);
    expect(binomialTestTwoSided(0, 10, 0.3)).toBeCloseTo(expected, 14);
    expect(expected).toBeCloseTo(0.0388396, 6);
  });
  it("large n against scipy.stats.binomtest (same minimum-likelihood rule)", () => {
    // scipy 1.17: binomtest(220, 741, 0.2028584766761231).pvalue = 1.3277850120945552e-09
    const p = binomialTestTwoSided(220, 741, 0.2028584766761231);
    expect(Math.abs(p - 1.3277850120945552e-9) / 1.3277850120945552e-9).toBeLessThan(1e-9);
  });
});

describe("trade statistics", () => {
  it("expectancy, profit factor, SQN", () => {
    const t = tradeStatistics([25, -5, -5, 25, -10]);
    expect(t.expectancy).toBe(6);
    expect(t.profitFactor).toBe(50 / 20);
    // sd = √((19² + 11² + 11² + 19² + 16²)/4) = √(1220/4)
    expect(t.sqn).toBeCloseTo((Math.sqrt(5) * 6) / Math.sqrt(305), 12);
    expect(t.sqn100).toBe(t.sqn); // n ≤ 100: no cap
    // 400 trades alternating +3, −1: mean 1, sd = √(400·4/399) = 2.0025; SQN = 20/2.0025, SQN100 = 10/2.0025
    const many = tradeStatistics(Array.from({ length: 400 }, (_, i) => (i % 2 ? -1 : 3)));
    expect(many.sqn).toBeCloseTo(20 / Math.sqrt(1600 / 399), 12);
    expect(many.sqn100).toBeCloseTo(10 / Math.sqrt(1600 / 399), 12);
    expect(tradeStatistics([1, 2]).profitFactor).toBeNull();
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });
});

describe("group summaries", () => {
  const win = [1, 0, 0, 1, null, 1];
  const ret5 = [4, -2, NaN, 3, 1, null];
  const bracket = [25, -4, -6, 25, -3, 25];
  it("skips missing values per statistic", () => {
    const s = summarizeGroup([0, 1, 2, 3, 4, 5], { win, returns: { 5: ret5 }, resultTicks: bracket, resultUsd: bracket.map((b) => b * 12.5) }, 0.5);
    expect(s.n).toBe(6);
    expect(s.winN).toBe(5);
    expect(s.wins).toBe(3);
    expect(s.winRate).toBeCloseTo(0.6, 15);
    expect(s.returns).toEqual([{ horizon: 5, n: 4, mean: 1.5, median: 2 }]);
    expect(s.pnlUsd).toBe(62 * 12.5);
    expect(s.binomialP).toBeCloseTo(1, 14); // 3 of 5 at 0.5 is the centre
  });
  it("reports only groups with n ≥ minN and counts the rest", () => {
    const dir = ["long", "long", "short", "long", "short", "long"];
    const t = groupTable({ direction: dir }, [0, 1, 2, 3, 4, 5], { win }, 0.5, 3);
    expect(t.groups.map((g) => g.key.direction)).toEqual(["long"]);
    expect(t.unreported).toEqual({ groups: 1, rows: 2 });
  });
  it("a group of exactly minN is reported (n ≥ minN, not n > minN)", () => {
    // long: rows 0, 1, 3, 5 (4 rows); short: rows 2, 4 (2 rows)
    const dir = ["long", "long", "short", "long", "short", "long"];
    const t = groupTable({ direction: dir }, [0, 1, 2, 3, 4, 5], { win }, 0.5, 4);
    expect(t.groups.map((g) => g.key.direction)).toEqual(["long"]);
    expect(t.groups[0]!.summary.n).toBe(4);
    expect(t.unreported).toEqual({ groups: 1, rows: 2 });
    // minN 5: the 4-row group is counted but no longer reported
    expect(groupTable({ direction: dir }, [0, 1, 2, 3, 4, 5], { win }, 0.5, 5).unreported).toEqual({ groups: 2, rows: 6 });
  });
});
