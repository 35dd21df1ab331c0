/**
 * Logistic regression (binary logit) by Newton–Raphson / iteratively reweighted least squares,
 * each step solved by a Cholesky factor of XᵀWX (by Householder QR of W^{1/2}X when that is too
 * close to singular to decide), with step halving when the log-likelihood falls. The covariance
 * at the optimum always comes from a Householder QR of W^{1/2}X.
 *
 * Summaries (statsmodels conventions): ln L = Σ y_i η_i − ln(1 + e^{η_i}); null ln L of the
 * intercept-only model n(ȳ ln ȳ + (1−ȳ) ln(1−ȳ)); LLR = 2(ln L − ln L₀) ~ χ²(k − 1); McFadden
 * pseudo-R² = 1 − ln L / ln L₀; AIC = −2 ln L + 2k; BIC = −2 ln L + k ln n. z statistics use the
 * normal distribution. Robust covariances are the sandwich of `covariance.ts` with residual y − p̂.
 *
 * When the classes are (quasi-)perfectly separated the maximum-likelihood estimate does not exist;
 * the fit throws a `SeparationError` instead of reporting exploding coefficients (Albert &
 * Anderson 1984).
 */
import { chiSquaredUpperP } from "../distributions/chi-squared.js";
import { coefficientTable, type CoefficientTable } from "./coefficient-table.js";
import { columnNorms, conditionNumber, type ConditionNumber, scaledConditionNumber } from "./condition-number.js";
import { type CovarianceSpec, covarianceLabel, robustCovariance } from "./covariance.js";
import type { Matrix } from "./dense.js";
import { type Design, findIntercept } from "./design.js";
import { householderQR, householderQRReusing, leverages, type QR, solveLeastSquares, unscaledCovariance } from "./householder-qr.js";
import { cholesky, choleskySolveFactor, packRowBlocks, withWeightedGramPacked } from "./gram.js";
import { RankDeficientError } from "./ols.js";

export class SeparationError extends Error {
  constructor(
    readonly kind: "perfect" | "quasi-perfect",
    readonly extremeCount: number,
    readonly n: number,
    readonly suspects: string[],
  ) {
    super(
      `${kind === "perfect" ? "perfect" : "quasi-perfect"} separation: ${extremeCount} of ${n} observations are ` +
        `predicted with probability 0 or 1` +
        (suspects.length ? ` (coefficients diverging: ${suspects.join(", ")})` : "") +
        `; the maximum-likelihood estimate does not exist — drop or merge the separating feature`,
    );
    this.name = "SeparationError";
  }
}

export interface LogitOptions {
  covariances?: CovarianceSpec[];
  level?: number;
  maxIterations?: number;
  /** A Householder QR of exactly `design.columns` (the `qr` of `dropAliasedColumns`), used instead of factorising them again. */
  qr?: QR;
}

export interface LogitResult {
  model: "logit";
  n: number;
  k: number;
  dfModel: number;
  dfResid: number;
  hasIntercept: boolean;
  names: string[];
  coef: number[];
  logLik: number;
  nullLogLik: number;
  llr: number;
  llrP: number;
  pseudoR2: number;
  aic: number;
  bic: number;
  iterations: number;
  condition: ConditionNumber;
  tables: CoefficientTable[];
  covariances: Matrix[];
  warnings: string[];
  fitted: Float64Array;
}

const EXTREME = 1e-8;

// The per-row loops are small functions of their own: logit runs a few times per process, and a
// loop inside a long function runs in the interpreter until on-stack replacement compiles it
// (boxing every double meanwhile); a small function called every iteration is compiled after its
// first calls and stays compiled. Same operations in the same order, so the same bits.

/** out[j][i] = columns[j][i] · scale[i], column by column. */
function scaleColumns(columns: ArrayLike<number>[], scale: Float64Array, out: Float64Array[], n: number): void {
  for (let j = 0; j < columns.length; j++) scaleColumn(columns[j]!, scale, out[j]!, n);
}

