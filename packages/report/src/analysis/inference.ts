/**
 * SPEC §8 "Dependence and search, honestly": the figures that allow for dependent trades and for
 * the search itself, beside the iid ones of groups.ts and thresholds.ts (which stay):
 *
 * - `sessionBootstrap`: win rate, expectancy and profit factor of every reported group (and of all
 *   signals) with percentile intervals from resampling whole sessions;
 * - `chosenRule`: the chosen rule's PSR/DSR and its out-of-sample taken-vs-skipped Welch test with
 *   the Newey–West (HAC) variance of the trade series, lag by Newey & West (1994);
 * - `spa`: Hansen's SPA with the benchmark ("take every signal") re-estimated in every draw;
 * - `stepM`: Romano–Wolf StepM over the same rules: which of them beat the benchmark, FWER α;
 * - `walkForward`: expanding k folds of whole sessions, the rule chosen on each training span
 *   (the threshold grid of thresholds.ts) and its result on the next fold;
 * - `pbo`: the probability of backtest overfitting (CSCV, S blocks) of the threshold grid.
 *
 * The training rows, rules and resampling (stationary blocks of `blockLength`, `bootstrapSamples`
 * draws, `seed`) are those of the threshold search, so the new p-values test the same hypotheses as
 * the old ones (see p-values.ts for which enter the ledger). Thin data gives a note, never a throw.
 */
import { SIGNAL_COLUMNS as C } from "@tda/engine";
import {
  hacDeflatedSharpe,
  hacProbabilisticSharpe,
  hacSharpeMoments,
  hacWelchTest,
  type GroupTable,
  percentileSorted,
  sortedPresent,
  probabilityOfBacktestOverfitting,
  sessionRuns,
  spaTest,
  stepM,
  edgeDraws,
  type EdgeDraws,
  makeResampler,
  type ThresholdSearchResult,
  tradeSessionBootstrap,
  type TradeColumns,
  walkForward,
  walkForwardFolds,
} from "@tda/stats";
import type { Features } from "./features.js";
import type { AnalysisSettings } from "./options.js";
import { type SignalsTable, text } from "./signals-table.js";

export interface IntervalFigure {
  estimate: number;
  low: number;
  high: number;
  undefinedDraws: number;
}

export interface SessionBootstrapFigures {
  sessions: number;
  rows: number;
  winRate: IntervalFigure;
  expectancy: IntervalFigure;
  profitFactor: IntervalFigure;
}

export interface RuleLabel {
  feature: string;
  side: ">=" | "<=";
  threshold: number;
}

export interface WalkForwardFoldResult {
  fold: number;
  trainSessions: [string, string];
  testSessions: [string, string];
  rule: (RuleLabel & { trainN: number; trainMean: number }) | null;
  test: { n: number; mean: number | null; winRate: number | null; allMean: number | null };
}

export interface InferenceResult {
  sessionBootstrap: {
    reps: number;
    level: number;
    seed: number;
    overall: SessionBootstrapFigures | null;
    groups: { key: Record<string, string>; figures: SessionBootstrapFigures | null }[];
  } | null;
  chosenRule: {
    hacPsrTrain: number | null;
    hacPsrTest: number | null;
    hacDeflatedSharpe: number | null;
    /** Ω̂/γ̂₀ of the training trades: how much autocorrelation inflates the variance of the mean. */
    varianceRatio: number | null;
    lag: number | null;
    hacTestComparison: { difference: number; t: number; df: number; p: number; lagTaken: number; lagSkipped: number } | null;
  } | null;
  spa: { benchmarkPerDraw: true; pConsistent: number; pLower: number; pUpper: number; whiteP: number; statistic: number; reps: number } | null;
  stepM: { alpha: number; rules: number; rejected: (RuleLabel & { adjustedP: number })[]; smallestAdjustedP: number | null } | null;
  walkForward: { k: number; folds: WalkForwardFoldResult[] } | null;
  pbo: { blocks: number; splits: number; strategies: number; rows: number; pbo: number; slope: number; intercept: number; probabilityOfLoss: number } | null;
}

const ok = (v: number | undefined): v is number => v !== undefined && !Number.isNaN(v);
const fires = (v: number | undefined, side: ">=" | "<=", t: number) => ok(v) && (side === ">=" ? v >= t : v <= t);
const PERCENTILES = Array.from({ length: 19 }, (_, i) => ((i + 1) * 5) / 100);
const finiteOr = (v: number) => (Number.isFinite(v) ? v : null);

