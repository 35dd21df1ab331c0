/**
 * The regressions of SPEC §8: the logit of `win` and an OLS of each forward return on the signal
 * features and their pairwise interactions (continuous features centred), classic and Newey–West
 * standard errors (Bartlett, lag = h rows for ret_h and the scan length `maxHorizon` for win,
 * n/(n−k) correction). A model that cannot be estimated is skipped with the reason.
 */
import { returnColumn, SIGNAL_COLUMNS as C } from "@tda/engine";
import { type CoefficientTable, type Column, dropAliasedColumns, logit, modelFrame, ols, SeparationError, type VariableInfo } from "@tda/stats";
import { CONTINUOUS, FLAGS, type Features } from "./features.js";
import type { AnalysisSettings } from "./options.js";

export interface CoefficientSummary {
  term: string;
  coef: number | null;
  classic: { se: number | null; stat: number | null; p: number | null; ciLow: number | null; ciHigh: number | null };
  neweyWest: { se: number | null; stat: number | null; p: number | null; ciLow: number | null; ciHigh: number | null };
}

export interface RegressionSummary {
  /** "logit:win" or "ols:ret_20". */
  id: string;
  model: "logit" | "ols";
  response: string;
  horizon: number | null;
  status: "fitted" | "skipped";
  /** Why the model was skipped, or null. */
  reason: string | null;
  formula: string | null;
  n: number;
  /** Directional rows with a response but a missing feature value. */
  droppedRows: number;
  /** Design columns removed as aliased (e.g. interactions of flags that never co-occur). */
  droppedTerms: string[];
  variables: VariableInfo[];
  neweyWestLag: number;
  k: number | null;
  r2: number | null;
  adjR2: number | null;
  fStatistic: number | null;
  fP: number | null;
  logLik: number | null;
  nullLogLik: number | null;
  llr: number | null;
  llrP: number | null;
  pseudoR2: number | null;
  aic: number | null;
  bic: number | null;
  conditionNumber: number | null;
  /** Joint test of all slopes with Newey–West covariance (F for OLS, χ² for logit). */
  waldNeweyWest: { statistic: number | null; df1: number; df2: number | null; p: number | null } | null;
  /**
   * The model-level test that enters the p-value list: the Newey–West Wald test when the sample
   * holds at least 2q blocks of lag+1 rows (q = number of slopes), else the classic F (OLS) or
   * LLR (logit) test — a q×q HAC covariance estimated from fewer blocks is near-singular and its
   * Wald statistic explodes.
   */
  jointTest: { method: "newey-west-wald" | "classic-f" | "llr"; statistic: number | null; p: number | null } | null;
  coefficients: CoefficientSummary[];
  warnings: string[];
}

/** One model per outcome: the logit of win (lag = the scan length), then an OLS per horizon (lag = h). */
export function fitRegressions(
  features: Features,
  win: Float64Array | undefined,
  returns: Record<number, ArrayLike<number | null>>,
  directional: readonly number[],
  settings: AnalysisSettings,
): RegressionSummary[] {
  const models: ModelSpec[] = [
    { model: "logit", response: C.win, y: win, horizon: null, lag: settings.maxHorizon },
    ...settings.horizons.map((h) => ({ model: "ols" as const, response: returnColumn(h), y: returns[h] as Float64Array | undefined, horizon: h, lag: h })),
  ];
  return models.map((m) => fitModel(m, features, directional, settings));
}

const fin = (v: number | null | undefined): number | null => (v !== null && v !== undefined && Number.isFinite(v) ? v : null);

function summarizeCoefficients(classic: CoefficientTable, nw: CoefficientTable): CoefficientSummary[] {
  const pick = (t: CoefficientTable, j: number) => {
    const r = t.rows[j]!;
    return { se: fin(r.se), stat: fin(r.stat), p: fin(r.p), ciLow: fin(r.ciLow), ciHigh: fin(r.ciHigh) };
  };
  return classic.rows.map((r, j) => ({ term: r.term, coef: fin(r.coef), classic: pick(classic, j), neweyWest: pick(nw, j) }));
}

// The per-row loops of fitModel are small functions of their own: fitModel runs a few times per
// process, and a loop inside a long function runs in the interpreter until on-stack replacement
// compiles it; a small function called for every model and feature is compiled after its first
// calls and stays compiled.

