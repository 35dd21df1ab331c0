// Dense kernels of the regressions (packages/stats/src/regression): the Householder QR's dot products
// and reflections, the weighted cross-product XᵀWX of the logit's Newton steps and the moving-sum
// Newey–West meat. Every result is BIT-IDENTICAL to the TypeScript it replaces: WebAssembly has no
// fused multiply-add, and the two f64x2 lanes always hold two independent output entries (two
// columns of a panel, two entries b, b + 1 of a row of M), each seeing the same multiplications and
// additions in the same order as the scalar loop. One sum is never split across lanes.
//
// Layouts (pp = p rounded up to even):
// - "pairs" (the QR's n×p panel): columns stored two by two, row-interleaved: entry (i, c) at element
//   (c >> 1)·2n + 2i + (c & 1), so rows i of columns c, c + 1 (c even) are one 16-byte lane pair.
// - "pair blocks" (a block of four rows of p values, as l and r of a rank-4 update): entry (a, q) at
//   (a >> 1)·8 + 2q + (a & 1); entries a = p … pp − 1 are zero.
// - M (p×p results): row-major with row stride pp, pp rows. Only the upper triangle (b ≥ a, a < p,
//   b < p) is meaningful; a pass over a row starts at the even b ≤ a, so an entry just left of the
//   diagonal, and the padding row and column, hold numbers nobody reads.

import { ldF, stF } from "./memory";

@inline function pairCol(a: usize, n: i32, c: i32): usize {
  return a + ((<usize>(c >> 1) * <usize>(2 * n) + <usize>(c & 1)) << 3);
}

/** Copies p columns of n (column-major at `src`) into the pairs panel `a`; a padding column is zeroed. */
export function densePairPack(src: usize, n: i32, p: i32, a: usize): void {
  const pp = p + (p & 1);
  for (let c = 0; c < pp; c++) {
    const x = pairCol(a, n, c);
    if (c >= p) {
      for (let i = 0; i < n; i++) store<f64>(x + (<usize>i << 4), 0.0);
      continue;
    }
    const col = src + (<usize>c * <usize>n << 3);
    for (let i = 0; i < n; i++) store<f64>(x + (<usize>i << 4), load<f64>(col + (<usize>i << 3)));
  }
}

/** Copies column c of the pairs panel `a` (n rows) to `dst` (contiguous). */
export function densePairUnpack(a: usize, n: i32, c: i32, dst: usize): void {
  const x = pairCol(a, n, c);
  for (let i = 0; i < n; i++) store<f64>(dst + (<usize>i << 3), load<f64>(x + (<usize>i << 4)));
}

/**
 * ‖x_c[k … n − 1]‖ with the scaling that avoids overflow and underflow (householder-qr.ts
 * `tailNorm`: the largest |x| first, then √Σ (x/scale)² · scale, summed in row order).
 */
export function denseTailNorm(a: usize, n: i32, k: i32, c: i32): f64 {
  const x = pairCol(a, n, c);
  let scale = 0.0;
  for (let i = k; i < n; i++) scale = max(scale, abs(load<f64>(x + (<usize>i << 4))));
  if (!(scale > 0)) return 0;
  let s = 0.0;
  for (let i = k; i < n; i++) {
    const z = load<f64>(x + (<usize>i << 4)) / scale;
    s += z * z;
  }
  return scale * sqrt(s);
}

/** The Householder vector of column c in place (x_k −= alpha); returns ‖v‖² = Σ_{i≥k} v_i² in row order. */
export function denseHouseholderVector(a: usize, n: i32, k: i32, c: i32, alpha: f64): f64 {
  const x = pairCol(a, n, c);
  const o = <usize>k << 4;
  store<f64>(x + o, load<f64>(x + o) - alpha);
  let vn = 0.0;
  for (let i = k; i < n; i++) {
    const v = load<f64>(x + (<usize>i << 4));
    vn += v * v;
  }
  return vn;
}

