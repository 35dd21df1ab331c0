/**
 * Probabilistic and deflated Sharpe ratios whose variance allows for autocorrelated results
 * (overlapping trades). Per trade, not annualised; SR̂ = x̄/s (s with n − 1), γ̂₃, γ̂₄ the plain
 * moment ratios (γ₄ non-excess), as the iid `probabilisticSharpe`.
 *
 *   PSR(SR*) = Φ( (SR̂ − SR*) √(n − 1) / √D )          (Bailey & López de Prado 2012, J. Risk 15, eq. (3))
 *   DSR = PSR(SR₀), SR₀ = E[max of N unskilled SR̂] (Bailey & López de Prado 2014, J. Portf. Mgmt 40, eq. (2))
 *
 * D is n·Var(SR̂) by the delta method (Mertens 2002; Lo 2002, §3, for dependent returns):
 *
 * - iid:       D = 1 − γ̂₃ SR̂ + (γ̂₄ − 1)/4 · SR̂²
 * - "mean" (default; SPEC §8): the first term — n·Var(x̄)/σ² — uses the HAC variance of the mean:
 *              D = Ω̂/γ̂₀ − γ̂₃ SR̂ + (γ̂₄ − 1)/4 · SR̂², Ω̂ the Newey–West long-run variance of x.
 * - "joint":   every term HAC: with u_t = x_t − x̄, v_t = u_t² − m₂, and Ω̂ the Bartlett long-run
 *              covariance matrix of (u, v) (same bandwidth), D = Ω̂_uu/m₂ − SR̂ Ω̂_uv/m₂^{3/2} + SR̂² Ω̂_vv/(4m₂²).
 *
 * Lag 0 gives Ω̂_uu = m₂, Ω̂_uv = m₃, Ω̂_vv = m₄ − m₂², so both variants reduce exactly to the iid
 * PSR. For the small per-trade Sharpe ratios of trading rules the first term dominates and the two agree
 * closely; "joint" also corrects the variance of the volatility estimate.
 */
import { normalCdf } from "../distributions/normal.js";
import { expectedMaxSharpe, moments } from "../thresholds/sharpe.js";
import {
  type LongRunVarianceOptions,
  autocovariance,
  bartlettBandwidth,
  bartlettLongRunCovariance,
  checkFinite,
} from "./long-run-variance.js";

export interface HacSharpeOptions extends LongRunVarianceOptions {
  correct?: "mean" | "joint";
}

export interface HacSharpeMoments {
  n: number;
  mean: number;
  sharpe: number;
  skewness: number;
  kurtosis: number;
  /** n·Var(SR̂) with the dependence allowed for. */
  denominator: number;
  /** The same under independence, 1 − γ̂₃SR̂ + (γ̂₄ − 1)/4·SR̂². */
  iidDenominator: number;
  /** Ω̂/γ̂₀: how much autocorrelation inflates the variance of the mean. */
  varianceRatio: number;
  bandwidth: number;
  lag: number;
}

export function hacSharpeMoments(x: ArrayLike<number>, options: HacSharpeOptions = {}): HacSharpeMoments {
  checkFinite(x, "HAC Sharpe ratio");
  const m = moments(Array.from(x));
  const n = m.n;
  const u = new Float64Array(n);
  for (let t = 0; t < n; t++) u[t] = x[t]! - m.mean;
  const m2 = autocovariance(u, 0);
  const bandwidth = n > 1 ? bartlettBandwidth(u, options.lag ?? "newey-west-1994") : NaN;
  const sr = m.sharpe;
  const iid = 1 - m.skewness * sr + ((m.kurtosis - 1) / 4) * sr * sr;
  const omegaUU = n > 1 ? bartlettLongRunCovariance(u, u, bandwidth) : NaN;
  let denominator: number;
  if ((options.correct ?? "mean") === "mean") denominator = iid - 1 + omegaUU / m2;
  else {
    const v = new Float64Array(n);
    for (let t = 0; t < n; t++) v[t] = u[t]! * u[t]! - m2;
    const omegaUV = bartlettLongRunCovariance(u, v, bandwidth);
    const omegaVV = bartlettLongRunCovariance(v, v, bandwidth);
    denominator = omegaUU / m2 - (sr * omegaUV) / m2 ** 1.5 + (sr * sr * omegaVV) / (4 * m2 * m2);
  }
  return {
    n,
    mean: m.mean,
    sharpe: sr,
    skewness: m.skewness,
    kurtosis: m.kurtosis,
    denominator,
    iidDenominator: iid,
    varianceRatio: omegaUU / m2,
    bandwidth,
    lag: Math.min(n - 1, Math.ceil(bandwidth) - 1),
  };
}

/** PSR(SR*) with the HAC denominator; NaN when n < 2, the Sharpe ratio is undefined or D ≤ 0. */
export function hacProbabilisticSharpe(m: HacSharpeMoments, benchmark = 0): number {
  if (!(m.n > 1) || !(m.denominator > 0) || !Number.isFinite(m.sharpe)) return NaN;
  return normalCdf(((m.sharpe - benchmark) * Math.sqrt(m.n - 1)) / Math.sqrt(m.denominator));
}

/**
 * DSR with the HAC denominator. SR₀ = √V · ((1 − γ)Φ⁻¹(1 − 1/N) + γΦ⁻¹(1 − 1/(Ne))), N = `trials`
 * (every configuration tried), V = variance of the trials' estimated Sharpe ratios, γ = Euler's constant.
 */
export function hacDeflatedSharpe(m: HacSharpeMoments, trials: number, sharpeVariance: number): { dsr: number; benchmark: number } {
  if (!(trials >= 1)) throw new RangeError(`deflated Sharpe: trials must be ≥ 1, got ${trials}`);
  if (!(sharpeVariance >= 0)) throw new RangeError(`deflated Sharpe: variance of the trials' Sharpe ratios must be ≥ 0, got ${sharpeVariance}`);
  const benchmark = expectedMaxSharpe(trials, sharpeVariance);
  return { dsr: hacProbabilisticSharpe(m, benchmark), benchmark };
}
