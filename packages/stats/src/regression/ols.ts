/**
 * Ordinary least squares by Householder QR, with classic and robust (HC0–HC3, Newey–West)
 * coefficient tables and the usual fit summaries (R², adjusted R², F test, log-likelihood, AIC,
 * BIC, condition number).
 *
 * Formulas (Greene, Econometric Analysis, ch. 4–5; statsmodels conventions):
 * σ̂² = SSR/(n−k); R² = 1 − SSR/TSS (TSS centred when there is an intercept, uncentred otherwise);
 * adj. R² = 1 − (n − c)/(n − k)·(1 − R²) with c = 1 with intercept, 0 without;
 * F = (ESS/(k−c)) / (SSR/(n−k)); ln L = −n/2·(ln 2π + ln(SSR/n) + 1); AIC = −2 ln L + 2k;
 * BIC = −2 ln L + k ln n.
 *
 * @example
 * const fit = ols(y, { names: ["const", "x"], columns: [ones, x] }, { covariances: [{ type: "HC1" }] });
 * fit.tables[0].rows[1].p // classic p-value of x
 */
import { fUpperP } from "../distributions/f.js";
import { coefficientTable, type CoefficientTable } from "./coefficient-table.js";
import { columnNorms, conditionNumber, type ConditionNumber } from "./condition-number.js";
import { type CovarianceSpec, covarianceLabel, robustCovariance } from "./covariance.js";
import type { Matrix } from "./dense.js";
import { type Design, findIntercept } from "./design.js";
import { householderQRReusing, leverages, type QR, solveLeastSquares, unscaledCovariance } from "./householder-qr.js";

export class RankDeficientError extends Error {
  constructor(readonly column: string) {
    super(`design is rank deficient: column "${column}" is a linear combination of earlier columns`);
    this.name = "RankDeficientError";
  }
}

export interface OlsOptions {
  /** Covariance estimators to report; "classic" is always first. Default: classic only. */
  covariances?: CovarianceSpec[];
  /** Confidence level of the intervals (default 0.95). */
  level?: number;
  /**
   * A Householder QR of exactly `design.columns` (the `qr` of `dropAliasedColumns`), used instead
   * of factorising them again; the same factorisation `householderQRReusing` would find.
   */
  qr?: QR;
}

// The per-row loops below are small functions of their own: ols runs a few times per process, and
// a loop inside a long function runs in the interpreter until on-stack replacement compiles it
// (boxing every double meanwhile); a small function called once per column is compiled after its
// first calls and stays compiled. Same operations in the same order, so the same bits.

/** out[i] += c[i]·b for i < n. */
function addScaledColumn(out: Float64Array, c: ArrayLike<number>, b: number, n: number): void {
  for (let i = 0; i < n; i++) out[i] = out[i]! + c[i]! * b;
}

/** out[i] += c0[i]·b0, then + c1[i]·b1, + c2[i]·b2, + c3[i]·b3 (the four column steps, one pass). */
function addScaledColumns4(
  out: Float64Array,
  c0: ArrayLike<number>, c1: ArrayLike<number>, c2: ArrayLike<number>, c3: ArrayLike<number>,
  b0: number, b1: number, b2: number, b3: number,
  n: number,
): void {
  for (let i = 0; i < n; i++) out[i] = out[i]! + c0[i]! * b0 + c1[i]! * b1 + c2[i]! * b2 + c3[i]! * b3;
}

/** Xb column by column: each row sums its k products in column order starting from 0. */
function fittedValues(columns: ArrayLike<number>[], coef: number[], n: number): Float64Array {
  const out = new Float64Array(n);
  const k = columns.length;
  let j = 0;
  for (; j + 4 <= k; j += 4)
    addScaledColumns4(out, columns[j]!, columns[j + 1]!, columns[j + 2]!, columns[j + 3]!, coef[j]!, coef[j + 1]!, coef[j + 2]!, coef[j + 3]!, n);
  for (; j < k; j++) addScaledColumn(out, columns[j]!, coef[j]!, n);
  return out;
}

/** Residuals in place (fitted values in `e` become y − fitted); returns Σ e². */
function residualsInPlace(y: ArrayLike<number>, e: Float64Array, n: number): number {
  let ssr = 0;
  for (let i = 0; i < n; i++) {
    const r = y[i]! - e[i]!;
    e[i] = r;
    ssr += r * r;
  }
  return ssr;
}

function sum(y: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += y[i]!;
  return s;
}

