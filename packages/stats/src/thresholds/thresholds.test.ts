import { describe, expect, it } from "vitest";
import { normalCdf, normalQuantile } from "../distributions/normal.js";
import { bootstrapIndices } from "./block-bootstrap.js";
import { percentile } from "./percentile.js";
import { mulberry32 } from "./prng.js";
import { realityCheck } from "./reality-check.js";
import { expectedMaxSharpe, moments, probabilisticSharpe } from "./sharpe.js";
import { thresholdSearch } from "./threshold-search.js";
import { welchTTest } from "./welch-t-test.js";

describe("PRNG and bootstrap", () => {
  it("mulberry32 is deterministic for a seed and uniform-looking", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 10000 }, () => a());
    expect(Array.from({ length: 10000 }, () => b())).toEqual(xs);
    expect(mulberry32(43)()).not.toBe(xs[0]);
    const m = xs.reduce((s, v) => s + v, 0) / xs.length;
    expect(Math.abs(m - 0.5)).toBeLessThan(0.01);
    expect(xs.every((v) => v >= 0 && v < 1)).toBe(true);
  });
  it("stationary blocks have the requested mean length; circular blocks are contiguous", () => {
    const idx = bootstrapIndices(20000, 8, "stationary", mulberry32(1));
    let breaks = 0;
    for (let t = 1; t < idx.length; t++) if (idx[t] !== (idx[t - 1]! + 1) % 20000) breaks++;
    expect(idx.length / (breaks + 1)).toBeGreaterThan(7);
    expect(idx.length / (breaks + 1)).toBeLessThan(9);
    const c = bootstrapIndices(20, 5, "circular", mulberry32(2));
    for (let t = 1; t < 5; t++) expect(c[t]).toBe((c[0]! + t) % 20);
    expect(Array.from(bootstrapIndices(50, 5, "stationary", mulberry32(9)))).toEqual(
      Array.from(bootstrapIndices(50, 5, "stationary", mulberry32(9))),
    );
  });
});

describe("percentile (type 7)", () => {
  it("interpolates between order statistics", () => {
    expect(percentile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5], 0.05)).toBeCloseTo(1.2, 15); // h = 0.2
    expect(percentile([10, 20], 0.95)).toBeCloseTo(19.5, 15);
  });
  it("lands exactly on an order statistic when (n − 1)·q is an integer", () => {
    // 0…100: the 55th percentile is 55, although 100·0.55 = 55.00000000000001 in floating point;
    // a threshold of 55 + 1e-14 would silently drop the rows equal to 55 from the ≥ rule
    const xs = Array.from({ length: 101 }, (_, i) => i);
    for (let k = 1; k <= 19; k++) expect(percentile(xs, (k * 5) / 100)).toBe(k * 5);
  });
});

describe("Sharpe ratios", () => {
  it("PSR by hand: SR 0.1, n 101, normal moments", () => {
    const m = { n: 101, mean: 0.1, sd: 1, sharpe: 0.1, skewness: 0, kurtosis: 3 };
    expect(probabilisticSharpe(m)).toBeCloseTo(normalCdf(1 / Math.sqrt(1 + 0.5 * 0.01)), 14);
    // negative skew and fat tails widen the SR's standard error, lowering PSR
    expect(probabilisticSharpe({ ...m, skewness: -1, kurtosis: 8 })).toBeLessThan(probabilisticSharpe(m));
  });
  it("expected max Sharpe of N trials: 0 for one trial, grows with N", () => {
    expect(expectedMaxSharpe(1, 1)).toBe(0);
    // N = 100, V = 1: (1−γ)·Φ⁻¹(0.99) + γ·Φ⁻¹(1 − 1/(100e)) = 0.42278·2.32635 + 0.57722·2.68020 ≈ 2.53060
    expect(expectedMaxSharpe(100, 1)).toBeCloseTo(2.5306, 4);
    expect(expectedMaxSharpe(1000, 1)).toBeGreaterThan(expectedMaxSharpe(100, 1));
  });
  it("moments", () => {
    const m = moments([1, 2, 3, 4]);
    expect(m.mean).toBe(2.5);
    expect(m.sd).toBeCloseTo(Math.sqrt(5 / 3), 14);
    expect(m.skewness).toBeCloseTo(0, 14);
    expect(m.kurtosis).toBeCloseTo(1.64, 14); // (2·(1.5⁴ + 0.5⁴)/4)/1.25²
  });
});

