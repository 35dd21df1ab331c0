/**
 * Covariance estimators for regression coefficients, all as sandwiches B·M·B:
 *
 * - classic: σ̂²(XᵀX)⁻¹ for OLS, (XᵀWX)⁻¹ for logit (no meat);
 * - HC0 (White 1980): M = Σ e_i² x_i x_iᵀ; HC1 = HC0 · n/(n−k); HC2 weights e_i²/(1−h_i);
 *   HC3 weights e_i²/(1−h_i)² (MacKinnon & White 1985; Long & Ervin 2000);
 * - Newey–West (1987): M = Γ₀ + Σ_{l=1..L} w_l (Γ_l + Γ_lᵀ) with Bartlett weights
 *   w_l = 1 − l/(L+1) and Γ_l = Σ_{t>l} s_t s_{t−l}ᵀ, scores s_t = x_t e_t in row order (rows
 *   must be in time order); optional small-sample factor n/(n−k) (statsmodels `use_correction`).
 *
 * For logit the "residual" is y − p̂ and the leverages are those of W^{1/2}X.
 */
import { hacMovingSums, hacMovingSumsOfProducts } from "@tda/core-wasm";
import { denseKernels, type Matrix, sandwichProduct, zeros } from "./dense.js";
import { addRank4Upper, addRowsUpper } from "./gram.js";

export type CovarianceSpec =
  | { type: "classic" }
  | { type: "HC0" | "HC1" | "HC2" | "HC3" }
  | { type: "newey-west"; lag: number; smallSampleCorrection?: boolean };

/** A short label: "classic", "HC1", "newey-west(lag=20)". */
export function covarianceLabel(spec: CovarianceSpec): string {
  if (spec.type === "newey-west")
    return `newey-west(lag=${spec.lag}${spec.smallSampleCorrection ? ", corrected" : ""})`;
  return spec.type;
}

/** Bartlett kernel weight for lag l with truncation lag L. */
export function bartlettWeight(l: number, lag: number): number {
  return 1 - l / (lag + 1);
}

/**
 * Meat matrix from score columns s_j[i] (p arrays of length n): Γ₀ + Σ_l w_l(Γ_l + Γ_lᵀ).
 * lag = 0 gives the White (HC0) meat.
 *
 * For a whole-number lag L the Bartlett meat is a Gram matrix of moving sums: with
 * S_u = Σ_{t=u−L..u} s_t (scores outside 0…n−1 taken as zero, u = 0…n−1+L, so the partial windows
 * at both ends count), Σ_u S_u S_uᵀ = Σ_{t,t'} (L+1−|t−t'|)₊ s_t s_t'ᵀ, hence
 * M = (1/(L+1)) Σ_u S_u S_uᵀ exactly — O(n·p²) whatever the lag. A fractional lag (weights
 * 1 − l/(lag+1) that no window reproduces) takes the lag-by-lag sum `hacMeatByLags`.
 */
export function hacMeat(scores: Float64Array[], n: number, lag: number): Matrix {
  const L = Math.max(0, Math.floor(lag));
  if (L !== lag || n === 0) return hacMeatByLags(scores, n, lag);
  const p = scores.length;
  const width = L + 1;
  const total = denseKernels.wasm ? hacMovingSums(scores, n, L) : hacMovingSumsTs(scores, n, L);
  return meatFromMovingSums(total, p, width);
}

/** The symmetric meat (1/(L+1))·Σ_u S_u S_uᵀ from the upper triangle of the moving sums' Gram matrix. */
function meatFromMovingSums(total: Float64Array, p: number, width: number): Matrix {
  const out = zeros(p, p);
  for (let a = 0; a < p; a++)
    for (let b = a; b < p; b++) {
      const v = total[a * p + b]! / width;
      out[a]![b] = v;
      out[b]![a] = v;
    }
  return out;
}

/**
 * Σ_u S_u S_uᵀ of `hacMeat` (upper triangle, p×p row-major, not yet divided by L + 1) in plain
 * TypeScript: the reference of the WebAssembly kernel (@tda/core-wasm `hacMovingSums`) and its fallback.
 */
