/**
 * Exact two-sided binomial test of k successes in n trials against success probability p₀.
 *
 * The two-sided p-value sums the probabilities of every outcome no more likely than the observed
 * one: Σ_{i: P(i) ≤ P(k)·(1+1e−7)} P(i), the rule of R's `binom.test` and scipy's `binomtest`.
 * Probabilities come from log-gamma so n can be large.
 *
 * @example binomialTestTwoSided(2, 10, 0.5) // 0.109375
 */
import { logGamma } from "../distributions/log-gamma.js";

export function binomialLogPmf(i: number, n: number, p: number): number {
  if (p === 0) return i === 0 ? 0 : -Infinity;
  if (p === 1) return i === n ? 0 : -Infinity;
  return logGamma(n + 1) - logGamma(i + 1) - logGamma(n - i + 1) + i * Math.log(p) + (n - i) * Math.log1p(-p);
}

export function binomialTestTwoSided(k: number, n: number, p0: number): number {
  if (!(n > 0) || !(p0 >= 0 && p0 <= 1) || k < 0 || k > n) return NaN;
  const logObserved = binomialLogPmf(k, n, p0);
  const threshold = logObserved + Math.log1p(1e-7);
  let sum = 0;
  for (let i = 0; i <= n; i++) {
    const l = binomialLogPmf(i, n, p0);
    if (l <= threshold) sum += Math.exp(l);
  }
  return Math.min(1, sum);
}