describe("Welch t", () => {
  it("hand-worked example", () => {
    // a: mean 2, var 1; b: mean 5, var 2.5 (n 3 and 4)
    const r = welchTTest([1, 2, 3], [3, 4, 6, 7])!;
    const se2 = 1 / 3 + (10 / 3) / 4;
    expect(r.t).toBeCloseTo(-3 / Math.sqrt(se2), 12);
    expect(r.df).toBeCloseTo(se2 ** 2 / ((1 / 3) ** 2 / 2 + ((10 / 3) / 4) ** 2 / 3), 12);
  });
});

function synthetic(seed: number, signal: boolean) {
  const rand = mulberry32(seed);
  const n = 600;
  const x: number[] = [];
  const noise: number[] = [];
  const outcome: number[] = [];
  const session: string[] = [];
  for (let i = 0; i < n; i++) {
    const xi = rand();
    x.push(xi);
    noise.push(rand());
    const edge = signal && xi >= 0.7 ? 6 : -1;
    outcome.push(edge + (rand() - 0.5) * 10);
    session.push(`2024-01-${String(1 + Math.floor(i / 30)).padStart(2, "0")}`);
  }
  return { features: { x, noise }, outcome, session };
}

describe("reality check / SPA", () => {
  it("White's p equals a naive per-index bootstrap on the same random stream", () => {
    const rand = mulberry32(21);
    const n = 97;
    const series = Array.from({ length: 4 }, (_, k) => Float64Array.from({ length: n }, () => (rand() - 0.5) + 0.03 * k));
    for (const method of ["stationary", "circular"] as const) {
      const reps = 200;
      const res = realityCheck(series, { reps, seed: 8, blockLength: 7, method });
      const r = mulberry32(8);
      const means = series.map((d) => d.reduce((a, b) => a + b, 0) / n);
      const v = Math.max(...means.map((m) => Math.sqrt(n) * m));
      let count = 0;
      for (let b = 0; b < reps; b++) {
        const idx = bootstrapIndices(n, 7, method, r);
        const vb = Math.max(...series.map((d, k) => Math.sqrt(n) * (Array.from(idx).reduce((s, i) => s + d[i]!, 0) / n - means[k]!)));
        if (vb >= v) count++;
      }
      expect(res.whiteStatistic).toBeCloseTo(v, 12);
      expect(res.whiteP).toBe((count + 1) / (reps + 1));
    }
  });
  it("Hansen's SPA equals a naive implementation (studentised, consistent recentring)", () => {
    // One rule slightly positive, one at zero, four clearly negative. The negative rules
    // (√n·d̄/ω̂ < −√(2 ln ln n)) are NOT recentred, so their bootstrap means stay centred at d̄ < 0 and
    // they cannot dominate the maximum (Hansen 2005, μ̂ᶜ); recentring them too (White's RC) would
    // raise the p-value.
    const rand = mulberry32(33);
    const n = 150;
    const shifts = [0.01, 0, -0.6, -0.6, -0.6, -0.6];
    const series = shifts.map((s) => Float64Array.from({ length: n }, () => rand() - 0.5 + s));
    const reps = 300;
    const res = realityCheck(series, { reps, seed: 12, blockLength: 6, method: "stationary" });
    const r = mulberry32(12);
    const means = series.map((d) => d.reduce((a, b) => a + b, 0) / n);
    const boot = series.map(() => new Float64Array(reps));
    for (let b = 0; b < reps; b++) {
      const idx = bootstrapIndices(n, 6, "stationary", r);
      series.forEach((d, k) => (boot[k]![b] = Array.from(idx).reduce((s, i) => s + d[i]!, 0) / n));
    }
    const omega = means.map((m, k) => Math.sqrt((n * boot[k]!.reduce((s, v) => s + (v - m) ** 2, 0)) / reps));
    const t = Math.max(0, ...means.map((m, k) => (Math.sqrt(n) * m) / omega[k]!));
    const cut = -Math.sqrt(2 * Math.log(Math.log(n)));
    const mu = means.map((m, k) => ((Math.sqrt(n) * m) / omega[k]! >= cut ? m : 0));
    for (let k = 2; k < 6; k++) expect((Math.sqrt(n) * means[k]!) / omega[k]!).toBeLessThan(cut); // really excluded
    let count = 0;
    for (let b = 0; b < reps; b++) {
      const tb = Math.max(0, ...means.map((_, k) => (Math.sqrt(n) * (boot[k]![b]! - mu[k]!)) / omega[k]!));
      if (tb >= t) count++;
    }
    expect(res.spaStatistic).toBeCloseTo(t, 10);
    expect(res.spaP).toBe((count + 1) / (reps + 1));
  });
  it("rejects for a real edge, not for noise, and is deterministic", () => {
    const rand = mulberry32(5);
    const n = 400;
    const real = Float64Array.from({ length: n }, () => 0.5 + (rand() - 0.5) * 2);
    const nulls = Array.from({ length: 10 }, () => Float64Array.from({ length: n }, () => (rand() - 0.5) * 2));
    const withEdge = realityCheck([real, ...nulls], { reps: 500, seed: 3 });
    expect(withEdge.spaP).toBeLessThan(0.01);
    expect(withEdge.whiteP).toBeLessThan(0.01);
    const onlyNoise = realityCheck(nulls, { reps: 500, seed: 3 });
    expect(onlyNoise.spaP).toBeGreaterThan(0.05);
    expect(realityCheck(nulls, { reps: 500, seed: 3 })).toEqual(onlyNoise);
    expect(realityCheck(nulls, { reps: 500, seed: 4, method: "circular" }).spaP).not.toBeNaN();
  });
});

