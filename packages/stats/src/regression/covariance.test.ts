import { describe, expect, it } from "vitest";
import { logit } from "./logit.js";
import { ols } from "./ols.js";

/** Gauss–Jordan inverse of a small matrix (an independent path from QR). */
function invert(a: number[][]): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[piv]![c]!)) piv = r;
    [m[c], m[piv]] = [m[piv]!, m[c]!];
    const d = m[c]![c]!;
    for (let j = 0; j < 2 * n; j++) m[c]![j]! /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      for (let j = 0; j < 2 * n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return m.map((row) => row.slice(n));
}

/**
 * Newey–West written out: V = B·S·B with S = Σ_t Σ_s w(|t−s|) u_t u_sᵀ over all pairs with
 * |t − s| ≤ L, w(d) = 1 − d/(L+1), u_t = x_t e_t; B = (XᵀX)⁻¹ by Gauss–Jordan.
 */
function neweyWestByHand(rows: number[][], e: number[], lag: number, weightsW?: number[]): number[][] {
  const n = rows.length;
  const k = rows[0]!.length;
  const xtx = Array.from({ length: k }, (_, a) =>
    Array.from({ length: k }, (_, b) => rows.reduce((s, r, i) => s + r[a]! * r[b]! * (weightsW ? weightsW[i]! : 1), 0)),
  );
  const bread = invert(xtx);
  const s = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let t = 0; t < n; t++)
    for (let u = 0; u < n; u++) {
      const d = Math.abs(t - u);
      if (d > lag) continue;
      const w = 1 - d / (lag + 1);
      for (let a = 0; a < k; a++)
        for (let b = 0; b < k; b++) s[a]![b]! += w * rows[t]![a]! * e[t]! * rows[u]![b]! * e[u]!;
    }
  const bs = bread.map((row) => s[0]!.map((_, j) => row.reduce((acc, v, m) => acc + v * s[m]![j]!, 0)));
  return bs.map((row) => bread[0]!.map((_, j) => row.reduce((acc, v, m) => acc + v * bread[m]![j]!, 0)));
}

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("Newey–West covariance", () => {
  const rand = lcg(7);
  const n = 120;
  const x1: number[] = [];
  const x2: number[] = [];
  const y: number[] = [];
  let ar = 0;
  for (let i = 0; i < n; i++) {
    x1.push(rand() * 4 - 2);
    x2.push(rand() < 0.4 ? 1 : 0);
    ar = 0.6 * ar + (rand() - 0.5); // autocorrelated errors
    y.push(1 + 0.5 * x1[i]! - 0.8 * x2[i]! + ar);
  }
  const rows = x1.map((v, i) => [1, v, x2[i]!]);
  const design = { names: ["const", "x1", "x2"], columns: [x1.map(() => 1), x1, x2] };

  it("OLS: matches the explicit double sum for several lags", () => {
    for (const lag of [0, 1, 5, 12]) {
      const fit = ols(y, design, { covariances: [{ type: "newey-west", lag }] });
      const e = Array.from(fit.residuals);
      const ref = neweyWestByHand(rows, e, lag);
      const v = fit.covariances[1]!;
      for (let a = 0; a < 3; a++)
        for (let b = 0; b < 3; b++) expect(Math.abs(v[a]![b]! - ref[a]![b]!) / Math.abs(ref[a]![a]!)).toBeLessThan(1e-10);
    }
  });
  it("small-sample correction multiplies by n/(n−k)", () => {
    const plain = ols(y, design, { covariances: [{ type: "newey-west", lag: 4 }] });
    const corr = ols(y, design, { covariances: [{ type: "newey-west", lag: 4, smallSampleCorrection: true }] });
    expect(corr.tables[1]!.rows[1]!.se / plain.tables[1]!.rows[1]!.se).toBeCloseTo(Math.sqrt(n / (n - 3)), 12);
    expect(corr.tables[1]!.covariance).toBe("newey-west(lag=4, corrected)");
  });
  it("HC2 and HC3 match an explicit hat-matrix computation", () => {
    const fit = ols(y, design, { covariances: [{ type: "HC2" }, { type: "HC3" }] });
    const e = Array.from(fit.residuals);
    const xtxInv = invert([0, 1, 2].map((a) => [0, 1, 2].map((b) => rows.reduce((s, r) => s + r[a]! * r[b]!, 0))));
    const h = rows.map((r) => r.reduce((s, xa, a) => s + xa * r.reduce((t, xb, b) => t + xtxInv[a]![b]! * xb, 0), 0));
    for (const [table, power] of [[1, 1], [2, 2]] as const) {
      const meat = [0, 1, 2].map((a) => [0, 1, 2].map((b) => rows.reduce((s, r, i) => s + (r[a]! * r[b]! * e[i]! ** 2) / (1 - h[i]!) ** power, 0)));
      const v = xtxInv.map((row) => [0, 1, 2].map((j) => row.reduce((acc, x, m) => acc + x * [0, 1, 2].reduce((t, l) => t + meat[m]![l]! * xtxInv[l]![j]!, 0), 0)));
      for (let j = 0; j < 3; j++) expect(fit.tables[table]!.rows[j]!.se / Math.sqrt(v[j]![j]!)).toBeCloseTo(1, 10);
    }
  });
  it("lag 0 equals HC0", () => {
    const fit = ols(y, design, { covariances: [{ type: "newey-west", lag: 0 }, { type: "HC0" }] });
    for (let j = 0; j < 3; j++) expect(fit.tables[1]!.rows[j]!.se).toBeCloseTo(fit.tables[2]!.rows[j]!.se, 12);
  });
  it("logit: matches the explicit double sum with bread (XᵀWX)⁻¹ and residual y − p̂", () => {
    const yb = y.map((v) => (v > 1 ? 1 : 0));
    const fit = logit(yb, design, { covariances: [{ type: "newey-west", lag: 6 }] });
    const p = Array.from(fit.fitted);
    const ref = neweyWestByHand(rows, yb.map((v, i) => v - p[i]!), 6, p.map((q) => q * (1 - q)));
    const v = fit.covariances[1]!;
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++) expect(Math.abs(v[a]![b]! - ref[a]![b]!) / Math.abs(ref[a]![a]!)).toBeLessThan(1e-8);
  });
});
