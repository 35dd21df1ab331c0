/**
 * Statistics of a resample given as row indices into columns the statistic closes over, so one
 * set of session draws serves any column and any statistic without copying the data.
 *
 * - `meanOf(x)`: Σ x_i / m over the m rows whose x is not NaN (a missing outcome is skipped).
 *   On a 0/1 column this is the win rate; on trade results it is the expectancy.
 * - `profitFactorOf(x)`: G / L with G = Σ max(x_i, 0), L = Σ max(−x_i, 0) over non-NaN rows.
 *   L = 0 < G (no losing trade) gives +∞; G = L = 0 (no trade, or only flat trades) is undefined
 *   (NaN). A bootstrap counts undefined draws apart and keeps +∞ draws in the percentiles.
 */
export type RowStatistic = (rows: Int32Array, count: number) => number;

export function meanOf(x: ArrayLike<number>): RowStatistic {
  return (rows, count) => {
    let s = 0;
    let m = 0;
    for (let i = 0; i < count; i++) {
      const v = x[rows[i]!]!;
      if (v === v) {
        s += v;
        m++;
      }
    }
    return m > 0 ? s / m : NaN;
  };
}

export function profitFactorOf(x: ArrayLike<number>): RowStatistic {
  return (rows, count) => {
    let gain = 0;
    let loss = 0;
    for (let i = 0; i < count; i++) {
      const v = x[rows[i]!]!;
      if (v > 0) gain += v;
      else if (v < 0) loss -= v;
    }
    if (loss > 0) return gain / loss;
    return gain > 0 ? Infinity : NaN;
  };
}
