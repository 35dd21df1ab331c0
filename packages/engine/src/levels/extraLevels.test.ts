import { describe, expect, it } from "vitest";
import { emptyBarTable, type Market } from "../barTable.js";
import { DEFAULT_CONFIG, makeConfig, type Config, type ExtraLevelKind } from "../config.js";
import { buildSessionsTable } from "../pipeline/sessionsTable.js";
import { assignSessions, barClock } from "../sessions/sessions.js";
import { timeZone } from "../timeZone.js";
import { compareForEntry, type Level } from "./composites.js";
import { computeLevels } from "./computeLevels.js";
import { LEVEL_KINDS } from "./types.js";

import { day, market, withBars, ZONE, rules, type Day, type Ohlc } from "./market.testing.js";

/**
 * A balance day around C (as in computeLevels.test.ts): periods 0–1 trade C−20 … C+20, periods 2–13
 * C−10 … C+10. TPO rows C−10 … C+10 hold 14, the outer rows 2 each: POC C (the middle of 21 tied rows),
 * value area [C−6, C+10]; the top row C+20 and the bottom row C−20 hold 2 TPOs each (periods 0 and 1).
 */
const balance = (date: string, C: number) => day(date, (_k, p) => (p < 2 ? [C, C + 20, C - 20, C] : [C, C + 10, C - 10, C]));
/** Consecutive calendar dates from 2024-04-01 (weekends included: every date with RTH bars is a session). */
const dateOf = (k: number) => new Date(Date.UTC(2024, 3, 1 + k)).toISOString().slice(0, 10);

const ALL: ExtraLevelKind[] = ["naked_poc", "poor_high", "poor_low"];
const cfgWith = (extraKinds: ExtraLevelKind[], more: Partial<Config["levels"]> = {}): Config["levels"] =>
  ({ ...structuredClone(DEFAULT_CONFIG.levels), extraKinds, ...more });
const none = (n: number) => ({ direction: new Int8Array(n), entry: new Float64Array(n).fill(NaN) });
function levelsOf(days: Day[][], extraKinds: ExtraLevelKind[] = ALL, more: Partial<Config["levels"]> = {}) {
  const m = market(days);
  const n = m.bars.length;
  return { m, out: computeLevels(m, none(n).direction, none(n).entry, cfgWith(extraKinds, more), rules) };
}
const extra = (levels: { kind: string; price: number; lastSession: number }[]) =>
  levels.filter((l) => (ALL as string[]).includes(l.kind)).map((l) => `${l.kind}@${l.price}←${l.lastSession}`);