/** Σ (y − centre)² (centre 0: the uncentred sum of squares, with the same operations as before). */
function sumSquaredDeviations(y: ArrayLike<number>, n: number, centred: boolean, centre: number): number {
  let s = 0;
  if (centred)
    for (let i = 0; i < n; i++) {
      const d = y[i]! - centre;
      s += d * d;
    }
  else
    for (let i = 0; i < n; i++) {
      const d = y[i]!;
      s += d * d;
    }
  return s;
}

function allFinite(y: ArrayLike<number>, n: number): boolean {
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i]!)) return false;
  return true;
}

export interface OlsResult {
  model: "ols";
  n: number;
  /** Number of coefficients (intercept included). */
  k: number;
  dfModel: number;
  dfResid: number;
  hasIntercept: boolean;
  names: string[];
  coef: number[];
  ssr: number;
  ess: number;
  tss: number;
  sigma: number;
  r2: number;
  adjR2: number;
  fStatistic: number;
  fP: number;
  logLik: number;
  aic: number;
  bic: number;
  condition: ConditionNumber;
  /** One table per covariance, classic first. */
  tables: CoefficientTable[];
  /** Covariance matrices in the order of `tables`. */
  covariances: Matrix[];
  warnings: string[];
  residuals: Float64Array;
}

export function ols(y: ArrayLike<number>, design: Design, options: OlsOptions = {}): OlsResult {
  const n = y.length;
  const { names, columns } = design;
  const k = columns.length;
  if (k === 0) throw new Error("ols: the design has no columns");
  for (const c of columns) if (c.length !== n) throw new Error("ols: columns and y differ in length");
  if (n <= k) throw new Error(`ols: ${n} observations cannot identify ${k} coefficients`);
  if (!allFinite(y, n)) throw new Error("ols: y has a non-finite value");

  const qr = options.qr ?? householderQRReusing(columns, n);
  if (qr.deficientColumn >= 0) throw new RankDeficientError(names[qr.deficientColumn]!);
  const coef = solveLeastSquares(qr, y);
  // fitted values column by column: each row still sums its k products in column order from 0
  const residuals = fittedValues(columns, coef, n);
  const ssr = residualsInPlace(y, residuals, n);
  const ySum = sum(y, n);
  const interceptIndex = findIntercept(design, n);
  const hasIntercept = interceptIndex >= 0;
  const yMean = ySum / n;
  const tss = sumSquaredDeviations(y, n, hasIntercept, yMean);
  const c = hasIntercept ? 1 : 0;
  const dfResid = n - k;
  const dfModel = k - c;
  const ess = tss - ssr;
  const r2 = 1 - ssr / tss;
  const adjR2 = 1 - ((n - c) / dfResid) * (1 - r2);
  const fStatistic = dfModel > 0 ? ess / dfModel / (ssr / dfResid) : NaN;
  const fP = dfModel > 0 ? fUpperP(fStatistic, dfModel, dfResid) : NaN;
  const sigma2 = ssr / dfResid;
  const logLik = (-n / 2) * (Math.log(2 * Math.PI) + Math.log(ssr / n) + 1);

  const { xtxInv, rInv } = unscaledCovariance(qr);
  const specs: CovarianceSpec[] = [{ type: "classic" }, ...(options.covariances ?? []).filter((s) => s.type !== "classic")];
  const needLeverage = specs.some((s) => s.type === "HC2" || s.type === "HC3");
  const h = needLeverage ? leverages(columns, n, rInv) : undefined;
  const covariances = specs.map((spec) =>
    spec.type === "classic"
      ? xtxInv.map((row) => row.map((v) => v * sigma2))
      : robustCovariance(spec, { columns, n, residuals, bread: xtxInv, ...(h ? { leverage: h } : {}) }),
  );
  const tables = specs.map((spec, s) =>
    coefficientTable(covarianceLabel(spec), names, coef, covariances[s]!, dfResid, interceptIndex, options.level),
  );
  // the factorisation's own column norms are `columnNorms(columns, n)` bit for bit
  const condition = conditionNumber(qr.r, qr.columnNorms ?? columnNorms(columns, n));
  const warnings: string[] = [];
  if (condition.warning) warnings.push(condition.warning);
  return {
    model: "ols",
    n,
    k,
    dfModel,
    dfResid,
    hasIntercept,
    names: [...names],
    coef,
    ssr,
    ess,
    tss,
    sigma: Math.sqrt(sigma2),
    r2,
    adjR2,
    fStatistic,
    fP,
    logLik,
    aic: -2 * logLik + 2 * k,
    bic: -2 * logLik + k * Math.log(n),
    condition,
    tables,
    covariances,
    warnings,
    residuals,
  };
}
