import { describe, expect, it } from "vitest";
import { binomial, combinationMasks } from "./combinations.js";
import { probabilityOfBacktestOverfitting } from "./pbo.js";
import { walkForward, walkForwardFolds } from "./walk-forward.js";
import { gaussian } from "../../test-fixtures/naive-bootstrap.js";

describe("walkForwardFolds / walkForward", () => {
  it("hand-worked: 7 sessions in 5 folds", () => {
    // fold bounds ⌊7j/5⌋ = 0, 1, 2, 4, 5, 7 → folds {0} {1} {2,3} {4} {5,6}
    const starts = [0, 3, 5, 9, 10, 14, 20];
    const folds = walkForwardFolds(starts, 22);
    expect(folds.map((f) => [f.trainSessions, f.testSessions])).toEqual([
      [[0, 1], [1, 2]],
      [[0, 2], [2, 4]],
      [[0, 4], [4, 5]],
      [[0, 5], [5, 7]],
    ]);
    expect(folds.map((f) => [f.trainRows, f.testRows])).toEqual([
      [[0, 3], [3, 5]],
      [[0, 5], [5, 10]],
      [[0, 10], [10, 14]],
      [[0, 14], [14, 22]],
    ]);
  });

  it("the driver chooses on training rows only and evaluates on the test fold", () => {
    const x = [5, 1, 2, 8, 3, 4, 0, 9, 7, 6];
    const folds = walkForwardFolds([0, 2, 4, 6, 8], 10, 5);
    const steps = walkForward(
      folds,
      (f) => Math.max(...x.slice(...f.trainRows)), // "rule": the training maximum
      (best, f) => x.slice(...f.testRows).filter((v) => v > best).length,
    );
    expect(steps.map((s) => s.choice)).toEqual([5, 8, 8, 9]);
    expect(steps.map((s) => s.result)).toEqual([1, 0, 1, 0]);
    expect(() => walkForwardFolds([0, 1], 2, 5)).toThrow(/at least 5 sessions/);
    expect(() => walkForwardFolds([0, 1], 2, 1)).toThrow(/folds must be/);
  });
});

describe("combinationMasks", () => {
  it("lists every half of 4 blocks, and C(16, 8) = 12,870 distinct halves", () => {
    expect(Array.from(combinationMasks(4, 2))).toEqual([0b0011, 0b0101, 0b0110, 0b1001, 0b1010, 0b1100]);
    const m = combinationMasks(16, 8);
    expect(m.length).toBe(12870);
    expect(new Set(m).size).toBe(12870);
    expect(binomial(16, 8)).toBe(12870);
    for (const v of m.slice(0, 200)) expect(v.toString(2).replace(/0/g, "").length).toBe(8);
  });
});

/** Naive CSCV: rows collected per split, performance recomputed from the rows. */
function naivePbo(cols: number[][], S: number) {
  const T = cols[0]!.length;
  const blockOf = Array.from({ length: T }, (_, t) => {
    let s = 0;
    while (Math.floor(((s + 1) * T) / S) <= t) s++;
    return s;
  });
  const sharpe = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    return m / Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
  };
  const halves: number[][] = [];
  const rec = (start: number, acc: number[]) => {
    if (acc.length === S / 2) return void halves.push([...acc]);
    for (let s = start; s < S; s++) rec(s + 1, [...acc, s]);
  };
  rec(0, []);
  const maskOf = (h: number[]) => h.reduce((m, s) => m + 2 ** s, 0);
  halves.sort((a, b) => maskOf(a) - maskOf(b)); // the order of the bitmasks
  const logits = halves.map((h) => {
    const inJ = (t: number) => h.includes(blockOf[t]!);
    const is = cols.map((c) => sharpe(c.filter((_, t) => inJ(t))));
    const os = cols.map((c) => sharpe(c.filter((_, t) => !inJ(t))));
    const best = is.indexOf(Math.max(...is));
    const rank = os.filter((v) => v < os[best]!).length + 1; // continuous data: no ties
    const w = rank / (cols.length + 1);
    return Math.log(w / (1 - w));
  });
  return { logits, pbo: logits.filter((l) => l <= 0).length / logits.length };
}

