import { describe, expect, it } from "vitest";
import { logit, SeparationError } from "./logit.js";

const SPECTOR = `1 2.66 20 0 0
2 2.89 22 0 0
3 3.28 24 0 0
4 2.92 12 0 0
5 4 21 0 1
6 2.86 17 0 0
7 2.76 17 0 0
8 2.87 21 0 0
9 3.03 25 0 0
10 3.92 29 0 1
11 2.63 20 0 0
12 3.32 23 0 0
13 3.57 23 0 0
14 3.26 25 0 1
15 3.53 26 0 0
16 2.74 19 0 0
17 2.75 25 0 0
18 2.83 19 0 0
19 3.12 23 1 0
20 3.16 25 1 1
21 2.06 22 1 0
22 3.62 28 1 1
23 2.89 14 1 0
24 3.51 26 1 0
25 3.54 24 1 1
26 2.83 27 1 1
27 3.39 17 1 1
28 2.67 24 1 0
29 3.65 21 1 1
30 4 23 1 1
31 3.1 21 1 0
32 2.39 19 1 1`
  .split("\n")
  .map((l) => l.split(" ").map(Number));

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe("logit on Spector & Mazzeo (1980)", () => {
  const y = SPECTOR.map((r) => r[4]!);
  const design = {
    names: ["GPA", "TUCE", "PSI", "const"],
    columns: [1, 2, 3].map((j) => SPECTOR.map((r) => r[j]!)).concat([SPECTOR.map(() => 1)]),
  };
  const fit = logit(y, design, { covariances: [{ type: "HC0" }, { type: "newey-west", lag: 2 }] });
  const classic = fit.tables[0]!;

  it("coefficients, SEs and p-values to 1e-6", () => {
    const coef = [2.826112594889322, 0.095157661317909, 2.378687655093354, -13.021346858115693];
    const se = [1.262941075629107, 0.141554205673694, 1.064564254497135, 4.931324213602806];
    const p = [0.025239108802566, 0.501434238081921, 0.025455204361279, 0.008277461435489];
    coef.forEach((c, j) => expect(rel(fit.coef[j]!, c)).toBeLessThan(1e-6));
    se.forEach((s, j) => expect(rel(classic.rows[j]!.se, s)).toBeLessThan(1e-6));
    p.forEach((pv, j) => expect(rel(classic.rows[j]!.p, pv)).toBeLessThan(1e-6));
    expect(classic.distribution).toBe("normal");
    // 95% CI = coef ± 1.959964·SE
    expect(rel(classic.rows[0]!.ciHigh, coef[0]! + 1.959963984540054 * se[0]!)).toBeLessThan(1e-6);
  });
  it("log-likelihoods, LLR, pseudo-R², AIC, BIC to 1e-6", () => {
    expect(rel(fit.logLik, -12.889634222131413)).toBeLessThan(1e-6);
    expect(rel(fit.nullLogLik, -20.5917296966173)).toBeLessThan(1e-6);
    expect(rel(fit.llr, 15.4041924625676)).toBeLessThan(1e-6);
    expect(rel(fit.llrP, 0.00150187761112892)).toBeLessThan(1e-6);
    expect(rel(fit.pseudoR2, 0.374038332124624)).toBeLessThan(1e-6);
    expect(rel(fit.aic, 33.779266930667)).toBeLessThan(1e-6);
    expect(rel(fit.bic, 39.642210541866)).toBeLessThan(1e-6);
    expect(fit.dfModel).toBe(3);
  });
  it("reports robust tables beside the classic one", () => {
    expect(fit.tables.map((t) => t.covariance)).toEqual(["classic", "HC0", "newey-west(lag=2)"]);
    for (const t of fit.tables.slice(1)) for (const r of t.rows) expect(r.se).toBeGreaterThan(0);
    expect(fit.tables[1]!.rows[0]!.se).not.toBeCloseTo(classic.rows[0]!.se, 3);
  });
});

describe("separation", () => {
  const ones = (n: number) => new Array<number>(n).fill(1);
  it("detects perfect separation", () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    const y = [0, 0, 0, 0, 1, 1, 1, 1];
    expect(() => logit(y, { names: ["const", "x"], columns: [ones(8), x] })).toThrow(SeparationError);
    try {
      logit(y, { names: ["const", "x"], columns: [ones(8), x] });
    } catch (e) {
      expect((e as SeparationError).kind).toBe("perfect");
      expect((e as Error).message).toMatch(/perfect separation/);
    }
  });
  it("detects quasi-perfect separation (a dummy that is 1 only for wins)", () => {
    const x = [0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0];
    const y = [0, 1, 0, 1, 0, 0, 1, 1, 1, 1, 0, 1];
    let err: unknown;
    try {
      logit(y, { names: ["const", "d"], columns: [ones(12), x] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SeparationError);
    expect((err as SeparationError).kind).toBe("quasi-perfect");
    expect((err as SeparationError).suspects).toContain("d");
  });
  it("detects quasi-complete separation on a continuous feature (ties at the boundary)", () => {
    const x = [-3, -2, -1, 0, 0, 0, 0, 1, 2, 3];
    const y = [0, 0, 0, 0, 1, 0, 1, 1, 1, 1];
    let err: unknown;
    try {
      logit(y, { names: ["const", "x"], columns: [ones(10), x] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SeparationError);
    expect((err as SeparationError).kind).toBe("quasi-perfect");
  });
  it("does not mistake an outlying feature value for separation", () => {
    const x = [0.1, 0.5, 0.9, 1.2, 0.3, 0.8, 1.5, 0.2, 1.1, 0.7, 0.4, 60];
    const y = [0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1];
    const fit = logit(y, { names: ["const", "x"], columns: [ones(12), x] });
    expect(fit.coef[1]).toBeGreaterThan(0);
    expect(fit.warnings.join(" ")).toMatch(/within 1e-8 of 0 or 1/);
  });
  it("rejects a constant outcome", () => {
    expect(() => logit([1, 1, 1, 1], { names: ["const"], columns: [ones(4)] })).toThrow(/constant/);
  });
});
