import { describe, expect, it } from "vitest";
import { newcombeInterval, twoProportionTest } from "./proportion-difference.js";

describe("difference of two proportions", () => {
  it("Newcombe's hybrid score interval matches the published example 56/70 − 48/80 (Newcombe 1998, Table II, method 10)", () => {
    const { low, high } = newcombeInterval(56, 70, 48, 80);
    expect(low).toBeCloseTo(0.0524, 4);
    expect(high).toBeCloseTo(0.3339, 4);
  });
  it("is symmetric: swapping the samples mirrors the interval", () => {
    const a = newcombeInterval(9, 20, 3, 15), b = newcombeInterval(3, 15, 9, 20);
    expect(a.low).toBeCloseTo(-b.high, 14);
    expect(a.high).toBeCloseTo(-b.low, 14);
  });
  it("the pooled z test is Pearson's χ² (no continuity correction) of the 2×2 table", () => {
    // table [[56, 14], [48, 32]], expected 48.533, 21.467, 55.467, 24.533: χ² = 7.4667² · Σ 1/E = 7.0234
    const r = twoProportionTest(56, 70, 48, 80)!;
    expect(r.difference).toBeCloseTo(0.2, 14);
    expect(r.z * r.z).toBeCloseTo(7.0234, 3);
    expect(r.p).toBeCloseTo(0.00804, 4);
  });
  it("is undefined without variance or without a sample", () => {
    expect(twoProportionTest(0, 10, 0, 12)).toBeNull();
    expect(twoProportionTest(5, 10, 0, 0)).toBeNull();
    expect(Number.isNaN(newcombeInterval(1, 0, 1, 2).low)).toBe(true);
  });
});
