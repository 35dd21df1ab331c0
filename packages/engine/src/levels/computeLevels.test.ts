import { describe, expect, it } from "vitest";
import { emptyBarTable, type Market } from "../barTable.js";
import { DEFAULT_CONFIG, makeConfig, type Config } from "../config.js";
import { assignSessions, barClock } from "../sessions/sessions.js";
import { timeZone } from "../timeZone.js";
import { CompositeTracker } from "./composites.js";
import { computeLevels } from "./computeLevels.js";
import { sessionProfiles } from "./sessionProfiles.js";
import { SCENARIO } from "./types.js";

import { day, market, withBars, ZONE, rules, type Day, type Ohlc } from "./market.testing.js";


/**
 * A balance day around C: periods 0–1 trade C−20 … C+20, periods 2–13 trade C−10 … C+10.
 * TPO rows: C−10 … C+10 hold 14 each, the 40 outer rows 2 each; total 334, 70% = 233.8.
 * POC: 21 tied rows, the middle of the profile (C) wins. Value area: four upper-side ties take
 * C+1 … C+10 (154 TPOs), then the lower side (28 per step vs 4 above) three times → [C−6, C+10], 238.
 * Shape: x = 20/40 = 0.5, VA width 16/40 = 0.4 → D.
 */
const balance = (date: string, C: number) =>
  day(date, (_k, p) => (p < 2 ? [C, C + 20, C - 20, C] : [C, C + 10, C - 10, C]));
/** A trend day from B: period p trades B + 9p … B + 9p + 10 (range B … B + 127). */
const trend = (date: string, B: number) => day(date, (_k, p) => [B + 9 * p, B + 9 * p + 10, B + 9 * p, B + 9 * p + 10]);

const cfg: Config["levels"] = structuredClone(DEFAULT_CONFIG.levels);
const none = (n: number) => ({ direction: new Int8Array(n), entry: new Float64Array(n).fill(NaN) });

