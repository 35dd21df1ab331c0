/**
 * Romano & Wolf (2005, Econometrica 73, "Stepwise multiple testing as formalized data snooping")
 * StepM: which of K rules beat the benchmark, with the family-wise error rate held at α under any
 * dependence between the rules. H_k: E[d_k] ≤ 0, d̄_k = p̄_k − ē_k·b̄ as in `edge-draws.ts` (the
 * benchmark re-estimated in each draw unless told otherwise).
 *
 *   statistic  T_k = √n d̄_k / ω̂_k   (studentised, default)  or  T_k = √n d̄_k  (basic, §3)
 *   draws      T*_k,r = √n (d̄*_k,r − d̄_k) / ω̂_k  (or without ω̂_k)
 *   step s:    A_s = hypotheses not yet rejected; ĉ_s = the ⌈(1 − α)R⌉-th smallest of
 *              max_{k ∈ A_s} T*_k,r over r (Algorithm 3.1 / 4.1); reject every k ∈ A_s with T_k > ĉ_s;
 *              stop when a step rejects nothing.
 *
 * Studentisation: ω̂_k is the bootstrap standard deviation of √n d̄*_k (Hansen 2005, §2.3), fixed
 * across draws — not the per-draw σ̂*_k of Romano & Wolf's §4.2, which needs a variance estimator in
 * every block resample. Studentising puts rules of very different noise (a rule that trades rarely)
 * on one scale so that the noisiest does not set the critical value for all; rules with ω̂_k = 0 are
 * not tested (never rejected, `statistic` NaN).
 *
 * Adjusted p-values (Romano & Wolf 2016, Stat. Probab. Lett. 113, §3): with the tested hypotheses
 * ordered T_(1) ≥ T_(2) ≥ …, p_(j) = #{r: max_{i ≥ j} T*_(i),r ≥ T_(j)} / R, made monotone by
 * p̃_(j) = max_{i ≤ j} p_(i). H_k is rejected by the steps above exactly when p̃_k ≤ α.
 */
import { drawsFor, edgeScales, type EdgeDrawOptions, type EdgeInput } from "./edge-draws.js";

export interface StepMOptions extends EdgeDrawOptions {
  /** Family-wise error rate α (default 0.05). */
  alpha?: number;
  /** Default true. */
  studentize?: boolean;
}

export interface StepMResult {
  rules: number;
  n: number;
  reps: number;
  alpha: number;
  studentize: boolean;
  /** T_k (NaN for a rule that cannot be tested). */
  statistic: Float64Array;
  rejected: boolean[];
  /** Step (1, 2, …) at which each rule was rejected; 0 if never. */
  step: Int32Array;
  /** Critical value ĉ_s of each step taken. */
  criticalValues: number[];
  adjustedP: Float64Array;
  means: Float64Array;
  omega: Float64Array;
}

export function stepM(input: EdgeInput, options: StepMOptions = {}): StepMResult {
  const alpha = options.alpha ?? 0.05;
  const studentize = options.studentize ?? true;
  const reps = options.draws?.reps ?? options.reps ?? 1000;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`StepM: alpha must be in (0, 1), got ${alpha}`);
  if (!Number.isInteger(reps) || reps < 1) throw new RangeError(`StepM: reps must be a positive integer, got ${reps}`);
  const n = input.performance[0]?.length ?? 0;
  if (n < 2) throw new RangeError(`StepM: at least 2 rows are needed, got ${n}`);
  const d = drawsFor(input, options, reps, n, "StepM");
  const K = d.rules;
  const omega = edgeScales(d);
  const rootN = Math.sqrt(n);
  const scale = new Float64Array(K);
  const statistic = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    scale[k] = studentize ? (omega[k]! > 0 ? rootN / omega[k]! : NaN) : rootN;
    statistic[k] = scale[k]! * d.means[k]!;
  }
  // centred draws in place: T*_k,r
  const tStar = new Float64Array(K * reps);
  for (let k = 0; k < K; k++) {
    const s = scale[k]!;
    const m = d.means[k]!;
    for (let r = 0; r < reps; r++) tStar[k * reps + r] = s * (d.draws[k * reps + r]! - m);
  }
  const testable = [...Array(K).keys()].filter((k) => statistic[k] === statistic[k]);
  const rejected = Array.from({ length: K }, () => false);
  const step = new Int32Array(K);
  const criticalValues: number[] = [];
  const maxima = new Float64Array(reps);
  const rank = Math.max(1, Math.ceil((1 - alpha) * reps - 1e-9));
  let active = testable;
  while (active.length > 0) {
    maxima.fill(-Infinity);
    for (const k of active) for (let r = 0; r < reps; r++) if (tStar[k * reps + r]! > maxima[r]!) maxima[r] = tStar[k * reps + r]!;
    maxima.sort();
    const c = maxima[rank - 1]!;
    criticalValues.push(c);
    const now = active.filter((k) => statistic[k]! > c);
    if (now.length === 0) break;
    for (const k of now) {
      rejected[k] = true;
      step[k] = criticalValues.length;
    }
    active = active.filter((k) => !rejected[k]);
  }
  // adjusted p-values: running maxima from the smallest statistic upwards
  const adjustedP = new Float64Array(K).fill(NaN);
  const order = [...testable].sort((a, b) => statistic[b]! - statistic[a]! || a - b);
  const suffixMax = new Float64Array(reps).fill(-Infinity);
  const raw = new Float64Array(order.length);
  for (let j = order.length - 1; j >= 0; j--) {
    const k = order[j]!;
    let count = 0;
    for (let r = 0; r < reps; r++) {
      const v = tStar[k * reps + r]!;
      if (v > suffixMax[r]!) suffixMax[r] = v;
      if (suffixMax[r]! >= statistic[k]!) count++;
    }
    raw[j] = count / reps;
  }
  let running = 0;
  order.forEach((k, j) => {
    running = Math.max(running, raw[j]!);
    adjustedP[k] = running;
  });
  return { rules: K, n, reps, alpha, studentize, statistic, rejected, step, criticalValues, adjustedP, means: d.means, omega };
}
