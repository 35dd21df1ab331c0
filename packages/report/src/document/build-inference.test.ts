import { describe, expect, it } from "vitest";
import { thresholdSearch } from "@tda/stats";
import { analyze } from "../analysis/analyze.js";
import { inferenceSections } from "./build-inference.js";
import { plain } from "./model.js";

/** 30 sessions of four signals, a close_location that tells winners a little: every inference figure exists. */
function table() {
  const session: string[] = [], win: number[] = [], bracket: number[] = [], loc: number[] = [], vol: number[] = [];
  for (let s = 0; s < 30; s++)
    for (let k = 0; k < 4; k++) {
      const i = s * 4 + k;
      const l = ((i * 17) % 10) / 10;
      const w = (i * 7 + s) % 4 === 0 || (l > 0.75 && (i * 5 + s) % 3 !== 0) ? 1 : 0;
      session.push(`2024-02-${String(s + 1).padStart(2, "0")}`);
      win.push(w);
      bracket.push(w ? 25 : -8);
      loc.push(l);
      vol.push(((i * 29) % 13) / 5);
    }
  return { session, direction: session.map(() => "long"), inv_long: session.map(() => 1), win, bracket_ticks: bracket, close_location: loc, vol_star: vol };
}

describe("inference sections say each figure in a trader's sentence", () => {
  const r = analyze(table(), { minGroupSize: 5, bootstrapSamples: 200, sessionBootstrapSamples: 200, pboBlocks: 4, seed: 2 });
  const blocks = inferenceSections(r);
  const text = blocks.flatMap((b) => (b.kind === "paragraph" ? b.lines.map(plain) : [])).join("\n");
  const pc = (v: number) => `${(100 * v).toFixed(1)}%`;

  it("one heading per figure", () => {
    expect(blocks.filter((b) => b.kind === "heading").map((b) => (b.kind === "heading" ? plain(b.text) : ""))).toEqual([
      "Ranges from resampling whole sessions",
      "The chosen rule, allowing for dependent trades",
      "Data snooping, benchmark re-estimated",
      "Which rules beat taking every signal (StepM)",
      "Walk-forward over whole sessions",
      "Probability of backtest overfitting",
    ]);
  });

  it("with stats.json's numbers, and the walk-forward says why no purge is needed", () => {
    const inf = r.inference;
    expect(text).toContain(`the chance the rule's true Sharpe ratio is above zero is ${pc(inf.chosenRule!.hacPsrTrain!)} in training`);
    expect(text).toContain(`the chance that the best rule's edge is luck alone is p = ${inf.spa!.pConsistent.toFixed(3)}`);
    expect(text).toContain(`${pc(inf.pbo!.pbo)} of the time`);
    const folds = inf.walkForward!.folds;
    const better = folds.filter((f) => f.test.mean !== null && f.test.allMean !== null && f.test.mean > f.test.allMean).length;
    expect(folds.length).toBe(4);
    expect(text).toContain(`it beat taking every signal in ${better} of 4 out-of-sample blocks (5 blocks of whole sessions`);
    expect(text).toContain("Every trade ends within its own session, so no training trade shares a price path with a test trade: no purge or embargo between the blocks is needed.");
  });
});

describe("walk-forward: the rule of each fold is the threshold search's choice on that fold's training sessions", () => {
  it("equals thresholdSearch run on the training span (plus the test fold as its later part)", () => {
    const t = table();
    const r = analyze(t, { minGroupSize: 5, bootstrapSamples: 50, sessionBootstrapSamples: 100, pboBlocks: 4, seed: 2 });
    const folds = r.inference.walkForward!.folds;
    expect(folds.length).toBe(4);
    const sessions = [...new Set(t.session)].sort();
    for (const f of folds) {
      const nTrain = sessions.indexOf(f.trainSessions[1]) + 1;
      const firstTest = sessions[nTrain]!;
      expect(firstTest).toBe(f.testSessions[0]);
      const rows = t.session.map((_, i) => i).filter((i) => t.session[i]! <= firstTest);
      const s = thresholdSearch(
        { features: { vol_star: t.vol_star, close_location: t.close_location }, outcome: t.bracket_ticks, win: t.win, session: t.session, rows },
        { trainFraction: (nTrain + 0.5) / (nTrain + 1), minN: 5, bootstrapReps: 10 },
      );
      expect(s.trainSessions.length).toBe(nTrain);
      const c = s.chosen!.rule;
      expect(f.rule).toEqual({ feature: c.feature, side: c.side, threshold: c.threshold, trainN: c.train.n, trainMean: c.train.mean });
    }
  });
});
