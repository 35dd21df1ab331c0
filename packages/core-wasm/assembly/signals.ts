// Signals (SPEC §5): inversion, exhaustion and the hierarchy that turns raw flags into the per-bar
// classification. Prices are i32 ticks, volumes and metrics f64, flags u8 (0/1), direction i8.
// Every kernel is branch-light and element-wise over bars; none allocates.

import { ldI, ldF, stB, stF, stPair } from "./memory";

/**
 * Footprint edge volumes from the CSR footprint (rows from low to high, one per tick): askVolume at
 * the high, high − 1, high − 2 and bidVolume at the low, low + 1, low + 2. A row the bar does not have
 * (a one- or two-row bar) is NaN. A bar whose rows do not span [low, high] one per tick, or lie outside
 * the `nRows` rows, gets NaN everywhere and nothing out of bounds is read; the index of the first such
 * bar is returned, n when only offset[n] ≠ nRows, −1 when the footprint is consistent.
 */
export function footprintEdges(
  n: i32, high: usize, low: usize, offset: usize, nRows: i32, price: usize, bidVolume: usize, askVolume: usize,
  outA0: usize, outA1: usize, outA2: usize, outB0: usize, outB1: usize, outB2: usize,
): i32 {
  let firstBad = -1;
  for (let i = 0; i < n; i++) {
    const s = ldI(offset, i), e = ldI(offset, i + 1);
    const rows = e - s;
    const h = ldI(high, i), l = ldI(low, i);
    if (s < 0 || e > nRows || rows < 1 || rows != h - l + 1 || ldI(price, s) != l || ldI(price, e - 1) != h) {
      if (firstBad < 0) firstBad = i;
      stF(outA0, i, NaN); stF(outA1, i, NaN); stF(outA2, i, NaN);
      stF(outB0, i, NaN); stF(outB1, i, NaN); stF(outB2, i, NaN);
      continue;
    }
    stF(outA0, i, ldF(askVolume, e - 1));
    stF(outB0, i, ldF(bidVolume, s));
    stF(outA1, i, rows >= 2 ? ldF(askVolume, e - 2) : NaN);
    stF(outB1, i, rows >= 2 ? ldF(bidVolume, s + 1) : NaN);
    stF(outA2, i, rows >= 3 ? ldF(askVolume, e - 3) : NaN);
    stF(outB2, i, rows >= 3 ? ldF(bidVolume, s + 2) : NaN);
  }
  if (firstBad < 0 && ldI(offset, n) != nRows) firstBad = n;
  return firstBad;
}

/**
 * Inversion: long when D < 0 and close > open, short when D > 0 and close < open, both only when
 * |deltaPct| ≥ minAbsDeltaPct. Strong: the inversion's trappedPct ≥ strongTrappedPct (NaN ⇒ not
 * strong). Writes the raw flags (strong implies its side's standard flag) and returns how many
 * inversions had no trappedPct (strength unknown).
 */
export function inversionFlags(
  n: i32, open: usize, close: usize, delta: usize, deltaPct: usize, trappedPct: usize,
  minAbsDeltaPct: f64, strongTrappedPct: f64,
  outLong: usize, outShort: usize, outStrongLong: usize, outStrongShort: usize,
): i32 {
  let unknown = 0;
  let i = 0;
  // Two bars per step in f64x2 lanes; i32 comparisons are widened to 64-bit lane masks.
  const zero = f64x2.splat(0.0);
  const minAbs = f64x2.splat(minAbsDeltaPct), strongT = f64x2.splat(strongTrappedPct);
  for (; i + 1 < n; i += 2) {
    const o8 = <usize>i << 3, o4 = <usize>i << 2;
    const d = v128.load(delta + o8);
    const up = i64x2.extend_low_i32x4_s(i32x4.gt_s(v128.load64_zero(close + o4), v128.load64_zero(open + o4)));
    const down = i64x2.extend_low_i32x4_s(i32x4.lt_s(v128.load64_zero(close + o4), v128.load64_zero(open + o4)));
    const big = f64x2.ge(f64x2.abs(v128.load(deltaPct + o8)), minAbs);
    const isLong = v128.and(big, v128.and(f64x2.lt(d, zero), up));
    const isShort = v128.and(big, v128.and(f64x2.gt(d, zero), down));
    const t = v128.load(trappedPct + o8);
    const strong = f64x2.ge(t, strongT);
    stPair(outLong, i, i64x2.bitmask(isLong));
    stPair(outShort, i, i64x2.bitmask(isShort));
    stPair(outStrongLong, i, i64x2.bitmask(v128.and(isLong, strong)));
    stPair(outStrongShort, i, i64x2.bitmask(v128.and(isShort, strong)));
    unknown += popcnt<i32>(i64x2.bitmask(v128.and(v128.or(isLong, isShort), f64x2.ne(t, t))));
  }
  for (; i < n; i++) {
    const d = ldF(delta, i);
    const o = ldI(open, i), c = ldI(close, i);
    const big = abs<f64>(ldF(deltaPct, i)) >= minAbsDeltaPct;
    const isLong = big & (d < 0) & (c > o);
    const isShort = big & (d > 0) & (c < o);
    const t = ldF(trappedPct, i);
    const strong = t >= strongTrappedPct;
    stB(outLong, i, isLong);
    stB(outShort, i, isShort);
    stB(outStrongLong, i, isLong & strong);
    stB(outStrongShort, i, isShort & strong);
    unknown += <i32>((isLong | isShort) & isNaN(t));
  }
  return unknown;
}

