/**
 * `analyze(table, options)`: the whole statistical validation of SPEC §8 on the signals table of
 * SPEC §9, as one JSON-serialisable result.
 *
 * - Directional rows only (direction long/short); conflict, none and missing directions are counted.
 * - Group table: direction × family × strength × near-level × scenario, groups with n ≥ minGroupN.
 * - Regressions: logit of `win` and OLS of each `ret_h` on the signal features and their pairwise
 *   interactions (continuous features centred), classic and Newey–West standard errors (Bartlett,
 *   lag = h rows for ret_h and the scan length `maxHorizon` for win, n/(n−k) correction).
 * - Threshold search with walk-forward split, SPA p-value and deflated Sharpe ratio.
 * - Every p-value in one list with its BH q-value.
 *
 * Rows are taken to be in time order (signals.csv is). Nothing throws on thin data: a model or
 * feature that cannot be estimated is skipped with a note saying why. Non-finite numbers are
 * emitted as null; output is byte-identical for the same input and seed.
 */
import { type Column, modelFrame, type VariableInfo } from "./formula/model-frame.js";
import { adjustPValues, type AdjustedPValue, type PValueEntry } from "./multiple-testing/p-value-ledger.js";
import type { CoefficientTable } from "./regression/coefficient-table.js";
import { dropAliasedColumns } from "./regression/drop-aliased.js";
import { logit, SeparationError } from "./regression/logit.js";
import { ols } from "./regression/ols.js";
import { classifySignals, numeric, type SignalsTable, tableLength, text } from "./signals-table.js";
import { groupTable, type GroupTable } from "./summaries/group-table.js";
import { type GroupSummary, type OutcomeColumns, summarizeGroup } from "./summaries/group-summary.js";
import type { BootstrapMethod } from "./thresholds/block-bootstrap.js";
import { thresholdSearch, type ThresholdSearchResult } from "./thresholds/threshold-search.js";

export type { InputColumn, SignalsTable } from "./signals-table.js";

export interface AnalyzeOptions {
  /** Smallest group reported, and smallest rule sample in the threshold search (default 30). */
  minGroupN?: number;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Seed of the bootstrap (default 1). */
  seed?: number;
  /** Share of sessions used to choose thresholds (default 0.7). */
  trainFraction?: number;
  bootstrapReps?: number;
  /** Mean block length of the bootstrap (default: the largest horizon, ≥ 10). */
  blockLength?: number;
  bootstrapMethod?: BootstrapMethod;
  /** Forward-return horizons; default: every ret_<h> column present. */
  horizons?: number[];
  /**
   * Bars the forward scan looks ahead (SPEC §7 max horizon): the outcome window of `win`, the bracket
   * trade, MFE and MAE, and so the Newey–West lag of the logit and the default bootstrap block.
   * Default: the largest of the horizons and of every mfe_bar / stop_bar seen (a lower bound of the
   * scan length), so a run with horizons 5…20 but a 100-bar scan still gets lag 100.
   */
  maxHorizon?: number;
  /**
   * Extra group dimensions (SPEC §8 "and any user grouping"): names of table columns whose values
   * split the groups further, e.g. ["level_kind"]; a missing value forms the level "n/a".
   */
  groupBy?: string[];
  /** Include pairwise interactions in the regressions (default true). */
  interactions?: boolean;
  /** Fit a model only when n ≥ observationsPerCoefficient · k (default 10). */
  observationsPerCoefficient?: number;
}

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

export interface AnalysisResult {
  counts: {
    rows: number;
    directional: number;
    long: number;
    short: number;
    conflict: number;
    none: number;
    missingDirection: number;
    /** Directional rows with a known win/loss. */
    withOutcome: number;
  };
  settings: Required<Omit<AnalyzeOptions, "horizons" | "blockLength" | "groupBy">> & { horizons: number[]; blockLength: number; groupBy: string[] };
  baseWinRate: number | null;
  /** The statistics of every directional signal together (its binomialP is null: it is the base). */
  overall: GroupSummary;
  groups: GroupTable;
  regressions: RegressionSummary[];
  thresholds: ThresholdSearchResult | null;
  /** Every p-value reported, with BH q-value (and Holm) across the whole list. */
  pValues: AdjustedPValue[];
  notes: string[];
}

const CONTINUOUS = ["vol_star", "abs_delta_pct", "trapped_pct", "close_location"] as const;
const FLAGS = ["is_long", "exhaustion", "inv_strong", "exh_accel", "near_level"] as const;
const THRESHOLD_FEATURES = ["vol_star", "abs_delta_pct", "trapped_pct", "close_location", "abs_level_distance"] as const;

const fin = (v: number | null | undefined): number | null => (v !== null && v !== undefined && Number.isFinite(v) ? v : null);

