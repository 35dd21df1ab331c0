import { describe, expect, it } from "vitest";
import jStat from "jstat";
import { chiSquaredUpperP } from "./chi-squared.js";
import { fUpperP } from "./f.js";
import { logGamma } from "./log-gamma.js";
import { normalCdf, normalQuantile, normalTwoSidedP } from "./normal.js";
import { studentTQuantile, studentTTwoSidedP } from "./student-t.js";

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

/** I_x(a, 1/2) by its hypergeometric power series (a path independent of the continued fraction). */
function betaIncHalfSeries(x: number, a: number, betaAHalf: number): number {
  let term = 1; // (1/2)_n / n!
  let sum = 0;
  for (let n = 0; n < 200; n++) {
    sum += (term * a) / (a + n) * x ** n;
    term *= (n + 0.5) / (n + 1);
  }
  return (x ** a / (a * betaAHalf)) * sum;
}

describe("log gamma", () => {
  it("matches factorials and Γ(1/2)", () => {
    expect(rel(logGamma(5), Math.log(24))).toBeLessThan(1e-15);
    expect(rel(logGamma(21), Math.log(2432902008176640000))).toBeLessThan(1e-15);
    expect(rel(logGamma(0.5), 0.5 * Math.log(Math.PI))).toBeLessThan(1e-14);
  });
});

describe("Student t two-sided p", () => {
  it("is exact for df = 1 and df = 2 in the far tail (closed forms)", () => {
    const t = 40;
    expect(rel(studentTTwoSidedP(t, 1), (2 / Math.PI) * Math.atan(1 / t))).toBeLessThan(1e-13);
    const s = Math.sqrt(t * t + 2);
    expect(rel(studentTTwoSidedP(t, 2), 2 / (s * (s + t)))).toBeLessThan(1e-13);
  });
  it("matches the power series of I_x(5, 1/2) at t = 40, df = 10", () => {
    const df = 10;
    const t = 40;
    const x = df / (df + t * t);
    // B(5, 1/2) = Γ(5)Γ(1/2)/Γ(11/2) = 256/315 exactly
    const expected = betaIncHalfSeries(x, df / 2, 256 / 315);
    const p = studentTTwoSidedP(t, df);
    expect(p).toBeGreaterThan(1e-12);
    expect(p).toBeLessThan(1e-11);
    expect(rel(p, expected)).toBeLessThan(1e-10);
    // jstat's 1 − cdf has lost most digits here
    expect(rel(1 - jStat.studentt.cdf(t, df), p / 2)).toBeGreaterThan(1e-6);
  });
  it("agrees with jstat in the body of the distribution", () => {
    for (const [t, df] of [[2, 9], [0.5, 3.5], [-1.3, 30]] as const) {
      expect(rel(studentTTwoSidedP(t, df), 2 * (1 - jStat.studentt.cdf(Math.abs(t), df)))).toBeLessThan(1e-7);
    }
    expect(studentTTwoSidedP(0, 5)).toBeCloseTo(1, 14);
  });
  it("quantile inverts the cdf", () => {
    const q = studentTQuantile(0.975, 9);
    // reference checked by Simpson integration of the t(9) density (4e5 panels): ∫₀^q = 0.475 ± 3e-15
    expect(rel(q, 2.2621571627982053)).toBeLessThan(1e-12);
    expect(rel(studentTTwoSidedP(q, 9), 0.05)).toBeLessThan(1e-12);
  });
});

describe("χ² upper tail", () => {
  it("is exact for even df: Q(5, 150) = e^-150 Σ 150^k/k!", () => {
    const x = 150;
    let sum = 0;
    let term = 1;
    for (let k = 0; k < 5; k++) {
      sum += term;
      term *= x / (k + 1);
    }
    expect(rel(chiSquaredUpperP(300, 10), Math.exp(-x) * sum)).toBeLessThan(1e-12);
  });
  it("matches the asymptotic expansion for odd df (χ² = 300, df = 7)", () => {
    const a = 3.5;
    const x = 150;
    let sum = 0;
    let term = 1;
    for (let k = 0; k < 30; k++) {
      sum += term;
      term *= (a - 1 - k) / x;
    }
    const gammaA = 1.875 * Math.sqrt(Math.PI);
    const expected = (x ** (a - 1) * Math.exp(-x) * sum) / gammaA;
    expect(rel(chiSquaredUpperP(300, 7), expected)).toBeLessThan(1e-12);
  });
  it("agrees with jstat in the body", () => {
    expect(rel(chiSquaredUpperP(15.4041924625676, 3), 0.00150187761112892)).toBeLessThan(1e-9);
    expect(rel(chiSquaredUpperP(2, 3), 1 - jStat.chisquare.cdf(2, 3))).toBeLessThan(1e-7);
  });
});

describe("F upper tail", () => {
  it("is exact for df1 = 2: (1 + 2f/d2)^(−d2/2)", () => {
    expect(rel(fUpperP(1000, 2, 20), 101 ** -10)).toBeLessThan(1e-12);
  });
  it("equals the t two-sided p for df1 = 1", () => {
    expect(rel(fUpperP(1600, 1, 10), studentTTwoSidedP(40, 10))).toBeLessThan(1e-12);
  });
  it("reproduces Longley's F p-value", () => {
    expect(rel(fUpperP(330.285339234588, 6, 9), 4.98403052872e-10)).toBeLessThan(1e-9);
  });
});

describe("normal", () => {
  it("matches the Mills-ratio continued fraction at z = 10", () => {
    const z = 10;
    let cf = z;
    for (let k = 300; k >= 1; k--) cf = z + k / cf;
    // cf now = z + 1/(z + 2/(z + …)); Q(z) = φ(z)/cf
    const q = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) / cf;
    expect(rel(normalTwoSidedP(z), 2 * q)).toBeLessThan(1e-12);
    expect(rel(normalTwoSidedP(-z), 2 * q)).toBeLessThan(1e-12);
  });
  it("quantile and cdf", () => {
    expect(rel(normalQuantile(0.975), 1.959963984540054)).toBeLessThan(1e-14);
    expect(normalCdf(0)).toBeCloseTo(0.5, 15);
    expect(rel(normalTwoSidedP(1.959963984540054), 0.05)).toBeLessThan(1e-13);
  });
});
