/**
 * HAC (heteroscedasticity- and autocorrelation-consistent) long-run variance of a series and the
 * variance of its mean, Newey & West (1987, Econometrica 55, eq. (2)–(3)) with Bartlett weights:
 *
 *   γ̂_j = (1/n) Σ_{t=j+1}^{n} (x_t − x̄)(x_{t−j} − x̄),
 *   Ω̂ = γ̂_0 + 2 Σ_{j≥1} w_j γ̂_j,   w_j = max(0, 1 − j/b),
 *   Var̂(x̄) = Ω̂ / n  (× n/(n − 1) with `smallSampleCorrection`, which makes lag 0 the iid s²/n).
 *
 * The bandwidth b is lag + 1 for a fixed lag L (w_j = 1 − j/(L + 1), statsmodels' `maxlags`), or
 * chosen from the data:
 *
 * - "newey-west-1994": Newey & West (1994, RES 61, §3, Bartlett q = 1): pilot lag
 *   n_L = ⌊4 (n/100)^{2/9}⌋, s⁽⁰⁾ = γ̂_0 + 2 Σ_{j=1}^{n_L} γ̂_j, s⁽¹⁾ = 2 Σ_{j=1}^{n_L} j γ̂_j,
 *   γ̂ = 1.1447 ((s⁽¹⁾/s⁽⁰⁾)²)^{1/3}, lag = ⌊γ̂ n^{1/3}⌋ (then b = lag + 1, as R sandwich's
 *   `NeweyWest(lag = NULL, prewhite = FALSE)`).
 * - "andrews-1991": Andrews (1991, Econometrica 59, §6, eq. (6.2), (6.4)) AR(1) plug-in:
 *   ρ̂ = Σ u_t u_{t−1} / Σ u_{t−1}² of u = x − x̄, α̂(1) = 4ρ̂² / ((1 − ρ̂)²(1 + ρ̂)²),
 *   b = 1.1447 (α̂(1) n)^{1/3} (real-valued, as sandwich's `kernHAC(kernel = "Bartlett")`).
 *
 * The ratio Ω̂/γ̂_0 is the factor by which dependence inflates the iid variance of the mean.
 */
export type LagChoice = number | "newey-west-1994" | "andrews-1991";

export interface LongRunVariance {
  n: number;
  mean: number;
  /** γ̂_0: the (1/n) variance. */
  variance: number;
  /** Ω̂: the long-run variance (never below 0; Bartlett weights keep it ≥ 0). */
  longRunVariance: number;
  /** Var̂(x̄) = Ω̂/n (with the n/(n − 1) factor when asked). */
  varianceOfMean: number;
  /** Bandwidth b: weights 1 − j/b. */
  bandwidth: number;
  /** Largest lag with a non-zero weight. */
  lag: number;
}

export interface LongRunVarianceOptions {
  /** Fixed lag L ≥ 0 or an automatic rule (default "newey-west-1994"). */
  lag?: LagChoice;
  smallSampleCorrection?: boolean;
}

/** γ̂_j of the centred series u, 1/n normalisation. */
export function autocovariance(u: ArrayLike<number>, j: number): number {
  const n = u.length;
  let s = 0;
  for (let t = j; t < n; t++) s += u[t]! * u[t - j]!;
  return s / n;
}

export function bartlettBandwidth(u: ArrayLike<number>, choice: LagChoice): number {
  const n = u.length;
  if (typeof choice === "number") {
    if (!Number.isInteger(choice) || choice < 0) throw new RangeError(`HAC: lag must be an integer ≥ 0, got ${choice}`);
    return choice + 1;
  }
  if (choice === "newey-west-1994") {
    const pilot = Math.min(n - 1, Math.floor(4 * (n / 100) ** (2 / 9)));
    let s0 = autocovariance(u, 0);
    let s1 = 0;
    for (let j = 1; j <= pilot; j++) {
      const g = autocovariance(u, j);
      s0 += 2 * g;
      s1 += 2 * j * g;
    }
    if (!(s0 !== 0)) return 1;
    const gamma = 1.1447 * ((s1 / s0) ** 2) ** (1 / 3);
    return Math.min(n - 1, Math.floor(gamma * n ** (1 / 3))) + 1;
  }
  if (choice === "andrews-1991") {
    let num = 0;
    let den = 0;
    for (let t = 1; t < n; t++) {
      num += u[t]! * u[t - 1]!;
      den += u[t - 1]! * u[t - 1]!;
    }
    if (!(den > 0)) return 1;
    const rho = num / den;
    const alpha = (4 * rho * rho) / ((1 - rho) ** 2 * (1 + rho) ** 2);
    const b = 1.1447 * (alpha * n) ** (1 / 3);
    return Number.isFinite(b) ? Math.max(b, 1) : n;
  }
  throw new RangeError(`HAC: unknown lag rule ${JSON.stringify(choice)} (a lag ≥ 0, "newey-west-1994" or "andrews-1991")`);
}

/** Σ over lags with Bartlett weights for bandwidth b, of the cross-products of centred u and v. */
export function bartlettLongRunCovariance(u: ArrayLike<number>, v: ArrayLike<number>, bandwidth: number): number {
  const n = u.length;
  let s = 0;
  for (let t = 0; t < n; t++) s += u[t]! * v[t]!;
  let omega = s / n;
  for (let j = 1; j < n && j < bandwidth; j++) {
    const w = 1 - j / bandwidth;
    let c = 0;
    for (let t = j; t < n; t++) c += u[t]! * v[t - j]! + v[t]! * u[t - j]!;
    omega += (w * c) / n;
  }
  return omega;
}

/** Throws on the first value that is not a finite number: a HAC estimate has no use for gaps. */
export function checkFinite(x: ArrayLike<number>, who: string): void {
  for (let t = 0; t < x.length; t++)
    if (!Number.isFinite(x[t]!)) throw new RangeError(`${who}: row ${t} is ${x[t]} (finite numbers in time order expected; drop missing rows first)`);
}

export function longRunVariance(x: ArrayLike<number>, options: LongRunVarianceOptions = {}): LongRunVariance {
  const n = x.length;
  checkFinite(x, "HAC variance");
  let mean = 0;
  for (let t = 0; t < n; t++) mean += x[t]!;
  mean /= n;
  if (n < 2) return { n, mean, variance: NaN, longRunVariance: NaN, varianceOfMean: NaN, bandwidth: NaN, lag: NaN };
  const u = new Float64Array(n);
  for (let t = 0; t < n; t++) u[t] = x[t]! - mean;
  const bandwidth = bartlettBandwidth(u, options.lag ?? "newey-west-1994");
  const omega = bartlettLongRunCovariance(u, u, bandwidth);
  const correction = options.smallSampleCorrection ? n / (n - 1) : 1;
  return {
    n,
    mean,
    variance: autocovariance(u, 0),
    longRunVariance: omega,
    varianceOfMean: (omega * correction) / n,
    bandwidth,
    lag: Math.min(n - 1, Math.ceil(bandwidth) - 1),
  };
}
