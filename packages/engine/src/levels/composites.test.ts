import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, type Config } from "../config.js";
import { CompositeTracker, compareForEntry, mergeInto, type Level } from "./composites.js";
import type { SessionProfile } from "./sessionProfiles.js";
import { profileShape, valueArea } from "./valueArea.js";

const cfg: Config["levels"] = structuredClone(DEFAULT_CONFIG.levels);

/** A hand-made session profile: TPO counts of rows base, base + 1, … (1-tick rows, contract 0). */
function profile(session: number, base: number, tpo: number[]): SessionProfile {
  const t = Float64Array.from(tpo);
  const va = valueArea(t, cfg.valueAreaPct);
  return {
    session, contract: 0, ordinal: session, rowTicks: 1, baseRow: base, tpo: t, volume: t, va, volumeVa: va,
    shape: profileShape(va, t.length, cfg),
    high: base + t.length - 1, low: base, poc: base + va.poc, vah: base + va.vah, val: base + va.val,
    volumePoc: base + va.poc, volumeVah: base + va.vah, volumeVal: base + va.val,
    tpoTotal: va.total, volumeTotal: va.total, volumeFromFootprint: false,
    initialBalanceHigh: NaN, initialBalanceLow: NaN, singlePrints: 0, firstRthBar: 0, periods: [],
  };
}

/**
 * One bell of 11 rows: [1,1,2,3,4,5,4,3,2,1,1], total 27, 70% = 18.9. POC at +5 (5 TPOs);
 * up {+6,+7} = 7 vs down {+4,+3} = 7 → tie, up: [+5,+7] 12; up {+8,+9} = 3 vs down 7 → down: [+3,+7] 19 → stop.
 * Value area [+3, +7] (5 rows), x = 0.5, width 0.4 → D.
 */
const BELL = [1, 1, 2, 3, 4, 5, 4, 3, 2, 1, 1];
const sums = (c: { baseRow: number; va: { val: number; poc: number; vah: number } }) => [c.baseRow + c.va.val, c.baseRow + c.va.poc, c.baseRow + c.va.vah];

