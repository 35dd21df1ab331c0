/**
 * Percentile bootstrap interval (Efron & Tibshirani 1993, §13.3): the (1 − level)/2 and
 * (1 + level)/2 sample quantiles of the bootstrap draws, Hyndman & Fan type 7 (R/numpy default),
 * h = (B − 1)q, x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎). NaN draws (an undefined statistic) are left
 * out; ±∞ draws are kept, so an end that falls on or beyond an infinite draw is infinite.
 * `sorted` holds the finite-or-infinite draws ascending; sorts in place.
 */
export function percentileOfSorted(sorted: Float64Array, count: number, q: number): number {
  if (count === 0) return NaN;
  let h = (count - 1) * q;
  const whole = Math.round(h);
  if (Math.abs(h - whole) <= 1e-9 * Math.max(1, whole)) h = whole;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, count - 1);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  if (h === lo || a === b) return a;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return b === Infinity ? Infinity : a;
  return a + (h - lo) * (b - a);
}

export interface PercentileInterval {
  low: number;
  high: number;
  /** Draws whose statistic was undefined (NaN), left out of the percentiles. */
  undefinedDraws: number;
}

/** Interval from B draws (reorders `draws`: NaNs moved to the end, the rest sorted). */
export function percentileInterval(draws: Float64Array, level: number): PercentileInterval {
  let m = 0;
  for (let b = 0; b < draws.length; b++) if (draws[b] === draws[b]) draws[m++] = draws[b]!;
  const undefinedDraws = draws.length - m;
  draws.fill(NaN, m);
  const head = draws.subarray(0, m).sort();
  return {
    low: percentileOfSorted(head, m, (1 - level) / 2),
    high: percentileOfSorted(head, m, (1 + level) / 2),
    undefinedDraws,
  };
}
