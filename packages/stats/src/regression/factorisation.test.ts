import { describe, expect, it } from "vitest";
import { bartlettWeight, hacMeat, hacMeatByLags } from "./covariance.js";
import { dropAliasedColumns } from "./drop-aliased.js";
import { cholesky, choleskySolveFactor, weightedGram } from "./gram.js";
import { householderQR, householderQRDroppingAliased, householderQRReusing, RANK_TOLERANCE } from "./householder-qr.js";

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The Householder QR one column at a time, as it was before the four-column passes (the reference). */
function referenceQR(columns: ArrayLike<number>[], n: number) {
  const p = columns.length;
  const a = new Float64Array(n * p);
  const colNorm = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      a[j * n + i] = columns[j]![i]!;
      s += columns[j]![i]! * columns[j]![i]!;
    }
    colNorm[j] = Math.sqrt(s);
  }
  const r = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  let deficientColumn = -1;
  for (let k = 0; k < p; k++) {
    const off = k * n;
    let scale = 0;
    for (let i = k; i < n; i++) scale = Math.max(scale, Math.abs(a[off + i]!));
    let norm = 0;
    if (scale > 0) {
      let s = 0;
      for (let i = k; i < n; i++) s += (a[off + i]! / scale) ** 2;
      norm = scale * Math.sqrt(s);
    }
    if (deficientColumn < 0 && (k >= n || !(norm > RANK_TOLERANCE * colNorm[k]!))) deficientColumn = k;
    if (norm === 0 || k >= n) {
      for (let j = k; j < p; j++) r[k]![j] = k < n ? a[j * n + k]! : 0;
      continue;
    }
    const alpha = a[off + k]! > 0 ? -norm : norm;
    a[off + k] = a[off + k]! - alpha;
    let vn = 0;
    for (let i = k; i < n; i++) vn += a[off + i]! * a[off + i]!;
    r[k]![k] = alpha;
    for (let j = k + 1; j < p; j++) {
      const oj = j * n;
      let s = 0;
      for (let i = k; i < n; i++) s += a[off + i]! * a[oj + i]!;
      const f = (2 * s) / vn;
      for (let i = k; i < n; i++) a[oj + i] = a[oj + i]! - f * a[off + i]!;
      r[k]![j] = a[oj + k]!;
    }
  }
  return { r, v: a, deficientColumn };
}

/** A design with aliased columns: a copy, a zero interaction, a sum of two others, a constant. */
function aliasedDesign(n: number, seed: number) {
  const rand = lcg(seed);
  const ones = new Float64Array(n).fill(1);
  const x1 = Float64Array.from({ length: n }, () => rand() - 0.5);
  const f1 = Float64Array.from({ length: n }, () => (rand() < 0.3 ? 1 : 0));
  const f2 = Float64Array.from(f1, (v) => 1 - v);
  const x2 = Float64Array.from({ length: n }, () => rand() * 3);
  const columns = [ones, x1, f1, x1.slice(), Float64Array.from(f1, (v, i) => v * f2[i]!), x2, Float64Array.from(x1, (v, i) => v + x2[i]!), new Float64Array(n).fill(2), Float64Array.from({ length: n }, () => rand())];
  const names = ["Intercept", "x1", "f1", "x1 copy", "f1:f2", "x2", "x1+x2", "two", "x3"];
  return { names, columns };
}

describe("Householder QR, four columns per pass", () => {
  it("gives R and the Householder vectors bit for bit as one column at a time", () => {
    for (const [n, p, seed] of [[50, 7, 1], [13, 13, 2], [200, 9, 3], [5, 8, 4], [1, 3, 5]] as const) {
      const rand = lcg(seed);
      const cols = Array.from({ length: p }, () => Float64Array.from({ length: n }, () => rand() * 10 - 5));
      const ref = referenceQR(cols, n);
      const qr = householderQR(cols, n);
      expect(qr.r).toEqual(ref.r);
      expect(Array.from(qr.v)).toEqual(Array.from(ref.v));
      expect(qr.deficientColumn).toBe(ref.deficientColumn);
    }
  });
});