function scaleColumn(c: ArrayLike<number>, scale: Float64Array, o: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) o[i] = c[i]! * scale[i]!;
}

/**
 * η = Xb from the four-row blocks of `packRowBlocks` (each row still sums its k products in
 * column order starting from 0, as the column-by-column loop did), then p = σ(η); returns
 * ln L = Σ y η − softplus(η). σ and softplus share one exp(−|η|): for η ≥ 0 that is the exp(−η) of
 * 1/(1 + e^{−η}), for η < 0 the exp(η) of e^η/(1 + e^η), and always softplus's exp(−|η|).
 */
function linearPredictor(packed: Float64Array, b: ArrayLike<number>, k: number, n: number, y: ArrayLike<number>, eta: Float64Array, p: Float64Array): number {
  const full = n & ~3;
  for (let i0 = 0; i0 < full; i0 += 4) {
    const off = i0 * k;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let a = 0; a < k; a++) {
      const o = off + a * 4;
      const ba = b[a]!;
      s0 = s0 + packed[o]! * ba;
      s1 = s1 + packed[o + 1]! * ba;
      s2 = s2 + packed[o + 2]! * ba;
      s3 = s3 + packed[o + 3]! * ba;
    }
    eta[i0] = s0;
    eta[i0 + 1] = s1;
    eta[i0 + 2] = s2;
    eta[i0 + 3] = s3;
  }
  for (let i = full; i < n; i++) {
    const off = full * k + (i & 3);
    let s = 0;
    for (let a = 0; a < k; a++) s = s + packed[off + a * 4]! * b[a]!;
    eta[i] = s;
  }
  let ll = 0;
  for (let i = 0; i < n; i++) {
    const x = eta[i]!;
    const e = Math.exp(-Math.abs(x));
    p[i] = x >= 0 ? 1 / (1 + e) : e / (1 + e);
    ll += y[i]! * x - (Math.max(x, 0) + Math.log1p(e));
  }
  return ll;
}

/** w = max(p(1 − p), 1e-300), resid = y − p. */
function weightsAndResiduals(y: ArrayLike<number>, p: Float64Array, w: Float64Array, resid: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    w[i] = Math.max(p[i]! * (1 - p[i]!), 1e-300);
    resid[i] = y[i]! - p[i]!;
  }
}

function dot(c: ArrayLike<number>, r: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += c[i]! * r[i]!;
  return s;
}

/** Xᵀr: each column's dot product summed in row order, four columns per pass over r. */
function crossProduct(columns: ArrayLike<number>[], r: Float64Array, n: number): number[] {
  const k = columns.length;
  const out = new Array<number>(k);
  let j = 0;
  for (; j + 4 <= k; j += 4) {
    const c0 = columns[j]!;
    const c1 = columns[j + 1]!;
    const c2 = columns[j + 2]!;
    const c3 = columns[j + 3]!;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < n; i++) {
      const x = r[i]!;
      s0 += c0[i]! * x;
      s1 += c1[i]! * x;
      s2 += c2[i]! * x;
      s3 += c3[i]! * x;
    }
    out[j] = s0;
    out[j + 1] = s1;
    out[j + 2] = s2;
    out[j + 3] = s3;
  }
  for (; j < k; j++) out[j] = dot(columns[j]!, r, n);
  return out;
}

/** root = √w, z = resid / root. */
function rootsAndWorkingResponse(w: Float64Array, resid: Float64Array, root: Float64Array, z: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const r = Math.sqrt(w[i]!);
    root[i] = r;
    z[i] = resid[i]! / r;
  }
}

/** Fitted probabilities within EXTREME of 0 or 1, and whether every one equals its outcome within EXTREME. */
function countExtremes(y: ArrayLike<number>, p: Float64Array, n: number): { count: number; perfect: boolean } {
  let count = 0;
  let perfect = true;
  for (let i = 0; i < n; i++) {
    if (p[i]! < EXTREME || p[i]! > 1 - EXTREME) count++;
    if (Math.abs(y[i]! - p[i]!) > EXTREME) perfect = false;
  }
  return { count, perfect };
}

