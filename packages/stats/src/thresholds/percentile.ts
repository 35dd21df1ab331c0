/**
 * Sample percentile with linear interpolation between order statistics (Hyndman & Fan type 7,
 * the default of R, numpy and Excel's PERCENTILE.INC): h = (n − 1)·q, x_(⌊h⌋) + (h − ⌊h⌋)(x_(⌊h⌋+1) − x_(⌊h⌋)).
 *
 * @example percentile([1, 2, 3, 4], 0.5) // 2.5
 */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  let h = (n - 1) * q;
  // (n − 1)·q that is an integer in exact arithmetic must hit that order statistic exactly:
  // 100·0.55 = 55.00000000000001 would otherwise give a threshold a hair above x₍₅₅₎, and the
  // rule "≥ τ" would silently drop the rows equal to the percentile.
  const whole = Math.round(h);
  if (Math.abs(h - whole) <= 1e-9 * Math.max(1, whole)) h = whole;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function percentile(values: readonly number[], q: number): number {
  return percentileSorted([...values].sort((a, b) => a - b), q);
}

/**
 * The non-NaN values of `x` ascending, as `filter(ok).sort((a, b) => a − b)` orders them: a
 * typed-array sort differs from that comparator sort only in putting −0 before +0 (the comparator
 * keeps their order), so with a −0 present the comparator sort is used.
 */
export function sortedPresent(x: Float64Array): ArrayLike<number> {
  const out = new Float64Array(x.length);
  let m = 0;
  let negativeZero = false;
  for (let t = 0; t < x.length; t++) {
    const v = x[t]!;
    if (v === v) {
      out[m++] = v;
      if (v === 0 && 1 / v < 0) negativeZero = true;
    }
  }
  const present = out.subarray(0, m);
  return negativeZero ? Array.from(present).sort((a, b) => a - b) : present.sort();
}
