import { describe, expect, it } from "vitest";
import { expectedMaxSharpe, hacDeflatedSharpe, hacSharpeMoments, probabilityOfBacktestOverfitting, spaTest } from "@tda/stats";
import { analyze } from "../analysis/analyze.js";
import { buildSweepReport } from "../document/build-sweep.js";
import { plain } from "../document/model.js";
import { renderMarkdown } from "../render/markdown.js";
import { sweepPointFigures, type SweepPointFigures, type SweepPointTrials } from "./point-figures.js";
import { sweepFigures } from "./sweep-figures.js";

/** 12 sessions × 6 signals: a volStar that separates winners a little, so the search has rules to try. */
function table(shift: number) {
  const session: string[] = [], direction: string[] = [], win: number[] = [], bracket: number[] = [], volStar: number[] = [], loc: number[] = [];
  for (let s = 0; s < 12; s++)
    for (let k = 0; k < 6; k++) {
      const i = s * 6 + k;
      session.push(`2024-01-${String(s + 1).padStart(2, "0")}`);
      direction.push(i % 3 ? "long" : "short");
      const v = ((i * 37) % 23) / 10 + shift;
      const w = (i * 7 + s) % 5 < 2 || v > 1.8 ? 1 : 0;
      win.push(w);
      bracket.push(w ? 25 : -((i % 4) + 6));
      volStar.push(v);
      loc.push(((i * 13) % 11) / 10);
    }
  return { session, direction, inv_long: direction.map((d) => (d === "long" ? 1 : 0)), inv_short: direction.map((d) => (d === "short" ? 1 : 0)), win, bracket_ticks: bracket, vol_star: volStar, close_location: loc };
}

describe("sweepPointFigures", () => {
  it("gives the figures analyze() puts in stats.json", () => {
    const t = table(0);
    const opts = { minGroupSize: 5, bootstrapSamples: 200, seed: 4 };
    const a = analyze(t, opts);
    const { figures: f, trials } = sweepPointFigures(t, opts);
    expect(f.signals).toBe(a.counts.directional);
    expect(f.trades).toBe(a.counts.withOutcome);
    expect(f.winRate).toBe(a.overall.winRate);
    expect(f.expectancy).toBe(a.overall.expectancy);
    expect(f.profitFactor).toBe(a.overall.profitFactor);
    expect(f.rulesTried).toBe(a.thresholds!.rulesTried);
    expect(f.rulesTried).toBeGreaterThan(10);
    expect(f.chosen!.rule).toEqual({ feature: a.thresholds!.chosen!.rule.feature, side: a.thresholds!.chosen!.rule.side, threshold: a.thresholds!.chosen!.rule.threshold });
    expect(f.chosen!.testExpectancy).toBe(a.thresholds!.chosen!.test.mean);
    expect(f.chosen!.deflatedSharpe).toBe(a.thresholds!.chosen!.deflatedSharpe);
    expect(f.spaP).toBe(a.thresholds!.realityCheck!.spaP);
    expect(f.whiteP).toBe(a.thresholds!.realityCheck!.whiteP);
    // Sharpe of every trade, by hand
    const r = t.bracket_ticks;
    const m = r.reduce((x, y) => x + y, 0) / r.length;
    const sd = Math.sqrt(r.reduce((x, y) => x + (y - m) ** 2, 0) / (r.length - 1));
    expect(f.sharpe).toBeCloseTo(m / sd, 12);
    // a trial's result per session is the sum of the trades its rule takes there
    expect(trials.sessions).toHaveLength(12);
    const rule = a.thresholds!.rules[3]!;
    const col = rule.feature === "vol_star" ? t.vol_star : t.close_location;
    const expected = trials.sessions.map((s) =>
      t.session.reduce((acc, ss, i) => acc + (ss === s && (rule.side === ">=" ? col[i]! >= rule.threshold : col[i]! <= rule.threshold) ? r[i]! : 0), 0));
    expect(Array.from(trials.rules[3]!.sessionResult)).toEqual(expected);
    expect(trials.rules[3]!.trainSharpe).toBe(rule.train.sharpe);
  });
});

/** A hand-made point: its figures matter only for the best trial; its trials are given. */
function point(id: string, sessions: string[], train: string[], rules: { mean: number; sharpe: number; result: number[] }[], chosenTrades: number[]) {
  const best = rules.reduce((b, r) => (r.mean > b.mean ? r : b), rules[0]!);
  const figures = {
    signals: 10, trades: 10, winRate: 0.5, expectancy: 1, profitFactor: 1.2, sharpe: 0.1, pnlUsd: 10, rulesTried: rules.length,
    chosen: { rule: { feature: "vol_star", side: ">=", threshold: best.mean }, trainTrades: chosenTrades.length, trainExpectancy: best.mean, testTrades: 3, testExpectancy: 0.5, testWinRate: 0.3, deflatedSharpe: 0.4, testP: 0.5 },
    spaP: 0.5, whiteP: 0.5,
  } as SweepPointFigures;
  const trials: SweepPointTrials = {
    sessions,
    trainSessions: train,
    rules: rules.map((r, k) => ({ label: { feature: "vol_star", side: ">=" as const, threshold: k }, trainExpectancy: r.mean, trainSharpe: r.sharpe, sessionResult: Float64Array.from(r.result) })),
    chosenTrainTrades: Float64Array.from(chosenTrades),
  };
  return { id, figures, trials };
}