/** Deep copy with every non-finite number replaced by null (JSON would do it silently). */
function jsonSafe<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v))) as T;
}

function summarizeCoefficients(classic: CoefficientTable, nw: CoefficientTable): CoefficientSummary[] {
  const pick = (t: CoefficientTable, j: number) => {
    const r = t.rows[j]!;
    return { se: fin(r.se), stat: fin(r.stat), p: fin(r.p), ciLow: fin(r.ciLow), ciHigh: fin(r.ciHigh) };
  };
  return classic.rows.map((r, j) => ({ term: r.term, coef: fin(r.coef), classic: pick(classic, j), neweyWest: pick(nw, j) }));
}

export function analyze(table: SignalsTable, options: AnalyzeOptions = {}): AnalysisResult {
  const notes: string[] = [];
  const n = tableLength(table);
  const minGroupN = options.minGroupN ?? 30;
  const alpha = options.alpha ?? 0.05;
  const perCoef = options.observationsPerCoefficient ?? 10;
  const horizons = (
    options.horizons ??
    Object.keys(table)
      .map((k) => /^ret_(\d+)$/.exec(k))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
  ).sort((a, b) => a - b);
  const maxHorizon = options.maxHorizon ?? observedScanLength(table, n, horizons);
  const settings = {
    minGroupN,
    alpha,
    seed: options.seed ?? 1,
    trainFraction: options.trainFraction ?? 0.7,
    bootstrapReps: options.bootstrapReps ?? 1000,
    blockLength: options.blockLength ?? Math.max(10, maxHorizon),
    bootstrapMethod: options.bootstrapMethod ?? "stationary",
    horizons,
    maxHorizon,
    groupBy: [...(options.groupBy ?? [])],
    interactions: options.interactions ?? true,
    observationsPerCoefficient: perCoef,
  };

  // --- rows and classification
  if (!table.direction) notes.push("column direction absent: no signal can be analysed");
  const cls = classifySignals(table, n, notes);
  const directional: number[] = [];
  const counts = { rows: n, directional: 0, long: 0, short: 0, conflict: 0, none: 0, missingDirection: 0, withOutcome: 0 };
  for (let i = 0; i < n; i++) {
    const d = cls.direction[i];
    if (d === "long" || d === "short") {
      directional.push(i);
      counts[d]++;
    } else if (d === "conflict") counts.conflict++;
    else if (d === "none") counts.none++;
    else counts.missingDirection++;
  }
  counts.directional = directional.length;
  if (counts.conflict > 0) notes.push(`${counts.conflict} conflict signal(s) (long and short flags on one bar) counted but excluded`);

  // --- outcomes
  const win = numeric(table, "win", n);
  const returns: Record<number, Float64Array> = {};
  for (const h of horizons) {
    const c = numeric(table, `ret_${h}`, n);
    if (c) returns[h] = c;
    else notes.push(`column ret_${h} absent`);
  }
  const outcomes: OutcomeColumns = { returns };
  const assign = (key: keyof Omit<OutcomeColumns, "returns">, name: string) => {
    const c = numeric(table, name, n);
    if (c) outcomes[key] = c;
    else notes.push(`column ${name} absent: its statistics are empty`);
  };
  if (win) outcomes.win = win;
  else notes.push("column win absent: no win rates, binomial tests or logit");
  assign("stopped", "stopped");
  assign("mfe", "mfe");
  assign("mae", "mae");
  assign("bracketTicks", "bracket_ticks");
  assign("bracketUsd", "bracket_usd");
  const winKnown = win ? directional.filter((r) => !Number.isNaN(win[r]!)) : [];
  counts.withOutcome = winKnown.length;
  const baseWinRate = winKnown.length ? winKnown.filter((r) => win![r] === 1).length / winKnown.length : null;
  if (directional.length > 0 && winKnown.length === 0) notes.push("no directional signal has a known outcome (win is empty everywhere)");

  // --- groups
  const groupKeys: Record<string, readonly string[]> = {
    direction: cls.direction.map((d) => d ?? ""),
    family: cls.family,
    strength: cls.strength,
    nearLevel: cls.nearLevel,
    scenario: cls.scenario,
  };
  for (const name of settings.groupBy) {
    const c = text(table, name, n);
    if (!c) notes.push(`group by ${name}: column absent, dimension ignored`);
    else if (name in groupKeys) notes.push(`group by ${name}: already a group dimension, ignored`);
    else groupKeys[name] = c.map((v) => v ?? "n/a");
  }
  const groups = groupTable(
    groupKeys,
    directional,
    outcomes,
    baseWinRate,
    minGroupN,
  );
  const overall: GroupSummary = { ...summarizeGroup(directional, outcomes, baseWinRate), binomialP: null };
  if (groups.groups.length === 0 && directional.length > 0)
    notes.push(`no group reaches n ≥ ${minGroupN}: ${groups.unreported.groups} group(s) with ${groups.unreported.rows} signal(s) are too small to report`);

  // A strong inversion needs trapped_pct (SPEC §5); when it is empty on every inversion and
  // inv_strong is 0 throughout, "standard" means "could not be computed", not "not strong".
  {
    const trapped = numeric(table, "trapped_pct", n);
    const invStrong = numeric(table, "inv_strong", n);
    const inversions = directional.filter((r) => cls.isInversion[r] === 1);
    if (
      inversions.length > 0 &&
      inversions.every((r) => !trapped || Number.isNaN(trapped[r]!)) &&
      inversions.every((r) => !invStrong || invStrong[r] !== 1)
    )
      notes.push(
        `trapped_pct is empty for all ${inversions.length} inversions and none is flagged strong: inversion strength could not be computed, so "standard" in the groups means "unknown", not "not strong"`,
      );
  }

  // --- features
  const num = (name: string) => numeric(table, name, n);
  const abs = (c: Float64Array | undefined) => (c ? c.map(Math.abs) : undefined);
  const features: Record<string, Float64Array | undefined> = {
    is_long: Float64Array.from(cls.direction, (d) => (d === "long" ? 1 : d === "short" ? 0 : NaN)),
    exhaustion: table.exh_long || table.exh_short ? cls.isExhaustion : undefined,
    inv_strong: num("inv_strong"),
    exh_accel: num("exh_accel"),
    near_level: num("near_level"),
    vol_star: num("vol_star"),
    abs_delta_pct: abs(num("delta_pct")),
    trapped_pct: num("trapped_pct"),
    close_location: num("close_location"),
    abs_level_distance: abs(num("level_distance")),
  };

  // --- regressions
  const regressions: RegressionSummary[] = [];
  const models: { model: "logit" | "ols"; response: string; y: Float64Array | undefined; horizon: number | null; lag: number }[] = [
    { model: "logit", response: "win", y: win, horizon: null, lag: maxHorizon },
    ...horizons.map((h) => ({ model: "ols" as const, response: `ret_${h}`, y: returns[h], horizon: h, lag: h })),
  ];
  for (const m of models) regressions.push(fitModel(m, features, directional, settings));

  // --- thresholds
  let thresholds: ThresholdSearchResult | null = null;
  const session = text(table, "session", n);
  const bracket = outcomes.bracketTicks;
  if (!session) notes.push("threshold search skipped: column session absent (needed for the walk-forward split)");
  else if (!bracket) notes.push("threshold search skipped: column bracket_ticks absent");
  else {
    const thrFeatures: Record<string, Float64Array> = {};
    for (const f of THRESHOLD_FEATURES) {
      const c = features[f];
      if (!c) {
        notes.push(`threshold search: feature ${f} absent`);
        continue;
      }
      const vals = directional.filter((r) => !Number.isNaN(bracket[r]!)).map((r) => c[r]!).filter((v) => !Number.isNaN(v));
      if (vals.length > 0 && vals.every((v) => v === vals[0])) {
        notes.push(`threshold search: feature ${f} is constant (${vals[0]}), not searched`);
        continue;
      }
      thrFeatures[f] = c;
    }
    thresholds = thresholdSearch(
      { features: thrFeatures, outcome: bracket, ...(win ? { win } : {}), session, rows: directional },
      {
        trainFraction: settings.trainFraction,
        minN: minGroupN,
        bootstrapReps: settings.bootstrapReps,
        blockLength: settings.blockLength,
        bootstrapMethod: settings.bootstrapMethod,
        seed: settings.seed,
      },
    );
  }

  // --- every p-value
  const entries: PValueEntry[] = [];
  // Labels carry the direction of each effect: a two-sided test that is "significant" because a
  // group or rule is WORSE must not read like a finding in its favour.
  const groupLabel = (k: Record<string, string>) => Object.values(k).join(" · ");
  const pc = (v: number) => `${(100 * v).toFixed(1)}%`;
  for (const g of groups.groups)
    if (g.summary.binomialP !== null && g.summary.winRate !== null && baseWinRate !== null) {
      const side = g.summary.winRate > baseWinRate ? "above" : g.summary.winRate < baseWinRate ? "below" : "equal to";
      entries.push({
        id: `group:${Object.values(g.key).join("|")}`,
        source: "group",
        label: `win rate of ${groupLabel(g.key)}: ${pc(g.summary.winRate)}, ${side} the base ${pc(baseWinRate)} (exact binomial)`,
        p: g.summary.binomialP,
      });
    }
  for (const r of regressions) {
    if (r.status !== "fitted") continue;
    const jt = r.jointTest;
    if (jt && jt.p !== null) {
      const how = jt.method === "newey-west-wald" ? "Newey–West Wald" : jt.method === "classic-f" ? "classic F" : "likelihood ratio";
      entries.push({ id: `model:${r.id}`, source: "model", label: `${r.response}: all slopes zero (${how})`, p: jt.p });
    }
    for (const c of r.coefficients)
      if (c.term !== "Intercept" && c.neweyWest.p !== null) {
        const sign = c.coef === null || c.coef === 0 ? "" : c.coef > 0 ? "positive, " : "negative, ";
        entries.push({ id: `${r.id}:${c.term}`, source: r.model, label: `${r.response} on ${c.term} (${sign}Newey–West)`, p: c.neweyWest.p });
      }
  }
  if (thresholds?.realityCheck && Number.isFinite(thresholds.realityCheck.spaP))
    entries.push({
      id: "threshold:spa",
      source: "threshold",
      label: `threshold search: does any of ${thresholds.rulesTried} rules beat taking every signal? (Hansen SPA, one-sided)`,
      p: thresholds.realityCheck.spaP,
    });
  if (thresholds?.chosen?.testComparison) {
    const d = thresholds.chosen.testComparison.difference;
    const how = d > 0 ? `better than skipped by ${d.toFixed(2)} ticks` : d < 0 ? `WORSE than skipped by ${(-d).toFixed(2)} ticks` : "equal to skipped";
    entries.push({
      id: "threshold:out-of-sample",
      source: "threshold",
      label: `chosen rule out of sample: taken trades ${how} (Welch t, two-sided)`,
      p: thresholds.chosen.testComparison.p,
    });
  }
  const pValues = adjustPValues(entries, alpha);

  return jsonSafe({ counts, settings, baseWinRate, overall, groups, regressions, thresholds, pValues, notes });
}

