import { describe, expect, it } from "vitest";
import { bootstrapBlocks, bootstrapBlocksInto } from "./block-bootstrap.js";
import { mulberry32 } from "./prng.js";
import { realityCheck } from "./reality-check.js";

/** The reality check's bootstrap means as they were computed before (per-series prefix sums). */
function referenceBootMeans(series: Float64Array[], reps: number, blockLength: number, seed: number) {
  const n = series[0]!.length;
  const rand = mulberry32(seed);
  const prefix = series.map((d) => {
    const c = new Float64Array(n + 1);
    for (let t = 0; t < n; t++) c[t + 1] = c[t]! + d[t]!;
    return c;
  });
  const out = series.map(() => new Float64Array(reps));
  for (let b = 0; b < reps; b++) {
    const { start, length, count } = bootstrapBlocks(n, blockLength, "stationary", rand);
    series.forEach((_, k) => {
      const c = prefix[k]!;
      let s = 0;
      for (let j = 0; j < count; j++) {
        const a = start[j]!;
        const e = a + length[j]!;
        s += e <= n ? c[e]! - c[a]! : c[n]! - c[a]! + c[e - n]!;
      }
      out[k]![b] = s / n;
    });
  }
  return out;
}

describe("bootstrap draws unchanged", () => {
  it("bootstrapBlocksInto draws the same blocks from the same generator state", () => {
    const a = mulberry32(3);
    const b = mulberry32(3);
    const start = new Int32Array(500);
    const length = new Int32Array(500);
    for (let k = 0; k < 20; k++) {
      const x = bootstrapBlocks(500, 7, k % 2 ? "circular" : "stationary", a);
      const y = bootstrapBlocksInto(500, 7, k % 2 ? "circular" : "stationary", b, start, length);
      expect(y.count).toBe(x.count);
      expect(Array.from(y.start.subarray(0, y.count))).toEqual(Array.from(x.start.subarray(0, x.count)));
      expect(Array.from(y.length.subarray(0, y.count))).toEqual(Array.from(x.length.subarray(0, x.count)));
    }
  });

  it("the reality check's statistics and p-values are those of the per-series prefix sums, exactly", () => {
    const rand = mulberry32(11);
    const n = 400;
    const series = Array.from({ length: 9 }, (_, k) => Float64Array.from({ length: n }, () => (rand() < 0.4 ? rand() - 0.5 + 0.01 * k : 0)));
    const reps = 300;
    const res = realityCheck(series, { reps, blockLength: 12, seed: 5 });
    const boot = referenceBootMeans(series, reps, 12, 5);
    const means = series.map((d) => d.reduce((a, b) => a + b, 0) / n);
    const rootN = Math.sqrt(n);
    const white = Math.max(...means.map((m) => rootN * m));
    let count = 0;
    for (let b = 0; b < reps; b++) if (Math.max(...means.map((m, k) => rootN * (boot[k]![b]! - m))) >= white) count++;
    expect(res.whiteStatistic).toBe(white);
    expect(res.whiteP).toBe((count + 1) / (reps + 1));
  });
});