/** column[r] for each of `rows` (plain loops: Float64Array.from with a mapping function is slow). */
function gather(rows: readonly number[], column: Float64Array): Float64Array {
  const out = new Float64Array(rows.length);
  for (let t = 0; t < rows.length; t++) out[t] = column[rows[t]!]!;
  return out;
}

/** Per row of a gathered column `x`: whether the rule fires, as 1/0 (`value` null) or as value[t]/0. */
function firing(x: Float64Array, side: ">=" | "<=", threshold: number, value: Float64Array | null): Float64Array {
  const out = new Float64Array(x.length);
  if (side === ">=") {
    for (let t = 0; t < x.length; t++) if (x[t]! >= threshold) out[t] = value ? value[t]! : 1; // false for NaN
  } else {
    for (let t = 0; t < x.length; t++) if (x[t]! <= threshold) out[t] = value ? value[t]! : 1;
  }
  return out;
}

function bootstrapRows(
  rows: readonly number[],
  session: readonly (string | null)[],
  trades: TradeColumns,
  settings: Pick<AnalysisSettings, "sessionBootstrapSamples" | "seed">,
): SessionBootstrapFigures | null {
  const kept = rows.filter((r) => session[r] !== null && session[r] !== undefined);
  if (kept.length === 0) return null;
  const win = new Float64Array(kept.length).fill(NaN);
  const result = new Float64Array(kept.length).fill(NaN);
  if (trades.win) for (let t = 0; t < kept.length; t++) win[t] = trades.win[kept[t]!]!;
  if (trades.resultTicks) for (let t = 0; t < kept.length; t++) result[t] = trades.resultTicks[kept[t]!]!;
  const labels = kept.map((r) => session[r]!);
  const b = tradeSessionBootstrap({ win, result }, labels, { reps: settings.sessionBootstrapSamples, seed: settings.seed });
  const pick = (k: "winRate" | "expectancy" | "profitFactor"): IntervalFigure => {
    const i = b.intervals[k];
    return { estimate: i.estimate, low: i.low, high: i.high, undefinedDraws: i.undefinedDraws };
  };
  return { sessions: b.sessions, rows: b.rows, winRate: pick("winRate"), expectancy: pick("expectancy"), profitFactor: pick("profitFactor") };
}

/**
 * The best rule of the threshold grid on rows [from, to) of the gathered columns (max mean of the
 * taken trades, n ≥ minN; first on ties).
 */
function chooseRule(from: number, to: number, features: Record<string, Float64Array>, outcome: Float64Array, minN: number) {
  let best: (RuleLabel & { trainN: number; trainMean: number }) | null = null;
  const y = outcome.subarray(from, to);
  for (const [feature, column] of Object.entries(features)) {
    const x = column.subarray(from, to);
    const values = sortedPresent(x);
    if (values.length < minN) continue;
    const seen = new Set<string>();
    for (const q of PERCENTILES) {
      const threshold = percentileSorted(values, q);
      for (const side of [">=", "<="] as const) {
        const key = `${side}${threshold}`;
        if (seen.has(key)) continue;
        seen.add(key);
        // count and Σ outcome of the rows the rule takes, added in row order as meanOf would
        let taken = 0;
        let sum = 0;
        if (side === ">=") {
          for (let t = 0; t < x.length; t++)
            if (x[t]! >= threshold) {
              taken++;
              sum += y[t]!;
            }
        } else {
          for (let t = 0; t < x.length; t++)
            if (x[t]! <= threshold) {
              taken++;
              sum += y[t]!;
            }
        }
        if (taken < minN) continue;
        const m = sum / taken;
        if (!best || m > best.trainMean) best = { feature, side, threshold, trainN: taken, trainMean: m };
      }
    }
  }
  return best;
}

export function inferenceFigures(
  table: SignalsTable,
  n: number,
  features: Features,
  trades: TradeColumns,
  directional: readonly number[],
  groups: GroupTable,
  groupKeys: Record<string, readonly string[]>,
  thresholds: ThresholdSearchResult | null,
  settings: AnalysisSettings,
  notes: string[],
): InferenceResult {
  const session = text(table, C.session, n);
  const out = emptyInference();
  const boot = bootstrapInput(session, trades, directional, groups, groupKeys, settings);
  if (!boot) {
    notes.push(SESSION_ABSENT);
    return out;
  }
  const b = sessionBootstrapPart(boot);
  notes.push(...b.notes);
  out.sessionBootstrap = b.value;
  const later = ruleInputs(session!, features, trades, directional, thresholds, settings);
  if (!later) return out;
  const e = edgesPart(later.edges);
  const f = foldsPart(later.folds);
  notes.push(...e.notes, ...f.notes);
  return { ...out, ...e.value, ...f.value };
}