/** The rows of `directional` whose y is not NaN, in order. */
function rowsWithValue(y: Float64Array, directional: readonly number[]): number[] {
  const rows: number[] = [];
  for (let i = 0; i < directional.length; i++) {
    const r = directional[i]!;
    if (!Number.isNaN(y[r]!)) rows.push(r);
  }
  return rows;
}

/** Whether y takes one value (===) over `rows` (rows non-empty). */
function constantOver(y: Float64Array, rows: readonly number[]): boolean {
  const y0 = y[rows[0]!]!;
  for (let i = 1; i < rows.length; i++) if (y[rows[i]!] !== y0) return false;
  return true;
}

/** The first non-NaN value of c over `rows` (NaN when none) and whether any other differs from it. */
function firstAndVaries(c: Float64Array, rows: readonly number[]): { first: number; varies: boolean } {
  let first = NaN;
  for (let i = 0; i < rows.length; i++) {
    const v = c[rows[i]!]!;
    if (Number.isNaN(v)) continue;
    if (Number.isNaN(first)) first = v;
    else if (v !== first) return { first, varies: true };
  }
  return { first, varies: false };
}

function allZeroOne(v: Float64Array): boolean {
  for (let i = 0; i < v.length; i++) if (v[i] !== 0 && v[i] !== 1) return false;
  return true;
}

/** Whether some value differs from the first (neither Object.is nor === to it). */
function varies(v: Float64Array): boolean {
  for (let i = 1; i < v.length; i++) if (!Object.is(v[i], v[0]) && !(v[i] === v[0])) return true;
  return false;
}

export interface ModelSpec {
  model: "logit" | "ols";
  response: string;
  y: Float64Array | undefined;
  horizon: number | null;
  lag: number;
}

