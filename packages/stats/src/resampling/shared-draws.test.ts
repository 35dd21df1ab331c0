import { describe, expect, it } from "vitest";
import { spaTest } from "./spa-test.js";
import { stepM } from "./step-m.js";
import { edgeDraws, type EdgeInput } from "./edge-draws.js";
import { makeResampler } from "./resampling-scheme.js";
import { prefixSums, type Resampler } from "./resampler.js";
import { gaussian } from "../../test-fixtures/naive-bootstrap.js";

/** Rules that each trade part of the rows (exposure 0/1), against a benchmark re-estimated per draw. */
function rules(seed: number, n: number, K: number) {
  const z = gaussian(seed);
  const benchmark = Float64Array.from({ length: n }, () => 0.02 + z());
  const exposure = Array.from({ length: K }, (_, k) => Float64Array.from({ length: n }, (_, t) => ((t * (k + 3)) % 7 < 3 + (k % 3) ? 1 : 0)));
  const performance = exposure.map((e, k) => Float64Array.from(e, (x, t) => x * (benchmark[t]! + 0.05 * k)));
  return { performance, benchmark, exposure };
}

describe("SPA and StepM sharing one set of draws", () => {
  const input = rules(7, 600, 6);
  const resampling = { kind: "stationary" as const, meanBlockLength: 8 };
  const shared = edgeDraws(input, makeResampler(resampling, 600, 42), 499, true);

  it("give exactly the figures each test gives drawing its own (same seed and scheme)", () => {
    const own = spaTest(input, { reps: 499, resampling, seed: 42, benchmarkPerDraw: true });
    const viaShared = spaTest(input, { draws: shared });
    expect(viaShared).toEqual(own);
    expect(own.pConsistent).toBeGreaterThan(0);
    expect(own.pConsistent).toBeLessThan(1);
    const ownM = stepM(input, { alpha: 0.1, reps: 499, resampling, seed: 42, benchmarkPerDraw: true });
    const sharedM = stepM(input, { alpha: 0.1, draws: shared });
    expect(sharedM).toEqual(ownM);
    expect(sharedM.reps).toBe(499);
    // the rule with the largest edge (0.25 a trade) is found by both
    expect(sharedM.rejected[5]).toBe(true);
  });

  it("a different seed gives different draws (the sharing is not hiding a fixed answer)", () => {
    const other = spaTest(input, { reps: 499, resampling, seed: 43, benchmarkPerDraw: true });
    expect(other.omega).not.toEqual(spaTest(input, { draws: shared }).omega);
  });

  it("draws of another input are refused", () => {
    const wrongRows = rules(7, 500, 6);
    expect(() => spaTest(wrongRows, { draws: shared })).toThrow(/SPA: the draws given are of 6 rules × 600 rows, the input has 6 × 500/);
    const wrongValues = rules(8, 600, 6);
    expect(() => stepM(wrongValues, { draws: shared })).toThrow(/StepM: the draws given were not made from this input \(rule 0/);
  });
});

/** The series-by-series form edgeDraws had before its prefix sums went time-major (the reference). */
function edgeDrawsBySeries(input: EdgeInput, resampler: Resampler, reps: number, benchmarkPerDraw: boolean) {
  const K = input.performance.length;
  const n = input.performance[0]!.length;
  const P = input.performance.map(prefixSums);
  const E = input.exposure?.map(prefixSums);
  const Bc = input.benchmark ? prefixSums(input.benchmark) : null;
  const bBar = Bc ? Bc[n]! / n : 0;
  const means = Float64Array.from({ length: K }, (_, k) => P[k]![n]! / n - (E ? E[k]![n]! / n : 1) * bBar);
  const draws = new Float64Array(K * reps);
  const start = new Int32Array(resampler.maxBlocks);
  const length = new Int32Array(resampler.maxBlocks);
  for (let r = 0; r < reps; r++) {
    const count = resampler.draw(start, length);
    const seg: [number, number][] = [];
    let rows = 0;
    for (let j = 0; j < count; j++) {
      const a = start[j]!, e = a + length[j]!;
      rows += length[j]!;
      if (e <= n) seg.push([a, e]);
      else seg.push([a, n], [0, e - n]);
    }
    const sum = (c: Float64Array) => seg.reduce((s, [a, e]) => s + (c[e]! - c[a]!), 0);
    const bStar = Bc && benchmarkPerDraw ? sum(Bc) / rows : bBar;
    for (let k = 0; k < K; k++) draws[k * reps + r] = sum(P[k]!) / rows - (E ? sum(E[k]!) / rows : 1) * bStar;
  }
  return { means, draws };
}

describe("edge draws from time-major prefix sums", () => {
  it("are bit-identical to the series-by-series sums, with and without exposure and benchmark", () => {
    const full = rules(11, 700, 5);
    const cases: [EdgeInput, boolean][] = [
      [full, true],
      [full, false],
      [{ performance: full.performance, benchmark: full.benchmark }, true],
      [{ performance: full.performance }, true],
    ];
    for (const [input, perDraw] of cases)
      for (const scheme of [{ kind: "stationary" as const, meanBlockLength: 12 }, { kind: "stationary" as const, meanBlockLength: 1 }]) {
        const got = edgeDraws(input, makeResampler(scheme, 700, 5), 300, perDraw);
        const want = edgeDrawsBySeries(input, makeResampler(scheme, 700, 5), 300, perDraw);
        expect(Array.from(got.means)).toEqual(Array.from(want.means));
        expect(Array.from(got.draws)).toEqual(Array.from(want.draws));
        expect(got.benchmarkPerDraw).toBe(perDraw);
      }
  });
});
