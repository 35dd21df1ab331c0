/**
 * Probabilistic and deflated Sharpe ratios (Bailey & López de Prado 2012, 2014), per trade (not
 * annualised).
 *
 * PSR(SR*) = Φ( (SR̂ − SR*)·√(n − 1) / √(1 − γ₃ SR̂ + (γ₄ − 1)/4 · SR̂²) ), γ₃ the skewness and
 * γ₄ the (non-excess) kurtosis of the per-trade results: the probability that the true Sharpe ratio
 * exceeds SR*.
 *
 * DSR = PSR(SR₀) with SR₀ = √V[SR_k] · ((1 − γ)Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e))), the expected
 * maximum Sharpe ratio of N unskilled trials whose estimated Sharpe ratios have variance V[SR_k]
 * (γ = Euler–Mascheroni constant). N counts every rule tried; correlated rules make it conservative.
 */
import { normalCdf, normalQuantile } from "../distributions/normal.js";

const EULER_GAMMA = 0.5772156649015329;

export interface Moments {
  n: number;
  mean: number;
  sd: number;
  sharpe: number;
  skewness: number;
  kurtosis: number;
}

/** Sample moments; skewness and kurtosis are the plain (biased) moment ratios used by B&LdP. */
export function moments(values: ArrayLike<number>): Moments {
  return momentsOf(values, values.length);
}

/**
 * `moments` of the first `n` values (a typed buffer filled in part): the same sums in the same
 * order — Σv from 0 left to right, as `reduce((a, b) => a + b, 0)` adds — so the same numbers.
 */
export function momentsOf(values: ArrayLike<number>, n: number): Moments {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i]! - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const sd = n > 1 ? Math.sqrt((m2 * n) / (n - 1)) : NaN;
  return { n, mean, sd, sharpe: mean / sd, skewness: m3 / m2 ** 1.5, kurtosis: m4 / (m2 * m2) };
}

export function probabilisticSharpe(m: Moments, benchmark = 0): number {
  const { sharpe: sr, n, skewness, kurtosis } = m;
  const denom = 1 - skewness * sr + ((kurtosis - 1) / 4) * sr * sr;
  if (!(n > 1) || !(denom > 0) || !Number.isFinite(sr)) return NaN;
  return normalCdf(((sr - benchmark) * Math.sqrt(n - 1)) / Math.sqrt(denom));
}

/** Expected maximum Sharpe ratio of `trials` independent unskilled strategies. */
export function expectedMaxSharpe(trials: number, sharpeVariance: number): number {
  if (trials <= 1) return 0;
  return (
    Math.sqrt(sharpeVariance) *
    ((1 - EULER_GAMMA) * normalQuantile(1 - 1 / trials) + EULER_GAMMA * normalQuantile(1 - 1 / (trials * Math.E)))
  );
}

export function deflatedSharpe(m: Moments, trials: number, sharpeVariance: number): { dsr: number; benchmark: number } {
  const benchmark = expectedMaxSharpe(trials, sharpeVariance);
  return { dsr: probabilisticSharpe(m, benchmark), benchmark };
}