/**
 * Exhaustion from edge volumes a0..a2 (ask at high, high − 1, high − 2) and b0..b2 (bid at low,
 * low + 1, low + 2). Short, standard: rows ≥ 2, a1 ≥ minRef and a0 ≤ ratio·a1; accelerated: standard,
 * rows ≥ 3, a2 ≥ minRef, a1 ≤ accel1·a2 and a0 ≤ accel2·a2. Long is the mirror on b. rows = high − low
 * + 1, so edge values of rows a bar does not have are never read, whatever the source wrote there.
 * NaN volumes never qualify. Accelerated flags imply their side's standard flag.
 */
export function exhaustionFlags(
  n: i32, high: usize, low: usize,
  a0p: usize, a1p: usize, a2p: usize, b0p: usize, b1p: usize, b2p: usize,
  minRef: f64, ratio: f64, accel1: f64, accel2: f64,
  outLong: usize, outShort: usize, outAccelLong: usize, outAccelShort: usize,
): void {
  let i = 0;
  // Two bars per step in f64x2 lanes (the row count h − l as f64: ≥ 1 means two rows, ≥ 2 three).
  const one = f64x2.splat(1.0), two2 = f64x2.splat(2.0);
  const ref = f64x2.splat(minRef), r0 = f64x2.splat(ratio), r1 = f64x2.splat(accel1), r2 = f64x2.splat(accel2);
  for (; i + 1 < n; i += 2) {
    const o8 = <usize>i << 3, o4 = <usize>i << 2;
    const span = f64x2.convert_low_i32x4_s(i32x4.sub(v128.load64_zero(high + o4), v128.load64_zero(low + o4)));
    const two = f64x2.ge(span, one), three = f64x2.ge(span, two2);
    const a0 = v128.load(a0p + o8), a1 = v128.load(a1p + o8), a2 = v128.load(a2p + o8);
    const b0 = v128.load(b0p + o8), b1 = v128.load(b1p + o8), b2 = v128.load(b2p + o8);
    const short = v128.and(two, v128.and(f64x2.ge(a1, ref), f64x2.le(a0, f64x2.mul(r0, a1))));
    const long = v128.and(two, v128.and(f64x2.ge(b1, ref), f64x2.le(b0, f64x2.mul(r0, b1))));
    const shortAcc = v128.and(v128.and(short, three), v128.and(f64x2.ge(a2, ref),
      v128.and(f64x2.le(a1, f64x2.mul(r1, a2)), f64x2.le(a0, f64x2.mul(r2, a2)))));
    const longAcc = v128.and(v128.and(long, three), v128.and(f64x2.ge(b2, ref),
      v128.and(f64x2.le(b1, f64x2.mul(r1, b2)), f64x2.le(b0, f64x2.mul(r2, b2)))));
    stPair(outLong, i, i64x2.bitmask(long));
    stPair(outShort, i, i64x2.bitmask(short));
    stPair(outAccelLong, i, i64x2.bitmask(longAcc));
    stPair(outAccelShort, i, i64x2.bitmask(shortAcc));
  }
  for (; i < n; i++) {
    const rows = ldI(high, i) - ldI(low, i) + 1;
    const two = rows >= 2, three = rows >= 3;
    const a0 = ldF(a0p, i), a1 = ldF(a1p, i), a2 = ldF(a2p, i);
    const b0 = ldF(b0p, i), b1 = ldF(b1p, i), b2 = ldF(b2p, i);
    const short = two & (a1 >= minRef) & (a0 <= ratio * a1);
    const long = two & (b1 >= minRef) & (b0 <= ratio * b1);
    const shortAcc = short & three & (a2 >= minRef) & (a1 <= accel1 * a2) & (a0 <= accel2 * a2);
    const longAcc = long & three & (b2 >= minRef) & (b1 <= accel1 * b2) & (b0 <= accel2 * b2);
    stB(outLong, i, long);
    stB(outShort, i, short);
    stB(outAccelLong, i, longAcc);
    stB(outAccelShort, i, shortAcc);
  }
}