describe("naked_poc (SPEC §6): the POC of s−60 … s−2 that no bar of a later session traded through", () => {
  // day 0 around 1000 (POC 1000), day 1 around 1100 (range 1080 … 1120), day 2 wherever
  const d0 = balance(dateOf(0), 1000), d1 = balance(dateOf(1), 1100), d2 = balance(dateOf(2), 1100);

  it("day 0's POC is naked at the start of day 2; day 1's POC is prior_poc there, not naked_poc", () => {
    const { out } = levelsOf([[d0, d1, d2]]);
    expect(extra(out.sessions[2]!.levels).filter((k) => k.startsWith("naked"))).toEqual(["naked_poc@1000←0"]);
    const at2 = out.sessions[2]!.levels;
    expect(at2.some((l) => l.kind === "prior_poc" && l.price === 1100)).toBe(true);
    expect(at2.some((l) => l.kind === "naked_poc" && l.price === 1100)).toBe(false);
    // strength 1, one session, the source session's value area
    expect(at2.find((l) => l.kind === "naked_poc")).toEqual({ kind: "naked_poc", price: 1000, strength: 1, sessions: 1, lastSession: 0, val: 994, vah: 1010 });
    // day 1 starts with day 0 as s − 1: no naked POC yet
    expect(extra(out.sessions[1]!.levels).filter((k) => k.startsWith("naked"))).toEqual([]);
  });

  const nakedAt2 = (d1x: Day) => extra(levelsOf([[d0, d1x, d2]]).out.sessions[2]!.levels).filter((k) => k.startsWith("naked"));
  const d1With = (k: number, b: Ohlc) => day(dateOf(1), (j, p) => (j === k ? b : p < 2 ? [1100, 1120, 1080, 1100] : [1100, 1110, 1090, 1100]));

  it("a bar of a later session whose high is exactly the POC has traded through it; one tick short has not", () => {
    expect(nakedAt2(d1With(40, [1005, 1010, 1000, 1005]))).toEqual([]); // low exactly 1000
    expect(nakedAt2(d1With(40, [995, 1000, 990, 995]))).toEqual([]); // high exactly 1000
    expect(nakedAt2(d1With(40, [995, 999, 990, 995]))).toEqual(["naked_poc@1000←0"]);
    expect(nakedAt2(d1With(40, [1005, 1010, 1001, 1005]))).toEqual(["naked_poc@1000←0"]);
  });

  it("an overnight bar of a later session counts (RTH or not); the POC session's own evening does not", () => {
    // day 1 at 20:00 and at 02:00 the next night (still day 1's session): both fill day 0's POC
    expect(nakedAt2(withBars(d1, [[690, [1002, 1004, 1000, 1001]]]))).toEqual([]);
    expect(nakedAt2(withBars(d1, [[1050, [998, 1000, 996, 999]]]))).toEqual([]);
    // day 0's own evening trading at its POC: not a later session, the POC stays naked
    const { out } = levelsOf([[withBars(d0, [[690, [1000, 1001, 999, 1000]]]), d1, d2]]);
    expect(extra(out.sessions[2]!.levels).filter((k) => k.startsWith("naked"))).toEqual(["naked_poc@1000←0"]);
  });

  it("the session s itself never counts (no look-ahead): day 2 trading through 1000 still sees it naked at its start", () => {
    const { out } = levelsOf([[d0, d1, balance(dateOf(2), 1000), balance(dateOf(3), 1100)]]);
    expect(extra(out.sessions[2]!.levels).filter((k) => k.startsWith("naked"))).toEqual(["naked_poc@1000←0"]);
    // … and at day 3 it is gone (day 2 traded through it), while day 1's POC (1100) is naked
    expect(extra(out.sessions[3]!.levels).filter((k) => k.startsWith("naked"))).toEqual(["naked_poc@1100←1"]);
  });

  it("look-back: the POC of s − 60 is known, that of s − 61 is not (default lookbackSessions 60)", () => {
    const days = [balance(dateOf(0), 1000), ...Array.from({ length: 61 }, (_, k) => balance(dateOf(k + 1), 1200))];
    const { out } = levelsOf([days], ["naked_poc"]);
    const at = (s: number) => out.sessions[s]!.levels.filter((l) => l.kind === "naked_poc" && l.price === 1000).length;
    expect([at(60), at(61)]).toEqual([1, 0]);
    // the 1200 days trade through each other's POC: only the 1000 POC is ever naked
    expect(out.sessions[60]!.levels.filter((l) => l.kind === "naked_poc").map((l) => l.price)).toEqual([1000]);
    // with lookbackSessions 3: s − 3 known, s − 4 not
    const short = levelsOf([days.slice(0, 5)], ["naked_poc"], { lookbackSessions: 3 }).out;
    expect([3, 4].map((s) => short.sessions[s]!.levels.filter((l) => l.kind === "naked_poc").length)).toEqual([1, 0]);
  });

  it("every open POC at once: several stay naked, sorted by price with the other levels", () => {
    // 1000, then 1100, 1200, 1300 going up: none is revisited; at day 4: naked 1000, 1100, 1200 (1300 is prior)
    const { out } = levelsOf([[d0, d1, balance(dateOf(2), 1200), balance(dateOf(3), 1300), balance(dateOf(4), 1400)]], ["naked_poc"]);
    expect(extra(out.sessions[4]!.levels)).toEqual(["naked_poc@1000←0", "naked_poc@1100←1", "naked_poc@1200←2"]);
    const prices = out.sessions[4]!.levels.map((l) => l.price);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });

  it("a session without RTH bars (the partial session before the file's first 08:30) has no profile and adds nothing; ordinals skip it", () => {
    // the file opens at 20:00 the evening before day 0, trading through 1000, 1100 and 1200
    const early = { date: dateOf(0), bars: [[1000, 1200, 990, 1100]] as Ohlc[], minutes: [-750] };
    const { m, out } = levelsOf([[early, d0, d1, d2]]);
    expect(m.sessions[0]!.partial).toBe(true);
    expect(out.sessions[0]!.profile).toBeUndefined();
    expect(out.sessions[0]!.levels).toEqual([]);
    expect(extra(out.sessions[3]!.levels).filter((k) => k.startsWith("naked"))).toEqual(["naked_poc@1000←1"]);
  });

  it("levels never cross a contract: the next contract starts with no naked POC", () => {
    const { out } = levelsOf([[d0, d1, d2], [balance(dateOf(10), 1500), balance(dateOf(11), 1600), balance(dateOf(12), 1700)]]);
    expect(extra(out.sessions[3]!.levels)).toEqual([]);
    expect(extra(out.sessions[5]!.levels).filter((k) => k.startsWith("naked"))).toEqual(["naked_poc@1500←3"]);
  });
});

