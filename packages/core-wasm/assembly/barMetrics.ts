// Bar metrics (SPEC §5) over whole columns. Prices are i32 ticks, volumes and deltas f64.

import { ldI, ldF, stF } from "./memory";

/**
 * deltaPct = D / V (0 when V = 0); closeLocation = (C − L) / (H − L), 0.5 when H = L;
 * trappedPct = D / minDelta (D < 0), D / maxDelta (D > 0), 0 (D = 0), NaN when that extreme is 0 or
 * unknown (NaN); tdLong = C / L and tdShort = C / H (ratios of ticks equal ratios of points).
 * The element-wise part uses f64x2 lanes; the rolling volume mean is a separate pass.
 */
export function barMetrics(
  n: i32,
  high: usize, low: usize, close: usize,
  volume: usize, delta: usize, maxDelta: usize, minDelta: usize,
  outDeltaPct: usize, outTrapped: usize, outTdLong: usize, outTdShort: usize, outCloseLoc: usize,
): void {
  const zero = f64x2.splat(0.0);
  let i = 0;
  // Two bars per step: delta / volume with the V = 0 case selected away.
  for (; i + 1 < n; i += 2) {
    const o = <usize>i << 3;
    const v = v128.load(volume + o);
    const d = v128.load(delta + o);
    const vz = f64x2.eq(v, zero);
    v128.store(outDeltaPct + o, v128.bitselect(zero, f64x2.div(d, v), vz));
  }
  for (; i < n; i++) {
    const v = ldF(volume, i);
    stF(outDeltaPct, i, v == 0 ? 0.0 : ldF(delta, i) / v);
  }
  for (i = 0; i < n; i++) {
    const h = ldI(high, i), l = ldI(low, i), c = ldI(close, i);
    const fh = <f64>h, fl = <f64>l, fc = <f64>c;
    stF(outCloseLoc, i, h == l ? 0.5 : (fc - fl) / (fh - fl));
    stF(outTdLong, i, fc / fl);
    stF(outTdShort, i, fc / fh);
    const d = ldF(delta, i);
    let t: f64 = 0.0;
    if (d < 0) {
      const m = ldF(minDelta, i);
      t = m == 0 || isNaN(m) ? NaN : d / m;
    } else if (d > 0) {
      const m = ldF(maxDelta, i);
      t = m == 0 || isNaN(m) ? NaN : d / m;
    } else if (isNaN(d)) {
      t = NaN;
    }
    stF(outTrapped, i, t);
  }
}

/**
 * volStar = V / mean(V over the `window` bars ending at i), NaN until `window` bars of the same group
 * (contract) exist. The rolling sum is exact because volumes are integers (< 2^53).
 */
export function volStar(n: i32, volume: usize, group: usize, window: i32, out: usize): void {
  let sum: f64 = 0.0;
  let count = 0;
  let start = 0; // first bar of the current group
  const w = <f64>window;
  for (let i = 0; i < n; i++) {
    if (i > 0 && ldI(group, i) != ldI(group, i - 1)) {
      sum = 0.0;
      count = 0;
      start = i;
    }
    const v = ldF(volume, i);
    sum += v;
    count++;
    if (count > window) {
      sum -= ldF(volume, i - window);
      count = window;
    }
    stF(out, i, count < window ? NaN : v / (sum / w));
  }
  void start;
}
