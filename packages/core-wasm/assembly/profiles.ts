// Market profiles (SPEC §6): TPO and volume histograms of many profiles in one call.
//
// Rows are absolute: row(price) = floor(price / rowTicks). Profile p owns the output rows
// out[rowOffset[p] … rowOffset[p + 1]) whose first row is rowBase[p]. A bar takes part in the profile
// `profile[i]` (−1 = in none). Contiguous add of a constant over a row span is the hot loop: with
// 1-tick rows it runs on f64x2 lanes (each lane is the same IEEE addition the scalar loop does, so
// results are bit-identical to the plain reference).

import { ldI, ldF, stI } from "./memory";

@inline function rowOf(price: i32, rowTicks: i32): i32 {
  // floor division (prices may be negative for spreads or synthetic data)
  let q = price / rowTicks;
  if ((price % rowTicks != 0) && ((price < 0) != (rowTicks < 0))) q--;
  return q;
}

/** out[from … to] += x (inclusive row indices into out). */
@inline function addSpan(out: usize, from: i32, to: i32, x: f64): void {
  let r = from;
  const vx = f64x2.splat(x);
  for (; r + 1 <= to; r += 2) {
    const a = out + (<usize>r << 3);
    v128.store(a, f64x2.add(v128.load(a), vx));
  }
  for (; r <= to; r++) {
    const a = out + (<usize>r << 3);
    store<f64>(a, load<f64>(a) + x);
  }
}

function zero(out: usize, n: i32): void {
  memory.fill(out, 0, <usize>n << 3);
}

/**
 * Lowest low and highest high (ticks) of each profile's bars; profiles without bars get
 * outLow = i32.MAX, outHigh = i32.MIN. Returns the number of bars that belong to a profile.
 */
export function profileBounds(
  nBars: i32, high: usize, low: usize, profile: usize, nProfiles: i32, outLow: usize, outHigh: usize,
): i32 {
  for (let p = 0; p < nProfiles; p++) {
    stI(outLow, p, i32.MAX_VALUE);
    stI(outHigh, p, i32.MIN_VALUE);
  }
  let used = 0;
  for (let i = 0; i < nBars; i++) {
    const p = ldI(profile, i);
    if (p < 0 || p >= nProfiles) continue;
    used++;
    const h = ldI(high, i), l = ldI(low, i);
    if (l < ldI(outLow, p)) stI(outLow, p, l);
    if (h > ldI(outHigh, p)) stI(outHigh, p, h);
  }
  return used;
}

/**
 * TPO counts. A period is a maximal run of bars with the same (profile, period) ids (bars in no
 * profile in between are skipped);
 * it puts one TPO in every row from its lowest low to its highest high. Returns the number of periods.
 */
export function tpoHistogram(
  nBars: i32, high: usize, low: usize, period: usize, profile: usize, rowTicks: i32,
  rowBase: usize, rowOffset: usize, nProfiles: i32, out: usize,
): i32 {
  zero(out, ldI(rowOffset, nProfiles));
  let periods = 0;
  let i = 0;
  while (i < nBars) {
    const p = ldI(profile, i);
    if (p < 0 || p >= nProfiles) { i++; continue; }
    const k = ldI(period, i);
    let lo = ldI(low, i), hi = ldI(high, i);
    let j = i + 1;
    while (j < nBars) {
      const q = ldI(profile, j);
      if (q < 0 || q >= nProfiles) { j++; continue; } // bars in no profile do not split a period
      if (q != p || ldI(period, j) != k) break;
      const l = ldI(low, j), h = ldI(high, j);
      if (l < lo) lo = l;
      if (h > hi) hi = h;
      j++;
    }
    const base = ldI(rowBase, p), off = ldI(rowOffset, p);
    addSpan(out, off + rowOf(lo, rowTicks) - base, off + rowOf(hi, rowTicks) - base, 1.0);
    periods++;
    i = j;
  }
  return periods;
}

/**
 * Volume from the footprint (bid + ask of every footprint row of every bar of the profile).
 * Returns the number of footprint rows that fell outside their profile's rows (skipped; 0 for a
 * consistent footprint).
 */
export function footprintVolumeHistogram(
  nBars: i32, profile: usize, fpOffset: usize, fpPrice: usize, fpBid: usize, fpAsk: usize,
  rowTicks: i32, rowBase: usize, rowOffset: usize, nProfiles: i32, out: usize,
): i32 {
  zero(out, ldI(rowOffset, nProfiles));
  let outside = 0;
  for (let i = 0; i < nBars; i++) {
    const p = ldI(profile, i);
    if (p < 0 || p >= nProfiles) continue;
    const base = ldI(rowBase, p), off = ldI(rowOffset, p), rows = ldI(rowOffset, p + 1) - off;
    const a = ldI(fpOffset, i), b = ldI(fpOffset, i + 1);
    if (rowTicks == 1) {
      // 1-tick rows: the row is the price (no division); the same additions in the same order
      for (let k = a; k < b; k++) {
        const r = ldI(fpPrice, k) - base;
        if (<u32>r >= <u32>rows) { outside++; continue; }
        const at = out + (<usize>(off + r) << 3);
        store<f64>(at, load<f64>(at) + (ldF(fpBid, k) + ldF(fpAsk, k)));
      }
      continue;
    }
    for (let k = a; k < b; k++) {
      const r = rowOf(ldI(fpPrice, k), rowTicks) - base;
      if (r < 0 || r >= rows) { outside++; continue; }
      const at = out + (<usize>(off + r) << 3);
      store<f64>(at, load<f64>(at) + (ldF(fpBid, k) + ldF(fpAsk, k)));
    }
  }
  return outside;
}

/**
 * Volume without a footprint: each bar's volume spread evenly over its price ticks low … high,
 * V / (high − low + 1) per tick, each tick adding to its row. Returns the number of bars used.
 */
export function spreadVolumeHistogram(
  nBars: i32, high: usize, low: usize, volume: usize, profile: usize,
  rowTicks: i32, rowBase: usize, rowOffset: usize, nProfiles: i32, out: usize,
): i32 {
  zero(out, ldI(rowOffset, nProfiles));
  let used = 0;
  for (let i = 0; i < nBars; i++) {
    const p = ldI(profile, i);
    if (p < 0 || p >= nProfiles) continue;
    used++;
    const h = ldI(high, i), l = ldI(low, i);
    const x = ldF(volume, i) / <f64>(h - l + 1);
    const base = ldI(rowBase, p), off = ldI(rowOffset, p);
    if (rowTicks == 1) {
      addSpan(out, off + l - base, off + h - base, x);
    } else {
      for (let t = l; t <= h; t++) {
        const at = out + (<usize>(off + rowOf(t, rowTicks) - base) << 3);
        store<f64>(at, load<f64>(at) + x);
      }
    }
  }
  return used;
}
