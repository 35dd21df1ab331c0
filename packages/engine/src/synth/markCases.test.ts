import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateScenario, MARK_CASES, type PlantedMarks } from "./scenario.js";
import { synthesizeFiles } from "./synthFiles.js";
import { runContract } from "../pipeline/runContract.js";
import { signalsCsv } from "../pipeline/signalsTable.js";
import { barsFromTicks } from "../bars/buildBars.js";
import { makeConfig } from "../config.js";

const sameBytes = (a: ArrayLike<number> & { buffer: ArrayBufferLike; BYTES_PER_ELEMENT: number }, b: typeof a, n: number) =>
  Buffer.from(a.buffer, 0, n * a.BYTES_PER_ELEMENT).equals(Buffer.from(b.buffer, 0, n * b.BYTES_PER_ELEMENT));

describe("generateScenario with markCases: one session of signals with known footprint marks, and no mark anywhere else", () => {
  const plain = generateScenario({ seed: 7 });
  const sc = generateScenario({ seed: 7, markCases: true });

  it("the default tape and truth are unchanged: the mark cases only append one session", () => {
    expect(plain.marks).toBeUndefined();
    expect(sc.bars).toBe(plain.bars + 60);
    for (const k of ["time", "price", "size", "side"] as const) expect(sameBytes(sc.ticks[k], plain.ticks[k], plain.ticks.length), k).toBe(true);
    expect(sc.signals.slice(0, plain.signals.length)).toEqual(plain.signals);
    expect(sc.balance).toEqual(plain.balance);
    expect(sc.marks!.map((m) => m.name)).toEqual(MARK_CASES.map((c) => c.name));
    expect(sc.signals.slice(plain.signals.length).map((s) => [s.bar, s.kind])).toEqual(sc.marks!.map((m) => [m.bar, m.kind]));
    expect(new Set(sc.marks!.map((m) => m.session))).toEqual(new Set(["2024-01-17"]));
    // after the level cases too, leaving their tape alone
    const levels = generateScenario({ seed: 7, levelCases: true });
    const both = generateScenario({ seed: 7, levelCases: true, markCases: true });
    for (const k of ["time", "price", "size", "side"] as const) expect(sameBytes(both.ticks[k], levels.ticks[k], levels.ticks.length), k).toBe(true);
    expect(both.levels).toEqual(levels.levels);
    expect(new Set(both.marks!.map((m) => m.session))).toEqual(new Set(["2024-01-22"]));
    expect(() => generateScenario({ seed: 1, markCases: true, barsPerSession: 40 })).toThrow(/markCases needs at least 48 bars/);
  });

  it("the planted rows, as the bar builder gives them back (SPEC §5 by hand: ratio exactly 3, volume exactly 10, 2 vs 3 rows)", () => {
    const bars = barsFromTicks(sc.ticks, makeConfig());
    const rows = (bar: number) => {
      const f = bars.footprint!, r0 = f.offset[bar]!, r1 = f.offset[bar + 1]!;
      return { bid: Array.from(f.bidVolume.subarray(r0, r1)), ask: Array.from(f.askVolume.subarray(r0, r1)) };
    };
    const [a, b, twoSell] = sc.marks!;
    expect(rows(a!.bar)).toEqual({ bid: [20, 3, 20, 10, 10, 20, 20, 26, 0], ask: [0, 7, 10, 7, 29, 30, 7, 7, 9] });
    // row 2: ask 10 (volume exactly 10) ≥ 3 × bid 3; row 5: ask 30 = 3 × bid 10 (ratio exactly 3); row 4: 29 < 30
    expect(rows(b!.bar).ask.slice(5, 8)).toEqual([10, 10, 10]);
    expect(rows(b!.bar).bid.slice(4, 7)).toEqual([3, 3, 3]);
    // the short with two sell rows: bid 10 at rows 2 and 3 over ask 3 one tick above; row 1's bid 12 over 10 is not
    expect(rows(twoSell!.bar)).toEqual({ bid: [12, 12, 10, 10, 11, 11, 11, 11, 0], ask: [0, 10, 10, 3, 3, 30, 30, 30, 30] });
  });

  it("end to end: synth --scenario (auction scenario: levels.extraKinds set) → run gives exactly the planted marks on exactly those bars, 0 on every other bar of the session", () => {
    const cfg = makeConfig({ levels: { extraKinds: ["naked_poc", "poor_high", "poor_low"] } });
    for (const seed of [1, 2, 3]) {
      const dir = mkdtempSync(join(tmpdir(), "tda-scn-marks-"));
      const files = synthesizeFiles({ from: [], outDir: dir, format: "scid", seed, scenario: true, config: cfg });
      const truth = JSON.parse(readFileSync(files.truth!, "utf8")) as { marks: PlantedMarks[]; signals: { bar: number }[]; bars: number };
      expect(truth.marks.length).toBe(MARK_CASES.length);
      const run = runContract(files.files[0]!.output, cfg);
      const m = run.marks!;
      expect(m.imbBuy.length).toBe(truth.bars);
      const planted = new Map(truth.marks.map((p) => [p.bar, p]));
      const first = truth.bars - 60;
      for (let i = first; i < truth.bars; i++) {
        const p = planted.get(i);
        const got = [m.imbBuy[i], m.imbSell[i], m.stackedBuy[i], m.stackedSell[i], m.unfinishedHigh[i], m.unfinishedLow[i]];
        expect(got, `seed ${seed} bar ${i} ${p?.name ?? "quiet"}`).toEqual(p ? [p.imbBuy, p.imbSell, p.stackedBuy, p.stackedSell, p.unfinishedHigh, p.unfinishedLow] : [0, 0, 0, 0, 0, 0]);
      }
      // and in signals.csv, on the planted signals' rows
      const csv = [...signalsCsv(run.result.table)].join("").trimEnd().split("\n");
      const h = csv[0]!.split(",");
      const rows = csv.slice(1).map((l) => Object.fromEntries(l.split(",").map((v, j) => [h[j]!, v])));
      expect(rows.length).toBe(truth.signals.length);
      for (const p of truth.marks) {
        const row = rows.find((r) => Date.parse(r.time!) === Math.floor(p.time / 1000))!;
        expect([row.session, row.imb_buy, row.imb_sell, row.stacked_buy, row.stacked_sell, row.unfinished_high, row.unfinished_low], p.name)
          .toEqual([p.session, ...[p.imbBuy, p.imbSell, p.stackedBuy, p.stackedSell, p.unfinishedHigh, p.unfinishedLow].map(String)]);
        expect(row.direction).toBe(p.kind.endsWith("Long") ? "long" : "short");
      }
    }
  });
});
