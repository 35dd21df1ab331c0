// Differential test of PBO's depth-first walk over the splits against the former form, kept here
// verbatim as the reference (every split summing its blocks one by one in Gosper order): every
// figure bit-identical (Object.is), the per-split arrays in the same order.
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../thresholds/prng.js";
import { combinationMasks } from "./combinations.js";
import { type PboOptions, type PboResult, probabilityOfBacktestOverfitting } from "./pbo.js";

function same(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

describe("PBO by a walk over the tree of splits", () => {
  it("gives every figure of the split-by-split form, bit for bit", () => {
    const r = mulberry32(17);
    for (const [T, N, S, kind, flat] of [
      [40, 2, 2, "sharpe", false],
      [300, 7, 6, "sharpe", false],
      [1000, 12, 10, "mean", false],
      [2003, 30, 16, "sharpe", true],
      [97, 5, 8, "mean", true],
    ] as const) {
      // noisy columns with some rows at zero (a rule that does not trade), one flat column when asked
      const columns = Array.from({ length: N }, (_, n) =>
        Float64Array.from({ length: T }, () => (flat && n === 0 ? 0 : r() < 0.4 ? 0 : Math.round((r() - 0.48) * 40) / 4 + (r() - 0.5) * 1e-3)),
      );
      const options = { blocks: S, performance: kind } as const;
      const got = probabilityOfBacktestOverfitting(columns, options);
      const want = referencePbo(columns, options);
      for (const k of ["pbo", "splits", "blocks", "strategies", "rows"] as const) expect(Object.is(got[k], want[k])).toBe(true);
      expect(same(got.logits, want.logits)).toBe(true);
      expect(same(got.chosen, want.chosen)).toBe(true);
      expect(same(got.degradation.inSample, want.degradation.inSample)).toBe(true);
      expect(same(got.degradation.outOfSample, want.degradation.outOfSample)).toBe(true);
      for (const k of ["slope", "intercept", "probabilityOfLoss"] as const) expect(Object.is(got.degradation[k], want.degradation[k])).toBe(true);
      expect(got.splits).toBe(combinationMasks(S, S / 2).length);
    }
  });
});

// ---- the former implementation (pbo.ts before the walk), the reference ----
function sharpeFromRef(count: number, sum: number, sumSq: number): number {
  const mean = sum / count;
  const ss = sumSq - sum * mean;
  const sd = count > 1 && ss > 0 ? Math.sqrt(ss / (count - 1)) : 0;
  if (sd > 0 && sd > 1e-14 * Math.abs(mean)) return mean / sd;
  return mean > 0 ? Infinity : mean < 0 ? -Infinity : 0;
}

function referencePbo(columns: readonly ArrayLike<number>[], options: PboOptions = {}): PboResult {
  const S = options.blocks ?? 16;
  const kind = options.performance ?? "sharpe";
  const N = columns.length;
  if (!Number.isInteger(S) || S < 2 || S > 30 || S % 2) throw new RangeError(`PBO: blocks must be an even integer 2 … 30, got ${S}`);
  if (kind !== "sharpe" && kind !== "mean") throw new RangeError(`PBO: performance must be "sharpe" or "mean", got ${JSON.stringify(kind)}`);
  if (N < 2) throw new RangeError(`PBO: at least 2 columns (strategies) are needed, got ${N}`);
  const T = columns[0]!.length;
  columns.forEach((c, n) => {
    if (c.length !== T) throw new RangeError(`PBO: column ${n} has ${c.length} rows, column 0 has ${T}`);
    for (let t = 0; t < T; t++) if (!Number.isFinite(c[t]!)) throw new RangeError(`PBO: column ${n} row ${t} is ${c[t]} (finite numbers expected)`);
  });
  if (T < S) throw new RangeError(`PBO: ${S} blocks need at least ${S} rows, got ${T}`);
  // per-block count, Σx, Σx² — block-major [s·N + n]
  const count = new Float64Array(S);
  const sum = new Float64Array(S * N);
  const sumSq = new Float64Array(S * N);
  for (let s = 0; s < S; s++) {
    const a = Math.floor((s * T) / S);
    const e = Math.floor(((s + 1) * T) / S);
    count[s] = e - a;
    for (let n = 0; n < N; n++) {
      const c = columns[n]!;
      let x = 0;
      let xx = 0;
      for (let t = a; t < e; t++) {
        x += c[t]!;
        xx += c[t]! * c[t]!;
      }
      sum[s * N + n] = x;
      sumSq[s * N + n] = xx;
    }
  }
  const masks = combinationMasks(S, S / 2);
  const C = masks.length;
  const logits = new Float64Array(C);
  const chosen = new Int32Array(C);
  const inSample = new Float64Array(C);
  const outOfSample = new Float64Array(C);
  const isSum = new Float64Array(N);
  const isSq = new Float64Array(N);
  const osSum = new Float64Array(N);
  const osSq = new Float64Array(N);
  const isPerf = new Float64Array(N);
  const osPerf = new Float64Array(N);
  let overfit = 0;
  let losses = 0;
  for (let c = 0; c < C; c++) {
    const mask = masks[c]!;
    isSum.fill(0);
    isSq.fill(0);
    osSum.fill(0);
    osSq.fill(0);
    let isCount = 0;
    let osCount = 0;
    for (let s = 0; s < S; s++) {
      const inside = (mask >> s) & 1;
      const tSum = inside ? isSum : osSum;
      const tSq = inside ? isSq : osSq;
      if (inside) isCount += count[s]!;
      else osCount += count[s]!;
      const o = s * N;
      for (let n = 0; n < N; n++) {
        tSum[n] += sum[o + n]!;
        tSq[n] += sumSq[o + n]!;
      }
    }
    let best = 0;
    for (let n = 0; n < N; n++) {
      isPerf[n] = kind === "mean" ? isSum[n]! / isCount : sharpeFromRef(isCount, isSum[n]!, isSq[n]!);
      osPerf[n] = kind === "mean" ? osSum[n]! / osCount : sharpeFromRef(osCount, osSum[n]!, osSq[n]!);
      if (isPerf[n]! > isPerf[best]!) best = n;
    }
    const r = osPerf[best]!;
    let below = 0;
    let equal = 0;
    for (let n = 0; n < N; n++) {
      if (osPerf[n]! < r) below++;
      else if (osPerf[n]! === r) equal++;
    }
    const omega = (below + (equal + 1) / 2) / (N + 1);
    const lambda = Math.log(omega / (1 - omega));
    logits[c] = lambda;
    chosen[c] = best;
    inSample[c] = isPerf[best]!;
    outOfSample[c] = r;
    if (lambda <= 0) overfit++;
    if (r < 0) losses++;
  }
  const { slope, intercept } = leastSquaresLineRef(inSample, outOfSample);
  return {
    pbo: overfit / C,
    splits: C,
    blocks: S,
    strategies: N,
    rows: T,
    logits,
    chosen,
    degradation: { inSample, outOfSample, slope, intercept, probabilityOfLoss: losses / C },
  };
}

/** y = a + b·x by least squares over the finite pairs; NaN when x does not vary. */
function leastSquaresLineRef(x: Float64Array, y: Float64Array): { slope: number; intercept: number } {
  let m = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < x.length; i++)
    if (Number.isFinite(x[i]!) && Number.isFinite(y[i]!)) {
      m++;
      sx += x[i]!;
      sy += y[i]!;
    }
  const mx = sx / m;
  const my = sy / m;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i++)
    if (Number.isFinite(x[i]!) && Number.isFinite(y[i]!)) {
      sxy += (x[i]! - mx) * (y[i]! - my);
      sxx += (x[i]! - mx) ** 2;
    }
  const slope = sxx > 0 ? sxy / sxx : NaN;
  return { slope, intercept: my - slope * mx };
}
