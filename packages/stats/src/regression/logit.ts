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
import { householderQR, householderQRReusing, leverages, solveLeastSquares, unscaledCovariance } from "./householder-qr.js";
import { cholesky, choleskySolveFactor, packRowBlocks, weightedGramPacked } from "./gram.js";
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

function sigmoid(eta: number): number {
  if (eta >= 0) return 1 / (1 + Math.exp(-eta));
  const e = Math.exp(eta);
  return e / (1 + e);
}

function softplus(eta: number): number {
  return Math.max(eta, 0) + Math.log1p(Math.exp(-Math.abs(eta)));
}

/** out[j][i] = columns[j][i] · scale[i], column by column. */
function scaleColumns(columns: ArrayLike<number>[], scale: Float64Array, out: Float64Array[], n: number): void {
  for (let j = 0; j < columns.length; j++) {
    const c = columns[j]!;
    const o = out[j]!;
    for (let i = 0; i < n; i++) o[i] = c[i]! * scale[i]!;
  }
}

export function logit(y: ArrayLike<number>, design: Design, options: LogitOptions = {}): LogitResult {
  const n = y.length;
  const { names, columns } = design;
  const k = columns.length;
  const maxIterations = options.maxIterations ?? 100;
  if (k === 0) throw new Error("logit: the design has no columns");
  if (n <= k) throw new Error(`logit: ${n} observations cannot identify ${k} coefficients`);
  let ones = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] !== 0 && y[i] !== 1) throw new Error("logit: the outcome must be 0/1");
    ones += y[i]!;
  }
  if (ones === 0 || ones === n) throw new Error(`logit: the outcome is constant (${ones} of ${n} are 1)`);
  const initialQR = householderQRReusing(columns, n);
  if (initialQR.deficientColumn >= 0) throw new RankDeficientError(names[initialQR.deficientColumn]!);

  const eta = new Float64Array(n);
  const p = new Float64Array(n);
  const linear = (b: number[]) => {
    // η column by column: each row still sums its k products in column order from 0
    eta.fill(0);
    for (let j = 0; j < k; j++) {
      const c = columns[j]!;
      const bj = b[j]!;
      for (let i = 0; i < n; i++) eta[i] = eta[i]! + c[i]! * bj;
    }
    let ll = 0;
    for (let i = 0; i < n; i++) {
      p[i] = sigmoid(eta[i]!);
      ll += y[i]! * eta[i]! - softplus(eta[i]!);
    }
    return ll;
  };
  const extremes = () => {
    let count = 0;
    let perfect = true;
    for (let i = 0; i < n; i++) {
      if (p[i]! < EXTREME || p[i]! > 1 - EXTREME) count++;
      if (Math.abs(y[i]! - p[i]!) > EXTREME) perfect = false;
    }
    return { count, perfect };
  };
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
  const packed = packRowBlocks(columns, n);
  for (; iterations < maxIterations && !converged; iterations++) {
    // Newton step from the Cholesky factor of XᵀWX. When a pivot leaves less than 1e-5 of its
    // column unexplained, the normal equations can no longer tell a rank loss (separation) from
    // a merely tight fit, and the step is taken by QR of W^{1/2}X with its rank test instead.
    for (let i = 0; i < n; i++) {
      w[i] = Math.max(p[i]! * (1 - p[i]!), 1e-300);
      resid[i] = y[i]! - p[i]!;
    }
    const factor = cholesky(weightedGramPacked(packed, k, n, w), k);
    let step: number[];
    if (factor && factor.minPivotRatio >= 1e-5) {
      const gradient = columns.map((c) => {
        let s = 0;
        for (let i = 0; i < n; i++) s += c[i]! * resid[i]!;
        return s;
      });
      step = choleskySolveFactor(factor.r, k, gradient);
    } else {
      for (let i = 0; i < n; i++) {
        const r = Math.sqrt(w[i]!);
        root[i] = r;
        z[i] = resid[i]! / r;
      }
      scaleColumns(columns, root, sw, n);
      const qr = householderQR(sw, n);
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
  if (!converged) throw extremes().count > 0 ? separation(beta) : new Error(`logit: no convergence in ${maxIterations} iterations`);
  ll = linear(beta);
  // After genuine convergence an extreme fitted probability is an outlying feature value (e.g. a
  // volume spike), not separation: under separation Newton's steps do not shrink, so the loop
  // above ends in non-convergence or a singular weighted design instead.
  const { count } = extremes();

  // Final Hessian and covariances at the optimum
  for (let i = 0; i < n; i++) root[i] = Math.sqrt(p[i]! * (1 - p[i]!));
  scaleColumns(columns, root, sw, n);
  const qr = householderQR(sw, n);
  // Quasi-separation leaves the iteration at a point where the separated observations have weight
  // p(1−p) = 0 and carry no information: W^{1/2}X loses rank along the diverging coefficients although
  // X has full rank. Compare their conditioning with the same (unweighted) column scaling; uniform
  // weights or an outlying row change it by a modest factor, separation by many orders.
  const norms = columnNorms(columns, n);
  const kappaWeighted = scaledConditionNumber(qr.r, norms);
  const condition = conditionNumber(initialQR.r, norms);
  const kappaPlain = condition.scaled;
  if (qr.deficientColumn >= 0 || !(kappaWeighted / kappaPlain < 1e6)) throw separation(beta);
  const { xtxInv: bread, rInv } = unscaledCovariance(qr);
  const residuals = Float64Array.from({ length: n }, (_, i) => y[i]! - p[i]!);
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
    fitted: Float64Array.from(p),
  };
}