/**
 * The hierarchy (SPEC §5) over raw flags (non-zero = fired), 16 bars per SIMD step:
 * invLong = invLong ∨ invStrongLong, invStrong = invStrongLong ∨ invStrongShort (strong overrides
 * standard), the same for exhaustion with accelerated; direction 1 (long), −1 (short), 0 (none), or
 * 2 (conflict: a long and a short flag on the same bar). Returns the number of conflicts.
 */
export function signalHierarchy(
  n: i32,
  invLong: usize, invShort: usize, invStrongLong: usize, invStrongShort: usize,
  exhLong: usize, exhShort: usize, exhAccelLong: usize, exhAccelShort: usize,
  outInvLong: usize, outInvShort: usize, outInvStrong: usize,
  outExhLong: usize, outExhShort: usize, outExhAccel: usize, outDirection: usize,
): i32 {
  const zero = i8x16.splat(0);
  const one = i8x16.splat(1);
  const two = i8x16.splat(2);
  let conflicts = 0;
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const o = <usize>i;
    const isl = v128.load(invStrongLong + o), iss = v128.load(invStrongShort + o);
    const eal = v128.load(exhAccelLong + o), eas = v128.load(exhAccelShort + o);
    // masks: 0xFF where fired
    const il = i8x16.ne(v128.or(v128.load(invLong + o), isl), zero);
    const is = i8x16.ne(v128.or(v128.load(invShort + o), iss), zero);
    const el = i8x16.ne(v128.or(v128.load(exhLong + o), eal), zero);
    const es = i8x16.ne(v128.or(v128.load(exhShort + o), eas), zero);
    const strong = i8x16.ne(v128.or(isl, iss), zero);
    const accel = i8x16.ne(v128.or(eal, eas), zero);
    v128.store(outInvLong + o, v128.and(il, one));
    v128.store(outInvShort + o, v128.and(is, one));
    v128.store(outInvStrong + o, v128.and(strong, one));
    v128.store(outExhLong + o, v128.and(el, one));
    v128.store(outExhShort + o, v128.and(es, one));
    v128.store(outExhAccel + o, v128.and(accel, one));
    const L = v128.or(il, el), S = v128.or(is, es);
    const both = v128.and(L, S);
    // short only → 0xFF (−1), long only → 1, both → 2, none → 0
    const dir = v128.bitselect(two, v128.or(v128.and(L, one), S), both);
    v128.store(outDirection + o, dir);
    conflicts += popcnt<i32>(i8x16.bitmask(both));
  }
  for (; i < n; i++) {
    const o = <usize>i;
    const isl = load<u8>(invStrongLong + o) != 0, iss = load<u8>(invStrongShort + o) != 0;
    const eal = load<u8>(exhAccelLong + o) != 0, eas = load<u8>(exhAccelShort + o) != 0;
    const il = isl | (load<u8>(invLong + o) != 0);
    const is = iss | (load<u8>(invShort + o) != 0);
    const el = eal | (load<u8>(exhLong + o) != 0);
    const es = eas | (load<u8>(exhShort + o) != 0);
    store<u8>(outInvLong + o, <u8>il);
    store<u8>(outInvShort + o, <u8>is);
    store<u8>(outInvStrong + o, <u8>(isl | iss));
    store<u8>(outExhLong + o, <u8>el);
    store<u8>(outExhShort + o, <u8>es);
    store<u8>(outExhAccel + o, <u8>(eal | eas));
    const L = il | el, S = is | es;
    const dir: i8 = L & S ? 2 : L ? 1 : S ? -1 : 0;
    store<i8>(outDirection + o, dir);
    conflicts += <i32>(L & S);
  }
  return conflicts;
}
