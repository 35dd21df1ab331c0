/**
 * `analyze(table, options)`: the whole statistical validation of SPEC §8 on the signals table of
 * SPEC §9, as one JSON-serialisable result (stats.json). Its sections, one file each:
 *
 * - groups.ts: directional rows only (direction long/short; conflict, none and missing directions
 *   are counted), the base win rate, the group table direction × family × strength × near-level ×
 *   scenario with n ≥ minGroupSize;
 * - regressions.ts: the logit of `win` and an OLS of each `ret_h` on features.ts's features;
 * - thresholds.ts: the threshold search with walk-forward split, SPA p-value and deflated Sharpe ratio;
 * - inference.ts: session bootstrap intervals, HAC PSR/DSR and Welch, SPA with the benchmark
 *   re-estimated per draw, StepM, walk-forward folds and PBO (SPEC §8 "Dependence and search");
 * - p-values.ts: every p-value in one list with its BH q-value;
 * - marks.ts: signals with vs without each footprint mark (imbalances, stacks, unfinished auctions)
 *   and near a naked POC vs a composite edge, its tests adjusted together with the ledger's.
 *
 * Rows are taken to be in time order (signals.csv is). Nothing throws on thin data: a model or
 * feature that cannot be estimated is skipped with a note saying why. Non-finite numbers are
 * emitted as null; output is byte-identical for the same input and seed.
 */
import { SIGNAL_COLUMNS as C } from "@tda/engine";
import type { AdjustedPValue, GroupSummary, GroupTable, ThresholdSearchResult } from "@tda/stats";
import { signalFeatures } from "./features.js";
import { baseWinRate, directionalRows, type SignalCounts, signalGroups, tradeColumns } from "./groups.js";
import { type AnalysisSettings, type AnalyzeOptions, resolveSettings } from "./options.js";
import { inferenceFigures, type InferenceResult } from "./inference.js";
import { marksAnalysis, type MarksResult } from "./marks.js";
import { pValueLedger } from "./p-values.js";
import { fitRegressions, type RegressionSummary } from "./regressions.js";
import { classifySignals, type SignalsTable, tableLength } from "./signals-table.js";
import { searchThresholds } from "./thresholds.js";

export interface AnalysisResult {
  counts: SignalCounts;
  settings: AnalysisSettings;
  baseWinRate: number | null;
  /** The statistics of every directional signal together (its binomialP is null: it is the base). */
  overall: GroupSummary;
  groups: GroupTable;
  regressions: RegressionSummary[];
  thresholds: ThresholdSearchResult | null;
  /** The dependence- and search-aware figures beside the iid ones (inference.ts). */
  inference: InferenceResult;
  /** Every p-value reported, with BH q-value (and Holm) across the whole list. */
  pValues: AdjustedPValue[];
  notes: string[];
  /** Footprint marks and the naked POC: signals with vs without each (marks.ts). */
  marks: MarksResult;
}

/** Deep copy with every non-finite number replaced by null (JSON would do it silently). */
function jsonSafe<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v))) as T;
}

export function analyze(table: SignalsTable, options: AnalyzeOptions = {}): AnalysisResult {
  const a = prepare(table, options);
  const regressions = fitRegressions(...regressionArgs(a));
  const { thresholds, inference } = searchAndInfer(table, a);
  return finish(table, a, regressions, thresholds, inference);
}

/** The arguments of fitRegressions: all it reads of the table (structured-cloneable, for a worker thread). */
export type RegressionInput = Parameters<typeof fitRegressions>;

/** Fits the regressions somewhere else (worker threads): the same result as `fitRegressions(...input)`. */
export type RegressionFitter = (input: RegressionInput) => Promise<RegressionSummary[]>;

/** Some of the models of fitRegressions: the logit (if `logit`) and the OLS of input's horizons. */
export interface RegressionPart { input: RegressionInput; logit: boolean }

/**
 * The models of `fitRegressions(...input)` in `k` parts (fewer if there are fewer models), each a
 * run of consecutive models, so fitting every part (fitRegressionPart) and joining the results in
 * the order of the parts gives fitRegressions's result: the models are independent, and
 * fitRegressions fits the logit of win first, then one OLS per horizon in the horizons' order.
 * A part takes only the columns its models read.
 */
