import { describe, expect, it } from "vitest";
import { benjaminiHochberg } from "./benjamini-hochberg.js";
import { holm } from "./holm.js";

describe("Benjamini–Hochberg", () => {
  it("matches a hand-worked list", () => {
    // sorted: 0.005 (r1), 0.01 (r2), 0.03 (r3), 0.04 (r4); m = 4
    // raw m·p/r: 0.02, 0.02, 0.04, 0.04 → cumulative min from the top: 0.02, 0.02, 0.04, 0.04
    const q = benjaminiHochberg([0.01, 0.04, 0.03, 0.005]);
    [0.02, 0.04, 0.04, 0.02].forEach((v, i) => expect(q[i]).toBeCloseTo(v, 15));
  });
  it("enforces monotonicity and caps at 1", () => {
    // sorted 0.01, 0.02, 0.03, 0.5, 0.9 (m = 5): m·p/r = 0.05, 0.05, 0.05, 0.625, 0.9
    const q = benjaminiHochberg([0.9, 0.5, 0.03, 0.02, 0.01]);
    [0.9, 0.625, 0.05, 0.05, 0.05].forEach((v, i) => expect(q[i]).toBeCloseTo(v, 15));
    // a case where step-up pulls an earlier value down: p = 0.04, 0.041 (m = 2) → 0.041, 0.041
    benjaminiHochberg([0.04, 0.041]).forEach((v) => expect(v).toBeCloseTo(0.041, 15));
    benjaminiHochberg([0.8, 0.9, 0.95]).forEach((v) => expect(v).toBeCloseTo(0.95, 15));
  });
  it("ignores NaN", () => {
    const q = benjaminiHochberg([0.01, NaN, 0.02]);
    expect(q[0]).toBeCloseTo(0.02, 15);
    expect(q[1]).toBeNaN();
    expect(q[2]).toBeCloseTo(0.02, 15);
  });
});

describe("Holm", () => {
  it("matches a hand-worked list", () => {
    // sorted 0.005, 0.01, 0.03, 0.04: 4·0.005 = 0.02, 3·0.01 = 0.03, 2·0.03 = 0.06, 1·0.04 = 0.04 → max-so-far 0.06
    const a = holm([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((v, i) => expect(a[i]).toBeCloseTo(v, 15));
  });
  it("caps at 1", () => {
    expect(holm([0.5, 0.6])).toEqual([1, 1]);
  });
});