describe("threshold search", () => {
  it("finds the real threshold, validates out of sample, and is deterministic", () => {
    const data = synthetic(11, true);
    const res = thresholdSearch(data, { bootstrapReps: 300, seed: 7 });
    expect(res.trainSessions.length).toBe(14); // 20 sessions · 0.7
    expect(res.testSessions.length).toBe(6);
    expect(res.chosen!.rule.feature).toBe("x");
    expect(res.chosen!.rule.side).toBe(">=");
    expect(res.chosen!.rule.threshold).toBeGreaterThan(0.6);
    expect(res.chosen!.test.mean!).toBeGreaterThan(res.test.mean!);
    expect(res.realityCheck!.spaP).toBeLessThan(0.05);
    expect(res.rulesTried).toBeLessThanOrEqual(76);
    for (const r of res.rules) expect(r.train.n).toBeGreaterThanOrEqual(30);
    expect(JSON.stringify(thresholdSearch(data, { bootstrapReps: 300, seed: 7 }))).toBe(JSON.stringify(res));
  });
  it("on pure noise the SPA p-value does not reject", () => {
    const res = thresholdSearch(synthetic(12, false), { bootstrapReps: 300, seed: 7 });
    expect(res.realityCheck!.spaP).toBeGreaterThan(0.05);
    expect(res.chosen!.deflatedSharpe!).toBeLessThan(0.95);
  });
  it("percentiles of the training rows only, ≥ and ≤ inclusive, n ≥ minN, chosen by training expectancy", () => {
    // 10 sessions → floor(0.7·10) = 7 training sessions of 3 rows: x = 0…20, outcome = x.
    // 3 test sessions hold x = 1000…1008: if they leaked into the percentiles the thresholds would move.
    // Type-7 percentiles of 0…20: h = 20·q = 1, 2, …, 19, so τ = 1 … 19 exactly.
    const x: number[] = [];
    const outcome: number[] = [];
    const session: string[] = [];
    for (let i = 0; i < 30; i++) {
      const train = i < 21;
      x.push(train ? i : 1000 + (i - 21));
      outcome.push(train ? i : -5);
      session.push(`2024-02-${String(1 + Math.floor(i / 3)).padStart(2, "0")}`);
    }
    const res = thresholdSearch({ features: { x }, outcome, session }, { minN: 3, bootstrapReps: 50 });
    expect(res.trainSessions.length).toBe(7);
    expect(res.train.n).toBe(21);
    const thresholds = [...new Set(res.rules.map((r) => r.threshold))].sort((a, b) => a - b);
    // ≥ 19 (19, 20) and ≤ 1 (0, 1) take 2 trades < minN 3 and are not eligible; every other τ is
    expect(thresholds).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    const rule = (side: ">=" | "<=", t: number) => res.rules.find((r) => r.side === side && r.threshold === t);
    // inclusive: x ≥ 18 takes 18, 19, 20 (n 3, mean 19); x ≤ 2 takes 0, 1, 2 (n 3, mean 1)
    expect(rule(">=", 18)!.train).toMatchObject({ n: 3, mean: 19 });
    expect(rule("<=", 2)!.train).toMatchObject({ n: 3, mean: 1 });
    expect(rule(">=", 19)).toBeUndefined();
    expect(rule("<=", 1)).toBeUndefined();
    expect(rule(">=", 1)!.train.n).toBe(20);
    expect(res.rules.length).toBe(36); // 19 thresholds × 2 sides − 2 ineligible
    expect(res.rulesTried).toBe(36);
    // the highest training expectancy is x ≥ 18; out of sample it takes every test trade (x ≥ 1000)
    expect(res.chosen!.rule).toMatchObject({ feature: "x", side: ">=", threshold: 18, percentile: 90 });
    expect(res.chosen!.test).toMatchObject({ n: 9, mean: -5 });
  });
  it("deflated Sharpe uses N = rules tried and the variance of their training Sharpe ratios", () => {
    const data = synthetic(11, true);
    const res = thresholdSearch(data, { bootstrapReps: 50, seed: 7 });
    const srs = res.rules.map((r) => r.train.sharpe!);
    const m = srs.reduce((a, b) => a + b, 0) / srs.length;
    const v = srs.reduce((a, b) => a + (b - m) ** 2, 0) / (srs.length - 1);
    // SR₀ = √V · ((1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e)))  (Bailey & López de Prado 2014, eq. for E[max SR])
    const g = 0.5772156649015329;
    const N = res.rulesTried;
    const sr0 = Math.sqrt(v) * ((1 - g) * normalQuantile(1 - 1 / N) + g * normalQuantile(1 - 1 / (N * Math.E)));
    expect(res.chosen!.expectedMaxSharpe!).toBeCloseTo(sr0, 12);
    // DSR = PSR(SR₀) of the chosen rule's training trades
    const c = res.chosen!.rule;
    const taken = data.outcome.filter((_, i) => res.trainSessions.includes(data.session[i]!) && (c.side === ">=" ? data.features.x[i]! >= c.threshold : data.features.x[i]! <= c.threshold));
    expect(res.chosen!.deflatedSharpe!).toBeCloseTo(probabilisticSharpe(moments(taken), sr0), 12);
    expect(res.chosen!.psrTrain!).toBeCloseTo(probabilisticSharpe(moments(taken)), 12);
  });
  it("explains why it cannot run", () => {
    const res = thresholdSearch({ features: { x: [1, 2] }, outcome: [1, 2], session: ["a", "a"] });
    expect(res.chosen).toBeNull();
    expect(res.notes[0]).toMatch(/2 are needed/);
  });
});
