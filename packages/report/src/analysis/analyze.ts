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
  const regressions = fitRegressions(features, win, trades.returns ?? {}, directional, settings);
  const thresholds = searchThresholds(table, n, features, trades, directional, settings, notes);
  const inference = inferenceFigures(table, n, features, trades, directional, groups, keys, thresholds, settings, notes);
  const pValues = pValueLedger(groups, base.rate, regressions, thresholds, settings.alpha);
  const marks = marksAnalysis(table, n, cls, directional, trades, pValues, settings);

  return jsonSafe({ counts, settings, baseWinRate: base.rate, overall, groups, regressions, thresholds, inference, pValues, notes, marks });
}