describe("session profiles of a planted balance day", () => {
  it("POC, value area, shape, initial balance, single prints as computed by hand", () => {
    const m = market([[balance("2024-04-01", 1000)]]);
    const p = sessionProfiles(m, cfg, rules).bySession[0]!;
    expect([p.low, p.high, p.poc, p.val, p.vah]).toEqual([980, 1020, 1000, 994, 1010]);
    expect(p.tpoTotal).toBe(334);
    expect(p.shape).toBe("D");
    expect(p.periods.map((x) => x.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(p.periods[13]).toEqual({ id: 13, first: 78, last: 80 }); // 15:00 … 15:10
    expect([p.initialBalanceLow, p.initialBalanceHigh]).toEqual([980, 1020]);
    expect(p.singlePrints).toBe(0);
    // volume spread evenly: periods 0–1 (12 bars × 100 over 41 ticks), the rest (69 bars × 100 over 21 ticks)
    expect(p.volumeTotal).toBeCloseTo(8100, 9);
    expect(p.volumeFromFootprint).toBe(false);
    // every core row gets 69·100/21 + 12·100/41 ≈ 357.8, each outer row 12·100/41 ≈ 29.3; 70% of 8100 = 5670:
    // upper ties up to 1010 (11 rows ≈ 3936), then the lower side three times (≈ 715.7 each) → 994
    expect([p.volumePoc, p.volumeVal, p.volumeVah]).toEqual([1000, 994, 1010]);
  });
});

describe("volume profile from the footprint", () => {
  it("sums bid + ask per row when the bars carry a footprint, and says nothing about spreading", () => {
    const m = market([[balance("2024-04-01", 1000)]]);
    const b = m.bars;
    const price: number[] = [], offset = [0];
    for (let i = 0; i < b.length; i++) {
      for (let t = b.low[i]!; t <= b.high[i]!; t++) price.push(t);
      offset.push(price.length);
    }
    // bid 1 and ask 2 on every row: volume per row = 3 × bars covering it (12 outer-period bars + 69 core bars)
    b.footprint = { offset: Int32Array.from(offset), price: Int32Array.from(price), bidVolume: new Float64Array(price.length).fill(1), askVolume: new Float64Array(price.length).fill(2) };
    const out = computeLevels(m, none(b.length).direction, none(b.length).entry, cfg, rules);
    const p = out.sessions[0]!.profile!;
    expect(p.volumeFromFootprint).toBe(true);
    expect(p.volumeTotal).toBe(3 * (12 * 41 + 69 * 21));
    expect(out.notices.some((x) => x.includes("spread"))).toBe(false);
    const sp = sessionProfiles(m, cfg, rules).bySession[0]!;
    expect([sp.volume[0], sp.volume[20]]).toEqual([36, 3 * 81]); // row 980: 12 bars; row 1000: all 81
  });
});

describe("composites of a planted balance → trend → balance sequence", () => {
  const dates = ["2024-04-01", "2024-04-02", "2024-04-03", "2024-04-04", "2024-04-05", "2024-04-08", "2024-04-09", "2024-04-10", "2024-04-11", "2024-04-12"];
  const days = [
    balance(dates[0]!, 1000), balance(dates[1]!, 1000), balance(dates[2]!, 1000),
    trend(dates[3]!, 1100), trend(dates[4]!, 1240), trend(dates[5]!, 1380),
    balance(dates[6]!, 1600), balance(dates[7]!, 1600), balance(dates[8]!, 1600), balance(dates[9]!, 1600),
  ];
  const m = market([days, [balance("2024-04-15", 1000), balance("2024-04-16", 1000)]]);
  const n = m.bars.length;
  const out = computeLevels(m, none(n).direction, none(n).entry, cfg, rules);
  const kinds = (s: number) => out.sessions[s]!.levels.map((l) => `${l.kind}@${l.price}×${l.strength}`);

  it("merges the balance days, keeps each trend day alone, and never crosses the contract change", () => {
    const tracker = new CompositeTracker(cfg);
    const profiles = sessionProfiles(m, cfg, rules).bySession;
    for (const p of profiles.slice(0, 10)) tracker.complete(p!);
    expect(tracker.composites().map((c) => c.sessions)).toEqual([[0, 1, 2], [3], [4], [5], [6, 7, 8, 9]]);
    const a = tracker.composites()[0]!;
    // three identical balance days: summed counts keep the same POC and value area, D-shaped
    expect([(a.baseRow + a.va.val), (a.baseRow + a.va.poc), (a.baseRow + a.va.vah), a.shape]).toEqual([994, 1000, 1010, "D"]);
    tracker.complete(profiles[10]!);
    expect(tracker.composites().map((c) => c.sessions)).toEqual([[10]]);
  });

  it("levels known at the start of each session: the composites as they stood after the day before", () => {
    expect(kinds(0)).toEqual([]);
    expect(kinds(1)).toEqual(["prior_val@994×1", "prior_poc@1000×1", "prior_vah@1010×1"]);
    // two balance days: the composite (2 sessions × 1.5 for D) and the prior day at the same prices;
    // at one price the stronger comes first
    expect(kinds(2)).toEqual(["cva_low@994×3", "prior_val@994×1", "cva_poc@1000×3", "prior_poc@1000×1", "cva_high@1010×3", "prior_vah@1010×1"]);
    expect(kinds(3).filter((k) => k.startsWith("cva"))).toEqual(["cva_low@994×4.5", "cva_poc@1000×4.5", "cva_high@1010×4.5"]);
    // after the first trend day: the closed balance composite stays known, the trend day is only "prior"
    expect(kinds(4).filter((k) => k.startsWith("cva"))).toEqual(["cva_low@994×4.5", "cva_poc@1000×4.5", "cva_high@1010×4.5"]);
    expect(kinds(4).filter((k) => k.startsWith("prior")).length).toBe(3);
    // the second balance area needs two sessions before it becomes a level
    expect(kinds(7).filter((k) => k.startsWith("cva")).length).toBe(3);
    expect(kinds(8).filter((k) => k.startsWith("cva"))).toEqual(["cva_low@994×4.5", "cva_poc@1000×4.5", "cva_high@1010×4.5", "cva_low@1594×3", "cva_poc@1600×3", "cva_high@1610×3"]);
    expect(out.sessions[9]!.levels.filter((l) => l.kind.startsWith("cva") && l.price > 1500).map((l) => `${l.kind}@${l.price}×${l.strength}`)).toEqual(["cva_low@1594×4.5", "cva_poc@1600×4.5", "cva_high@1610×4.5"]);
    // the next contract starts with no levels, then sees only its own prior day
    expect(kinds(10)).toEqual([]);
    expect(kinds(11)).toEqual(["prior_val@994×1", "prior_poc@1000×1", "prior_vah@1010×1"]);
  });

  it("look-back (param): a composite whose last session is older than the window is dropped", () => {
    const short = computeLevels(m, none(n).direction, none(n).entry, { ...cfg, lookbackSessions: 2 }, rules);
    const cva = (s: number) => short.sessions[s]!.levels.filter((l) => l.kind.startsWith("cva")).length;
    expect(cva(4)).toBe(3); // balance composite ended at ordinal 2, session 4 looks back to ordinal 2
    expect(cva(5)).toBe(0); // ordinal 5 looks back to ordinal 3
  });

  it("after the 4th balance day at 1600 the composite holds 4 sessions: strength 4 × 1.5", () => {
    const tracker = new CompositeTracker(cfg);
    const profiles = sessionProfiles(m, cfg, rules).bySession;
    for (const p of profiles.slice(0, 10)) tracker.complete(p!);
    expect(tracker.known(0, 10).filter((l) => l.kind === "cva_high").map((l) => [l.price, l.strength])).toEqual([[1010, 4.5], [1610, 6]]);
  });
});

describe("nearest level and scenarios on hand-built sessions (day 1: VAL 994, POC 1000, VAH 1010)", () => {
  const inside: Ohlc = [1000, 1003, 997, 1000];
  /** Day 2 with the default bar `inside`, overridden per bar index. */
  function run(over: Record<number, Ohlc>, t: number, dir: 1 | -1, levels: Partial<Config["levels"]> = {}, study?: Record<string, Record<number, number>>) {
    const m = market([[balance("2024-04-01", 1000), day("2024-04-02", (k) => over[k] ?? inside)]]);
    const n = m.bars.length;
    for (const [role, values] of Object.entries(study ?? {})) {
      const col = new Float64Array(n).fill(NaN);
      for (const [k, v] of Object.entries(values)) col[81 + Number(k)] = v;
      m.bars.study.set(role, col);
    }
    const direction = new Int8Array(n), entry = new Float64Array(n);
    for (let i = 0; i < n; i++) entry[i] = m.bars.close[i]!;
    direction[81 + t] = dir;
    const out = computeLevels(m, direction, entry, { ...cfg, ...levels }, rules);
    const i = 81 + t;
    return { kind: out.levelKind[i], price: out.levelPrice[i], strength: out.levelStrength[i], distance: out.levelDistance[i], near: out.nearLevel[i], scenario: out.scenario[i], out };
  }
  const fill = (from: number, to: number, b: Ohlc) => Object.fromEntries(Array.from({ length: to - from + 1 }, (_, j) => [from + j, b]));
  /** Any list of days (one contract), one signal at absolute bar i with entry = close. */
  function runDays(days: Day[], i: number, dir: 1 | -1, levels: Partial<Config["levels"]> = {}) {
    const m = market([days]);
    const n = m.bars.length;
    const direction = new Int8Array(n);
    direction[i] = dir;
    const out = computeLevels(m, direction, Float64Array.from(m.bars.close), { ...cfg, ...levels }, rules);
    return { kind: out.levelKind[i], price: out.levelPrice[i], distance: out.levelDistance[i], near: out.nearLevel[i], scenario: out.scenario[i], m, out };
  }
  const day2 = (over: Record<number, Ohlc>) => day("2024-04-02", (k) => over[k] ?? inside);

  it("nearest level with signed distance level − entry; non-directional bars stay empty", () => {
    const r = run({ 30: [1008, 1011, 1004, 1005] }, 30, -1);
    expect([r.kind, r.price, r.strength, r.distance, r.near]).toEqual(["prior_vah", 1010, 1, 5, 1]);
    expect(r.out.levelKind[81 + 29]).toBe(null);
    expect(r.out.levelDistance[81 + 29]).toBeNaN();
    expect(r.out.nearLevel[81 + 29]).toBe(0);
    // 20 ticks from every level: not near, no scenario
    const far = run({ 30: [1028, 1031, 1024, 1030] }, 30, -1);
    expect([far.kind, far.distance, far.near, far.scenario]).toEqual(["prior_vah", -20, 0, SCENARIO.none]);
  });

  it("a signal in the first session of the contract has no level", () => {
    const m = market([[balance("2024-04-01", 1000)]]);
    const dir = new Int8Array(81).fill(1);
    const out = computeLevels(m, dir, Float64Array.from(m.bars.close), cfg, rules);
    expect(out.levelKind.every((k) => k === null)).toBe(true);
    expect(Array.from(out.nearLevel).every((x) => x === 0)).toBe(true);
  });

  it("export study level: the value on the bar before the signal (rounded to a tick), never the signal bar's own", () => {
    const r = run({ 30: [1008, 1011, 1004, 1005] }, 30, -1, {}, { vwap: { 29: 1003.4, 30: 1005 } });
    expect([r.kind, r.price, r.distance]).toEqual(["export_vwap", 1003, -2]);
    // no value on the bar before → the project's own levels
    const r2 = run({ 30: [1008, 1011, 1004, 1005] }, 30, -1, {}, { vwap: { 30: 1005 } });
    expect(r2.kind).toBe("prior_vah");
    // the session's first bar: the bar before it belongs to the previous session → its value is not used
    const r3 = run({ 0: [1008, 1011, 1004, 1005] }, 0, -1, {}, { vwap: { [-1]: 1004 } });
    expect([r3.kind, r3.price]).toEqual(["prior_vah", 1010]);
    const r4 = run({ 1: [1008, 1011, 1004, 1005] }, 1, -1, {}, { vwap: { 0: 1004 } });
    expect([r4.kind, r4.price]).toEqual(["export_vwap", 1004]);
  });

  it("SC2 rejection: short at the high edge with the bar's high ≥ VAH, no two consecutive periods beyond", () => {
    expect(run({ 30: [1008, 1011, 1004, 1005] }, 30, -1).scenario).toBe(SCENARIO.SC2);
    // periods 1 and 3 beyond, not consecutive: still SC2
    expect(run({ ...fill(6, 11, [1014, 1018, 1012, 1014]), ...fill(18, 23, [1014, 1018, 1012, 1014]), 30: [1008, 1011, 1004, 1005] }, 30, -1).scenario).toBe(SCENARIO.SC2);
  });
  it("SC2 near misses: two consecutive periods beyond VAH; the bar's high below VAH", () => {
    expect(run({ ...fill(6, 17, [1014, 1018, 1012, 1014]), 30: [1008, 1011, 1004, 1005] }, 30, -1).scenario).toBe(SCENARIO.none);
    expect(run({ 30: [1008, 1009, 1004, 1005] }, 30, -1).scenario).toBe(SCENARIO.none);
  });

  const sc1: Record<number, Ohlc> = { 0: [985, 990, 980, 986], ...fill(1, 5, [986, 990, 980, 986]), ...fill(6, 17, [996, 1001, 995, 999]) };
  it("SC1 return pullback: opened below VAL, two periods inside, long closing inside", () => {
    expect(run({ ...sc1, 18: [996, 1000, 995, 999] }, 18, 1).scenario).toBe(SCENARIO.SC1);
  });
  it("SC1 near misses: only one period inside; short against the way price entered", () => {
    expect(run({ ...sc1, ...fill(12, 17, [986, 990, 982, 986]), 18: [996, 1000, 995, 999] }, 18, 1).scenario).toBe(SCENARIO.none);
    expect(run({ ...sc1, 18: [999, 1000, 995, 996] }, 18, -1).scenario).toBe(SCENARIO.none);
  });
  it("SC2 takes precedence over SC1", () => {
    // same set-up, but the signal bar's low reaches VAL (994): a long rejection of the low edge
    expect(run({ ...sc1, 18: [996, 1000, 993, 999] }, 18, 1).scenario).toBe(SCENARIO.SC2);
  });

  it("SC3 balance break: 12 bars within 16 ticks over the edge, close above their range", () => {
    expect(run({ ...fill(18, 29, [1008, 1012, 1004, 1008]), 30: [1011, 1016, 1010, 1015] }, 30, 1).scenario).toBe(SCENARIO.SC3);
    // a range 12 ticks below the low edge still counts (gap 994 − 982 = 12)
    expect(run({ ...fill(18, 29, [975, 982, 971, 975]), 30: [980, 985, 979, 984] }, 30, 1).scenario).toBe(SCENARIO.SC3);
  });
  it("SC3 near misses: span 17; close not above the range; range 13 ticks from the edge; bars from the session before", () => {
    expect(run({ ...fill(18, 29, [1008, 1012, 1004, 1008]), 25: [1000, 1005, 995, 1004], 30: [1011, 1016, 1010, 1015] }, 30, 1).scenario).toBe(SCENARIO.none);
    expect(run({ ...fill(18, 29, [1008, 1012, 1004, 1008]), 30: [1011, 1014, 1010, 1012] }, 30, 1).scenario).toBe(SCENARIO.none);
    expect(run({ ...fill(18, 29, [975, 981, 970, 975]), 30: [980, 984, 979, 983] }, 30, 1).scenario).toBe(SCENARIO.none);
    // signal on the 6th bar of the session: the 12 bars before reach into day 1
    const early = { ...fill(0, 4, [1008, 1012, 1004, 1008]), 5: [1011, 1016, 1010, 1015] as Ohlc };
    expect(run(early, 5, 1).scenario).toBe(SCENARIO.none);
    expect(run(early, 5, 1, { balanceBars: 5 }).scenario).toBe(SCENARIO.SC3);
  });

  it("at one price the stronger level wins: composite VAH over the prior day's VAH", () => {
    const m = market([[balance("2024-04-01", 1000), balance("2024-04-02", 1000), day("2024-04-03", (k) => (k === 30 ? [1008, 1011, 1004, 1005] : inside))]]);
    const n = m.bars.length;
    const direction = new Int8Array(n);
    direction[162 + 30] = -1;
    const out = computeLevels(m, direction, Float64Array.from(m.bars.close), cfg, rules);
    expect([out.levelKind[192], out.levelPrice[192], out.levelStrength[192], out.scenario[192]]).toEqual(["cva_high", 1010, 3, SCENARIO.SC2]);
  });

  it("the 12-tick rule is inclusive, for the near flag and for the scenario's edge", () => {
    // long, close 1022: nearest level prior_vah 1010 at −12 → near; the 12 bars before (97…1003 after
    // the default bars) are 7 ticks under the edge, span 6, and the close is above them → SC3
    const at12 = run({ 30: [1015, 1023, 1014, 1022] }, 30, 1);
    expect([at12.kind, at12.distance, at12.near, at12.scenario]).toEqual(["prior_vah", -12, 1, SCENARIO.SC3]);
    // close 1023: 13 ticks from the edge → not near and no scenario, though the balance is unchanged
    const at13 = run({ 30: [1015, 1024, 1014, 1023] }, 30, 1);
    expect([at13.kind, at13.distance, at13.near, at13.scenario]).toEqual(["prior_vah", -13, 0, SCENARIO.none]);
  });

  it("SC2 boundaries: the signal bar's high exactly at VAH (short) or low exactly at VAL (long) qualifies", () => {
    expect(run({ 30: [1008, 1010, 1004, 1005] }, 30, -1).scenario).toBe(SCENARIO.SC2);
    // long, close 998: nearest edge VAL 994 (4 ticks; VAH is 12 away), bar low 994 ≤ VAL
    expect(run({ 30: [996, 1000, 994, 998] }, 30, 1).scenario).toBe(SCENARIO.SC2);
  });
  it("SC2: a period whose bars only touch the edge is not beyond it (wholly beyond = low > VAH, high < VAL)", () => {
    // periods 1–2 with every low exactly 1010 = VAH: not beyond → SC2 stands
    expect(run({ ...fill(6, 17, [1012, 1016, 1010, 1012]), 30: [1008, 1011, 1004, 1005] }, 30, -1).scenario).toBe(SCENARIO.SC2);
    // mirror: periods 1–2 with every high exactly 994 = VAL, long rejection of VAL
    expect(run({ ...fill(6, 17, [992, 994, 988, 992]), 30: [995, 999, 993, 998] }, 30, 1).scenario).toBe(SCENARIO.SC2);
  });
  it("SC2: the signal bar's own period has not ended and does not count (nor do the bars after the signal)", () => {
    // period 4 (bars 24–29) beyond VAH, and all of period 5 (bars 30–35) beyond too, signal bar 32 included
    // (low 1011 > 1010). Periods that ended before period 5 began: 0–4 → only period 4 beyond → SC2
    const beyond: Ohlc = [1014, 1018, 1012, 1014];
    expect(run({ ...fill(24, 35, beyond), 32: [1014, 1018, 1011, 1012] }, 32, -1).scenario).toBe(SCENARIO.SC2);
    // one period earlier (3 and 4 beyond) → none
    expect(run({ ...fill(18, 35, beyond), 32: [1014, 1018, 1011, 1012] }, 32, -1).scenario).toBe(SCENARIO.none);
  });
  it("SC2 after RTH: an evening signal sees every RTH period of its session", () => {
    // periods 12–13 (bars 72–80) beyond VAH; a short at 15:15 (not RTH, same session) → two consecutive beyond → none
    const beyond: Ohlc = [1014, 1018, 1012, 1014];
    const d2 = withBars(day2(fill(72, 80, beyond)), [[405, [1012, 1014, 1009, 1011]]]);
    const late = runDays([balance("2024-04-01", 1000), d2], 81 + 81, -1);
    expect([late.kind, late.scenario]).toEqual(["prior_vah", SCENARIO.none]);
    // only period 13 beyond → SC2
    const d3 = withBars(day2(fill(78, 80, beyond)), [[405, [1012, 1014, 1009, 1011]]]);
    expect(runDays([balance("2024-04-01", 1000), d3], 81 + 81, -1).scenario).toBe(SCENARIO.SC2);
  });
  it("SC2: periods are consecutive in time — a period without bars (data gap) breaks the run", () => {
    // day 2 without bars 12–17 (period 2); periods 1 and 3 beyond VAH; the signal (bar 30) is bar 24 of day 2
    const beyond: Ohlc = [1014, 1018, 1012, 1014];
    const full = day2({ ...fill(6, 11, beyond), ...fill(18, 23, beyond), 30: [1008, 1011, 1004, 1005] });
    const keep = full.bars.map((_, k) => k).filter((k) => k < 12 || k > 17);
    const gap: Day = { date: full.date, bars: keep.map((k) => full.bars[k]!), minutes: keep.map((k) => 5 * k) };
    expect(runDays([balance("2024-04-01", 1000), gap], 81 + 24, -1).scenario).toBe(SCENARIO.SC2);
  });
  it("SC2 takes precedence over SC3", () => {
    // bars 18–29 trade 1004…1012 around VAH 1010 (a balance), the short closes 1003 below it: SC3 holds too,
    // but its high 1011 ≥ VAH and no period was beyond → SC2
    expect(run({ ...fill(18, 29, [1008, 1012, 1004, 1008]), 30: [1006, 1011, 1002, 1003] }, 30, -1).scenario).toBe(SCENARIO.SC2);
  });

  it("SC1 short: opened above VAH; two consecutive periods touching VAH from above are inside; close exactly at VAH", () => {
    // bars 0–11 (periods 0–1) wholly above VAH, so SC2 is ruled out for this short (its high 1012 ≥ VAH);
    // periods 2–3 (bars 12–23) have low 1010 = VAH → inside; the short at bar 24 closes at 1010 ∈ [994, 1010]
    const over = { ...fill(0, 11, [1016, 1020, 1012, 1016]), 0: [1015, 1020, 1012, 1016] as Ohlc, ...fill(12, 23, [1012, 1016, 1010, 1014]), 24: [1011, 1012, 1008, 1010] as Ohlc };
    expect(run(over, 24, -1).scenario).toBe(SCENARIO.SC1);
  });
  it("SC1 long with periods whose high is exactly VAL: inside; SC1 takes precedence over SC3", () => {
    // periods 1–2 trade 986…994 (high = VAL 994 → inside). The 12 bars before the signal (6–17) span 8 ticks,
    // contain the edge 994 (gap 0) and the long closes 999 above them: SC3 holds too, SC1 wins
    expect(run({ ...sc1, ...fill(6, 17, [990, 994, 986, 992]), 18: [996, 1000, 995, 999] }, 18, 1).scenario).toBe(SCENARIO.SC1);
  });
  it("SC1 needs an open strictly outside: opening exactly at VAL is inside the value area", () => {
    expect(run({ ...sc1, 0: [994, 994, 980, 986], 18: [996, 1000, 995, 999] }, 18, 1).scenario).toBe(SCENARIO.none);
  });

  it("SC3 span exactly 16 ticks qualifies", () => {
    // bars 18–29 trade 1000…1016 (16 ticks, containing VAH 1010), the long closes 1017 above
    expect(run({ ...fill(18, 29, [1008, 1016, 1000, 1008]), 30: [1015, 1018, 1014, 1017] }, 30, 1).scenario).toBe(SCENARIO.SC3);
  });
  it("SC3 with the range above the edge: gap = range low − edge, 12 qualifies, 13 does not", () => {
    // periods 3–4 wholly above VAH (no SC2 for the short); range 1022…1030, 1022 − 1010 = 12; close 1020 < 1022
    expect(run({ ...fill(18, 29, [1024, 1030, 1022, 1026]), 30: [1023, 1024, 1019, 1020] }, 30, -1).scenario).toBe(SCENARIO.SC3);
    // range 1023…1031: gap 13; close 1021 (the edge is 11 ticks from the entry, so it is still the scenario's edge)
    expect(run({ ...fill(18, 29, [1025, 1031, 1023, 1027]), 30: [1024, 1025, 1020, 1021] }, 30, -1).scenario).toBe(SCENARIO.none);
  });
  it("SC3: the 12 bars must all be in the signal's session, even when the bars before are evening bars that fit", () => {
    // day 1 ends with 7 evening bars (15:15 … 15:45, not RTH, not in its profile) trading 1004…1012; day 2 opens
    // with 5 such bars, the long at its 6th bar closes 1015 above them: 12 bars back reach day 1's evening
    const b: Ohlc = [1008, 1012, 1004, 1008];
    const d1 = withBars(balance("2024-04-01", 1000), [405, 410, 415, 420, 425, 430, 435].map((m) => [m, b] as [number, Ohlc]));
    const d2 = day2({ ...fill(0, 4, b), 5: [1011, 1016, 1010, 1015] });
    expect(runDays([d1, d2], 88 + 5, 1).scenario).toBe(SCENARIO.none);
    expect(runDays([d1, d2], 88 + 5, 1, { balanceBars: 5 }).scenario).toBe(SCENARIO.SC3);
  });

  it("RTH window [08:30, 15:15): a 15:15 bar and the next morning's 08:25 bar stay out of the profile", () => {
    const d1 = withBars(balance("2024-04-01", 1000), [[405, [1100, 1100, 1100, 1100]], [1435, [900, 900, 900, 900]]]);
    const m = market([[d1, day2({})]]);
    expect(m.sessions.map((x) => [x.start, x.end])).toEqual([[0, 83], [83, 164]]);
    const sp = sessionProfiles(m, cfg, rules);
    const p = sp.bySession[0]!;
    expect([p.low, p.high, p.poc, p.val, p.vah, p.tpoTotal]).toEqual([980, 1020, 1000, 994, 1010, 334]);
    expect([sp.periodOfBar[80], sp.periodOfBar[81], sp.periodOfBar[82], sp.periodOfBar[83]]).toEqual([13, -1, -1, 0]);
  });

  it("a session that starts after the first RTH hour (file begins at 10:00) has no initial balance: NaN, not ±Infinity", () => {
    const late = balance("2024-04-01", 1000);
    const from10 = { date: late.date, bars: late.bars.slice(18), minutes: late.bars.slice(18).map((_, k) => 5 * (k + 18)) };
    const p = sessionProfiles(market([[from10]]), cfg, rules).bySession[0]!;
    expect(p.periods[0]!.id).toBe(3); // 10:00 is period 3
    expect([p.initialBalanceHigh, p.initialBalanceLow]).toEqual([NaN, NaN]);
    expect([p.low, p.high]).toEqual([990, 1010]);
  });

  it("rejects columns of the wrong length", () => {
    const m = market([[balance("2024-04-01", 1000)]]);
    expect(() => computeLevels(m, new Int8Array(3), new Float64Array(81), makeConfig().levels, rules)).toThrow(/expected 81/);
  });
});