describe("sweepFigures: every (point, rule) is a trial", () => {
  const days = ["d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8"];
  // point B has no trade in d1 (its sessions start at d2): its series must hold 0 there
  const a = point("p1", days, days.slice(0, 6), [
    { mean: 1.5, sharpe: 0.2, result: [3, -1, 2, 0, 4, -2, 1, 5] },
    { mean: 0.5, sharpe: 0.05, result: [1, 1, -3, 2, 0, 1, -1, 2] },
  ], [3, -1, 2, 4, -2, 1, 0, 2]);
  const b = point("p2", days.slice(1), days.slice(1, 6), [
    { mean: 2.5, sharpe: 0.3, result: [2, 2, -1, 3, 0, -2, 4] },
    { mean: 0.1, sharpe: -0.1, result: [-1, 0, 1, -2, 1, 0, 1] },
    { mean: -0.4, sharpe: -0.2, result: [0, -3, 1, 1, -1, 2, 0] },
  ], [2, 2, -1, 3, 5, -1, 2, 0, 1]);
  const settings = { seed: 7, bootstrapSamples: 300, pboBlocks: 4 };
  const s = sweepFigures([a, b], settings);
  const matrix = [
    [3, -1, 2, 0, 4, -2, 1, 5],
    [1, 1, -3, 2, 0, 1, -1, 2],
    [0, 2, 2, -1, 3, 0, -2, 4],
    [0, -1, 0, 1, -2, 1, 0, 1],
    [0, 0, -3, 1, 1, -1, 2, 0],
  ];

  it("counts the trials as the sum over points of their rules", () => {
    expect(s.trials).toBe(5);
    expect(s.trialsPerPoint).toEqual([2, 3]);
    expect(s.spa!.trials).toBe(5);
    expect(s.pbo!.strategies).toBe(5);
    expect(s.deflatedSharpe!.trials).toBe(5);
  });

  it("the best trial is the highest training expectancy; its DSR is deflated for all trials", () => {
    expect(s.best!.point).toBe("p2");
    const sharpes = [0.2, 0.05, 0.3, -0.1, -0.2];
    const mean = sharpes.reduce((x, y) => x + y, 0) / 5;
    const variance = sharpes.reduce((x, y) => x + (y - mean) ** 2, 0) / 4;
    expect(s.deflatedSharpe!.sharpeVariance).toBeCloseTo(variance, 15);
    expect(s.deflatedSharpe!.expectedMaxSharpe).toBe(expectedMaxSharpe(5, s.deflatedSharpe!.sharpeVariance));
    const hm = hacSharpeMoments([2, 2, -1, 3, 5, -1, 2, 0, 1], { lag: "newey-west-1994" });
    expect(s.deflatedSharpe!.hac).toBe(hacDeflatedSharpe(hm, 5, s.deflatedSharpe!.sharpeVariance).dsr);
  });

  it("SPA and PBO run on each trial's result per session, sessions aligned across points", () => {
    const pbo = probabilityOfBacktestOverfitting(matrix, { blocks: 4 });
    expect(s.pbo!.pbo).toBe(pbo.pbo);
    expect(s.pbo!.sessions).toBe(8);
    const train = matrix.map((r) => r.slice(0, 6)); // d1 … d6: the union of the points' training sessions
    const spa = spaTest({ performance: train }, { reps: 300, seed: 7, resampling: { kind: "sessions", sessionStarts: Int32Array.from([0, 1, 2, 3, 4, 5]) } });
    expect(s.spa!.pConsistent).toBe(spa.pConsistent);
    expect(s.spa!.sessions).toBe(6);
  });

  it("the report says how many trials the sweep counts and shows the surface", () => {
    const doc = buildSweepReport({
      title: "Parameter sweep — test",
      grid: { keys: ["levels.nearTicks"], values: [[8, 12]] },
      points: [{ ...a, settings: { "levels.nearTicks": 8 } }, { ...b, settings: { "levels.nearTicks": 12 } }],
      sweep: s,
      stages: [{ name: "read", what: "read the inputs and built the bars and sessions", runs: 1 }, { name: "levels", what: "built the profiles, composites, nearest levels and scenarios", runs: 2 }],
      contracts: ["ESH24-CME"],
      notices: [],
    });
    const md = renderMarkdown(doc);
    expect(md).toContain("5 trials (2 points × their rules, 2 + 3)");
    expect(md).toContain("read the inputs and built the bars and sessions once, built the profiles, composites, nearest levels and scenarios 2 times");
    expect(md).toMatch(/\| all signals \| 1\.00 \(10\) \| 1\.00 \(10\) \|/);
    expect(doc.figures[0]!.blocks.length).toBe(1);
    expect(plain(doc.body[0]!.kind === "heading" ? doc.body[0]!.text : [])).toBe("Parameter sweep — test");
  });

  it("no rule anywhere: a note, no figures", () => {
    const none = sweepFigures([{ ...a, trials: { ...a.trials, rules: [] } }], settings);
    expect(none.trials).toBe(0);
    expect(none.pbo).toBeNull();
    expect(none.notes[0]).toMatch(/no grid point has a threshold rule/);
  });
});
