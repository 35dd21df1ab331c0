/**
 * Hansen's (2005, JBES 23, "A Test for Superior Predictive Ability") SPA test that none of K rules
 * beats the benchmark, H₀: E[d_k] ≤ 0 for every k, with d̄_k = p̄_k − ē_k·b̄ (see `edge-draws.ts`)
 * and the benchmark re-estimated inside each bootstrap draw.
 *
 *   ω̂²_k = (n/R) Σ_r (d̄*_k,r − d̄_k)²                         bootstrap variance of √n d̄_k (§2.3)
 *   T = max(0, max_k √n d̄_k / ω̂_k)                           eq. (5), rules with ω̂_k = 0 left out
 *   T*_r,i = max(0, max_k √n (d̄*_k,r − g_i(d̄_k)) / ω̂_k)     §2.3, i ∈ {l, c, u}
 *   g_l(x) = max(x, 0),  g_c(x) = x·1[√n x/ω̂_k ≥ −√(2 ln ln n)],  g_u(x) = x
 *   p_i = (1 + #{r: T*_r,i ≥ T}) / (1 + R)
 *
 * SPA_c ("consistent") is the test; SPA_l and SPA_u bound its p from below and above, and SPA_u
 * with the studentisation dropped is White's (2000) Reality Check (reported as `whiteStatistic`,
 * `whiteP`: V = max_k √n d̄_k, V*_r = max_k √n (d̄*_k,r − d̄_k)). The p-value adds one to numerator
 * and denominator (Davison & Hinkley 1997, §4.2) where Hansen uses #{T* > T}/R; a finite bootstrap
 * then never reports p = 0.
 *
 * What is re-estimated per draw: the benchmark mean b̄* and every rule's mean result and exposure
 * (d̄*_k,r). What is not: ω̂_k and the recentring g_i(d̄_k), which Hansen fixes at their full-sample
 * values so that the draws imitate the null distribution of T.
 *
 * Resampling: stationary bootstrap (Politis & Romano 1994) with mean block length L (Hansen's
 * choice), or whole sessions. Deterministic for a seed.
 */
import { drawsFor, edgeScales, type EdgeDrawOptions, type EdgeInput } from "./edge-draws.js";

export type SpaOptions = EdgeDrawOptions;

export interface SpaResult {
  rules: number;
  n: number;
  reps: number;
  benchmarkPerDraw: boolean;
  statistic: number;
  /** Rule with the largest studentised edge (−1 if no rule has ω̂ > 0). */
  best: number;
  pConsistent: number;
  pLower: number;
  pUpper: number;
  whiteStatistic: number;
  whiteP: number;
  means: Float64Array;
  omega: Float64Array;
}

export function spaTest(input: EdgeInput, options: SpaOptions = {}): SpaResult {
  const reps = options.draws?.reps ?? options.reps ?? 1000;
  if (!Number.isInteger(reps) || reps < 1) throw new RangeError(`SPA: reps must be a positive integer, got ${reps}`);
  const n = input.performance[0]?.length ?? 0;
  if (n < 3) throw new RangeError(`SPA: at least 3 rows are needed (ln ln n must be positive), got ${n}`);
  const benchmarkPerDraw = options.draws?.benchmarkPerDraw ?? options.benchmarkPerDraw ?? true;
  const d = drawsFor(input, options, reps, n, "SPA");
  const K = d.rules;
  const omega = edgeScales(d);
  const rootN = Math.sqrt(n);
  const cut = -Math.sqrt(2 * Math.log(Math.log(n)));
  const gL = new Float64Array(K);
  const gC = new Float64Array(K);
  let statistic = 0;
  let best = -1;
  let bestZ = -Infinity;
  let whiteStatistic = -Infinity;
  for (let k = 0; k < K; k++) {
    const m = d.means[k]!;
    whiteStatistic = Math.max(whiteStatistic, rootN * m);
    gL[k] = Math.max(m, 0);
    if (omega[k]! > 0) {
      const z = (rootN * m) / omega[k]!;
      gC[k] = z >= cut ? m : 0;
      if (z > bestZ) {
        bestZ = z;
        best = k;
      }
    }
  }
  if (best >= 0) statistic = Math.max(0, bestZ);
  let cL = 0;
  let cC = 0;
  let cU = 0;
  let cW = 0;
  for (let r = 0; r < reps; r++) {
    let tL = 0;
    let tC = 0;
    let tU = 0;
    let v = -Infinity;
    for (let k = 0; k < K; k++) {
      const x = d.draws[k * reps + r]!;
      const m = d.means[k]!;
      v = Math.max(v, rootN * (x - m));
      const w = omega[k]!;
      if (!(w > 0)) continue;
      const s = rootN / w;
      tL = Math.max(tL, s * (x - gL[k]!));
      tC = Math.max(tC, s * (x - gC[k]!));
      tU = Math.max(tU, s * (x - m));
    }
    if (tL >= statistic) cL++;
    if (tC >= statistic) cC++;
    if (tU >= statistic) cU++;
    if (v >= whiteStatistic) cW++;
  }
  const p = (c: number) => (c + 1) / (reps + 1);
  return {
    rules: K,
    n,
    reps,
    benchmarkPerDraw,
    statistic,
    best,
    pConsistent: p(cC),
    pLower: p(cL),
    pUpper: p(cU),
    whiteStatistic,
    whiteP: p(cW),
    means: d.means,
    omega,
  };
}
