import { describe, expect, it } from "vitest";
import { fixedResampler, stationaryResampler } from "./resampler.js";
import { spaTest } from "./spa-test.js";
import { mulberry32 } from "../thresholds/prng.js";
import { avg, gaussian, naiveSessionDraws, naiveStationaryDraws } from "../../test-fixtures/naive-bootstrap.js";
import { sessionRuns } from "./sessions.js";

/** Every one of the nⁿ iid resamples of n rows, once each: the bootstrap computed exactly. */
function allResamples(n: number): [number, number][][] {
  const out: [number, number][][] = [];
  const total = n ** n;
  for (let c = 0; c < total; c++) {
    const d: [number, number][] = [];
    let v = c;
    for (let i = 0; i < n; i++) {
      d.push([v % n, 1]);
      v = Math.floor(v / n);
    }
    out.push(d);
  }
  return out;
}

/** Naive SPA: row indices, plain loops, Hansen's formulas written out again. */
function naiveSpa(p: number[][], b: number[] | null, e: number[][] | null, draws: number[][], perDraw: boolean) {
  const n = p[0]!.length;
  const K = p.length;
  const bBar = b ? avg(b) : 0;
  const dbar = p.map((pk, k) => avg(pk) - (e ? avg(e[k]!) : 1) * bBar);
  const star = draws.map((idx) => {
    const bs = b ? (perDraw ? avg(idx.map((i) => b[i]!)) : bBar) : 0;
    return p.map((pk, k) => avg(idx.map((i) => pk[i]!)) - (e ? avg(idx.map((i) => e[k]![i]!)) : 1) * bs);
  });
  const R = draws.length;
  const omega = dbar.map((m, k) => Math.sqrt((n / R) * star.reduce((s, row) => s + (row[k]! - m) ** 2, 0)));
  const ok = omega.map((w) => w > 0);
  const T = Math.max(0, ...dbar.map((m, k) => (ok[k] ? (Math.sqrt(n) * m) / omega[k]! : -Infinity)));
  const cut = -Math.sqrt(2 * Math.log(Math.log(n)));
  const g = {
    l: dbar.map((m) => Math.max(m, 0)),
    c: dbar.map((m, k) => ((Math.sqrt(n) * m) / omega[k]! >= cut ? m : 0)),
    u: dbar,
  };
  const pv = (gi: number[]) =>
    (1 + star.filter((row) => Math.max(0, ...row.map((x, k) => (ok[k] ? (Math.sqrt(n) * (x - gi[k]!)) / omega[k]! : 0))) >= T).length) /
    (1 + R);
  const V = Math.max(...dbar.map((m) => Math.sqrt(n) * m));
  const whiteP = (1 + star.filter((row) => Math.max(...row.map((x, k) => Math.sqrt(n) * (x - dbar[k]!))) >= V).length) / (1 + R);
  return { dbar, omega, T, pL: pv(g.l), pC: pv(g.c), pU: pv(g.u), whiteP };
}

const toBlocks = (idx: number[]) => idx.map((i) => [i, 1] as [number, number]);