/** norms[c] = √(Σ_i x_ic²) summed in row order, for the p columns of the pairs panel `a`. */
export function densePairNorms(a: usize, n: i32, p: i32, norms: usize): void {
  let c = 0;
  for (; c + 2 <= p; c += 2) {
    const x = pairCol(a, n, c);
    let s = f64x2.splat(0.0);
    for (let i = 0; i < n; i++) {
      const v = v128.load(x + (<usize>i << 4));
      s = f64x2.add(s, f64x2.mul(v, v));
    }
    s = f64x2.sqrt(s);
    stF(norms, c, f64x2.extract_lane(s, 0));
    stF(norms, c + 1, f64x2.extract_lane(s, 1));
  }
  if (c < p) {
    const x = pairCol(a, n, c);
    let s = 0.0;
    for (let i = 0; i < n; i++) {
      const v = load<f64>(x + (<usize>i << 4));
      s += v * v;
    }
    stF(norms, c, Math.sqrt(s));
  }
}

@inline function dotOne(v: usize, x: usize, k: i32, n: i32): f64 {
  let s = 0.0;
  for (let i = k; i < n; i++) s += load<f64>(v + (<usize>i << 4)) * load<f64>(x + (<usize>i << 4));
  return s;
}

/**
 * dots[c] = Σ_{i≥k} v_i·x_ic (v = column `src`) for the columns c = from … to − 1 of the pairs panel,
 * each summed in row order (householder-qr.ts `dotsWith`).
 */
export function denseQrDots(a: usize, n: i32, k: i32, src: i32, from: i32, to: i32, dots: usize): void {
  const v = pairCol(a, n, src);
  let t = from;
  if (t < to && (t & 1) != 0) {
    stF(dots, t, dotOne(v, pairCol(a, n, t), k, n));
    t++;
  }
  for (; t + 4 <= to; t += 4) {
    const x0 = pairCol(a, n, t), x1 = pairCol(a, n, t + 2);
    let s0 = f64x2.splat(0.0), s1 = f64x2.splat(0.0);
    for (let i = k; i < n; i++) {
      const o = <usize>i << 4;
      const vi = f64x2.splat(load<f64>(v + o));
      s0 = f64x2.add(s0, f64x2.mul(vi, v128.load(x0 + o)));
      s1 = f64x2.add(s1, f64x2.mul(vi, v128.load(x1 + o)));
    }
    v128.store(dots + (<usize>t << 3), s0);
    v128.store(dots + (<usize>(t + 2) << 3), s1);
  }
  for (; t + 2 <= to; t += 2) {
    const x0 = pairCol(a, n, t);
    let s0 = f64x2.splat(0.0);
    for (let i = k; i < n; i++) {
      const o = <usize>i << 4;
      s0 = f64x2.add(s0, f64x2.mul(f64x2.splat(load<f64>(v + o)), v128.load(x0 + o)));
    }
    v128.store(dots + (<usize>t << 3), s0);
  }
  if (t < to) stF(dots, t, dotOne(v, pairCol(a, n, t), k, n));
}

/** One column: x_i −= f·v_i for i ≥ k; with `w` ≠ 0 also returns Σ_{i>k} w_i·x_i (new x). */
@inline function reflectOne(v: usize, x: usize, w: usize, f: f64, k: i32, n: i32): f64 {
  if (w == 0) {
    for (let i = k; i < n; i++) {
      const o = <usize>i << 4;
      store<f64>(x + o, load<f64>(x + o) - f * load<f64>(v + o));
    }
    return 0;
  }
  if (k < n) {
    const o = <usize>k << 4;
    store<f64>(x + o, load<f64>(x + o) - f * load<f64>(v + o));
  }
  let s = 0.0;
  for (let i = k + 1; i < n; i++) {
    const o = <usize>i << 4;
    const y = load<f64>(x + o) - f * load<f64>(v + o);
    store<f64>(x + o, y);
    s += load<f64>(w + o) * y;
  }
  return s;
}

/** f = 2·dots[c]/vn for the two columns c, c + 1 of a lane pair. */
@inline function factors(dots: usize, c: i32, vn: f64): v128 {
  return f64x2.div(f64x2.mul(f64x2.splat(2.0), v128.load(dots + (<usize>c << 3))), f64x2.splat(vn));
}

