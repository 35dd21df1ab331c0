/**
 * One grid point of a parameter sweep (SPEC §8 "Parameter sweeps"): the figures of its signals table
 * that the sweep's table shows, computed by the same steps as `analyze()` (so each equals the
 * stats.json of a single run with the point's config), and its trials — the threshold rules of its
 * search — as the sweep-wide DSR, SPA and PBO need them.
 *
 * Only the parts of the analysis a sweep table shows are run (groups, the threshold search with its
 * reality check): the regressions, session bootstraps, StepM, walk-forward and PBO of a single run
 * are left to `tda run` on the point a user picks.
 */
import { SIGNAL_COLUMNS as C } from "@tda/engine";
import { moments } from "@tda/stats";
import { signalFeatures } from "../analysis/features.js";
import { baseWinRate, directionalRows, signalGroups, tradeColumns } from "../analysis/groups.js";
import { type AnalyzeOptions, resolveSettings } from "../analysis/options.js";
import { classifySignals, type SignalsTable, tableLength, text } from "../analysis/signals-table.js";
import { searchThresholds } from "../analysis/thresholds.js";

export interface SweepRuleLabel {
  feature: string;
  side: ">=" | "<=";
  threshold: number;
}

/** A point's figures, as sweep.csv shows them (null where a figure does not exist). */
export interface SweepPointFigures {
  /** Directional signals (long or short). */
  signals: number;
  /** Directional signals with a known outcome. */
  trades: number;
  winRate: number | null;
  /** Mean bracket result per trade, ticks. */
  expectancy: number | null;
  profitFactor: number | null;
  /** Per-trade Sharpe ratio of the bracket results (mean / standard deviation, n − 1). */
  sharpe: number | null;
  pnlUsd: number | null;
  /** Threshold rules tried at this point (its trials). */
  rulesTried: number;
  /** The point's chosen rule (best training expectancy) and how it did out of sample. */
  chosen: {
    rule: SweepRuleLabel;
    trainTrades: number;
    trainExpectancy: number | null;
    testTrades: number;
    testExpectancy: number | null;
    testWinRate: number | null;
    deflatedSharpe: number | null;
    /** Welch test of the out-of-sample taken vs skipped trades. */
    testP: number | null;
  } | null;
  /** The threshold search's SPA (benchmark held fixed) and White reality-check p-values. */
  spaP: number | null;
  whiteP: number | null;
}

/** The point's trials in the form the sweep-wide tests take. */
export interface SweepPointTrials {
  /** Sessions with at least one trade, sorted. */
  sessions: string[];
  /** The earlier sessions the point's rules were chosen on. */
  trainSessions: string[];
  rules: {
    label: SweepRuleLabel;
    trainExpectancy: number;
    trainSharpe: number | null;
    /** The rule's result per session (ticks, summed over its trades; 0 in a session it does not trade). */
    sessionResult: Float64Array;
  }[];
  /** The chosen rule's training trades in time order (for the sweep's deflated Sharpe ratio). */
  chosenTrainTrades: Float64Array | null;
}

export interface SweepPointResult {
  figures: SweepPointFigures;
  trials: SweepPointTrials;
  notes: string[];
}

const finite = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : v);
const ok = (v: number | null | undefined): v is number => v !== undefined && v !== null && !Number.isNaN(v);
const fires = (v: number | null | undefined, side: ">=" | "<=", t: number) => ok(v) && (side === ">=" ? v >= t : v <= t);

export function sweepPointFigures(table: SignalsTable, options: AnalyzeOptions = {}): SweepPointResult {
  const notes: string[] = [];
  const n = tableLength(table);
  const settings = resolveSettings(table, n, options);
  // the first steps of analyze(), in its order, so each figure is the one stats.json reports
  const cls = classifySignals(table, n, notes);
  const { rows: directional, counts } = directionalRows(cls, n, notes);
  const trades = tradeColumns(table, n, settings.horizons, notes);
  const base = baseWinRate(trades.win as Float64Array | undefined, directional, notes);
  const { overall } = signalGroups(table, n, cls, directional, trades, base.rate, settings, notes);
  const features = signalFeatures(table, n, cls);
  const search = searchThresholds(table, n, features, trades, directional, settings, notes);

  const result = trades.resultTicks;
  const session = text(table, C.session, n);
  const all = result && session ? directional.filter((r) => ok(result[r]) && session[r] !== null) : [];
  const m = all.length > 1 ? moments(all.map((r) => result![r]!)) : null;
  const chosen = search?.chosen ?? null;
  const figures: SweepPointFigures = {
    signals: counts.directional,
    trades: base.known,
    winRate: finite(overall.winRate),
    expectancy: finite(overall.expectancy),
    profitFactor: finite(overall.profitFactor),
    sharpe: m ? finite(m.sharpe) : null,
    pnlUsd: finite(overall.pnlUsd),
    rulesTried: search?.rulesTried ?? 0,
    chosen: chosen
      ? {
          rule: { feature: chosen.rule.feature, side: chosen.rule.side, threshold: chosen.rule.threshold },
          trainTrades: chosen.rule.train.n,
          trainExpectancy: finite(chosen.rule.train.mean),
          testTrades: chosen.test.n,
          testExpectancy: finite(chosen.test.mean),
          testWinRate: finite(chosen.test.winRate),
          deflatedSharpe: finite(chosen.deflatedSharpe),
          testP: finite(chosen.testComparison?.p),
        }
      : null,
    spaP: finite(search?.realityCheck?.spaP),
    whiteP: finite(search?.realityCheck?.whiteP),
  };

  // trials: every rule of the search, as a result per session over all sessions
  const sessions = [...new Set(all.map((r) => session![r]!))].sort();
  const at = new Map(sessions.map((s, i) => [s, i]));
  const trainSet = new Set(search?.trainSessions ?? []);
  const rules = (search?.rules ?? []).map((rule) => {
    const column = features[rule.feature]!;
    const sessionResult = new Float64Array(sessions.length);
    for (const r of all) if (fires(column[r], rule.side, rule.threshold)) sessionResult[at.get(session![r]!)!] += result![r]!;
    return {
      label: { feature: rule.feature, side: rule.side, threshold: rule.threshold },
      trainExpectancy: rule.train.mean!,
      trainSharpe: finite(rule.train.sharpe),
      sessionResult,
    };
  });
  let chosenTrainTrades: Float64Array | null = null;
  if (chosen) {
    const column = features[chosen.rule.feature]!;
    chosenTrainTrades = Float64Array.from(
      all.filter((r) => trainSet.has(session![r]!) && fires(column[r], chosen.rule.side, chosen.rule.threshold)),
      (r) => result![r]!,
    );
  }
  return { figures, trials: { sessions, trainSessions: search?.trainSessions ?? [], rules, chosenTrainTrades }, notes: [...notes, ...(search?.notes ?? [])] };
}