describe("probabilityOfBacktestOverfitting", () => {
  it("hand-worked: S = 4 blocks of one row, three strategies, mean performance", () => {
    // A = 3,0,3,0  B = 1,1,1,1  C = 0,2,0,2. Splits (in-sample blocks):
    // {0,1} A best, OOS A 1.5 > B = C = 1 → rank 3, λ = ln 3;   {0,2} A (3) best, OOS A 0 < 1 < 2 → rank 1, λ = −ln 3;
    // {1,2} A, ln 3;   {0,3} A, ln 3;   {1,3} C (2) best, OOS C 0 → −ln 3;   {2,3} A, ln 3.   PBO = 2/6.
    // Degradation pairs (1.5,1.5)×4, (3,0), (2,0): slope −2/(11/6) = −12/11, intercept 1 + (12/11)(11/6) = 3.
    const r = probabilityOfBacktestOverfitting([[3, 0, 3, 0], [1, 1, 1, 1], [0, 2, 0, 2]], { blocks: 4, performance: "mean" });
    const l3 = Math.log(3);
    // masks in order 0011 {0,1}, 0101 {0,2}, 0110 {1,2}, 1001 {0,3}, 1010 {1,3}, 1100 {2,3}
    Array.from(r.logits).forEach((v, i) => expect(v).toBeCloseTo([l3, -l3, l3, l3, -l3, l3][i]!, 14));
    expect(Array.from(r.chosen)).toEqual([0, 0, 0, 0, 2, 0]);
    expect(r.pbo).toBeCloseTo(1 / 3, 15);
    expect(r.splits).toBe(6);
    expect(r.degradation.slope).toBeCloseTo(-12 / 11, 14);
    expect(r.degradation.intercept).toBeCloseTo(3, 14);
    expect(r.degradation.probabilityOfLoss).toBe(0);
  });

  it("matches a naive CSCV on random data (Sharpe ratio, S = 8, uneven blocks)", () => {
    const z = gaussian(12);
    const cols = Array.from({ length: 9 }, (_, n) => Array.from({ length: 203 }, () => 0.02 * n + z()));
    const r = probabilityOfBacktestOverfitting(cols, { blocks: 8 });
    const ref = naivePbo(cols, 8);
    expect(r.splits).toBe(70);
    ref.logits.forEach((l, i) => expect(r.logits[i]).toBeCloseTo(l, 12));
    expect(r.pbo).toBe(ref.pbo);
  });

  it("≈ 0 with one dominant strategy, ≈ ½ for pure noise over many strategies (S = 16)", () => {
    const z = gaussian(21);
    const noise = Array.from({ length: 40 }, () => Array.from({ length: 320 }, () => z()));
    const pure = probabilityOfBacktestOverfitting(noise);
    expect(pure.splits).toBe(12870);
    expect(pure.pbo).toBeGreaterThan(0.35);
    expect(pure.pbo).toBeLessThan(0.65);
    const dominant = probabilityOfBacktestOverfitting([...noise, Array.from({ length: 320 }, () => 1.5 + z())]);
    expect(dominant.pbo).toBeLessThan(0.01);
    expect(dominant.degradation.probabilityOfLoss).toBe(0);
  });

  it("checks its input", () => {
    expect(() => probabilityOfBacktestOverfitting([[1, 2, 3, 4]], { blocks: 2 })).toThrow(/at least 2 columns/);
    expect(() => probabilityOfBacktestOverfitting([[1, 2], [1, 2]], { blocks: 3 })).toThrow(/even/);
    expect(() => probabilityOfBacktestOverfitting([[1, 2], [1, 2]], { blocks: 4 })).toThrow(/at least 4 rows/);
    expect(() => probabilityOfBacktestOverfitting([[1, 2], [1, NaN]], { blocks: 2 })).toThrow(/column 1 row 1/);
  });
});
