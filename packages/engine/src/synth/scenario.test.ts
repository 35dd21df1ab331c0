import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateScenario, type PlantedKind, type PlantedLevel } from "./scenario.js";
import { synthesizeFiles } from "./synthFiles.js";
import { runContract } from "../pipeline/runContract.js";
import { signalsCsv } from "../pipeline/signalsTable.js";
import { barsFromTicks, tickSessions } from "../bars/buildBars.js";
import { makeConfig } from "../config.js";
import type { BarTable } from "../barTable.js";

/** SPEC §5 flags of one bar from its footprint, after the hierarchy (test-local, written from the SPEC). */
function flags(b: BarTable, i: number): PlantedKind[] {
  const out: PlantedKind[] = [];
  const d = b.delta[i]!, o = b.open[i]!, c = b.close[i]!;
  const trapped = d < 0 ? d / b.minDelta[i]! : d > 0 ? d / b.maxDelta[i]! : 0;
  if (d < 0 && c > o) out.push(trapped >= 0.75 ? "invStrongLong" : "invLong");
  if (d > 0 && c < o) out.push(trapped >= 0.75 ? "invStrongShort" : "invShort");
  const f = b.footprint!, r0 = f.offset[i]!, r1 = f.offset[i + 1]!;
  if (r1 - r0 >= 3) {
    const [a0, a1, a2] = [f.askVolume[r1 - 1]!, f.askVolume[r1 - 2]!, f.askVolume[r1 - 3]!];
    if (a1 >= 5 && a0 <= 0.5 * a1) out.push(a2 >= 5 && a1 <= 0.5 * a2 && a0 <= 0.2 * a2 ? "exhAccelShort" : "exhShort");
    const [b0, b1, b2] = [f.bidVolume[r0]!, f.bidVolume[r0 + 1]!, f.bidVolume[r0 + 2]!];
    if (b1 >= 5 && b0 <= 0.5 * b1) out.push(b2 >= 5 && b1 <= 0.5 * b2 && b0 <= 0.2 * b2 ? "exhAccelLong" : "exhLong");
  }
  return out;
}

describe("generateScenario", () => {
  const sc = generateScenario({ seed: 11 });
  const cfg = makeConfig();
  const bars = barsFromTicks(sc.ticks, cfg);

  it("the range-bar builder cuts the tape exactly into the designed bars", () => {
    expect(bars.length).toBe(sc.bars);
    expect(sc.bars).toBe(7 * 60);
    for (let i = 0; i < bars.length; i++) expect(bars.high[i]! - bars.low[i]!).toBe(8);
  });

  it("every planted signal is found at its bar, with its kind, and no other bar carries any signal", () => {
    expect(sc.signals.length).toBe(5 * 4);
    expect(new Set(sc.signals.map((s) => s.kind)).size).toBe(8);
    const planted = new Map(sc.signals.map((s) => [s.bar, s]));
    for (let i = 0; i < bars.length; i++) {
      const p = planted.get(i);
      expect(flags(bars, i)).toEqual(p ? [p.kind] : []);
      if (p) expect(bars.time[i]).toBe(p.time);
    }
  });

  it("sessions: one per weekday from 08:30 CT; the balance band holds, then the trend leaves it", () => {
    const s = tickSessions(sc.ticks, { exchangeTimeZone: "America/Chicago", sessionStart: "08:30", rthEnd: "15:15" });
    const names = s.sessions.map((x) => x.name);
    expect(names).toEqual([...sc.balance.sessions, ...sc.balance.trendSessions]);
    expect(names).toEqual(["2024-01-08", "2024-01-09", "2024-01-10", "2024-01-11", "2024-01-12", "2024-01-15", "2024-01-16"]);
    expect(s.sessions.every((x) => !x.partial)).toBe(true);
    expect(new Date(sc.ticks.time[0]! / 1000).toISOString()).toBe("2024-01-08T14:30:00.000Z");
    // balance: every balance session's range overlaps the band by at least half of its own range
    for (const x of s.sessions.slice(0, 5)) {
      let lo = Infinity, hi = -Infinity;
      for (let i = x.start; i < x.end; i++) { lo = Math.min(lo, sc.ticks.price[i]!); hi = Math.max(hi, sc.ticks.price[i]!); }
      const shared = Math.min(hi, sc.balance.high) - Math.max(lo, sc.balance.low);
      expect(2 * shared).toBeGreaterThanOrEqual(hi - lo);
    }
    expect(sc.balance.high - sc.balance.low).toBeLessThanOrEqual(64 + 2 * 9);
    expect(sc.balance.trendClose).toBeGreaterThan(sc.balance.high + 40);
  });

  it("holds for many seeds and other shapes (every bar is checked against SPEC §5 as it is generated)", () => {
    for (let seed = 1; seed <= 30; seed++) {
      const x = generateScenario({ seed, balanceSessions: 3, trendSessions: 1, barsPerSession: 40, signalsPerSession: 8 });
      const b = barsFromTicks(x.ticks, cfg);
      expect(b.length).toBe(x.bars);
      for (const p of x.signals) expect(flags(b, p.bar)).toEqual([p.kind]);
    }
  });

  it("is deterministic for a seed", () => {
    const again = generateScenario({ seed: 11 });
    expect(Buffer.from(again.ticks.time.buffer).equals(Buffer.from(sc.ticks.time.buffer))).toBe(true);
    expect(Buffer.from(again.ticks.size.buffer).equals(Buffer.from(sc.ticks.size.buffer))).toBe(true);
    expect(again.signals).toEqual(sc.signals);
    expect(generateScenario({ seed: 12 }).ticks.time[5]).not.toBe(sc.ticks.time[5]);
  });
});