export const SESSION_ABSENT = `session bootstrap, walk-forward folds and PBO skipped: column ${C.session} absent`;

export const emptyInference = (): InferenceResult => ({ sessionBootstrap: null, chosenRule: null, spa: null, stepM: null, walkForward: null, pbo: null });

/**
 * The inference figures come in three parts, each a pure function of structured-cloneable inputs
 * holding only the columns it reads (so it may run on a worker thread), joined in this order:
 * sessionBootstrapPart (no threshold search needed), edgesPart (chosen rule, SPA, StepM) and
 * foldsPart (walk-forward, PBO). Each gives its figures and the notes the serial code would add.
 */
export interface Noted<T> { value: T; notes: string[] }

const attempt = <T>(notes: string[], what: string, f: () => T): T | null => {
  try {
    return f();
  } catch (e) {
    notes.push(`${what} skipped: ${(e as Error).message}`);
    return null;
  }
};

export interface BootstrapInput {
  session: (string | null)[];
  directional: readonly number[];
  win: Float64Array | undefined;
  resultTicks: Float64Array | undefined;
  /** The reported groups' rows (directional rows of each group's key, in row order). */
  groups: { key: Record<string, string>; rows: number[] }[];
  settings: Pick<AnalysisSettings, "sessionBootstrapSamples" | "seed">;
}

/** The session bootstrap's input, or undefined without a session column (no inference at all). */
export function bootstrapInput(
  session: (string | null)[] | undefined,
  trades: TradeColumns,
  directional: readonly number[],
  groups: GroupTable,
  groupKeys: Record<string, readonly string[]>,
  settings: AnalysisSettings,
): BootstrapInput | undefined {
  if (!session) return undefined;
  return {
    session,
    directional,
    win: trades.win as Float64Array | undefined,
    resultTicks: trades.resultTicks as Float64Array | undefined,
    groups: groups.groups.map((g) => {
      const dims = Object.entries(g.key);
      const columns = dims.map(([d]) => groupKeys[d]!);
      const wanted = dims.map(([, v]) => v);
      const rows: number[] = [];
      for (const r of directional) {
        let j = 0;
        while (j < columns.length && columns[j]![r] === wanted[j]) j++;
        if (j === columns.length) rows.push(r);
      }
      return { key: g.key, rows };
    }),
    settings: { sessionBootstrapSamples: settings.sessionBootstrapSamples, seed: settings.seed },
  };
}

export function sessionBootstrapPart(input: BootstrapInput): Noted<InferenceResult["sessionBootstrap"]> {
  const notes: string[] = [];
  const { session, settings } = input;
  const trades = { win: input.win, resultTicks: input.resultTicks };
  const value = attempt(notes, "session bootstrap", () => ({
    reps: settings.sessionBootstrapSamples,
    level: 0.95,
    seed: settings.seed,
    overall: bootstrapRows(input.directional, session, trades, settings),
    groups: input.groups.map((g) => ({ key: g.key, figures: bootstrapRows(g.rows, session, trades, settings) })),
  }));
  return { value, notes };
}

type SearchedRule = ThresholdSearchResult["rules"][number];

export interface EdgesInput {
  outcome: Float64Array;
  trainRows: number[];
  testRows: number[];
  /** The searched features the rules use (whole columns). */
  searched: Record<string, Float64Array>;
  rules: SearchedRule[];
  chosen: ThresholdSearchResult["chosen"];
  /** The chosen rule's feature column (one of `searched`'s: a structured clone copies it once). */
  chosenColumn: Float64Array | undefined;
  settings: Pick<AnalysisSettings, "blockLength" | "bootstrapSamples" | "seed" | "alpha">;
}

export interface FoldsInput {
  /** outcome and the searched features gathered over `all` rows, and each row's session. */
  allY: Float64Array;
  allX: Record<string, Float64Array>;
  labels: string[];
  rules: Pick<SearchedRule, "feature" | "side" | "threshold">[];
  /** win gathered over the rows of `all` (NaN without a win column). */
  allWin: Float64Array | undefined;
  settings: Pick<AnalysisSettings, "walkForwardFolds" | "minGroupSize" | "pboBlocks">;
}

