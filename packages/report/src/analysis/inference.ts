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
const meanOf = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
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
  settings: AnalysisSettings,
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
  const out: InferenceResult = { sessionBootstrap: null, chosenRule: null, spa: null, stepM: null, walkForward: null, pbo: null };
  const session = text(table, C.session, n);
  if (!session) {
    notes.push(`session bootstrap, walk-forward folds and PBO skipped: column ${C.session} absent`);
    return out;
  }
  const attempt = <T>(what: string, f: () => T): T | null => {
    try {
      return f();
    } catch (e) {
      notes.push(`${what} skipped: ${(e as Error).message}`);
      return null;
    }
  };

  out.sessionBootstrap = attempt("session bootstrap", () => ({
    reps: settings.sessionBootstrapSamples,
    level: 0.95,
    seed: settings.seed,
    overall: bootstrapRows(directional, session, trades, settings),
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
      return { key: g.key, figures: bootstrapRows(rows, session, trades, settings) };
    }),
  }));

  if (!trades.resultTicks || !thresholds) return out;
  const outcome = Float64Array.from(trades.resultTicks, (v) => v ?? NaN);
  const all = directional.filter((r) => ok(outcome[r]) && session[r] !== null);
  const trainSet = new Set(thresholds.trainSessions);
  const trainRows = all.filter((r) => trainSet.has(session[r]!));
  const testRows = all.filter((r) => !trainSet.has(session[r]!));
  const rules = thresholds.rules;
  const searched: Record<string, Float64Array> = {};
  for (const r of rules) if (features[r.feature]) searched[r.feature] = features[r.feature]!;

  const chosen = thresholds.chosen;
  if (chosen) {
    const col = features[chosen.rule.feature]!;
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
    out.chosenRule = {
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

  // the searched features and the outcome over `all` and over the training rows, gathered once
  // for every rule, fold and PBO column (the same values as indexing the full columns by row)
  const allX: Record<string, Float64Array> = {};
  const trainX: Record<string, Float64Array> = {};
  for (const [f, c] of Object.entries(searched)) {
    allX[f] = gather(all, c);
    trainX[f] = gather(trainRows, c);
  }
  const allY = gather(all, outcome);

  if (rules.length > 0 && trainRows.length > 1) {
    const benchmark = gather(trainRows, outcome);
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
    out.spa = attempt("SPA with the benchmark re-estimated per draw", () => {
      const s = spaTest(input, { draws: draws() });
      return { benchmarkPerDraw: true as const, pConsistent: s.pConsistent, pLower: s.pLower, pUpper: s.pUpper, whiteP: s.whiteP, statistic: s.statistic, reps: s.reps };
    });
    out.stepM = attempt("StepM", () => {
      const s = stepM(input, { alpha: settings.alpha, draws: draws() });
      const rejected = rules
        .map((r, k) => ({ feature: r.feature, side: r.side, threshold: r.threshold, adjustedP: s.adjustedP[k]! }))
        .filter((_, k) => s.rejected[k]);
      const ps = Array.from(s.adjustedP).filter((p) => Number.isFinite(p));
      return { alpha: settings.alpha, rules: rules.length, rejected, smallestAdjustedP: ps.length ? Math.min(...ps) : null };
    });
  }

  out.walkForward = attempt("walk-forward folds", () => {
    const labels = all.map((r) => session[r]!);
    const folds = walkForwardFolds(sessionRuns(labels), all.length, settings.walkForwardFolds);
    const slice = (span: readonly [number, number]) => all.slice(span[0], span[1]);
    const steps = walkForward(
      folds,
      (f) => chooseRule(f.trainRows[0], f.trainRows[1], allX, allY, settings.minGroupSize),
      (rule, f) => {
        const test = slice(f.testRows);
        const taken = rule ? test.filter((r) => fires(searched[rule.feature]![r], rule.side, rule.threshold)) : [];
        const wins = trades.win ? taken.map((r) => trades.win![r]!).filter(ok) : [];
        return {
          n: taken.length,
          mean: meanOf(taken.map((r) => outcome[r]!)),
          winRate: wins.length ? wins.filter((w) => w === 1).length / wins.length : null,
          allMean: meanOf(test.map((r) => outcome[r]!)),
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
    out.pbo = attempt("probability of backtest overfitting", () => {
      const columns = rules.map((rule) => firing(allX[rule.feature]!, rule.side, rule.threshold, allY));
      const p = probabilityOfBacktestOverfitting(columns, { blocks: settings.pboBlocks });
      const d = p.degradation;
      return { blocks: p.blocks, splits: p.splits, strategies: p.strategies, rows: p.rows, pbo: p.pbo, slope: d.slope, intercept: d.intercept, probabilityOfLoss: d.probabilityOfLoss };
    });
  return out;
}
