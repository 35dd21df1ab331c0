/**
 * Percentile threshold search with a walk-forward split (SPEC §8).
 *
 * For each continuous feature, the 5th, 10th, …, 95th percentiles of its training values become
 * rules `feature ≥ τ` and `feature ≤ τ` (duplicates of the same feature/side/τ counted once); a rule
 * is eligible when it takes at least `minN` training trades. The rule with the highest training
 * expectancy (mean outcome per trade) is chosen on the earlier `trainFraction` of sessions and then
 * evaluated, untouched, on the later sessions. The whole search is judged by White's Reality Check
 * and Hansen's SPA on the training sample (edge series d_k,t = 1[rule k takes trade t]·(r_t − r̄)),
 * and the chosen rule's Sharpe ratio is deflated for the number of rules tried.
 */
import type { BootstrapMethod } from "./block-bootstrap.js";
import { percentileSorted, sortedPresent } from "./percentile.js";
import { realityCheck, type RealityCheckResult } from "./reality-check.js";
import { deflatedSharpe, moments, momentsOf, probabilisticSharpe } from "./sharpe.js";
import { welchTTest, type WelchResult } from "./welch-t-test.js";

type NumericColumn = ArrayLike<number | null>;

export interface ThresholdSearchInput {
  /** Continuous features by name (missing = null/NaN). */
  features: Record<string, NumericColumn>;
  /** Per-trade result to maximise (e.g. a trade's result in ticks). */
  outcome: NumericColumn;
  /** Optional win flag, reported beside the outcome. */
  win?: NumericColumn;
  /** Session label per row; sessions sort chronologically (YYYY-MM-DD). */
  session: readonly (string | null)[];
  /** Rows to use, in time order (default: all). */
  rows?: readonly number[];
}

export interface ThresholdSearchOptions {
  trainFraction?: number;
  minN?: number;
  /** Percentiles to sweep, as fractions (default 0.05 … 0.95 step 0.05). */
  percentiles?: number[];
  bootstrapReps?: number;
  blockLength?: number;
  bootstrapMethod?: BootstrapMethod;
  seed?: number;
}

export interface RulePerformance {
  n: number;
  mean: number | null;
  winRate: number | null;
  sharpe: number | null;
}

export interface Rule {
  feature: string;
  side: ">=" | "<=";
  percentile: number;
  threshold: number;
  train: RulePerformance;
}

export interface ThresholdSearchResult {
  trainSessions: string[];
  testSessions: string[];
  train: RulePerformance;
  test: RulePerformance;
  rulesTried: number;
  rules: Rule[];
  chosen: {
    rule: Rule;
    test: RulePerformance;
    /** Test trades the rule takes versus those it skips. */
    testComparison: WelchResult | null;
    psrTrain: number | null;
    psrTest: number | null;
    deflatedSharpe: number | null;
    expectedMaxSharpe: number | null;
  } | null;
  realityCheck: RealityCheckResult | null;
  notes: string[];
}

const DEFAULT_PERCENTILES = Array.from({ length: 19 }, (_, i) => (i + 1) * 5 / 100);

function ok(v: number | null | undefined): v is number {
  return v !== null && v !== undefined && !Number.isNaN(v);
}

function performance(rows: readonly number[], outcome: NumericColumn, win?: NumericColumn): RulePerformance {
  const y = new Float64Array(rows.length);
  for (let t = 0; t < rows.length; t++) y[t] = outcome[rows[t]!]!;
  let present = 0;
  let ones = 0;
  if (win)
    for (let t = 0; t < rows.length; t++) {
      const v = win[rows[t]!];
      if (ok(v)) {
        present++;
        if (v === 1) ones++;
      }
    }
  return performanceOf(y, rows.length, present, ones);
}

/** The performance of the first `n` outcomes of `y`, with `present` known wins of which `ones` are 1. */
function performanceOf(y: Float64Array, n: number, present: number, ones: number): RulePerformance {
  if (n === 0) return { n: 0, mean: null, winRate: null, sharpe: null };
  const m = momentsOf(y, n);
  return { n, mean: m.mean, winRate: present ? ones / present : null, sharpe: Number.isFinite(m.sharpe) ? m.sharpe : null };
}

/** column[r] for each of `rows`, NaN where the value is missing (null, undefined or NaN). */
function gather(rows: readonly number[], column: NumericColumn): Float64Array {
  const out = new Float64Array(rows.length);
  for (let t = 0; t < rows.length; t++) {
    const v = column[rows[t]!];
    out[t] = ok(v) ? v : NaN;
  }
  return out;
}

function fires(value: number | null | undefined, side: ">=" | "<=", threshold: number): boolean {
  return ok(value) && (side === ">=" ? value >= threshold : value <= threshold);
}

