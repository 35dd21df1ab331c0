import { describe, expect, it } from "vitest";
import { ols, RankDeficientError } from "./ols.js";

const LONGLEY = `60323,83,234289,2356,1590,107608,1947
61122,88.5,259426,2325,1456,108632,1948
60171,88.2,258054,3682,1616,109773,1949
61187,89.5,284599,3351,1650,110929,1950
63221,96.2,328975,2099,3099,112075,1951
63639,98.1,346999,1932,3594,113270,1952
64989,99,365385,1870,3547,115094,1953
63761,100,363112,3578,3350,116219,1954
66019,101.2,397469,2904,3048,117388,1955
67857,104.6,419180,2822,2857,118734,1956
68169,108.4,442769,2936,2798,120445,1957
66513,110.8,444546,4681,2637,121950,1958
68655,112.6,482704,3813,2552,123366,1959
69564,114.2,502601,3931,2514,125368,1960
69331,115.7,518173,4806,2572,127852,1961
70551,116.9,554894,4007,2827,130081,1962`
  .split("\n")
  .map((l) => l.split(",").map(Number));

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
/**
 * Agreement with a printed reference to 5 significant digits (relative error < 5e-5), or within one
 * unit of its last printed digit where it shows fewer (it rounds at 5 decimals: 0.024576 is printed
 * 0.02458; 0.1462449983 is printed 0.14625).
 */
const unitOfLastDigit = (ref: string) => 10 ** -(ref.includes(".") ? ref.split(".")[1]!.length : 0);
const matchesPrinted = (x: number, ref: string) =>
  Math.abs(x - Number(ref)) / Number(ref) < 5e-5 || Math.abs(x - Number(ref)) <= unitOfLastDigit(ref);

function longley() {
  const y = LONGLEY.map((r) => r[0]!);
  const names = ["const", "GNPDEFL", "GNP", "UNEMP", "ARMED", "POP", "YEAR"];
  const columns = [LONGLEY.map(() => 1), ...[1, 2, 3, 4, 5, 6].map((j) => LONGLEY.map((r) => r[j]!))];
  return { y, design: { names, columns } };
}

describe("OLS on Longley (NIST StRD certified values)", () => {
  const { y, design } = longley();
  const fit = ols(y, design, { covariances: [{ type: "HC0" }, { type: "HC1" }, { type: "HC2" }, { type: "HC3" }] });
  const coef = [
    -3482258.63459582, 15.0618722713733, -0.035819179292591, -2.02022980381683, -1.03322686717359,
    -0.0511041056535807, 1829.15146461355,
  ];
  const se = [
    890420.383607373, 84.9149257747669, 0.0334910077722432, 0.488399681651699, 0.214274163161675,
    0.22607320006937, 455.478499142212,
  ];
  const p = [
    0.00356040366373, 0.863140832809, 0.312681061093, 0.00253509173411, 0.000944366764162, 0.826211795764,
    0.00303680334163,
  ];

  it("coefficients and standard errors to 1e-9 relative", () => {
    const classic = fit.tables[0]!;
    expect(classic.covariance).toBe("classic");
    coef.forEach((c, j) => expect(rel(fit.coef[j]!, c)).toBeLessThan(1e-9));
    se.forEach((s, j) => expect(rel(classic.rows[j]!.se, s)).toBeLessThan(1e-9));
    p.forEach((pv, j) => expect(rel(classic.rows[j]!.p, pv)).toBeLessThan(1e-9));
  });
  it("R², F, SS and residual SD to 1e-9 relative", () => {
    expect(rel(fit.r2, 0.995479004577296)).toBeLessThan(1e-9);
    expect(rel(fit.fStatistic, 330.285339234588)).toBeLessThan(1e-9);
    expect(rel(fit.fP, 4.98403052872e-10)).toBeLessThan(1e-9);
    expect(rel(fit.ssr, 836424.055505915)).toBeLessThan(1e-9);
    expect(rel(fit.ess, 184172401.944494)).toBeLessThan(1e-9);
    expect(rel(fit.sigma, 304.854073561965)).toBeLessThan(1e-9);
    expect(fit.dfModel).toBe(6);
    expect(fit.dfResid).toBe(9);
    // classic Wald F equals the R²-based F when the model has an intercept
    expect(rel(fit.tables[0]!.wald!.statistic, 330.285339234588)).toBeLessThan(1e-7);
  });
  it("HC0 and HC1 standard errors to the printed digits", () => {
    // reference order in stats-reference.md: GNPDEFL, GNP, UNEMP, ARMED, POP, YEAR, const
    const hc0 = ["51.22035", "0.02458", "0.38324", "0.14625", "0.15821", "428.38438", "832212"];
    const hc1 = ["68.29380", "0.03277", "0.51099", "0.19499", "0.21094", "571.17917", "1109615"];
    const order = [1, 2, 3, 4, 5, 6, 0];
    order.forEach((j, r) => {
      expect(matchesPrinted(fit.tables[1]!.rows[j]!.se, hc0[r]!), `HC0 ${hc0[r]}`).toBe(true);
      expect(matchesPrinted(fit.tables[2]!.rows[j]!.se, hc1[r]!), `HC1 ${hc1[r]}`).toBe(true);
      // and the classic SE is clearly different, so the check can tell the estimators apart
      expect(matchesPrinted(fit.tables[0]!.rows[j]!.se, hc0[r]!)).toBe(false);
    });
    expect(fit.tables[1]!.covariance).toBe("HC0");
    // HC1 = HC0 · √(n/(n−k))
    expect(rel(fit.tables[2]!.rows[3]!.se, fit.tables[1]!.rows[3]!.se * Math.sqrt(16 / 9))).toBeLessThan(1e-12);
    // HC2 and HC3 inflate each squared residual by 1/(1−h) and 1/(1−h)², so they are larger than HC0
    for (let j = 0; j < 7; j++) {
      expect(fit.tables[3]!.rows[j]!.se).toBeGreaterThan(fit.tables[1]!.rows[j]!.se);
      expect(fit.tables[4]!.rows[j]!.se).toBeGreaterThan(fit.tables[3]!.rows[j]!.se);
    }
  });
  it("log-likelihood, AIC, BIC and the collinearity warning", () => {
    const n = 16;
    const ll = (-n / 2) * (Math.log(2 * Math.PI) + Math.log(836424.055505915 / n) + 1);
    expect(rel(fit.logLik, ll)).toBeLessThan(1e-12);
    expect(rel(fit.aic, -2 * ll + 14)).toBeLessThan(1e-12);
    expect(rel(fit.bic, -2 * ll + 7 * Math.log(16))).toBeLessThan(1e-12);
    expect(fit.condition.raw).toBeGreaterThan(1e9); // statsmodels reports 4.86e9
    expect(fit.condition.warning).toMatch(/collinear/);
  });
});

describe("OLS errors", () => {
  it("rejects an aliased column", () => {
    const x = [1, 2, 3, 4, 5];
    expect(() =>
      ols([1, 3, 2, 5, 4], { names: ["const", "x", "2x"], columns: [x.map(() => 1), x, x.map((v) => 2 * v)] }),
    ).toThrow(RankDeficientError);
  });
});