describe("generateScenario with levelCases: a naked POC and a poor high, each the nearest level of a planted signal", () => {
  const cfg = makeConfig({ levels: { extraKinds: ["naked_poc", "poor_high", "poor_low"] } });
  const plain = generateScenario({ seed: 11 });
  const sc = generateScenario({ seed: 11, levelCases: true });

  it("the default tape and truth are unchanged: the level cases only append three sessions", () => {
    expect(plain.levels).toBeUndefined();
    expect(sc.bars).toBe(plain.bars + 3 * 60);
    const n = plain.ticks.length;
    for (const k of ["time", "price", "size", "side"] as const) {
      expect(Buffer.from(sc.ticks[k].buffer, 0, n * sc.ticks[k].BYTES_PER_ELEMENT).equals(Buffer.from(plain.ticks[k].buffer, 0, n * plain.ticks[k].BYTES_PER_ELEMENT)), k).toBe(true);
    }
    expect(sc.signals.slice(0, plain.signals.length)).toEqual(plain.signals);
    expect(sc.balance).toEqual(plain.balance);
    expect(sc.signals.slice(plain.signals.length).map((s) => [s.kind, s.session])).toEqual([["invShort", "2024-01-19"], ["invLong", "2024-01-19"]]);
    expect(() => generateScenario({ seed: 1, levelCases: true, barsPerSession: 40 })).toThrow(/60 bars per session/);
  });

  it("the profiles come out as designed: A's POC, B's high with 2 TPOs, and nothing in B reaches A's POC", () => {
    const a = sc.levels!.find((l) => l.kind === "naked_poc")!.price;
    const bars = barsFromTicks(sc.ticks, cfg);
    const s = tickSessions(sc.ticks, { timeZone: "America/Chicago", sessionStart: "08:30", rthEnd: "15:15" }).sessions;
    expect(s.map((x) => x.name).slice(-3)).toEqual(["2024-01-17", "2024-01-18", "2024-01-19"]);
    expect(sc.levels!.map((l) => [l.kind, l.source, l.session])).toEqual([["poor_high", "2024-01-18", "2024-01-19"], ["naked_poc", "2024-01-17", "2024-01-19"]]);
    // B (bars 480 … 539) trades b = a + 18 … b + 18 = a + 36 only
    let lo = Infinity, hi = -Infinity;
    for (let i = 480; i < 540; i++) { lo = Math.min(lo, bars.low[i]!); hi = Math.max(hi, bars.high[i]!); }
    expect([lo, hi]).toEqual([a + 18, a + 36]);
  });

  it("end to end: synth --scenario (config with levels.extraKinds) → run finds each planted level exactly at its signal", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const d = mkdtempSync(join(tmpdir(), "tda-scn-levels-"));
      const f = synthesizeFiles({ from: [], outDir: d, format: "scid", seed, scenario: true, config: cfg });
      const t = JSON.parse(readFileSync(f.truth!, "utf8")) as { levels: PlantedLevel[] };
      const r = runContract(f.files[0]!.output, cfg);
      for (const p of t.levels) expect([r.levels.levelKind[p.bar], r.levels.levelPrice[p.bar], r.levels.levelDistance[p.bar]], `seed ${seed} ${p.kind}`).toEqual([p.kind, p.price, p.distance]);
    }
    const dir = mkdtempSync(join(tmpdir(), "tda-scn-levels-"));
    const files = synthesizeFiles({ from: [], outDir: dir, format: "scid", seed: 11, scenario: true, config: cfg });
    const truth = JSON.parse(readFileSync(files.truth!, "utf8")) as { levels: PlantedLevel[]; signals: unknown[] };
    expect(truth.levels).toEqual(sc.levels);
    const run = runContract(files.files[0]!.output, cfg);
    const csv = [...signalsCsv(run.result.table)].join("").trimEnd().split("\n");
    const h = csv[0]!.split(",");
    const rows = csv.slice(1).map((l) => Object.fromEntries(l.split(",").map((v, j) => [h[j]!, v])));
    expect(rows.length).toBe(truth.signals.length);
    for (const p of truth.levels) {
      expect([run.levels.levelKind[p.bar], run.levels.levelPrice[p.bar], run.levels.levelStrength[p.bar], run.levels.levelDistance[p.bar], run.levels.nearLevel[p.bar]], `${p.kind}`)
        .toEqual([p.kind, p.price, 1, p.distance, 1]);
      const row = rows.find((r) => Date.parse(r.time!) === Math.floor(run.market.bars.time[p.bar]! / 1000))!;
      expect([row.level_kind, +row.level_price!, +row.level_distance!]).toEqual([p.kind, p.price * 0.25, p.distance]);
    }
    // the same signals without the setting get other levels (the planted ones are not known)
    const off = runContract(files.files[0]!.output, makeConfig());
    for (const p of truth.levels) expect(off.levels.levelKind[p.bar]).not.toBe(p.kind);
    // and the truth file of the default scenario has no "levels"
    const dir2 = mkdtempSync(join(tmpdir(), "tda-scn-plain-"));
    const plainFiles = synthesizeFiles({ from: [], outDir: dir2, format: "scid", seed: 11, scenario: true, config: makeConfig() });
    expect("levels" in JSON.parse(readFileSync(plainFiles.truth!, "utf8"))).toBe(false);
  });
});