/** The inputs of edgesPart and foldsPart, or undefined when there is no result column or no threshold search. */
export function ruleInputs(
  session: (string | null)[],
  features: Features,
  trades: TradeColumns,
  directional: readonly number[],
  thresholds: ThresholdSearchResult | null,
  settings: AnalysisSettings,
): { edges: EdgesInput; folds: FoldsInput } | undefined {
  if (!trades.resultTicks || !thresholds) return undefined;
  const outcome = Float64Array.from(trades.resultTicks, (v) => v ?? NaN);
  const all = directional.filter((r) => ok(outcome[r]) && session[r] !== null);
  const trainSet = new Set(thresholds.trainSessions);
  const trainRows = all.filter((r) => trainSet.has(session[r]!));
  const testRows = all.filter((r) => !trainSet.has(session[r]!));
  const rules = thresholds.rules;
  const searched: Record<string, Float64Array> = {};
  for (const r of rules) if (features[r.feature]) searched[r.feature] = features[r.feature]!;
  // the searched features and the outcome over `all`, gathered once for every fold and PBO column
  // (the same values as indexing the full columns by row)
  const allX: Record<string, Float64Array> = {};
  for (const [f, c] of Object.entries(searched)) allX[f] = gather(all, c);
  const win = trades.win as Float64Array | undefined; // numeric(): NaN where unknown
  return {
    edges: {
      outcome, trainRows, testRows, searched, rules, chosen: thresholds.chosen,
      chosenColumn: thresholds.chosen ? features[thresholds.chosen.rule.feature]! : undefined,
      settings: { blockLength: settings.blockLength, bootstrapSamples: settings.bootstrapSamples, seed: settings.seed, alpha: settings.alpha },
    },
    folds: {
      allY: gather(all, outcome),
      allX,
      labels: all.map((r) => session[r]!),
      rules: rules.map((r) => ({ feature: r.feature, side: r.side, threshold: r.threshold })),
      allWin: win ? gather(all, win) : undefined,
      settings: { walkForwardFolds: settings.walkForwardFolds, minGroupSize: settings.minGroupSize, pboBlocks: settings.pboBlocks },
    },
  };
}

/** The chosen rule's HAC figures, SPA and StepM (inferenceFigures' order and notes). */
export function edgesPart(input: EdgesInput): Noted<Pick<InferenceResult, "chosenRule" | "spa" | "stepM">> {
  const notes: string[] = [];
  const { outcome, trainRows, testRows, searched, rules, chosen, chosenColumn, settings } = input;
  const value: Pick<InferenceResult, "chosenRule" | "spa" | "stepM"> = { chosenRule: null, spa: null, stepM: null };
  if (chosen) {
    const col = chosenColumn!;
    const takes = (r: number) => fires(col[r], chosen.rule.side, chosen.rule.threshold);
    const trainTaken = Float64Array.from(trainRows.filter(takes), (r) => outcome[r]!);
    const testTaken = Float64Array.from(testRows.filter(takes), (r) => outcome[r]!);
    const testSkipped = Float64Array.from(testRows.filter((r) => !takes(r)), (r) => outcome[r]!);
    const sharpes = rules.map((r) => r.train.sharpe).filter((v): v is number => v !== null);
    const srMean = sharpes.reduce((a, b) => a + b, 0) / Math.max(1, sharpes.length);
    const srVariance = sharpes.length > 1 ? sharpes.reduce((a, b) => a + (b - srMean) ** 2, 0) / (sharpes.length - 1) : 0;
    const lag = "newey-west-1994" as const;
    const mTrain = trainTaken.length > 2 ? hacSharpeMoments(trainTaken, { lag }) : null;
    const mTest = testTaken.length > 2 ? hacSharpeMoments(testTaken, { lag }) : null;
    const welch = hacWelchTest(testTaken, testSkipped, { lag });
    value.chosenRule = {
      hacPsrTrain: mTrain ? finiteOr(hacProbabilisticSharpe(mTrain)) : null,
      hacPsrTest: mTest ? finiteOr(hacProbabilisticSharpe(mTest)) : null,
      hacDeflatedSharpe: mTrain ? finiteOr(hacDeflatedSharpe(mTrain, rules.length, srVariance).dsr) : null,
      varianceRatio: mTrain ? finiteOr(mTrain.varianceRatio) : null,
      lag: mTrain ? mTrain.lag : null,
      hacTestComparison: welch
        ? { difference: welch.difference, t: welch.t, df: welch.df, p: welch.p, lagTaken: welch.lagA, lagSkipped: welch.lagB }
        : null,
    };
  }

  if (rules.length > 0 && trainRows.length > 1) {
    const benchmark = gather(trainRows, outcome);
    const trainX: Record<string, Float64Array> = {};
    for (const [f, c] of Object.entries(searched)) trainX[f] = gather(trainRows, c);
    const exposure = rules.map((rule) => firing(trainX[rule.feature]!, rule.side, rule.threshold, null));
    // e·b row by row (0·b is −0 for a negative b, as before)
    const performance = exposure.map((e) => {
      const p = new Float64Array(e.length);
      for (let t = 0; t < e.length; t++) p[t] = e[t]! * benchmark[t]!;
      return p;
    });
    const resampling = { kind: "stationary" as const, meanBlockLength: settings.blockLength };
    const input = { performance, benchmark, exposure };
    // SPA and StepM share one set of draws: the same resamples they would each draw from this seed
    let shared: EdgeDraws | undefined;
    const draws = () => (shared ??= edgeDraws(input, makeResampler(resampling, benchmark.length, settings.seed), settings.bootstrapSamples, true));
    value.spa = attempt(notes, "SPA with the benchmark re-estimated per draw", () => {
      const s = spaTest(input, { draws: draws() });
      return { benchmarkPerDraw: true as const, pConsistent: s.pConsistent, pLower: s.pLower, pUpper: s.pUpper, whiteP: s.whiteP, statistic: s.statistic, reps: s.reps };
    });
    value.stepM = attempt(notes, "StepM", () => {
      const s = stepM(input, { alpha: settings.alpha, draws: draws() });
      const rejected = rules
        .map((r, k) => ({ feature: r.feature, side: r.side, threshold: r.threshold, adjustedP: s.adjustedP[k]! }))
        .filter((_, k) => s.rejected[k]);
      const ps = Array.from(s.adjustedP).filter((p) => Number.isFinite(p));
      return { alpha: settings.alpha, rules: rules.length, rejected, smallestAdjustedP: ps.length ? Math.min(...ps) : null };
    });
  }
  return { value, notes };
}