describe("poor_high / poor_low: the prior session's RTH extreme when its TPO row holds ≥ 2", () => {
  it("two TPOs at the top and bottom rows → both, at the RTH high and low, source the prior session", () => {
    const { out } = levelsOf([[balance(dateOf(0), 1000), balance(dateOf(1), 1000)]], ["poor_high", "poor_low"]);
    expect(extra(out.sessions[1]!.levels)).toEqual(["poor_low@980←0", "poor_high@1020←0"]);
  });

  it("one TPO at the top row (only period 0 reached it) → no poor high; two at the bottom → poor low", () => {
    const d = day(dateOf(0), (_k, p) => [1000, p < 1 ? 1020 : 1010, p < 2 ? 980 : 990, 1000]);
    const { out } = levelsOf([[d, balance(dateOf(1), 1000)]], ["poor_high", "poor_low"]);
    expect(extra(out.sessions[1]!.levels)).toEqual(["poor_low@980←0"]);
  });

  it("a row reached by two bars of ONE period holds one TPO: not poor", () => {
    const d = day(dateOf(0), (k, p) => [1000, p === 0 && k < 2 ? 1020 : 1010, 980, 1000]);
    const { out } = levelsOf([[d, balance(dateOf(1), 1000)]], ["poor_high"]);
    expect(extra(out.sessions[1]!.levels)).toEqual([]);
  });

  it("a one-row profile with ≥ 2 TPOs is both a poor high and a poor low (the one row is both extremes)", () => {
    const flat = day(dateOf(0), () => [1000, 1000, 1000, 1000]);
    const { out } = levelsOf([[flat, balance(dateOf(1), 1000)]]);
    // at one price, strength 1, same session: kind order prior_vah, prior_val, prior_poc, poor_high, poor_low
    expect(out.sessions[1]!.levels.map((l) => `${l.kind}@${l.price}`)).toEqual(["prior_vah@1000", "prior_val@1000", "prior_poc@1000", "poor_high@1000", "poor_low@1000"]);
    // a one-row profile of a single bar (one period, one TPO) is neither
    const one = { date: dateOf(0), bars: [[1000, 1000, 1000, 1000]] as Ohlc[], minutes: [0] };
    expect(extra(levelsOf([[one, balance(dateOf(1), 1000)]]).out.sessions[1]!.levels)).toEqual([]);
  });

  it("only the prior session's: gone the session after, and never across a contract", () => {
    const { out } = levelsOf([[balance(dateOf(0), 1000), day(dateOf(1), () => [1100, 1101, 1099, 1100]), balance(dateOf(2), 1000)], [balance(dateOf(5), 1000)]], ["poor_high", "poor_low"]);
    // at day 2 the prior is day 1 (1099 … 1101, every period: 14 TPOs at each extreme)
    expect(extra(out.sessions[2]!.levels)).toEqual(["poor_low@1099←1", "poor_high@1101←1"]);
    expect(extra(out.sessions[3]!.levels)).toEqual([]);
  });

  it("a kind not listed in levels.extraKinds is not computed", () => {
    const days = [[balance(dateOf(0), 1000), balance(dateOf(1), 1100), balance(dateOf(2), 1100)]];
    expect(extra(levelsOf(days, ["poor_low"]).out.sessions[2]!.levels)).toEqual(["poor_low@1080←1"]);
    expect(extra(levelsOf(days, ["naked_poc"]).out.sessions[2]!.levels)).toEqual(["naked_poc@1000←0"]);
    expect(extra(levelsOf(days, []).out.sessions[2]!.levels)).toEqual([]);
  });
});

