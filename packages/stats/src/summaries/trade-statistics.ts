/**
 * Trading summaries of a list of trade results (ticks per trade), as a trader reads them:
 *
 * - expectancy = mean result per trade;
 * - profit factor = Σ winning results / |Σ losing results| (null when there is no losing trade);
 * - SQN (Van Tharp, "System Quality Number") = √n · mean / sd, sd with n − 1, over all n trades:
 *   this is the one-sample t statistic of the mean, so it grows like √n and says how sure the sign
 *   of the expectancy is, not how good the system is;
 * - SQN100 = √min(n, 100) · mean / sd: Tharp's later definition with n capped at 100, the one his
 *   rating scale (≈2 average, ≥3 good, ≥5 excellent) refers to, comparable across group sizes.
 */
export interface TradeStatistics {
  n: number;
  expectancy: number | null;
  profitFactor: number | null;
  sqn: number | null;
  /** SQN with n capped at 100. */
  sqn100: number | null;
  sd: number | null;
  total: number;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Median (average of the two middle values for even n). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function sampleSd(values: readonly number[]): number | null {
  const n = values.length;
  if (n < 2) return null;
  const m = mean(values)!;
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return Math.sqrt(ss / (n - 1));
}

export function tradeStatistics(results: readonly number[]): TradeStatistics {
  const n = results.length;
  let gain = 0;
  let loss = 0;
  for (const r of results) {
    if (r > 0) gain += r;
    else loss -= r;
  }
  const expectancy = mean(results);
  const sd = sampleSd(results);
  return {
    n,
    expectancy,
    profitFactor: loss > 0 ? gain / loss : null,
    sqn: sd && sd > 0 && expectancy !== null ? (Math.sqrt(n) * expectancy) / sd : null,
    sqn100: sd && sd > 0 && expectancy !== null ? (Math.sqrt(Math.min(n, 100)) * expectancy) / sd : null,
    sd,
    total: gain - loss,
  };
}