/** Largest horizon, or the longest outcome window seen in mfe_bar / stop_bar; 100 when neither exists. */
function observedScanLength(table: SignalsTable, n: number, horizons: readonly number[]): number {
  let longest = horizons.length ? horizons[horizons.length - 1]! : 0;
  for (const name of ["mfe_bar", "stop_bar"]) {
    const c = numeric(table, name, n);
    if (c) for (const v of c) if (Number.isFinite(v) && v > longest) longest = v;
  }
  return longest > 0 ? longest : 100;
}

interface ModelSpec {
  model: "logit" | "ols";
  response: string;
  y: Float64Array | undefined;
  horizon: number | null;
  lag: number;
}

function fitModel(
  spec: ModelSpec,
  features: Record<string, Float64Array | undefined>,
  directional: readonly number[],
  settings: { interactions: boolean; observationsPerCoefficient: number; minGroupN: number },
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
  const rows = directional.filter((r) => !Number.isNaN(y[r]!));
  base.n = rows.length;
  if (rows.length === 0) return skip(`${spec.response} is missing for every directional signal`);
  const yv = rows.map((r) => y[r]!);
  if (yv.every((v) => v === yv[0])) return skip(`${spec.response} is constant (${yv[0]}) over ${rows.length} signals`);

  const used: string[] = [];
  const featureNotes: string[] = [];
  for (const name of [...FLAGS, ...CONTINUOUS]) {
    const c = features[name];
    if (!c) {
      featureNotes.push(`${name}: column absent`);
      continue;
    }
    const vals = rows.map((r) => c[r]!).filter((v) => !Number.isNaN(v));
    if (vals.length === 0) featureNotes.push(`${name}: missing in every row`);
    else if (vals.every((v) => v === vals[0])) featureNotes.push(`${name}: constant (${vals[0]}), dropped`);
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
    const { design, dropped } = dropAliasedColumns(frame.design, frame.y.length);
    return { frame, design, dropped };
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
  const { frame, design, dropped } = built;
  Object.assign(base, { formula, n: frame.y.length, droppedRows: frame.dropped, droppedTerms: dropped, variables: frame.variables });
  if (frame.y.length < need(design.names.length) || frame.y.length < settings.minGroupN)
    return {
      ...base,
      reason: `${frame.y.length} complete observations for ${design.names.length} coefficients: too few (need ≥ ${settings.observationsPerCoefficient} per coefficient and ≥ ${settings.minGroupN})`,
    };
  if (spec.model === "logit" && frame.y.some((v) => v !== 0 && v !== 1)) return { ...base, reason: "win is not 0/1" };
  if (new Set(frame.y).size < 2) return { ...base, reason: `${spec.response} is constant over the complete observations` };
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
    const fit = spec.model === "ols" ? ols(frame.y, design, { covariances: [nw] }) : logit(frame.y, design, { covariances: [nw] });
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