describe("spaTest", () => {
  it("hand-worked: one rule with results −1, 0, 5 over all 27 resamples", () => {
    // d̄ = 4/3; over all 27 resamples Var*(d̄*) = (1/3)·σ² with σ² = (49+16+121)/27 = 62/9, so
    // ω̂² = 3·Var* = 62/9 and T = √3·(4/3)/ω̂. T*_u ≥ T ⇔ Σ of the three deviations (−7, −4, 11)/3
    // ≥ 3·d̄ = 4 ⇔ the triple sum of {−7, −4, 11} ≥ 12 ⇔ at least two 11s: 1 + 3·2 = 7 resamples.
    // d̄ > 0, so g_l = g_c = g_u = d̄ and all three p-values are (1 + 7)/(1 + 27) = 2/7.
    const draws = allResamples(3);
    const r = spaTest({ performance: [[-1, 0, 5]] }, { reps: 27, resampler: fixedResampler(3, draws) });
    expect(r.means[0]).toBeCloseTo(4 / 3, 14);
    expect(r.omega[0]).toBeCloseTo(Math.sqrt(62 / 9), 13);
    expect(r.statistic).toBeCloseTo((Math.sqrt(3) * 4) / 3 / Math.sqrt(62 / 9), 13);
    expect([r.pLower, r.pConsistent, r.pUpper, r.whiteP]).toEqual([2 / 7, 2 / 7, 2 / 7, 2 / 7]);
    expect(r.best).toBe(0);
  });

  it("matches the naive implementation: stationary bootstrap, benchmark and exposures, per draw and fixed", () => {
    const z = gaussian(7);
    const n = 120;
    const K = 6;
    const rand = mulberry32(3);
    const b = Array.from({ length: n }, () => 0.1 + z());
    const e = Array.from({ length: K }, (_, k) => Array.from({ length: n }, () => (rand() < 0.2 + 0.12 * k ? 1 : 0)));
    const p = e.map((ek, k) => ek.map((x, t) => x * (b[t]! + 0.15 * (k - 2))));
    for (const perDraw of [true, false]) {
      const r = spaTest({ performance: p, benchmark: b, exposure: e }, { reps: 300, seed: 11, benchmarkPerDraw: perDraw, resampling: { kind: "stationary", meanBlockLength: 4 } });
      const ref = naiveSpa(p, b, e, naiveStationaryDraws(n, 4, 11, 300), perDraw);
      ref.dbar.forEach((m, k) => expect(r.means[k]).toBeCloseTo(m, 12));
      ref.omega.forEach((w, k) => expect(r.omega[k]).toBeCloseTo(w, 11));
      expect(r.statistic).toBeCloseTo(ref.T, 11);
      expect([r.pLower, r.pConsistent, r.pUpper, r.whiteP]).toEqual([ref.pL, ref.pC, ref.pU, ref.whiteP]);
      expect(r.pLower).toBeLessThanOrEqual(r.pConsistent);
      expect(r.pConsistent).toBeLessThanOrEqual(r.pUpper);
    }
  });

  it("matches the naive implementation with the session block bootstrap (unequal sessions)", () => {
    const z = gaussian(9);
    const labels = Array.from({ length: 90 }, (_, i) => `s${Math.floor(Math.sqrt(i * 7))}`);
    const n = labels.length;
    const p = [0, 1, 2].map((k) => Array.from({ length: n }, () => 0.05 * k + z()));
    const b = Array.from({ length: n }, () => z());
    const starts = sessionRuns(labels);
    const r = spaTest({ performance: p, benchmark: b }, { reps: 200, seed: 5, resampling: { kind: "sessions", sessionStarts: starts } });
    const ref = naiveSpa(p, b, null, naiveSessionDraws(labels, 5, 200), true);
    ref.omega.forEach((w, k) => expect(r.omega[k]).toBeCloseTo(w, 11));
    expect([r.pLower, r.pConsistent, r.pUpper, r.whiteP]).toEqual([ref.pL, ref.pC, ref.pU, ref.whiteP]);
  });

  it("a rule that takes every trade has no edge and no variance once the benchmark is re-estimated", () => {
    const z = gaussian(1);
    const n = 200;
    const b = Array.from({ length: n }, () => 0.2 + z());
    const ones = b.map(() => 1);
    const input = { performance: [b], benchmark: b, exposure: [ones] };
    const perDraw = spaTest(input, { reps: 200 });
    expect(perDraw.means[0]).toBeCloseTo(0, 14);
    expect(perDraw.omega[0]).toBeLessThan(1e-12);
    expect(perDraw.best).toBe(-1);
    const fixed = spaTest(input, { reps: 200, benchmarkPerDraw: false });
    expect(fixed.omega[0]).toBeGreaterThan(0.5); // ≈ sd of b: the benchmark's own noise, wrongly charged to the rule
  });

  it("a real edge is found and pure noise is not", () => {
    const z = gaussian(4);
    const n = 400;
    const noise = Array.from({ length: 20 }, () => Array.from({ length: n }, () => z()));
    expect(spaTest({ performance: noise }, { reps: 500 }).pConsistent).toBeGreaterThan(0.05);
    const withEdge = [...noise, Array.from({ length: n }, () => 0.4 + z())];
    const r = spaTest({ performance: withEdge }, { reps: 500 });
    expect(r.pConsistent).toBeLessThan(0.01);
    expect(r.best).toBe(20);
  });

  it("is deterministic for a seed and checks its input", () => {
    const p = [Float64Array.from({ length: 50 }, (_, i) => Math.sin(i))];
    expect(spaTest({ performance: p }, { seed: 3, reps: 100 })).toEqual(spaTest({ performance: p }, { seed: 3, reps: 100 }));
    expect(() => spaTest({ performance: [[1, 2, 3], [1, 2]] })).toThrow(/rule 1 has 2 rows/);
    expect(() => spaTest({ performance: [[1, NaN, 3]] })).toThrow(/rule 0 row 1 is NaN/);
    expect(() => spaTest({ performance: [[1, 2]] })).toThrow(/at least 3 rows/);
    expect(() => spaTest({ performance: [[1, 2, 3]], exposure: [[1, NaN, 1]] })).toThrow(/exposure of rule 0 row 1/);
    expect(() => stationaryResampler(10, 0.5, mulberry32(1))).toThrow(/mean block length/);
  });
});