describe("composite merge and recomputation (hand-worked)", () => {
  const A = profile(0, 100, BELL); // rows 100 … 110, VA [103, 107], POC 105
  const B = profile(1, 102, BELL); // rows 102 … 112, VA [105, 109], POC 107
  const C = profile(2, 105, BELL); // rows 105 … 115, VA [108, 112], POC 110

  it("the bells' own value areas", () => {
    expect([A.val, A.poc, A.vah, A.shape]).toEqual([103, 105, 107, "D"]);
    expect([B.val, B.poc, B.vah]).toEqual([105, 107, 109]);
    expect([C.val, C.poc, C.vah]).toEqual([108, 110, 112]);
  });

  it("A + B: the summed TPOs get their own POC (the middle of three tied rows) and value area", () => {
    // A [103,107] and B [105,109] share 105…107 = 3 rows; narrower 5 → 2·3 = 6 ≥ 5 → merge.
    // Summed rows 100…112: 1 1 3 4 6 8 8 8 6 4 3 1 1 (total 54, 70% = 37.8).
    // POC: 105, 106, 107 tie at 8; the middle of 100…112 is 106 → POC 106.
    // 1) up {107,108} = 14 vs down {105,104} = 14 → tie, up: [106,108] 22
    // 2) up {109,110} = 7 vs down {105,104} = 14 → down: [104,108] 36
    // 3) up {109,110} = 7 vs down {103,102} = 7 → tie, up: [104,110] 43 ≥ 37.8 → stop
    // x = 6/12 = 0.5, width 6/12 = 0.5 → D
    const t = new CompositeTracker(cfg);
    t.complete(A);
    t.complete(B);
    const [ab] = t.composites();
    expect(ab!.sessions).toEqual([0, 1]);
    expect(Array.from(ab!.tpo)).toEqual([1, 1, 3, 4, 6, 8, 8, 8, 6, 4, 3, 1, 1]);
    expect(ab!.baseRow).toBe(100);
    expect(sums(ab!)).toEqual([104, 106, 110]);
    expect([ab!.va.area, ab!.va.total, ab!.shape]).toEqual([43, 54, "D"]);
    // known at the start of session 2: the composite (2 sessions × 1.5, D) and B as the prior session
    expect(t.known(0, 2).map((l) => `${l.kind}@${l.price}×${l.strength}`)).toEqual([
      "cva_low@104×3", "prior_val@105×1", "cva_poc@106×3", "prior_poc@107×1", "prior_vah@109×1", "cva_high@110×3",
    ]);
  });

  it("C merges because it overlaps the composite's value area, not B's: the rule compares with the composite", () => {
    // C [108,112] vs B [105,109]: shared 2, 2·2 = 4 < 5 (no merge with B alone);
    // vs the composite [104,110]: shared 108…110 = 3, 6 ≥ 5 → merge.
    // Summed rows 100…115: 1 1 3 4 6 9 9 10 9 8 8 5 4 2 1 1 (total 81, 70% = 56.7); POC 107 (10).
    // 1) up {108,109} = 17 vs down {106,105} = 18 → down: [105,107] 28
    // 2) up {108,109} = 17 vs down {104,103} = 10 → up: [105,109] 45
    // 3) up {110,111} = 13 vs down {104,103} = 10 → up: [105,111] 58 ≥ 56.7 → stop
    const t = new CompositeTracker(cfg);
    for (const p of [A, B, C]) t.complete(p);
    const all = t.composites();
    expect(all.map((c) => c.sessions)).toEqual([[0, 1, 2]]);
    expect(sums(all[0]!)).toEqual([105, 107, 111]);
    expect(all[0]!.shape).toBe("D"); // x = 7/15, width 6/15
    expect(t.known(0, 3).filter((l) => l.kind.startsWith("cva")).map((l) => `${l.kind}@${l.price}×${l.strength}`))
      .toEqual(["cva_low@105×4.5", "cva_poc@107×4.5", "cva_high@111×4.5"]);
  });

  it("mergeInto is pure: the open composite stays as it stood (levels known earlier do not move)", () => {
    const t = new CompositeTracker(cfg);
    t.complete(A);
    t.complete(B);
    const before = t.composites()[0]!;
    const merged = mergeInto(before, C, cfg);
    expect(sums(before)).toEqual([104, 106, 110]);
    expect(sums(merged)).toEqual([105, 107, 111]);
  });

  it("a composite that is not D-shaped has strength = its sessions (no × 1.5)", () => {
    // rows 100…110: [1,1,1,1,1,1,2,3,5,3,2], total 21, 70% = 14.7; POC 108 (5)
    // up {109,110} = 5 vs down {107,106} = 5 → tie, up: [108,110] 10; no rows above → down: [106,110] 15 → stop
    // x = 8/10 = 0.8 > 0.65, width 4/10 → P. Two identical sessions sum to the same shape.
    const P = [1, 1, 1, 1, 1, 1, 2, 3, 5, 3, 2];
    const t = new CompositeTracker(cfg);
    t.complete(profile(0, 100, P));
    t.complete(profile(1, 100, P));
    expect(t.composites()[0]!.shape).toBe("P");
    const cva = t.known(0, 2).filter((l) => l.kind.startsWith("cva"));
    expect(cva.map((l) => `${l.kind}@${l.price}×${l.strength}`)).toEqual(["cva_low@106×2", "cva_poc@108×2", "cva_high@110×2"]);
  });

  it("one row less of overlap and the composite closes: a new one opens with the session alone", () => {
    // A [103,107] and the bell at 103 (VA [106,110]): shared 106…107 = 2, 2·2 = 4 < 5 → no merge
    // (the bell at 102 shares 3 rows and merges, above; the exact-equality case is in valueArea.test.ts)
    const t = new CompositeTracker(cfg);
    t.complete(A);
    t.complete(profile(1, 103, BELL));
    expect(t.composites().map((c) => c.sessions)).toEqual([[0], [1]]);
    // neither has two sessions: only the prior session's levels are known
    expect(t.known(0, 2).map((l) => l.kind)).toEqual(["prior_val", "prior_poc", "prior_vah"]);
  });
});

describe("nearest-level order (SPEC §6: nearer, stronger, higher price, most recent composite, kind)", () => {
  const lv = (kind: string, price: number, strength: number, lastSession: number): Level =>
    ({ kind, price, strength, sessions: 1, lastSession, val: NaN, vah: NaN });
  const best = (entry: number, levels: Level[]) => [...levels].sort((a, b) => compareForEntry(a, b, entry))[0]!;

  it("nearer first, whatever the strength", () => {
    expect(best(100, [lv("cva_high", 110, 9, 5), lv("prior_poc", 95, 1, 5)]).price).toBe(95);
  });
  it("at equal distance: the stronger", () => {
    expect(best(100, [lv("prior_vah", 110, 1, 5), lv("cva_low", 90, 3, 2)]).price).toBe(90);
  });
  it("at equal distance and strength: the higher price", () => {
    expect(best(100, [lv("cva_low", 90, 3, 5), lv("cva_high", 110, 3, 2)]).price).toBe(110);
  });
  it("same price and strength: the composite whose last session is most recent", () => {
    expect(best(100, [lv("cva_high", 104, 3, 2), lv("cva_low", 104, 3, 7)]).lastSession).toBe(7);
    expect(best(100, [lv("cva_low", 104, 3, 7), lv("cva_high", 104, 3, 2)]).lastSession).toBe(7);
  });
  it("then kind in the listed order: cva_high, cva_low, cva_poc, prior_vah, prior_val, prior_poc, then export kinds", () => {
    const kinds = ["export_vwap", "prior_poc", "export_poc", "prior_val", "cva_poc", "prior_vah", "cva_low", "cva_high"];
    const sorted = kinds.map((k) => lv(k, 104, 1, 3)).sort((a, b) => compareForEntry(a, b, 100)).map((l) => l.kind);
    expect(sorted).toEqual(["cva_high", "cva_low", "cva_poc", "prior_vah", "prior_val", "prior_poc", "export_poc", "export_vwap"]);
  });
});