export function hacMovingSumsTs(scores: Float64Array[], n: number, L: number): Float64Array {
  const p = scores.length;
  const width = L + 1;
  // Moving sums kept as one running vector, four consecutive windows buffered (interleaved: window
  // q of score a at a·4 + q) so that each pass over the triangle of M does four rank-one updates.
  const BLOCK = 4;
  const buf = new Float64Array(BLOCK * p);
  const running = new Float64Array(p);
  // M is summed in chunks of CHUNK windows added into the total, so each entry's rounding grows
  // with CHUNK + windows/CHUNK rather than with the number of windows: the sandwich B·M·B
  // amplifies the meat's rounding by roughly κ(X)², and the standard errors feel it.
  const CHUNK = 64;
  const m = new Float64Array(p * p);
  const total = new Float64Array(p * p);
  let chunks = 0;
  let filled = 0;
  const flush = (rows: number) => (rows === BLOCK ? addRank4Upper(m, buf, buf, 0, p) : addRowsUpper(m, buf, buf, 0, p, rows));
  const windows = n + L;
  for (let u = 0; u < windows; u++) {
    const enter = u < n ? u : -1;
    const leave = u - width;
    for (let a = 0; a < p; a++) {
      const sa = scores[a]!;
      let v = running[a]!;
      if (enter >= 0) v += sa[enter]!;
      if (leave >= 0) v -= sa[leave]!;
      running[a] = v;
    }
    // the running sum would carry rounding from every row it has seen; restart it exactly once
    // per window length so the error stays that of a sum of L+1 terms
    if (leave >= 0 && (u + 1) % width === 0) {
      const lo = Math.max(0, u - L);
      const hi = Math.min(n - 1, u);
      for (let a = 0; a < p; a++) {
        const sa = scores[a]!;
        let v = 0;
        for (let t = lo; t <= hi; t++) v += sa[t]!;
        running[a] = v;
      }
    }
    for (let a = 0; a < p; a++) buf[a * BLOCK + filled] = running[a]!;
    if (++filled === BLOCK) {
      flush(BLOCK);
      filled = 0;
      if (++chunks === CHUNK / BLOCK) {
        for (let i = 0; i < p * p; i++) total[i] = total[i]! + m[i]!;
        m.fill(0);
        chunks = 0;
      }
    }
  }
  if (filled > 0) flush(filled);
  for (let i = 0; i < p * p; i++) total[i] = total[i]! + m[i]!;
  return total;
}

/**
 * The meat lag by lag: Σ_t s_t s_tᵀ + Σ_t (s_t z_tᵀ + z_t s_tᵀ) with z_t = Σ_{l=1..L} w_l s_{t−l},
 * O(n·L·p + n·p²). Used for fractional lags, and as the reference of the moving-sum form.
 */
export function hacMeatByLags(scores: Float64Array[], n: number, lag: number): Matrix {
  const p = scores.length;
  const m = zeros(p, p);
  const maxLag = Math.min(Math.max(0, Math.floor(lag)), n - 1);
  const weights = Float64Array.from({ length: maxLag + 1 }, (_, l) => (l === 0 ? 1 : bartlettWeight(l, lag)));
  const st = new Float64Array(p);
  const zt = new Float64Array(p);
  for (let t = 0; t < n; t++) {
    for (let a = 0; a < p; a++) st[a] = scores[a]![t]!;
    zt.fill(0);
    const top = Math.min(maxLag, t);
    for (let a = 0; a < p; a++) {
      const sa = scores[a]!;
      let z = 0;
      for (let l = 1; l <= top; l++) z += weights[l]! * sa[t - l]!;
      zt[a] = z;
    }
    for (let a = 0; a < p; a++) {
      const row = m[a]!;
      const sa = st[a]!;
      const za = zt[a]!;
      for (let b = 0; b < p; b++) row[b]! += sa * st[b]! + sa * zt[b]! + za * st[b]!;
    }
  }
  return m;
}

export interface SandwichInput {
  /** Design columns (p arrays of length n). */
  columns: ArrayLike<number>[];
  n: number;
  /** Residuals e_i (OLS) or y_i − p̂_i (logit). */
  residuals: ArrayLike<number>;
  /** (XᵀX)⁻¹ or (XᵀWX)⁻¹. */
  bread: Matrix;
  /** Leverages (needed by HC2/HC3). */
  leverage?: ArrayLike<number>;
}

/** Robust covariance (any spec except classic). */
export function robustCovariance(spec: CovarianceSpec, input: SandwichInput): Matrix {
  const { columns, n, residuals, bread, leverage } = input;
  const p = columns.length;
  const weight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let w = residuals[i]!;
    if (spec.type === "HC2" || spec.type === "HC3") {
      if (!leverage) throw new Error(`${spec.type} needs leverages`);
      const d = 1 - leverage[i]!;
      w = spec.type === "HC2" ? w / Math.sqrt(d) : w / d;
    }
    weight[i] = w;
  }
  const lag = spec.type === "newey-west" ? spec.lag : 0;
  let meat: Matrix;
  if (denseKernels.wasm && Math.max(0, Math.floor(lag)) === lag && n > 0) {
    // the scores x_ia·w_i are formed in linear memory, where the moving sums read them (the same
    // products as the loop below, so the same meat as `hacMeat` of them)
    meat = meatFromMovingSums(hacMovingSumsOfProducts(columns, weight, n, lag), p, lag + 1);
  } else {
    // plain loops: Float64Array.from with a mapping callback costs more than the meat itself
    const scores = columns.map((c) => {
      const s = new Float64Array(n);
      for (let i = 0; i < n; i++) s[i] = c[i]! * weight[i]!;
      return s;
    });
    meat = hacMeat(scores, n, lag);
  }
  let scale = 1;
  if (spec.type === "HC1" || (spec.type === "newey-west" && spec.smallSampleCorrection))
    scale = n / (n - p);
  return sandwichProduct(bread, meat, scale);
}
