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
import {
  bootstrapInput, type BootstrapInput, edgesPart, type EdgesInput, emptyInference, foldsPart, type FoldsInput, inferenceFigures,
  type InferenceResult, type Noted, ruleInputs, SESSION_ABSENT, sessionBootstrapPart,
} from "./inference.js";
import { marksAnalysis, type MarksResult } from "./marks.js";
import { pValueLedger } from "./p-values.js";
import { fitRegressions, type RegressionSummary } from "./regressions.js";
import { classifySignals, type SignalsTable, tableLength, text } from "./signals-table.js";
import { searchThresholds, searchThresholdsOn, type ThresholdInput, thresholdInput } from "./thresholds.js";

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
 * The independent parts of the statistics (each a pure function of structured-cloneable inputs
 * holding only the columns it reads, so it may run on any thread): some regressions, the threshold
 * search, the session bootstrap, the chosen rule with SPA and StepM (after the search), and the
 * walk-forward folds with PBO (after the search). analyze's serial order is this order.
 */
export type AnalysisPart =
  | { kind: "regressions"; part: RegressionPart }
  | { kind: "thresholds"; input: ThresholdInput }
  | { kind: "bootstrap"; input: BootstrapInput }
  | { kind: "edges"; input: EdgesInput }
  | { kind: "folds"; input: FoldsInput };

/** What each part gives: its figures and the notes the serial run would add at its place. */
export interface AnalysisPartResults {
  regressions: RegressionSummary[];
  thresholds: Noted<ThresholdSearchResult | null>;
  bootstrap: ReturnType<typeof sessionBootstrapPart>;
  edges: ReturnType<typeof edgesPart>;
  folds: ReturnType<typeof foldsPart>;
}

/** Runs one part (on any thread). */
export function runAnalysisPart<K extends AnalysisPart["kind"]>(part: Extract<AnalysisPart, { kind: K }>): AnalysisPartResults[K] {
  const p = part as AnalysisPart;
  switch (p.kind) {
    case "regressions":
      return fitRegressionPart(p.part) as AnalysisPartResults[K];
    case "thresholds": {
      const notes: string[] = [];
      return { value: searchThresholdsOn(p.input, notes), notes } as AnalysisPartResults[K];
    }
    case "bootstrap":
      return sessionBootstrapPart(p.input) as AnalysisPartResults[K];
    case "edges":
      return edgesPart(p.input) as AnalysisPartResults[K];
    case "folds":
      return foldsPart(p.input) as AnalysisPartResults[K];
    default:
      throw new Error(`analysis: unknown part ${JSON.stringify((p as { kind: unknown }).kind)}`);
  }
}

/** Runs a part somewhere (a worker thread, or this thread later): the same result as runAnalysisPart. */
export type AnalysisPartRunner = <K extends AnalysisPart["kind"]>(part: Extract<AnalysisPart, { kind: K }>) => Promise<AnalysisPartResults[K]>;

/**
 * `analyze` with its parts (AnalysisPart) handed to `run`, which may run them anywhere and in any
 * order: the regressions in `regressionSplits` parts, the threshold search and the session
 * bootstrap at once, the two parts that need the search as soon as it is done. The results are
 * joined in analyze's order, so the result is analyze's whatever runs where; of several failures,
 * the one analyze would meet first wins (every part is awaited first).
 */
export async function analyzeConcurrently(table: SignalsTable, options: AnalyzeOptions, run: AnalysisPartRunner, regressionSplits = 1): Promise<AnalysisResult> {
  const early = prepareRows(table, options);
  const session = text(table, C.session, early.n);
  const pending: Promise<unknown>[] = [];
  const track = <T>(p: Promise<T>): Promise<T> => {
    p.catch(() => {}); // awaited below in every case; no unhandled rejection meanwhile
    pending.push(p);
    return p;
  };
  // the threshold search first (the longest chain: the search, then SPA and StepM on its rules),
  // then the regressions, all handed out before this thread builds the group table
  const searched = track(run({ kind: "thresholds", input: thresholdInput(session, early.features, early.trades, early.directional, early.settings) }));
  const regressions = regressionParts(regressionArgs(early), regressionSplits).map((part) => track(run({ kind: "regressions", part })));
  let a: Prepared;
  try {
    a = { ...early, ...prepareGroups(table, early) };
  } catch (err) {
    await Promise.allSettled(pending); // analyze meets this error before any part
    throw err;
  }
  const boot = bootstrapInput(session, a.trades, a.directional, a.groups, a.keys, a.settings);
  const booted = boot ? track(run({ kind: "bootstrap", input: boot })) : undefined;
  const later = track(searched.then((t) => {
    const inputs = boot ? ruleInputs(session!, a.features, a.trades, a.directional, t.value, a.settings) : undefined;
    if (!inputs) return undefined;
    const edges = run({ kind: "edges", input: inputs.edges });
    const folds = run({ kind: "folds", input: inputs.folds });
    edges.catch(() => {});
    folds.catch(() => {});
    return { edges, folds };
  }));
  // every part settled first, then the first failure in analyze's order: the regressions, the
  // search, the bootstrap (which turns its failures into notes), the chosen rule, SPA and StepM, the folds
  await Promise.allSettled(pending);
  const parts = await later.catch(() => undefined);
  const order: Promise<unknown>[] = [...regressions, searched, ...(booted ? [booted] : []), later, ...(parts ? [parts.edges, parts.folds] : [])];
  for (const r of await Promise.allSettled(order)) if (r.status === "rejected") throw r.reason;
  const fitted = (await Promise.all(regressions)).flat();
  const t = await searched;
  a.notes.push(...t.notes);
  const inference = emptyInference();
  if (!booted) a.notes.push(SESSION_ABSENT);
  else {
    const b = await booted;
    a.notes.push(...b.notes);
    inference.sessionBootstrap = b.value;
  }
  if (parts) {
    const e = await parts.edges;
    const f = await parts.folds;
    a.notes.push(...e.notes, ...f.notes);
    Object.assign(inference, e.value, f.value);
  }
  return finish(table, a, fitted, t.value, inference);
}

/** Everything before the regressions: rows, counts, trades, groups and features (notes in order). */
function prepare(table: SignalsTable, options: AnalyzeOptions) {
  const a = prepareRows(table, options);
  return { ...a, ...prepareGroups(table, a) };
}

/** prepare up to the groups: all the regressions and the threshold search read (notes in order). */
function prepareRows(table: SignalsTable, options: AnalyzeOptions) {
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
  const features = signalFeatures(table, n, cls); // reads the table and cls only, adds no note
  return { notes, n, settings, cls, directional, counts, trades, win, base, features };
}

/** The rest of prepare: the group table (signalGroups changes nothing it is given but the notes). */
function prepareGroups(table: SignalsTable, a: ReturnType<typeof prepareRows>) {
  return signalGroups(table, a.n, a.cls, a.directional, a.trades, a.base.rate, a.settings, a.notes);
}
type Prepared = ReturnType<typeof prepare>;

const regressionArgs = (a: Pick<Prepared, "features" | "win" | "trades" | "directional" | "settings">): RegressionInput => [a.features, a.win, a.trades.returns ?? {}, a.directional, a.settings];

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