describe("proximity with the extra kinds", () => {
  const lv = (kind: string, price: number, strength: number, lastSession: number): Level =>
    ({ kind, price, strength, sessions: 1, lastSession, val: NaN, vah: NaN });

  it("at equal distance, strength, price and session: the extra kinds come after every other kind, as naked_poc, poor_high, poor_low", () => {
    const kinds = ["poor_low", "export_vwap", "poor_high", "prior_poc", "naked_poc", "export_poc", "cva_high", "prior_vah"];
    const sorted = kinds.map((k) => lv(k, 104, 1, 3)).sort((a, b) => compareForEntry(a, b, 100)).map((l) => l.kind);
    expect(sorted).toEqual(["cva_high", "prior_vah", "prior_poc", "export_poc", "export_vwap", "naked_poc", "poor_high", "poor_low"]);
    expect(LEVEL_KINDS.length).toBe(6);
  });

  it("a naked POC ranks by its own (older) session: at one price the prior session's level wins before kind is asked", () => {
    expect([lv("naked_poc", 104, 1, 1), lv("poor_low", 104, 1, 2)].sort((a, b) => compareForEntry(a, b, 100))[0]!.kind).toBe("poor_low");
    expect([lv("naked_poc", 104, 1, 2), lv("naked_poc", 104, 1, 1)].sort((a, b) => compareForEntry(a, b, 100))[0]!.lastSession).toBe(2);
  });

  /** day 0 at 1000, day 1 a one-row day at `p1`, signal on day 2 bar 30 with entry = its close. */
  function signal(p1: number, close: number, dir: 1 | -1, extraKinds: ExtraLevelKind[] = ALL) {
    const m = market([[balance(dateOf(0), 1000), day(dateOf(1), () => [p1, p1, p1, p1]), day(dateOf(2), (k) => (k === 30 ? [close, close + 1, close - 1, close] : [1200, 1201, 1199, 1200]))]]);
    const n = m.bars.length, t = 2 * 81 + 30;
    const direction = new Int8Array(n);
    direction[t] = dir;
    const out = computeLevels(m, direction, Float64Array.from(m.bars.close), cfgWith(extraKinds), rules);
    return { kind: out.levelKind[t], price: out.levelPrice[t], strength: out.levelStrength[t], distance: out.levelDistance[t], near: out.nearLevel[t], scenario: out.scenario[t] };
  }

  it("a signal nearest to a naked POC gets it (kind, price, strength 1, distance, near); without the setting it does not", () => {
    // day 1 one row at 1050: levels 1000 (naked), 1050 (prior ×3, poor ×2); entry 1008 → naked_poc at −8
    expect(signal(1050, 1008, 1)).toEqual({ kind: "naked_poc", price: 1000, strength: 1, distance: -8, near: 1, scenario: 0 });
    expect(signal(1050, 1008, 1, []).kind).toBe("prior_vah");
  });

  it("equal distance above and below at equal strength: the higher price wins, whatever the kind", () => {
    // naked 1000 below, the one-row day at 1016 above (prior_vah first by kind at that price): entry 1008, 8 from both
    expect([signal(1016, 1008, 1).kind, signal(1016, 1008, 1).price]).toEqual(["prior_vah", 1016]);
    // the one-row day at 984 below, the naked POC 1000 above: entry 992 → the naked POC
    expect([signal(984, 992, -1).kind, signal(984, 992, -1).distance]).toEqual(["naked_poc", 8]);
  });

  it("scenarios keep using value-area edges only: a naked POC at 0 ticks gives no scenario", () => {
    const r = signal(1050, 1000, -1);
    expect([r.kind, r.distance, r.scenario]).toEqual(["naked_poc", 0, 0]);
  });
});

describe("levels.extraKinds setting", () => {
  it("default none (undefined, the same as []): the level set is the seed's", () => {
    expect(makeConfig().levels.extraKinds).toBeUndefined();
    expect(makeConfig({ levels: { extraKinds: [] } }).levels.extraKinds).toEqual([]);
    expect(makeConfig({ levels: { extraKinds: ["poor_low", "naked_poc"] } }).levels.extraKinds).toEqual(["poor_low", "naked_poc"]);
  });
  it("rejects anything but a list of distinct known names, naming the setting and the allowed names", () => {
    expect(() => makeConfig({ levels: { extraKinds: ["naked"] as never } }, "my.json")).toThrow(/my\.json\.levels\.extraKinds: "naked" is not an extra level kind; expected a list of any of "naked_poc", "poor_high", "poor_low"/);
    expect(() => makeConfig({ levels: { extraKinds: "naked_poc" as never } })).toThrow(/config\.levels\.extraKinds: expected a list of any of "naked_poc", "poor_high", "poor_low" \(or \[\] for none\), got "naked_poc"/);
    expect(() => makeConfig({ levels: { extraKinds: ["poor_high", "poor_high"] } })).toThrow(/levels\.extraKinds: "poor_high" is listed twice/);
    // computeLevels checks it too (a Config built by hand)
    const m = market([[balance(dateOf(0), 1000)]]);
    expect(() => computeLevels(m, none(81).direction, none(81).entry, cfgWith(["x" as never]), rules)).toThrow(/levels\.extraKinds/);
  });
});

describe("sessions.csv: the levels known at each session start show the extra kinds when enabled", () => {
  it("levels_known lists naked_poc, poor_high, poor_low in points; without the setting it is unchanged", () => {
    const days = [[balance(dateOf(0), 1000), balance(dateOf(1), 1100), balance(dateOf(2), 1100)]];
    const col = (kinds: ExtraLevelKind[]) => {
      const { m, out } = levelsOf(days, kinds);
      const t = buildSessionsTable(m, out);
      return t.columns.find((c) => c.name === "levels_known")!.values[2];
    };
    // day 1 (C = 1100): VAL 1094, POC 1100, VAH 1110, low 1080, high 1120 → in points × 0.25
    expect(col([])).toBe("prior_val@273.5×1 prior_poc@275×1 prior_vah@277.5×1");
    expect(col(ALL)).toBe("naked_poc@250×1 poor_low@270×1 prior_val@273.5×1 prior_poc@275×1 prior_vah@277.5×1 poor_high@280×1");
  });
});