/**
 * The reflection H = I − 2vvᵀ/vn (v = column `src`, rows k … n − 1) applied to the columns
 * c = from … to − 1, whose dot products with v are in dots[c] (householder-qr.ts `reflectWith`). With
 * next ≥ 0 the same pass leaves in dots[c] each updated column's dot product with column `next` over
 * rows k + 1 … n − 1, summed in row order.
 */
export function denseQrReflect(a: usize, n: i32, k: i32, src: i32, vn: f64, from: i32, to: i32, dots: usize, next: i32): void {
  const v = pairCol(a, n, src);
  const w: usize = next >= 0 ? pairCol(a, n, next) : 0;
  let t = from;
  if (t < to && (t & 1) != 0) {
    const s = reflectOne(v, pairCol(a, n, t), w, (2 * ldF(dots, t)) / vn, k, n);
    if (w != 0) stF(dots, t, s);
    t++;
  }
  if (w == 0) {
    for (; t + 4 <= to; t += 4) {
      const x0 = pairCol(a, n, t), x1 = pairCol(a, n, t + 2);
      const f0 = factors(dots, t, vn), f1 = factors(dots, t + 2, vn);
      for (let i = k; i < n; i++) {
        const o = <usize>i << 4;
        const vi = f64x2.splat(load<f64>(v + o));
        v128.store(x0 + o, f64x2.sub(v128.load(x0 + o), f64x2.mul(f0, vi)));
        v128.store(x1 + o, f64x2.sub(v128.load(x1 + o), f64x2.mul(f1, vi)));
      }
    }
    for (; t + 2 <= to; t += 2) {
      const x0 = pairCol(a, n, t);
      const f0 = factors(dots, t, vn);
      for (let i = k; i < n; i++) {
        const o = <usize>i << 4;
        v128.store(x0 + o, f64x2.sub(v128.load(x0 + o), f64x2.mul(f0, f64x2.splat(load<f64>(v + o)))));
      }
    }
  } else {
    for (; t + 4 <= to; t += 4) {
      const x0 = pairCol(a, n, t), x1 = pairCol(a, n, t + 2);
      const f0 = factors(dots, t, vn), f1 = factors(dots, t + 2, vn);
      if (k < n) {
        const o = <usize>k << 4;
        const vi = f64x2.splat(load<f64>(v + o));
        v128.store(x0 + o, f64x2.sub(v128.load(x0 + o), f64x2.mul(f0, vi)));
        v128.store(x1 + o, f64x2.sub(v128.load(x1 + o), f64x2.mul(f1, vi)));
      }
      let s0 = f64x2.splat(0.0), s1 = f64x2.splat(0.0);
      for (let i = k + 1; i < n; i++) {
        const o = <usize>i << 4;
        const vi = f64x2.splat(load<f64>(v + o));
        const wi = f64x2.splat(load<f64>(w + o));
        const y0 = f64x2.sub(v128.load(x0 + o), f64x2.mul(f0, vi));
        const y1 = f64x2.sub(v128.load(x1 + o), f64x2.mul(f1, vi));
        v128.store(x0 + o, y0);
        v128.store(x1 + o, y1);
        s0 = f64x2.add(s0, f64x2.mul(wi, y0));
        s1 = f64x2.add(s1, f64x2.mul(wi, y1));
      }
      v128.store(dots + (<usize>t << 3), s0);
      v128.store(dots + (<usize>(t + 2) << 3), s1);
    }
    for (; t + 2 <= to; t += 2) {
      const x0 = pairCol(a, n, t);
      const f0 = factors(dots, t, vn);
      if (k < n) {
        const o = <usize>k << 4;
        v128.store(x0 + o, f64x2.sub(v128.load(x0 + o), f64x2.mul(f0, f64x2.splat(load<f64>(v + o)))));
      }
      let s0 = f64x2.splat(0.0);
      for (let i = k + 1; i < n; i++) {
        const o = <usize>i << 4;
        const y0 = f64x2.sub(v128.load(x0 + o), f64x2.mul(f0, f64x2.splat(load<f64>(v + o))));
        v128.store(x0 + o, y0);
        s0 = f64x2.add(s0, f64x2.mul(f64x2.splat(load<f64>(w + o)), y0));
      }
      v128.store(dots + (<usize>t << 3), s0);
    }
  }
  if (t < to) {
    const s = reflectOne(v, pairCol(a, n, t), w, (2 * ldF(dots, t)) / vn, k, n);
    if (w != 0) stF(dots, t, s);
  }
}

