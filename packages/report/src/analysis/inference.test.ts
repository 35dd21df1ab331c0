import { describe, expect, it } from "vitest";
import { hacSharpeMoments, hacWelchTest, tradeSessionBootstrap, walkForwardFolds, sessionRuns } from "@tda/stats";
import { analyze } from "./analyze.js";

/**
 * Six sessions of two long signals each: wins and bracket results a trader can check by hand
 * (8 wins of 12; results sum 4·25 + 4·10 − 4·8 = 108, so expectancy 9 ticks, profit factor 140/32).
 */
function smallTable() {
  const session = ["d1", "d1", "d2", "d2", "d3", "d3", "d4", "d4", "d5", "d5", "d6", "d6"];
  const win = [1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1];
  const bracket = [25, -8, 10, 25, -8, 10, 25, -8, 10, 25, -8, 10];
  return {
    direction: session.map(() => "long"),
    inv_long: session.map(() => 1),
    session,
    win,
    bracket_ticks: bracket,
  };
}

describe("inference figures through analyze()", () => {
  const table = smallTable();
  const result = analyze(table, { minGroupSize: 2, sessionBootstrapSamples: 500, seed: 3 });

  it("session bootstrap of all signals equals the library called directly", () => {
    const direct = tradeSessionBootstrap({ win: table.win, result: table.bracket_ticks }, table.session, { reps: 500, seed: 3 });
    const got = result.inference.sessionBootstrap!.overall!;
    expect(got.sessions).toBe(6);
    expect(got.rows).toBe(12);
    expect(got.winRate.estimate).toBeCloseTo(8 / 12, 12);
    expect(got.expectancy.estimate).toBeCloseTo(9, 12);
    expect(got.profitFactor.estimate).toBeCloseTo(140 / 32, 12);
    for (const k of ["winRate", "expectancy", "profitFactor"] as const) {
      expect(got[k].low).toBe(direct.intervals[k].low);
      expect(got[k].high).toBe(direct.intervals[k].high);
      expect(got[k].low).toBeLessThanOrEqual(got[k].estimate);
      expect(got[k].high).toBeGreaterThanOrEqual(got[k].estimate);
    }
    expect(result.inference.sessionBootstrap!.reps).toBe(500);
  });

  it("each reported group gets its own session bootstrap", () => {
    const sb = result.inference.sessionBootstrap!;
    expect(sb.groups.length).toBe(result.groups.groups.length);
    expect(sb.groups.length).toBeGreaterThan(0);
    // one group holds every row here (all long inversions), so its interval is the overall one
    expect(sb.groups[0]!.figures!.winRate).toEqual(sb.overall!.winRate);
  });

  it("walk-forward folds cut the sessions as walkForwardFolds does", () => {
    const r = analyze(table, { minGroupSize: 2, walkForwardFolds: 3 });
    const folds = walkForwardFolds(sessionRuns(table.session), 12, 3);
    const wf = r.inference.walkForward!;
    expect(wf.k).toBe(3);
    expect(wf.folds.map((f) => f.testSessions)).toEqual([["d3", "d4"], ["d5", "d6"]]);
    expect(wf.folds.map((f) => f.fold)).toEqual(folds.map((f) => f.fold));
    // no feature column: no rule can be chosen, the test fold's take-everything mean is still reported
    expect(wf.folds[0]!.rule).toBeNull();
    expect(wf.folds[0]!.test.allMean).toBeCloseTo((-8 + 10 + 25 - 8) / 4, 12) // rows 4…7 (d3, d4);
  });

  it("same seed gives the same JSON, another seed other intervals", () => {
    const a = JSON.stringify(analyze(table, { minGroupSize: 2, sessionBootstrapSamples: 500, seed: 3 }));
    expect(a).toBe(JSON.stringify(result));
    const b = analyze(table, { minGroupSize: 2, sessionBootstrapSamples: 500, seed: 4 });
    expect(JSON.stringify(b.inference.sessionBootstrap)).not.toBe(JSON.stringify(result.inference.sessionBootstrap));
  });
});