export function fitModel(
  spec: ModelSpec,
  features: Record<string, Float64Array | undefined>,
  directional: readonly number[],
  settings: Pick<AnalysisSettings, "interactions" | "observationsPerCoefficient" | "minGroupSize">,
): RegressionSummary {
  const id = `${spec.model}:${spec.response}`;
  const base: RegressionSummary = {
    id,
    model: spec.model,
    response: spec.response,
    horizon: spec.horizon,
    status: "skipped",
    reason: null,
    formula: null,
    n: 0,
    droppedRows: 0,
    droppedTerms: [],
    variables: [],
    neweyWestLag: spec.lag,
    k: null,
    r2: null,
    adjR2: null,
    fStatistic: null,
    fP: null,
    logLik: null,
    nullLogLik: null,
    llr: null,
    llrP: null,
    pseudoR2: null,
    aic: null,
    bic: null,
    conditionNumber: null,
    waldNeweyWest: null,
    jointTest: null,
    coefficients: [],
    warnings: [],
  };
  const skip = (reason: string): RegressionSummary => ({ ...base, reason });
  if (!spec.y) return skip(`column ${spec.response} absent`);
  const y = spec.y;
  // plain loops: these checks run per model over every directional row
  const rows = rowsWithValue(y, directional);
  base.n = rows.length;
  if (rows.length === 0) return skip(`${spec.response} is missing for every directional signal`);
  if (constantOver(y, rows)) return skip(`${spec.response} is constant (${y[rows[0]!]!}) over ${rows.length} signals`);

  const used: string[] = [];
  const featureNotes: string[] = [];
  for (const name of [...FLAGS, ...CONTINUOUS]) {
    const c = features[name];
    if (!c) {
      featureNotes.push(`${name}: column absent`);
      continue;
    }
    // the first non-missing value, and whether any other differs from it
    const { first, varies } = firstAndVaries(c, rows);
    if (Number.isNaN(first)) featureNotes.push(`${name}: missing in every row`);
    else if (!varies) featureNotes.push(`${name}: constant (${first}), dropped`);
    else used.push(name);
  }
  base.warnings.push(...featureNotes);
  if (used.length === 0) return skip("no usable feature (all absent or constant)");

  const cols: Record<string, Column> = { [spec.response]: y };
  for (const u of used) cols[u] = features[u]!;
  const pairs: string[] = [];
  for (let a = 0; a < used.length; a++) for (let b = a + 1; b < used.length; b++) pairs.push(`${used[a]}:${used[b]}`);
  const mains = `${spec.response} ~ ${used.join(" + ")}`;
  const full = pairs.length ? `${mains} + ${pairs.join(" + ")}` : mains;

  const attempt = (formula: string) => {
    const frame = modelFrame(cols, formula, { rows, continuous: CONTINUOUS });
    // the fit takes this check's factorisation of the reduced design directly (nothing to remember)
    // with Qᵀy of the OLS response formed in the same pass; the Householder vectors stay in linear memory
    const { design, dropped, qr } = dropAliasedColumns(frame.design, frame.y.length, {
      remember: false,
      keepVectors: false,
      ...(spec.model === "ols" ? { rhs: frame.y } : {}),
    });
    return { frame, design, dropped, qr };
  };
  let formula = settings.interactions ? full : mains;
  let built = attempt(formula);
  const need = (k: number) => settings.observationsPerCoefficient * k;
  if (built.frame.y.length < need(built.design.names.length) && formula !== mains) {
    base.warnings.push(
      `${built.frame.y.length} observations are too few for ${built.design.names.length} coefficients with interactions (need ${settings.observationsPerCoefficient} per coefficient): main effects only`,
    );
    formula = mains;
    built = attempt(formula);
  }
  const { frame, design, dropped, qr } = built;
  Object.assign(base, { formula, n: frame.y.length, droppedRows: frame.dropped, droppedTerms: dropped, variables: frame.variables });
  if (frame.y.length < need(design.names.length) || frame.y.length < settings.minGroupSize)
    return {
      ...base,
      reason: `${frame.y.length} complete observations for ${design.names.length} coefficients: too few (need ≥ ${settings.observationsPerCoefficient} per coefficient and ≥ ${settings.minGroupSize})`,
    };
  const fy = frame.y;
  if (spec.model === "logit" && !allZeroOne(fy)) return { ...base, reason: `${spec.response} is not 0/1` };
  if (!varies(fy)) return { ...base, reason: `${spec.response} is constant over the complete observations` };
  const nw = { type: "newey-west" as const, lag: spec.lag, smallSampleCorrection: true };
  const nObs = frame.y.length;
  const q = design.names.length - 1;
  const enoughBlocks = Math.floor(nObs / (spec.lag + 1)) >= 2 * q;
  if (spec.lag / nObs > 0.05)
    base.warnings.push(
      `Newey–West lag ${spec.lag} is ${((100 * spec.lag) / nObs).toFixed(0)}% of the ${nObs} observations: its standard errors are themselves noisy and tend to be too small (Kiefer & Vogelsang 2005), so borderline p-values deserve suspicion`,
    );
  if (!enoughBlocks)
    base.warnings.push(
      `only ${Math.floor(nObs / (spec.lag + 1))} blocks of ${spec.lag + 1} rows for ${q} slopes: the joint Newey–West Wald test is unreliable, the classic ${spec.model === "ols" ? "F" : "LLR"} test is used for the model instead`,
    );
  try {
    const fit = spec.model === "ols" ? ols(frame.y, design, { covariances: [nw], qr }) : logit(frame.y, design, { covariances: [nw], qr });
    const w = fit.tables[1]!.wald;
    // the joint test: Newey–West Wald when there are enough blocks, else the model's classic test
    const classic = fit.model === "ols"
      ? { method: "classic-f" as const, statistic: fin(fit.fStatistic), p: fin(fit.fP) }
      : { method: "llr" as const, statistic: fin(fit.llr), p: fin(fit.llrP) };
    const modelFacts = fit.model === "ols"
      ? { r2: fin(fit.r2), adjR2: fin(fit.adjR2), fStatistic: fin(fit.fStatistic), fP: fin(fit.fP) }
      : { nullLogLik: fin(fit.nullLogLik), llr: fin(fit.llr), llrP: fin(fit.llrP), pseudoR2: fin(fit.pseudoR2) };
    return {
      ...base,
      status: "fitted",
      k: fit.k,
      ...modelFacts,
      logLik: fin(fit.logLik),
      aic: fin(fit.aic),
      bic: fin(fit.bic),
      conditionNumber: fin(fit.condition.scaled),
      waldNeweyWest: w ? { statistic: fin(w.statistic), df1: w.df1, df2: w.df2, p: fin(w.p) } : null,
      jointTest: enoughBlocks && w ? { method: "newey-west-wald" as const, statistic: fin(w.statistic), p: fin(w.p) } : classic,
      coefficients: summarizeCoefficients(fit.tables[0]!, fit.tables[1]!),
      warnings: [...base.warnings, ...fit.warnings],
    };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { ...base, reason: e instanceof SeparationError ? message : `fit failed: ${message}` };
  }
}