// ---- rank-4 updates of the upper triangle of M (gram.ts addRank4Upper / addRowsUpper) ------------

/** M[a][b] += l_a0·r_b0 + l_a1·r_b1 + l_a2·r_b2 + l_a3·r_b3 (summed left to right), l and r pair blocks. */
@inline function rank4(m: usize, l: usize, r: usize, pp: i32): void {
  const rowBytes = <usize>pp << 3;
  for (let a = 0; a < pp; a += 2) {
    const la = l + (<usize>(a >> 1) << 6);
    const x0 = f64x2.splat(load<f64>(la)), y0 = f64x2.splat(load<f64>(la, 8));
    const x1 = f64x2.splat(load<f64>(la, 16)), y1 = f64x2.splat(load<f64>(la, 24));
    const x2 = f64x2.splat(load<f64>(la, 32)), y2 = f64x2.splat(load<f64>(la, 40));
    const x3 = f64x2.splat(load<f64>(la, 48)), y3 = f64x2.splat(load<f64>(la, 56));
    let row = m + <usize>a * rowBytes + (<usize>a << 3);
    for (let b = a; b < pp; b += 2) {
      const rb = r + (<usize>(b >> 1) << 6);
      const r0 = v128.load(rb), r1 = v128.load(rb, 16), r2 = v128.load(rb, 32), r3 = v128.load(rb, 48);
      const sx = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(x0, r0), f64x2.mul(x1, r1)), f64x2.mul(x2, r2)), f64x2.mul(x3, r3));
      const sy = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(y0, r0), f64x2.mul(y1, r1)), f64x2.mul(y2, r2)), f64x2.mul(y3, r3));
      v128.store(row, f64x2.add(v128.load(row), sx));
      v128.store(row + rowBytes, f64x2.add(v128.load(row + rowBytes), sy));
      row += 16;
    }
  }
}

/** The first `rows` (< 4) rows of a block one at a time: M[a][b] += l_aq·r_bq, q = 0, 1, …. */
@inline function rowsUpper(m: usize, l: usize, r: usize, pp: i32, rows: i32): void {
  const rowBytes = <usize>pp << 3;
  for (let q = 0; q < rows; q++)
    for (let a = 0; a < pp; a++) {
      const la = f64x2.splat(load<f64>(l + ((<usize>(a >> 1) << 6) + (<usize>q << 4) + (<usize>(a & 1) << 3))));
      const b0 = a & ~1;
      let row = m + <usize>a * rowBytes + (<usize>b0 << 3);
      for (let b = b0; b < pp; b += 2) {
        const rb = r + (<usize>(b >> 1) << 6) + (<usize>q << 4);
        v128.store(row, f64x2.add(v128.load(row), f64x2.mul(la, v128.load(rb))));
        row += 16;
      }
    }
}

@inline function zero(p: usize, count: i32): void {
  memory.fill(p, 0, <usize>count << 3);
}

/** Element of a pair block: entry (a, q). */
@inline function blockAt(b: usize, a: i32, q: i32): usize {
  return b + ((<usize>(a >> 1) << 6) + (<usize>q << 4) + (<usize>(a & 1) << 3));
}

/**
 * Σ_i w_i x_i x_iᵀ into M (upper triangle, stride pp) from the design in blocks of four rows as
 * gram.ts `packRowBlocks` lays it out (block b, entry (a, q) at 4p·b + 4a + q, the last block
 * zero-padded): gram.ts `weightedGramPacked`, with l = x·w and r = x moved into pair blocks.
 */