/** The walk-forward folds and PBO (inferenceFigures' order and notes), on the rows of `all` only. */
export function foldsPart(input: FoldsInput): Noted<Pick<InferenceResult, "walkForward" | "pbo">> {
  const notes: string[] = [];
  const { allX, allY, labels, rules, allWin, settings } = input;
  const value: Pick<InferenceResult, "walkForward" | "pbo"> = { walkForward: null, pbo: null };
  value.walkForward = attempt(notes, "walk-forward folds", () => {
    const folds = walkForwardFolds(sessionRuns(labels), labels.length, settings.walkForwardFolds);
    const steps = walkForward(
      folds,
      (f) => chooseRule(f.trainRows[0], f.trainRows[1], allX, allY, settings.minGroupSize),
      (rule, f) => {
        // positions t of `all` in the test span (allX[feature][t] is the feature at row all[t]);
        // the sums run in row order from 0, as meanOf's would
        const [from, to] = f.testRows;
        const x = rule ? allX[rule.feature]! : undefined;
        let taken = 0, takenSum = 0, wins = 0, ones = 0, allSum = 0;
        for (let t = from; t < to; t++) {
          allSum += allY[t]!;
          if (!x || !fires(x[t], rule!.side, rule!.threshold)) continue;
          taken++;
          takenSum += allY[t]!;
          if (allWin && ok(allWin[t])) {
            wins++;
            if (allWin[t] === 1) ones++;
          }
        }
        return {
          n: taken,
          mean: taken ? takenSum / taken : null,
          winRate: wins ? ones / wins : null,
          allMean: to > from ? allSum / (to - from) : null,
        };
      },
    );
    return {
      k: settings.walkForwardFolds,
      folds: steps.map((s) => ({
        fold: s.fold,
        trainSessions: [labels[s.trainRows[0]]!, labels[s.trainRows[1] - 1]!] as [string, string],
        testSessions: [labels[s.testRows[0]]!, labels[s.testRows[1] - 1]!] as [string, string],
        rule: s.choice,
        test: s.result,
      })),
    };
  });

  if (rules.length >= 2)
    value.pbo = attempt(notes, "probability of backtest overfitting", () => {
      const columns = rules.map((rule) => firing(allX[rule.feature]!, rule.side, rule.threshold, allY));
      const p = probabilityOfBacktestOverfitting(columns, { blocks: settings.pboBlocks });
      const d = p.degradation;
      return { blocks: p.blocks, splits: p.splits, strategies: p.strategies, rows: p.rows, pbo: p.pbo, slope: d.slope, intercept: d.intercept, probabilityOfLoss: d.probabilityOfLoss };
    });
  return { value, notes };
}