export function thresholdSearch(input: ThresholdSearchInput, options: ThresholdSearchOptions = {}): ThresholdSearchResult {
  const trainFraction = options.trainFraction ?? 0.7;
  const minN = options.minN ?? 30;
  const percentiles = options.percentiles ?? DEFAULT_PERCENTILES;
  const notes: string[] = [];
  const all = (input.rows ?? Array.from({ length: input.outcome.length }, (_, i) => i)).filter(
    (r) => ok(input.outcome[r]) && input.session[r] !== null && input.session[r] !== undefined,
  );
  const sessions = [...new Set(all.map((r) => input.session[r]!))].sort();
  const nTrain = Math.min(sessions.length - 1, Math.max(1, Math.floor(sessions.length * trainFraction)));
  const empty: RulePerformance = { n: 0, mean: null, winRate: null, sharpe: null };
  if (sessions.length < 2) {
    notes.push(`threshold search skipped: ${sessions.length} session(s) with outcomes, at least 2 are needed for a walk-forward split`);
    return { trainSessions: sessions, testSessions: [], train: performance(all, input.outcome, input.win), test: empty, rulesTried: 0, rules: [], chosen: null, realityCheck: null, notes };
  }
  const trainSet = new Set(sessions.slice(0, nTrain));
  const trainRows = all.filter((r) => trainSet.has(input.session[r]!));
  const testRows = all.filter((r) => !trainSet.has(input.session[r]!));
  const result = {
    trainSessions: sessions.slice(0, nTrain),
    testSessions: sessions.slice(nTrain),
    train: performance(trainRows, input.outcome, input.win),
    test: performance(testRows, input.outcome, input.win),
  };

  // Per feature its training values in row order (NaN where missing), and per rule one pass over
  // them that collects the outcomes of the rows it takes in row order: the same trades, sums and
  // moments as filtering the rows and mapping them to outcomes, without a closure call per row.
  const trainY = gather(trainRows, input.outcome);
  const trainWin = input.win ? gather(trainRows, input.win) : null;
  const gathered = new Map<string, Float64Array>();
  const takenY = new Float64Array(trainRows.length);
  const rules: Rule[] = [];
  for (const [feature, column] of Object.entries(input.features)) {
    const x = gather(trainRows, column);
    const values = sortedPresent(x);
    if (values.length < minN) {
      notes.push(`${feature}: ${values.length} training values, fewer than ${minN}; not searched`);
      continue;
    }
    gathered.set(feature, x);
    const seen = new Set<string>();
    for (const q of percentiles) {
      const threshold = percentileSorted(values, q);
      for (const side of [">=", "<="] as const) {
        const key = `${side}${threshold}`;
        if (seen.has(key)) continue;
        seen.add(key);
        let taken = 0;
        let present = 0;
        let ones = 0;
        const above = side === ">=";
        for (let t = 0; t < x.length; t++) {
          const v = x[t]!;
          if (above ? v >= threshold : v <= threshold) {
            // false for NaN
            takenY[taken++] = trainY[t]!;
            if (trainWin) {
              const w = trainWin[t]!;
              if (w === w) {
                present++;
                if (w === 1) ones++;
              }
            }
          }
        }
        if (taken < minN) continue;
        rules.push({ feature, side, percentile: Math.round(q * 100), threshold, train: performanceOf(takenY, taken, present, ones) });
      }
    }
  }
  if (rules.length === 0) {
    notes.push(`no rule takes at least ${minN} training trades`);
    return { ...result, rulesTried: 0, rules, chosen: null, realityCheck: null, notes };
  }
  let best = rules[0]!;
  for (const r of rules) if (r.train.mean! > best.train.mean!) best = r;

  const col = input.features[best.feature]!;
  const testTaken = testRows.filter((r) => fires(col[r], best.side, best.threshold));
  const testSkipped = testRows.filter((r) => !fires(col[r], best.side, best.threshold));
  const testPerf = performance(testTaken, input.outcome, input.win);
  if (testTaken.length < minN) notes.push(`the chosen rule takes only ${testTaken.length} out-of-sample trades (< ${minN}): the out-of-sample result is anecdotal`);

  // Sharpe ratios: chosen rule's, deflated for every eligible rule tried
  const sharpes = rules.map((r) => r.train.sharpe).filter(ok);
  const srMean = sharpes.reduce((a, b) => a + b, 0) / sharpes.length;
  const srVariance = sharpes.length > 1 ? sharpes.reduce((a, b) => a + (b - srMean) ** 2, 0) / (sharpes.length - 1) : 0;
  const trainM = moments(trainRows.filter((r) => fires(col[r], best.side, best.threshold)).map((r) => input.outcome[r]!) as number[]);
  const testM = testTaken.length > 2 ? moments(testTaken.map((r) => input.outcome[r]!) as number[]) : null;
  const dsr = deflatedSharpe(trainM, rules.length, srVariance);
  const finite = (v: number) => (Number.isFinite(v) ? v : null);

  // Reality check / SPA on the training sample
  const rBar = trainRows.reduce((s, r) => s + input.outcome[r]!, 0) / trainRows.length;
  const series = rules.map((rule) => {
    const x = gathered.get(rule.feature)!;
    const d = new Float64Array(trainRows.length);
    const above = rule.side === ">=";
    const threshold = rule.threshold;
    for (let t = 0; t < x.length; t++) {
      const v = x[t]!;
      if (above ? v >= threshold : v <= threshold) d[t] = trainY[t]! - rBar;
    }
    return d;
  });
  const rc = realityCheck(series, {
    reps: options.bootstrapReps ?? 1000,
    blockLength: options.blockLength ?? 10,
    method: options.bootstrapMethod ?? "stationary",
    seed: options.seed ?? 1,
  });
  return {
    ...result,
    rulesTried: rules.length,
    rules,
    chosen: {
      rule: best,
      test: testPerf,
      testComparison: welchTTest(
        testTaken.map((r) => input.outcome[r]!) as number[],
        testSkipped.map((r) => input.outcome[r]!) as number[],
      ),
      psrTrain: finite(probabilisticSharpe(trainM)),
      psrTest: testM ? finite(probabilisticSharpe(testM)) : null,
      deflatedSharpe: finite(dsr.dsr),
      expectedMaxSharpe: finite(dsr.benchmark),
    },
    realityCheck: rc,
    notes,
  };
}