export function denseGramPacked(packed: usize, weights: usize, n: i32, p: i32, m: usize, l: usize, r: usize): void {
  const pp = p + (p & 1);
  zero(m, pp * pp);
  zero(l, 4 * pp);
  zero(r, 4 * pp);
  for (let i0 = 0; i0 < n; i0 += 4) {
    const rows = min(4, n - i0);
    const off = packed + (<usize>i0 * <usize>p << 3);
    for (let a = 0; a < p; a++)
      for (let q = 0; q < 4; q++) store<f64>(blockAt(r, a, q), load<f64>(off + ((<usize>(a * 4 + q)) << 3)));
    for (let a = 0; a < p; a++)
      for (let q = 0; q < rows; q++) store<f64>(blockAt(l, a, q), load<f64>(blockAt(r, a, q)) * ldF(weights, i0 + q));
    if (rows == 4) rank4(m, l, r, pp);
    else rowsUpper(m, l, r, pp, rows);
  }
}

/**
 * The Bartlett meat's Σ_u S_u S_uᵀ with S_u the moving sums of L + 1 scores (covariance.ts `hacMeat`,
 * whole-number lag): the same running sum with its exact restart once per window length, four
 * windows per rank-4 update, and the chunks of 64 windows added into `total` (upper triangle,
 * stride pp; the caller divides by L + 1). Scores: p columns of n, column-major.
 */
export function denseHacMovingSums(
  scores: usize, n: i32, p: i32, lag: i32, m: usize, total: usize, running: usize, buf: usize,
): void {
  const pp = p + (p & 1);
  const width = lag + 1;
  zero(m, pp * pp);
  zero(total, pp * pp);
  zero(running, p);
  zero(buf, 4 * pp);
  const colBytes = <usize>n << 3;
  let chunks = 0;
  let filled = 0;
  const windows = n + lag;
  for (let u = 0; u < windows; u++) {
    const enter = u < n ? u : -1;
    const leave = u - width;
    for (let a = 0; a < p; a++) {
      const sa = scores + <usize>a * colBytes;
      let v = ldF(running, a);
      if (enter >= 0) v += ldF(sa, enter);
      if (leave >= 0) v -= ldF(sa, leave);
      stF(running, a, v);
    }
    if (leave >= 0 && (u + 1) % width == 0) {
      const lo = max(0, u - lag);
      const hi = min(n - 1, u);
      for (let a = 0; a < p; a++) {
        const sa = scores + <usize>a * colBytes;
        let v = 0.0;
        for (let t = lo; t <= hi; t++) v += ldF(sa, t);
        stF(running, a, v);
      }
    }
    for (let a = 0; a < p; a++) store<f64>(blockAt(buf, a, filled), ldF(running, a));
    if (++filled == 4) {
      rank4(m, buf, buf, pp);
      filled = 0;
      if (++chunks == 16) {
        addInto(total, m, pp * pp);
        zero(m, pp * pp);
        chunks = 0;
      }
    }
  }
  if (filled > 0) rowsUpper(m, buf, buf, pp, filled);
  addInto(total, m, pp * pp);
}

/** total[i] = total[i] + m[i] (count even). */
@inline function addInto(total: usize, m: usize, count: i32): void {
  for (let i = 0; i < count; i += 2) {
    const o = <usize>i << 3;
    v128.store(total + o, f64x2.add(v128.load(total + o), v128.load(m + o)));
  }
}

/**
 * s[a·n + i] = s[a·n + i] · w[i] for the p columns of n at `s` (column-major): the scores x_ia·e_i of
 * covariance.ts `robustCovariance`, one product each (f64x2 lanes hold two rows of one column).
 */
export function denseScaleColumns(s: usize, n: i32, p: i32, w: usize): void {
  for (let a = 0; a < p; a++) {
    const col = s + (<usize>a * <usize>n << 3);
    let i = 0;
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      v128.store(col + o, f64x2.mul(v128.load(col + o), v128.load(w + o)));
    }
    if (i < n) stF(col, i, ldF(col, i) * ldF(w, i));
  }
}