/** out = y − p. */
function differences(y: ArrayLike<number>, p: Float64Array, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = y[i]! - p[i]!;
}

/** root = √(p(1 − p)). */
function rootWeights(p: Float64Array, root: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) root[i] = Math.sqrt(p[i]! * (1 - p[i]!));
}

/** Number of ones of a 0/1 outcome, or −1 when a value is neither. */
function countOnes(y: ArrayLike<number>, n: number): number {
  let ones = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] !== 0 && y[i] !== 1) return -1;
    ones += y[i]!;
  }
  return ones;
}

export function logit(y: ArrayLike<number>, design: Design, options: LogitOptions = {}): LogitResult {
  const n = y.length;
  const { names, columns } = design;
  const k = columns.length;
  const maxIterations = options.maxIterations ?? 100;
  if (k === 0) throw new Error("logit: the design has no columns");
  if (n <= k) throw new Error(`logit: ${n} observations cannot identify ${k} coefficients`);
  const ones = countOnes(y, n);
  if (ones < 0) throw new Error("logit: the outcome must be 0/1");
  if (ones === 0 || ones === n) throw new Error(`logit: the outcome is constant (${ones} of ${n} are 1)`);
  const initialQR = options.qr ?? householderQRReusing(columns, n);
  if (initialQR.deficientColumn >= 0) throw new RankDeficientError(names[initialQR.deficientColumn]!);

  const eta = new Float64Array(n);
  const p = new Float64Array(n);
  const packed = packRowBlocks(columns, n);
  const linear = (b: number[]) => linearPredictor(packed, b, k, n, y, eta, p);
  const extremes = () => countExtremes(y, p, n);
  const separation = (b: number[]): SeparationError => {
    const { count, perfect } = extremes();
    const scale = columnNorms(columns, n);
    const suspects = names
      .map((name, j) => ({ name, size: (Math.abs(b[j]!) * scale[j]!) / Math.sqrt(n) }))
      .filter((s) => s.size > 15)
      .sort((a, c) => c.size - a.size)
      .slice(0, 3)
      .map((s) => s.name);
    return new SeparationError(perfect ? "perfect" : "quasi-perfect", count, n, suspects);
  };

  let beta = new Array<number>(k).fill(0);
  let ll = linear(beta);
  let converged = false;
  let iterations = 0;
  const sw = Array.from({ length: k }, () => new Float64Array(n));
  const z = new Float64Array(n);
  const w = new Float64Array(n);
  const resid = new Float64Array(n);
  const root = new Float64Array(n);
  // the packed design stays in linear memory across the Newton steps (one copy, not one per step)
  withWeightedGramPacked(packed, k, n, (gram) => {
    for (; iterations < maxIterations && !converged; iterations++) {
      // Newton step from the Cholesky factor of XᵀWX. When a pivot leaves less than 1e-5 of its
      // column unexplained, the normal equations can no longer tell a rank loss (separation) from
      // a merely tight fit, and the step is taken by QR of W^{1/2}X with its rank test instead.
      weightsAndResiduals(y, p, w, resid, n);
      const factor = cholesky(gram(w), k);
      let step: number[];
      if (factor && factor.minPivotRatio >= 1e-5) {
        const gradient = crossProduct(columns, resid, n);
        step = choleskySolveFactor(factor.r, k, gradient);
      } else {
        rootsAndWorkingResponse(w, resid, root, z, n);
        scaleColumns(columns, root, sw, n);
        // Qᵀz with the factorisation; the vectors themselves are not needed
        const qr = householderQR(sw, n, { rhs: z, keepVectors: false });
        if (qr.deficientColumn >= 0) throw separation(beta);
        step = solveLeastSquares(qr, z);
      }
      let t = 1;
      let next = beta.map((b, j) => b + step[j]!);
      let llNext = linear(next);
      for (let h = 0; h < 40 && !(llNext >= ll - 1e-12 * Math.abs(ll)); h++) {
        t /= 2;
        next = beta.map((b, j) => b + t * step[j]!);
        llNext = linear(next);
      }
      const small = step.every((s, j) => Math.abs(t * s) <= 1e-10 * (1 + Math.abs(next[j]!)));
      beta = next;
      const change = llNext - ll;
      ll = llNext;
      if (extremes().perfect) throw separation(beta);
      converged = small && Math.abs(change) <= 1e-10 * (1 + Math.abs(ll));
    }
  });
  if (!converged) throw extremes().count > 0 ? separation(beta) : new Error(`logit: no convergence in ${maxIterations} iterations`);
  // η, p̂ and ln L are those of beta already: the last call of `linear` above was on the step taken
  // After genuine convergence an extreme fitted probability is an outlying feature value (e.g. a
  // volume spike), not separation: under separation Newton's steps do not shrink, so the loop
  // above ends in non-convergence or a singular weighted design instead.
  const { count } = extremes();

  // Final Hessian and covariances at the optimum
  rootWeights(p, root, n);
  scaleColumns(columns, root, sw, n);
  // only R and the rank test are used from here on
  const qr = householderQR(sw, n, { keepVectors: false });
  // Quasi-separation leaves the iteration at a point where the separated observations have weight
  // p(1−p) = 0 and carry no information: W^{1/2}X loses rank along the diverging coefficients although
  // X has full rank. Compare their conditioning with the same (unweighted) column scaling; uniform
  // weights or an outlying row change it by a modest factor, separation by many orders.
  // the first factorisation's own column norms are `columnNorms(columns, n)` bit for bit
  const norms = initialQR.columnNorms ?? columnNorms(columns, n);
  const kappaWeighted = scaledConditionNumber(qr.r, norms);
  const condition = conditionNumber(initialQR.r, norms);
  const kappaPlain = condition.scaled;
  if (qr.deficientColumn >= 0 || !(kappaWeighted / kappaPlain < 1e6)) throw separation(beta);
  const { xtxInv: bread, rInv } = unscaledCovariance(qr);
  const residuals = new Float64Array(n);
  differences(y, p, residuals, n);
  const specs: CovarianceSpec[] = [{ type: "classic" }, ...(options.covariances ?? []).filter((s) => s.type !== "classic")];
  const needLeverage = specs.some((s) => s.type === "HC2" || s.type === "HC3");
  const h = needLeverage ? leverages(sw, n, rInv) : undefined;
  const covariances = specs.map((spec) =>
    spec.type === "classic"
      ? bread.map((row) => [...row])
      : robustCovariance(spec, { columns, n, residuals, bread, ...(h ? { leverage: h } : {}) }),
  );
  const interceptIndex = findIntercept(design, n);
  const tables = specs.map((spec, s) =>
    coefficientTable(covarianceLabel(spec), names, beta, covariances[s]!, null, interceptIndex, options.level),
  );
  const ybar = ones / n;
  const nullLogLik =
    interceptIndex >= 0 ? n * (ybar * Math.log(ybar) + (1 - ybar) * Math.log(1 - ybar)) : n * Math.log(0.5);
  const dfModel = k - (interceptIndex >= 0 ? 1 : 0);
  const llr = 2 * (ll - nullLogLik);
  const warnings: string[] = [];
  if (condition.warning) warnings.push(condition.warning);
  if (count > 0) warnings.push(`${count} observation(s) fitted with probability within ${EXTREME} of 0 or 1 (outlying feature values?)`);
  return {
    model: "logit",
    n,
    k,
    dfModel,
    dfResid: n - k,
    hasIntercept: interceptIndex >= 0,
    names: [...names],
    coef: beta,
    logLik: ll,
    nullLogLik,
    llr,
    llrP: dfModel > 0 ? chiSquaredUpperP(llr, dfModel) : NaN,
    pseudoR2: 1 - ll / nullLogLik,
    aic: -2 * ll + 2 * k,
    bic: -2 * ll + k * Math.log(n),
    iterations,
    condition,
    tables,
    covariances,
    warnings,
    fitted: p.slice(),
  };
}