describe("inference figures of a threshold search", () => {
  // 20 sessions × 20 long signals; the result rises with vol_star so the search has a rule to find
  const session: string[] = [];
  const vol: number[] = [];
  const bracket: number[] = [];
  const win: number[] = [];
  let x = 7;
  const rand = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let s = 0; s < 20; s++)
    for (let j = 0; j < 20; j++) {
      session.push(`2024-02-${String(s + 1).padStart(2, "0")}`);
      const v = 0.5 + 2 * rand();
      vol.push(v);
      const b = Math.round(8 * (v - 1.5) + 20 * (rand() - 0.5));
      bracket.push(b);
      win.push(b > 0 ? 1 : 0);
    }
  const table = { direction: session.map(() => "long"), inv_long: session.map(() => 1), session, win, bracket_ticks: bracket, vol_star: vol };
  const r = analyze(table, { minGroupSize: 20, bootstrapSamples: 200, seed: 2, pboBlocks: 8 });

  it("HAC Welch and PSR equal the library on the chosen rule's trades", () => {
    const c = r.thresholds!.chosen!;
    const trainSet = new Set(r.thresholds!.trainSessions);
    const takes = (i: number) => (c.rule.side === ">=" ? vol[i]! >= c.rule.threshold : vol[i]! <= c.rule.threshold);
    const idx = bracket.map((_, i) => i);
    const testTaken = idx.filter((i) => !trainSet.has(session[i]!) && takes(i)).map((i) => bracket[i]!);
    const testSkipped = idx.filter((i) => !trainSet.has(session[i]!) && !takes(i)).map((i) => bracket[i]!);
    const w = hacWelchTest(testTaken, testSkipped, { lag: "newey-west-1994" })!;
    expect(r.inference.chosenRule!.hacTestComparison!.p).toBe(w.p);
    const m = hacSharpeMoments(idx.filter((i) => trainSet.has(session[i]!) && takes(i)).map((i) => bracket[i]!), { lag: "newey-west-1994" });
    expect(r.inference.chosenRule!.varianceRatio).toBe(m.varianceRatio);
    expect(r.inference.chosenRule!.hacPsrTrain).toBeGreaterThan(0);
    expect(r.inference.chosenRule!.hacPsrTrain).toBeLessThanOrEqual(1);
  });

  it("SPA, StepM, walk-forward and PBO are all reported", () => {
    const inf = r.inference;
    expect(inf.spa!.benchmarkPerDraw).toBe(true);
    expect(inf.spa!.pLower).toBeLessThanOrEqual(inf.spa!.pConsistent);
    expect(inf.spa!.pConsistent).toBeLessThanOrEqual(inf.spa!.pUpper);
    expect(inf.stepM!.rules).toBe(r.thresholds!.rulesTried);
    for (const rej of inf.stepM!.rejected) expect(rej.adjustedP).toBeLessThanOrEqual(0.05);
    expect(inf.walkForward!.folds.length).toBe(4);
    for (const f of inf.walkForward!.folds) expect(f.rule?.feature).toBe("vol_star");
    expect(inf.pbo!.blocks).toBe(8);
    expect(inf.pbo!.splits).toBe(70);
    expect(inf.pbo!.pbo).toBeGreaterThanOrEqual(0);
    expect(inf.pbo!.pbo).toBeLessThanOrEqual(1);
    // the ledger gains no entry (same hypotheses as the iid tests, or already FWER-adjusted)
    expect(r.pValues.map((p) => p.id).filter((id) => id.startsWith("threshold:"))).toEqual(["threshold:spa", "threshold:out-of-sample"]);
  });
});

describe("inference sections of the report", () => {
  it("say the session-bootstrap range in a trader's sentence, with the same numbers as stats.json", async () => {
    const { reportBody } = await import("../document/build-body.js");
    const { plain } = await import("../document/model.js");
    const r = analyze(smallTable(), { minGroupSize: 2, sessionBootstrapSamples: 500, seed: 3 });
    const o = r.inference.sessionBootstrap!.overall!;
    const body = reportBody(r);
    const text = body.flatMap((b) => (b.kind === "paragraph" ? b.lines.map(plain) : [])).join("\n");
    const pc = (v: number) => `${(100 * v).toFixed(1)}%`;
    expect(text).toContain(`Resampling whole sessions (500 draws), the win rate of all signals has a 95% range of ${pc(o.winRate.low)} … ${pc(o.winRate.high)}`);
    expect(body.some((b) => b.kind === "heading" && plain(b.text) === "Walk-forward over whole sessions")).toBe(true);
  });
});