describe("aliased columns in one pass", () => {
  /** The refits it replaces: factorise, drop the first aliased column, factorise again. */
  function byRefits(names: string[], columns: Float64Array[], n: number) {
    const dropped: string[] = [];
    for (;;) {
      const qr = referenceQR(columns, n);
      if (qr.deficientColumn < 0) return { names, columns, dropped, r: qr.r };
      dropped.push(names[qr.deficientColumn]!);
      names = names.filter((_, j) => j !== qr.deficientColumn);
      columns = columns.filter((_, j) => j !== qr.deficientColumn);
    }
  }

  it("drops the same columns as refitting after each drop, and leaves the same R bit for bit", () => {
    for (const seed of [1, 2, 3]) {
      const n = 80;
      const d = aliasedDesign(n, seed);
      const ref = byRefits(d.names, d.columns, n);
      expect(ref.dropped).toEqual(["x1 copy", "f1:f2", "x1+x2", "two"]);
      const { design, dropped } = dropAliasedColumns(d, n);
      expect(dropped).toEqual(ref.dropped);
      expect(design.names).toEqual(ref.names);
      const { qr } = householderQRDroppingAliased(d.columns, n);
      expect(qr.r).toEqual(ref.r);
      expect(householderQR(design.columns, n).r).toEqual(ref.r);
    }
  });

  it("hands its factorisation to the fit that follows, and not once a column has changed", () => {
    const n = 60;
    const { design } = dropAliasedColumns(aliasedDesign(n, 9), n);
    const first = householderQRReusing(design.columns, n);
    expect(householderQRReusing(design.columns, n)).toBe(first);
    expect(first.r).toEqual(householderQR(design.columns, n).r);
    (design.columns[1] as Float64Array)[3]! += 1;
    const again = householderQRReusing(design.columns, n);
    expect(again).not.toBe(first);
    expect(again.r).toEqual(householderQR(design.columns, n).r);
    expect(householderQRReusing([...design.columns], n)).not.toBe(first);
  });

  it("drops every column of more columns than rows beyond the rank, and a zero column", () => {
    const cols = [Float64Array.of(1, 1, 1), Float64Array.of(1, 2, 3), Float64Array.of(0, 0, 0), Float64Array.of(4, 1, 0), Float64Array.of(1, 0, 0)];
    const r = householderQRDroppingAliased(cols, 3);
    expect(r.kept).toEqual([0, 1, 3]);
    expect(r.dropped).toEqual([2, 4]);
  });
});

describe("Newey–West meat as moving sums", () => {
  const cases: [number, number, number][] = [[1, 1, 0], [1, 3, 5], [2, 2, 1], [10, 3, 0], [10, 3, 3], [10, 3, 9], [10, 3, 25], [300, 5, 7], [1000, 4, 100], [257, 6, 63]];
  it("equals the lag-by-lag sum Γ₀ + Σ w_l(Γ_l + Γ_lᵀ) for every n, p and lag, edges included", () => {
    for (const [n, p, lag] of cases) {
      const rand = lcg(n * 31 + p * 7 + lag);
      const scores = Array.from({ length: p }, () => Float64Array.from({ length: n }, () => rand() * 2 - 1));
      const fast = hacMeat(scores, n, lag);
      const slow = hacMeatByLags(scores, n, lag);
      for (let a = 0; a < p; a++)
        for (let b = 0; b < p; b++) {
          const scale = Math.sqrt(slow[a]![a]! * slow[b]![b]!);
          expect(Math.abs(fast[a]![b]! - slow[a]![b]!)).toBeLessThanOrEqual(1e-13 * scale);
          expect(fast[a]![b]).toBe(fast[b]![a]);
        }
    }
  });

  it("matches a hand computation: n = 3, one score column, lag 1", () => {
    // s = (1, 2, 3): Γ₀ = 14, Γ₁ = 1·2 + 2·3 = 8, w₁ = 1/2 → 14 + 2·(1/2)·8 = 22
    expect(hacMeat([Float64Array.of(1, 2, 3)], 3, 1)).toEqual([[22]]);
    // lag 2 adds Γ₂ = 3 with w₂ = 1/3: 14 + 2·(2/3)·8 + 2·(1/3)·3 = 26.666…
    expect(hacMeat([Float64Array.of(1, 2, 3)], 3, 2)[0]![0]).toBeCloseTo(14 + (32 / 3) + 2, 12);
    expect(bartlettWeight(2, 2)).toBeCloseTo(1 / 3, 15);
  });

  it("takes the lag-by-lag sum for a fractional lag", () => {
    const s = [Float64Array.of(1, -2, 3, 0.5)];
    expect(hacMeat(s, 4, 1.5)).toEqual(hacMeatByLags(s, 4, 1.5));
  });
});

describe("weighted cross-products and Cholesky", () => {
  it("XᵀWX by blocks of rows equals the plain sum, and the factor solves it", () => {
    for (const n of [1, 3, 4, 5, 9, 103]) {
      const rand = lcg(n);
      const p = 4;
      const cols = Array.from({ length: p }, () => Float64Array.from({ length: n }, () => rand() - 0.5));
      const w = Float64Array.from({ length: n }, () => rand());
      const g = weightedGram(cols, n, w);
      for (let a = 0; a < p; a++)
        for (let b = 0; b < p; b++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += w[i]! * cols[a]![i]! * cols[b]![i]!;
          expect(g[a * p + b]).toBeCloseTo(s, 13);
        }
      if (n >= p) {
        const f = cholesky(g, p)!;
        const x = choleskySolveFactor(f.r, p, [1, 2, 3, 4]);
        for (let a = 0; a < p; a++) expect(x.reduce((s, v, b) => s + g[a * p + b]! * v, 0)).toBeCloseTo(a + 1, 8);
      }
    }
    expect(cholesky(Float64Array.of(1, 1, 1, 1), 2)).toBeNull();
  });
});
