import { describe, expect, it } from "vitest";
import { bartlettWeight, hacMeat, hacMeatByLags } from "./covariance.js";
import { dropAliasedColumns } from "./drop-aliased.js";
import { cholesky, choleskySolveFactor, packRowBlocks, weightedGram, weightedGramPacked } from "./gram.js";
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

describe("Householder QR with look-ahead (next vector formed first, update and next dot product in one pass)", () => {
  it("stays bit for bit the one-column-at-a-time QR with zero columns, copies and more columns than rows", () => {
    for (const [n, p, seed] of [[40, 11, 6], [9, 12, 7], [3, 6, 8], [100, 23, 9]] as const) {
      const rand = lcg(seed);
      const cols = Array.from({ length: p }, () => Float64Array.from({ length: n }, () => rand() * 10 - 5));
      cols[2] = new Float64Array(n); // no reflection at step 2
      cols[4] = cols[1]!.slice(); // aliased: a tiny reflection
      if (p > 7) cols[7] = new Float64Array(n);
      const ref = referenceQR(cols, n);
      const qr = householderQR(cols, n);
      expect(qr.r).toEqual(ref.r);
      expect(Array.from(qr.v)).toEqual(Array.from(ref.v));
      expect(qr.deficientColumn).toBe(ref.deficientColumn);
    }
  });

  it("the dropping pass gives the reduced design's vectors and R bit for bit, for many random designs", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const rand = lcg(100 + seed);
      const n = 20 + Math.floor(rand() * 60);
      const d = aliasedDesign(n, seed);
      // extra columns after the aliased ones, so the fused passes run over groups of four and a rest
      const extra = Math.floor(rand() * 7);
      for (let e = 0; e < extra; e++) d.columns.push(Float64Array.from({ length: n }, () => rand() - 0.5));
      const { qr, kept } = householderQRDroppingAliased(d.columns, n);
      const ref = referenceQR(kept.map((j) => d.columns[j]!), n);
      expect(qr.r).toEqual(ref.r);
      expect(Array.from(qr.v)).toEqual(Array.from(ref.v));
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

/** XᵀWX as it was before the two-rows-per-pass kernel: four rows per pass, one row of M at a time. */
function referenceGram(columns: ArrayLike<number>[], n: number, weights?: ArrayLike<number>): Float64Array {
  const p = columns.length;
  const m = new Float64Array(p * p);
  const xs = new Float64Array(4 * p);
  const xw = new Float64Array(4 * p);
  for (let i0 = 0; i0 < n; i0 += 4) {
    const rows = Math.min(4, n - i0);
    for (let q = 0; q < rows; q++)
      for (let a = 0; a < p; a++) {
        const x = columns[a]![i0 + q]!;
        xs[q * p + a] = x;
        xw[q * p + a] = x * (weights ? weights[i0 + q]! : 1);
      }
    if (rows === 4)
      for (let a = 0; a < p; a++)
        for (let b = a; b < p; b++)
          m[a * p + b] = m[a * p + b]! + (xw[a]! * xs[b]! + xw[p + a]! * xs[p + b]! + xw[2 * p + a]! * xs[2 * p + b]! + xw[3 * p + a]! * xs[3 * p + b]!);
    else
      for (let q = 0; q < rows; q++)
        for (let a = 0; a < p; a++) for (let b = a; b < p; b++) m[a * p + b] = m[a * p + b]! + xw[q * p + a]! * xs[q * p + b]!;
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) m[a * p + b] = m[b * p + a]!;
  return m;
}

/** The moving-sum meat as it was before the two-rows-per-pass kernel (same windows, chunks and restarts). */
function referenceMeat(scores: Float64Array[], n: number, L: number): number[][] {
  const p = scores.length;
  const width = L + 1;
  const buf = new Float64Array(4 * p);
  const running = new Float64Array(p);
  const m = new Float64Array(p * p);
  const total = new Float64Array(p * p);
  let chunks = 0;
  let filled = 0;
  const flush = (rows: number) => {
    for (let a = 0; a < p; a++)
      if (rows === 4)
        for (let b = a; b < p; b++)
          m[a * p + b] = m[a * p + b]! + (buf[a]! * buf[b]! + buf[p + a]! * buf[p + b]! + buf[2 * p + a]! * buf[2 * p + b]! + buf[3 * p + a]! * buf[3 * p + b]!);
    if (rows < 4)
      for (let q = 0; q < rows; q++)
        for (let a = 0; a < p; a++) for (let b = a; b < p; b++) m[a * p + b] = m[a * p + b]! + buf[q * p + a]! * buf[q * p + b]!;
  };
  for (let u = 0; u < n + L; u++) {
    const leave = u - width;
    for (let a = 0; a < p; a++) {
      let v = running[a]!;
      if (u < n) v += scores[a]![u]!;
      if (leave >= 0) v -= scores[a]![leave]!;
      running[a] = v;
    }
    if (leave >= 0 && (u + 1) % width === 0)
      for (let a = 0; a < p; a++) {
        let v = 0;
        for (let t = Math.max(0, u - L); t <= Math.min(n - 1, u); t++) v += scores[a]![t]!;
        running[a] = v;
      }
    buf.set(running, filled * p);
    if (++filled === 4) {
      flush(4);
      filled = 0;
      if (++chunks === 16) {
        for (let i = 0; i < p * p; i++) total[i] = total[i]! + m[i]!;
        m.fill(0);
        chunks = 0;
      }
    }
  }
  if (filled > 0) flush(filled);
  for (let i = 0; i < p * p; i++) total[i] = total[i]! + m[i]!;
  return Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, b) => total[Math.min(a, b) * p + Math.max(a, b)]! / width));
}

describe("two rows of M per pass (XᵀWX and the Newey–West meat)", () => {
  it("XᵀWX is bit for bit the one-row-per-pass sum, odd and even p, every n mod 4", () => {
    for (const [n, p] of [[1, 1], [3, 2], [4, 5], [5, 6], [9, 7], [103, 12], [258, 45]] as const) {
      const rand = lcg(n * 17 + p);
      const cols = Array.from({ length: p }, () => Float64Array.from({ length: n }, () => rand() - 0.5));
      const w = Float64Array.from({ length: n }, () => rand());
      expect(Array.from(weightedGram(cols, n, w))).toEqual(Array.from(referenceGram(cols, n, w)));
      expect(Array.from(weightedGram(cols, n))).toEqual(Array.from(referenceGram(cols, n)));
      expect(Array.from(weightedGramPacked(packRowBlocks(cols, n), p, n, w))).toEqual(Array.from(referenceGram(cols, n, w)));
    }
  });

  it("the meat is bit for bit the one-row-per-pass moving-sum meat", () => {
    for (const [n, p, lag] of [[1, 1, 0], [2, 3, 1], [10, 4, 3], [10, 5, 25], [300, 7, 7], [1000, 6, 100], [257, 11, 63]] as const) {
      const rand = lcg(n * 7 + p * 3 + lag);
      const scores = Array.from({ length: p }, () => Float64Array.from({ length: n }, () => rand() * 2 - 1));
      expect(hacMeat(scores, n, lag)).toEqual(referenceMeat(scores, n, lag));
    }
  });
});
