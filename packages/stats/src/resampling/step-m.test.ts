import { describe, expect, it } from "vitest";
import { stepM } from "./step-m.js";
import { fixedResampler } from "./resampler.js";
import { avg, gaussian, naiveSessionDraws, naiveStationaryDraws } from "../../test-fixtures/naive-bootstrap.js";
import { sessionRuns } from "./sessions.js";

/** Naive StepM: row indices, sorted-array quantiles, the stepwise loop written out again. */
function naiveStepM(p: number[][], b: number[], draws: number[][], alpha: number, studentize: boolean) {
  const n = b.length;
  const R = draws.length;
  const dbar = p.map((pk) => avg(pk) - avg(b));
  const star = draws.map((idx) => {
    const bs = avg(idx.map((i) => b[i]!));
    return p.map((pk) => avg(idx.map((i) => pk[i]!)) - bs);
  });
  const omega = dbar.map((m, k) => Math.sqrt((n / R) * star.reduce((s, row) => s + (row[k]! - m) ** 2, 0)));
  const sc = omega.map((w) => (studentize ? Math.sqrt(n) / w : Math.sqrt(n)));
  const T = dbar.map((m, k) => sc[k]! * m);
  const rejected = p.map(() => false);
  for (;;) {
    const active = T.map((_, k) => k).filter((k) => !rejected[k]);
    if (!active.length) break;
    const maxima = star.map((row) => Math.max(...active.map((k) => sc[k]! * (row[k]! - dbar[k]!)))).sort((x, y) => x - y);
    const c = maxima[Math.ceil((1 - alpha) * R) - 1]!;
    const now = active.filter((k) => T[k]! > c);
    if (!now.length) break;
    now.forEach((k) => (rejected[k] = true));
  }
  return { T, rejected };
}

function family(seed: number, n: number, edges: number[]) {
  const z = gaussian(seed);
  const common = Array.from({ length: n }, () => z());
  const b = Array.from({ length: n }, () => 0.3 * z());
  // rules share a common path (dependent family) plus their own noise and edge
  const p = edges.map((e) => common.map((c, t) => b[t]! + e + 0.7 * c + 0.7 * z()));
  return { p, b };
}

describe("stepM", () => {
  it("hand-worked: results −1, 0, 5 over all 27 resamples", () => {
    // As in the SPA hand case, T* ≥ T in exactly 7 of the 27 resamples (two or three draws of the 5),
    // so the adjusted p is 7/27 ≈ 0.259: rejected at α = 0.30 (ĉ = 19th smallest T*, one of the 20
    // below T), not at α = 0.25 (ĉ = 21st smallest, one of the 7 at or above T). Same with or without
    // studentisation: one rule, one scale.
    const draws: [number, number][][] = [];
    for (let c = 0; c < 27; c++) draws.push([[c % 3, 1], [Math.floor(c / 3) % 3, 1], [Math.floor(c / 9), 1]]);
    for (const studentize of [true, false]) {
      const at = (alpha: number) => stepM({ performance: [[-1, 0, 5]] }, { alpha, studentize, reps: 27, resampler: fixedResampler(3, draws) });
      expect(at(0.3).adjustedP[0]).toBeCloseTo(7 / 27, 15);
      expect(at(0.3).rejected).toEqual([true]);
      expect(at(0.25).rejected).toEqual([false]);
    }
    expect(stepM({ performance: [[-1, 0, 5]] }, { studentize: false, reps: 27, resampler: fixedResampler(3, draws) }).statistic[0]).toBeCloseTo(
      (Math.sqrt(3) * 4) / 3,
      14,
    );
  });

  it("matches the naive implementation, studentised and basic, stationary and session resampling", () => {
    const { p, b } = family(2, 150, [0, 0.1, 0.25, 0.35, -0.2, 0.5]);
    for (const studentize of [true, false]) {
      const r = stepM({ performance: p, benchmark: b }, { reps: 400, seed: 4, studentize, resampling: { kind: "stationary", meanBlockLength: 5 } });
      const ref = naiveStepM(p, b, naiveStationaryDraws(150, 5, 4, 400), 0.05, studentize);
      ref.T.forEach((t, k) => expect(r.statistic[k]).toBeCloseTo(t, 10));
      expect(r.rejected).toEqual(ref.rejected);
      r.rejected.forEach((rej, k) => expect(rej).toBe(r.adjustedP[k]! <= 0.05));
    }
    const labels = Array.from({ length: 150 }, (_, i) => Math.floor(i / 6));
    const r = stepM({ performance: p, benchmark: b }, { reps: 400, seed: 4, alpha: 0.1, resampling: { kind: "sessions", sessionStarts: sessionRuns(labels) } });
    const ref = naiveStepM(p, b, naiveSessionDraws(labels.map(String), 4, 400), 0.1, true);
    expect(r.rejected).toEqual(ref.rejected);
    expect(r.rejected.some(Boolean)).toBe(true);
  });

  it("rejects step by step: the clear winner first, then a weaker rule with the smaller critical value", () => {
    const { p, b } = family(6, 400, [0, 0, 0, 0, 0.45, 0.9]);
    const r = stepM({ performance: p, benchmark: b }, { reps: 1000 });
    expect(r.rejected).toEqual([false, false, false, false, true, true]);
    expect(r.criticalValues.length).toBeGreaterThanOrEqual(2);
    expect(r.criticalValues[1]!).toBeLessThanOrEqual(r.criticalValues[0]!);
    expect(r.adjustedP[5]!).toBeLessThanOrEqual(r.adjustedP[4]!);
  });

  it("holds the family-wise error rate under the complete null", () => {
    let families = 0;
    for (let s = 0; s < 100; s++) {
      const { p, b } = family(100 + s, 120, [0, 0, 0, 0, 0]);
      if (stepM({ performance: p, benchmark: b }, { reps: 200, seed: s + 1, resampling: { kind: "stationary", meanBlockLength: 2 } }).rejected.some(Boolean)) families++;
    }
    expect(families).toBeLessThanOrEqual(12); // α = 5 %: binomial(100, 0.05) exceeds 12 with probability < 0.1 %
  });

  it("does not test a rule without variance and checks its settings", () => {
    const n = 50;
    const b = Array.from({ length: n }, (_, t) => Math.sin(t));
    const r = stepM({ performance: [b, b.map((v) => v + Math.cos(v * 7))], benchmark: b }, { reps: 100 });
    expect(r.statistic[0]).toBeNaN();
    expect(r.rejected[0]).toBe(false);
    expect(r.adjustedP[0]).toBeNaN();
    expect(() => stepM({ performance: [b] }, { alpha: 0 })).toThrow(/alpha/);
  });
});
