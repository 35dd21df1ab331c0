/**
 * The search of a whole parameter sweep, judged as one (SPEC §8: "every combination counts as a
 * trial in the DSR, SPA and PBO of the sweep"). A trial is one threshold rule at one grid point, so
 * a sweep of P points whose searches try R rules each has P × R trials (Σ over points when R varies).
 *
 * - Deflated Sharpe ratio: the sweep's best trial is the one with the highest training expectancy
 *   (as each point chooses its rule); its training trades' Sharpe ratio, with the Newey–West
 *   variance of `hacSharpeMoments` (and, beside it, the iid one), is deflated by the expected maximum
 *   of N = all trials unskilled Sharpe ratios whose variance is that of every trial's training Sharpe.
 * - SPA (Hansen 2005): H₀ no trial makes money. Trials have different trades, so they are compared
 *   on a common clock: each trial's result per session (0 in a session it does not trade) over the
 *   training sessions; the benchmark is not trading. Whole sessions are resampled (rows are sessions).
 * - PBO (CSCV, Bailey et al. 2017): the same per-session results over every session, S blocks.
 *
 * The settings are the sweep's own (the config's `stats`, not a point's). Thin data gives a note.
 */
import {
  deflatedSharpe,
  hacDeflatedSharpe,
  hacSharpeMoments,
  moments,
  probabilityOfBacktestOverfitting,
  spaTest,
} from "@tda/stats";
import type { SweepPointFigures, SweepPointTrials, SweepRuleLabel } from "./point-figures.js";

export interface SweepSearchSettings {
  seed: number;
  bootstrapSamples: number;
  pboBlocks: number;
}

export interface SweepFigures {
  points: number;
  /** Every (point, rule) pair tried. */
  trials: number;
  /** Rules tried at each point, in point order. */
  trialsPerPoint: number[];
  best: {
    point: string;
    rule: SweepRuleLabel;
    trainTrades: number;
    trainExpectancy: number | null;
    testTrades: number;
    testExpectancy: number | null;
  } | null;
  deflatedSharpe: {
    trials: number;
    /** Variance of every trial's training Sharpe ratio. */
    sharpeVariance: number;
    expectedMaxSharpe: number;
    /** With the Newey–West variance of the mean (the one to read). */
    hac: number | null;
    iid: number | null;
    varianceRatio: number | null;
    lag: number | null;
  } | null;
  spa: { sessions: number; trials: number; reps: number; statistic: number; pConsistent: number; pLower: number; pUpper: number; whiteP: number; bestTrial: string | null } | null;
  pbo: { blocks: number; splits: number; strategies: number; sessions: number; pbo: number; slope: number | null; intercept: number | null; probabilityOfLoss: number } | null;
  notes: string[];
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
export const ruleText = (r: SweepRuleLabel): string => `${r.feature} ${r.side} ${r.threshold}`;

export function sweepFigures(
  points: readonly { id: string; figures: SweepPointFigures; trials: SweepPointTrials }[],
  settings: SweepSearchSettings,
): SweepFigures {
  const notes: string[] = [];
  const trialsPerPoint = points.map((p) => p.trials.rules.length);
  const trials = trialsPerPoint.reduce((a, b) => a + b, 0);
  const out: SweepFigures = { points: points.length, trials, trialsPerPoint, best: null, deflatedSharpe: null, spa: null, pbo: null, notes };
  if (trials === 0) {
    notes.push("no grid point has a threshold rule with enough trades: no sweep-wide DSR, SPA or PBO");
    return out;
  }
  // every trial with its point, in point order then the search's rule order
  const all = points.flatMap((p) => p.trials.rules.map((rule) => ({ point: p, rule })));

  // the best trial: highest training expectancy, the first on ties (each point's chosen rule is its best)
  let best = points.find((p) => p.figures.chosen) ?? null;
  for (const p of points) if (p.figures.chosen && p.figures.chosen.trainExpectancy! > best!.figures.chosen!.trainExpectancy!) best = p;
  if (best) {
    const c = best.figures.chosen!;
    out.best = { point: best.id, rule: c.rule, trainTrades: c.trainTrades, trainExpectancy: c.trainExpectancy, testTrades: c.testTrades, testExpectancy: c.testExpectancy };
    const sharpes = all.map((t) => t.rule.trainSharpe).filter((v): v is number => v !== null);
    const mean = sharpes.reduce((a, b) => a + b, 0) / Math.max(1, sharpes.length);
    const variance = sharpes.length > 1 ? sharpes.reduce((a, b) => a + (b - mean) ** 2, 0) / (sharpes.length - 1) : 0;
    const x = best.trials.chosenTrainTrades!;
    if (x.length > 2) {
      const hm = hacSharpeMoments(x, { lag: "newey-west-1994" });
      const hac = hacDeflatedSharpe(hm, trials, variance);
      const iid = deflatedSharpe(moments(Array.from(x)), trials, variance);
      out.deflatedSharpe = {
        trials,
        sharpeVariance: variance,
        expectedMaxSharpe: hac.benchmark,
        hac: finite(hac.dsr),
        iid: finite(iid.dsr),
        varianceRatio: finite(hm.varianceRatio),
        lag: hm.lag,
      };
    } else notes.push(`the best trial has ${x.length} training trades: no deflated Sharpe ratio`);
  }

  // a common clock: sessions (union over the points, in date order)
  const sessions = [...new Set(points.flatMap((p) => p.trials.sessions))].sort();
  const train = new Set(points.flatMap((p) => p.trials.trainSessions));
  const trainSessions = sessions.filter((s) => train.has(s));
  const series = (keep: readonly string[]) => {
    const at = new Map(keep.map((s, i) => [s, i]));
    return all.map(({ point, rule }) => {
      const x = new Float64Array(keep.length);
      point.trials.sessions.forEach((s, i) => {
        const j = at.get(s);
        if (j !== undefined) x[j] = rule.sessionResult[i]!;
      });
      return x;
    });
  };
  const label = (k: number) => `${all[k]!.point.id} ${ruleText(all[k]!.rule.label)}`;
  try {
    if (trainSessions.length < 3) throw new Error(`${trainSessions.length} training sessions, at least 3 are needed`);
    const starts = Int32Array.from(trainSessions, (_, i) => i);
    const s = spaTest({ performance: series(trainSessions) }, { reps: settings.bootstrapSamples, seed: settings.seed, resampling: { kind: "sessions", sessionStarts: starts } });
    out.spa = {
      sessions: trainSessions.length, trials, reps: s.reps, statistic: s.statistic,
      pConsistent: s.pConsistent, pLower: s.pLower, pUpper: s.pUpper, whiteP: s.whiteP,
      bestTrial: s.best >= 0 ? label(s.best) : null,
    };
  } catch (e) {
    notes.push(`sweep-wide SPA skipped: ${(e as Error).message}`);
  }
  try {
    const p = probabilityOfBacktestOverfitting(series(sessions), { blocks: settings.pboBlocks });
    out.pbo = {
      blocks: p.blocks, splits: p.splits, strategies: p.strategies, sessions: p.rows, pbo: p.pbo,
      slope: finite(p.degradation.slope), intercept: finite(p.degradation.intercept), probabilityOfLoss: p.degradation.probabilityOfLoss,
    };
  } catch (e) {
    notes.push(`sweep-wide probability of backtest overfitting skipped: ${(e as Error).message}`);
  }
  return out;
}