export function regressionParts(input: RegressionInput, k: number): RegressionPart[] {
  const [features, win, returns, directional, settings] = input;
  const models = 1 + settings.horizons.length;
  const parts: RegressionPart[] = [];
  for (let p = 0, from = 0; p < Math.min(k, models); p++) {
    const to = Math.round(((p + 1) * models) / Math.min(k, models));
    const horizons = settings.horizons.slice(Math.max(0, from - 1), to - 1);
    const own = Object.fromEntries(horizons.filter((h) => h in returns).map((h) => [h, returns[h]!]));
    parts.push({ input: [features, from === 0 ? win : undefined, own, directional, { ...settings, horizons }], logit: from === 0 });
    from = to;
  }
  return parts;
}

/** Fits one part of regressionParts (on any thread). */
export function fitRegressionPart(part: RegressionPart): RegressionSummary[] {
  const fitted = fitRegressions(...part.input);
  return part.logit ? fitted : fitted.slice(1); // without the logit, fitRegressions's first is its "absent" stub
}

/**
 * `analyze` with the regressions fitted by `fitElsewhere` (e.g. on a worker thread) while this
 * thread runs the threshold search and the inference figures, which do not depend on them (the
 * regressions read nothing else and add no note). The parts are joined in analyze's order, so the
 * result is analyze's whatever runs where; of two failures, the regressions' (analyze's first) wins.
 */
export async function analyzeConcurrently(table: SignalsTable, options: AnalyzeOptions, fitElsewhere: RegressionFitter): Promise<AnalysisResult> {
  const a = prepare(table, options);
  const pending = fitElsewhere(regressionArgs(a));
  pending.catch(() => {}); // awaited below in every case; no unhandled rejection meanwhile
  let searched: ReturnType<typeof searchAndInfer>;
  try {
    searched = searchAndInfer(table, a);
  } catch (err) {
    await pending;
    throw err;
  }
  const regressions = await pending;
  return finish(table, a, regressions, searched.thresholds, searched.inference);
}

/** Everything before the regressions: rows, counts, trades, groups and features (notes in order). */
function prepare(table: SignalsTable, options: AnalyzeOptions) {
  const notes: string[] = [];
  const n = tableLength(table);
  const settings = resolveSettings(table, n, options);

  if (!table[C.direction]) notes.push(`column ${C.direction} absent: no signal can be analysed`);
  const cls = classifySignals(table, n, notes);
  const { rows: directional, counts } = directionalRows(cls, n, notes);
  const trades = tradeColumns(table, n, settings.horizons, notes);
  const win = trades.win as Float64Array | undefined;
  const base = baseWinRate(win, directional, notes);
  counts.withOutcome = base.known;
  const { groups, overall, keys } = signalGroups(table, n, cls, directional, trades, base.rate, settings, notes);
  const features = signalFeatures(table, n, cls);
  return { notes, n, settings, cls, directional, counts, trades, win, base, groups, overall, keys, features };
}
type Prepared = ReturnType<typeof prepare>;

const regressionArgs = (a: Prepared): RegressionInput => [a.features, a.win, a.trades.returns ?? {}, a.directional, a.settings];

function searchAndInfer(table: SignalsTable, a: Prepared) {
  const thresholds = searchThresholds(table, a.n, a.features, a.trades, a.directional, a.settings, a.notes);
  const inference = inferenceFigures(table, a.n, a.features, a.trades, a.directional, a.groups, a.keys, thresholds, a.settings, a.notes);
  return { thresholds, inference };
}

function finish(table: SignalsTable, a: Prepared, regressions: RegressionSummary[], thresholds: ThresholdSearchResult | null, inference: InferenceResult): AnalysisResult {
  const { counts, settings, base, overall, groups, notes } = a;
  const pValues = pValueLedger(groups, base.rate, regressions, thresholds, settings.alpha);
  const marks = marksAnalysis(table, a.n, a.cls, a.directional, a.trades, pValues, settings);
  return jsonSafe({ counts, settings, baseWinRate: base.rate, overall, groups, regressions, thresholds, inference, pValues, notes, marks });
}
