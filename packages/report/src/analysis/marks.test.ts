import { describe, expect, it } from "vitest";
import { benjaminiHochberg, hacWelchTest } from "@tda/stats";
import { analyze } from "./analyze.js";
import { reportBody } from "../document/build-body.js";
import { renderMarkdown } from "../render/markdown.js";

/**
 * Eight long inversions in two sessions (rows 0–3 on 2024-03-18, 4–7 on 2024-03-19):
 *
 *   row            0    1    2    3    4    5    6    7
 *   stacked_buy    1    1    0    0    1    1    0    0     → "stacked in its direction" on 0, 1, 4, 5
 *   imb_buy        3    4    0    1    5    3    0    0
 *   win            1    1    1    0    1    0    0    0
 *   bracket       25   25   25   −8   25  −10   −6   −8
 *   level_kind    naked_poc × 4, then cva_high × 4 (all near)
 *
 * With the stack: 3 wins of 4, 25, 25, 25, −10 → 16.25 ticks; without: 1 of 4, 25, −8, −6, −8 → 0.75.
 */
function fixture(): Record<string, (number | string | null)[]> {
  return {
    session: ["2024-03-18", "2024-03-18", "2024-03-18", "2024-03-18", "2024-03-19", "2024-03-19", "2024-03-19", "2024-03-19"],
    direction: Array(8).fill("long"),
    inv_long: Array(8).fill(1), inv_short: Array(8).fill(0), inv_strong: Array(8).fill(0),
    exh_long: Array(8).fill(0), exh_short: Array(8).fill(0), exh_accel: Array(8).fill(0),
    win: [1, 1, 1, 0, 1, 0, 0, 0],
    bracket_ticks: [25, 25, 25, -8, 25, -10, -6, -8],
    stacked_buy: [1, 1, 0, 0, 1, 1, 0, 0],
    stacked_sell: Array(8).fill(0),
    imb_buy: [3, 4, 0, 1, 5, 3, 0, 0],
    imb_sell: Array(8).fill(0),
    unfinished_high: Array(8).fill(0),
    unfinished_low: Array(8).fill(1),
    near_level: Array(8).fill(1),
    level_kind: ["naked_poc", "naked_poc", "naked_poc", "naked_poc", "cva_high", "cva_high", "cva_high", "cva_high"],
  };
}

describe("marks analysis: signals with vs without each footprint mark, hand-computed", () => {
  const result = analyze(fixture(), { minGroupSize: 4 });
  const m = result.marks;
  const get = (mark: string, family = "all") => m.comparisons.find((c) => c.mark === mark && c.family === family)!;

  it("a stacked imbalance in the signal's direction: counts, win rates, Wilson and Newcombe", () => {
    expect(m.status).toBe("analysed");
    const c = get("stacked_with");
    expect([c.with.n, c.with.wins, c.without.n, c.without.wins]).toEqual([4, 3, 4, 1]);
    expect([c.with.winRate, c.without.winRate]).toEqual([0.75, 0.25]);
    // Wilson 3/4: centre (0.75 + z²/8)/(1 + z²/4) = 0.627527, half 0.326886 → 0.300642 … 0.954413
    expect(c.with.wilson!.low).toBeCloseTo(0.300642, 6);
    expect(c.with.wilson!.high).toBeCloseTo(0.954413, 6);
    // Newcombe: 0.5 ∓ √((0.75 − 0.300642)² + (0.699358 − 0.25)²) / √((0.954413 − 0.75)² + (0.25 − 0.045587)²)
    expect(c.winRate!.difference).toBe(0.5);
    expect(c.winRate!.low).toBeCloseTo(-0.135488, 5);
    expect(c.winRate!.high).toBeCloseTo(0.789083, 5);
    // pooled p̄ = 0.5, se = √(0.25 · (1/4 + 1/4)) = √0.125, z = 0.5/√0.125 = √2, p = 2(1 − Φ(√2))
    expect(c.winRate!.z).toBeCloseTo(Math.SQRT2, 12);
    expect(c.winRate!.p).toBeCloseTo(0.157299, 6);
    expect(c.untested).toBeNull();
  });

  it("expectancy: the difference, Welch's t by hand, and the Newey–West Welch of the stats package", () => {
    const c = get("stacked_with");
    expect([c.with.expectancy, c.without.expectancy, c.expectancy!.difference]).toEqual([16.25, 0.75, 15.5]);
    // s² = 918.75/3 = 306.25 and 786.75/3 = 262.25; se² = 142.125; t = 15.5/√142.125; ν = se⁴/Σ(s²/n)²/3
    expect(c.expectancy!.welch!.t).toBeCloseTo(1.300159, 6);
    expect(c.expectancy!.welch!.df).toBeCloseTo(5.964273, 6);
    const hac = hacWelchTest([25, 25, 25, -10], [25, -8, -6, -8], { lag: "newey-west-1994" })!;
    expect(c.expectancy!.hac!.p).toBe(hac.p);
    expect(c.expectancy!.hac!.t).toBe(hac.t);
  });

  it("session block bootstrap of the differences: every draw of the two sessions gives +0.5 in win rate; expectancy 14.5 … 16.5", () => {
    // session 1 alone: with 25, 25 (2 wins), without 25, −8 (1 win) → +0.5, 25 − 8.5 = +16.5;
    // session 2 alone: with 25, −10 (1 win), without −6, −8 (0) → +0.5, 7.5 − (−7) = +14.5; both → +0.5, +15.5
    const b = get("stacked_with").bootstrap!;
    expect(b.sessions).toBe(2);
    expect([b.winRate.estimate, b.winRate.low, b.winRate.high]).toEqual([0.5, 0.5, 0.5]);
    expect([b.expectancy.estimate, b.expectancy.low, b.expectancy.high]).toEqual([15.5, 14.5, 16.5]);
  });

  it("a side too small is shown untested; marks on every signal leave nothing to compare", () => {
    const c = get("unfinished_stop_side"); // unfinished_low on every long
    expect([c.with.n, c.without.n]).toEqual([8, 0]);
    expect(c.untested).toMatch(/fewer than 4 signals/);
    expect([c.winRate, c.expectancy, c.bootstrap]).toEqual([null, null, null]);
    // against the direction: stacked_sell is 0 everywhere
    expect([get("stacked_against").with.n, get("stacked_against").without.n]).toEqual([0, 8]);
  });

  it("imbalance rows in the signal's direction: ≥ 1 as a mark, and the count buckets 0, 1–2, 3+", () => {
    const c = get("imbalance_with");
    expect([c.with.n, c.with.wins, c.without.n, c.without.wins]).toEqual([5, 3, 3, 1]);
    const buckets = m.imbalanceCounts.filter((b) => b.family === "all").map((b) => [b.bucket, b.side.n, b.side.wins, b.side.expectancy]);
    expect(buckets).toEqual([["0", 3, 1, (25 - 6 - 8) / 3], ["1-2", 1, 0, -8], ["3+", 4, 3, 16.25]]);
  });

  it("families: every row is an inversion, so the inversion comparison equals the all-signals one; no exhaustion comparison", () => {
    expect(get("stacked_with", "inversion").winRate).toEqual(get("stacked_with").winRate);
    expect(m.comparisons.some((c) => c.family === "exhaustion")).toBe(false);
  });

  it("near a naked POC vs near a composite edge", () => {
    const c = get("naked_poc_vs_composite_edge");
    expect([c.with.n, c.with.wins, c.with.expectancy, c.without.n, c.without.wins, c.without.expectancy]).toEqual([4, 3, 16.75, 4, 1, 0.25]);
  });

  it("q-values are Benjamini–Hochberg across the report's ledger and the marks' tests; the report's own list is unchanged", () => {
    const plain = analyze({ ...fixture(), stacked_buy: Array(8).fill(null), stacked_sell: Array(8).fill(null), imb_buy: Array(8).fill(null), imb_sell: Array(8).fill(null), unfinished_high: Array(8).fill(null), unfinished_low: Array(8).fill(null), level_kind: Array(8).fill(null) }, { minGroupSize: 4 });
    expect(result.pValues).toEqual(plain.pValues);
    const all = [...result.pValues.map((p) => p.p), ...m.pValues.map((p) => p.p)];
    const q = benjaminiHochberg(all);
    m.pValues.forEach((p, i) => expect(p.q).toBeCloseTo(q[result.pValues.length + i]!, 14));
    expect(m.pValues.map((p) => p.id)).toContain("marks:stacked_with:all:win");
    expect(get("stacked_with").winRate!.q).toBe(m.pValues.find((p) => p.id === "marks:stacked_with:all:win")!.q);
  });

  it("a short reads the mirror columns: stacked_sell is its direction, unfinished_high its stop side", () => {
    const t = fixture();
    t.direction = Array(8).fill("short");
    t.inv_long = Array(8).fill(0);
    t.inv_short = Array(8).fill(1);
    [t.stacked_buy, t.stacked_sell] = [t.stacked_sell!, t.stacked_buy!];
    [t.unfinished_high, t.unfinished_low] = [t.unfinished_low!, t.unfinished_high!];
    [t.imb_buy, t.imb_sell] = [t.imb_sell!, t.imb_buy!];
    const s = analyze(t, { minGroupSize: 4 }).marks;
    const c = s.comparisons.find((x) => x.mark === "stacked_with" && x.family === "all")!;
    expect([c.with.n, c.with.wins, c.without.wins]).toEqual([4, 3, 1]);
    expect(s.comparisons.find((x) => x.mark === "unfinished_stop_side" && x.family === "all")!.with.n).toBe(8);
  });

  it("the report answers in trader words, and says so when the input has no footprint", () => {
    const md = renderMarkdown({ body: reportBody(result) });
    expect(md).toContain("## Footprint marks: do they change the signals they accompany?");
    expect(md).toContain("all signals with a stacked imbalance in the signal's direction (stacked buy under a long, stacked sell under a short) win 75.0% of the time against 25.0% without one (+50.0 pts");
    expect(md).toContain("sessions resampled +50.0 pts … +50.0 pts, q = ");
    expect(md).toContain("no evidence that it changes the win rate");
    expect(md).toContain("all signals near a naked POC (the nearest level within the radius is a naked_poc) win 75.0% of the time against 25.0% near a composite value-area edge (cva_high or cva_low)");
    expect(md).toContain("too few signals to tell (8 with an outcome, 0 with that extreme finished (one side only traded there); each side needs 4)");
    const none = analyze({ ...fixture(), stacked_buy: Array(8).fill(""), stacked_sell: Array(8).fill(""), imb_buy: Array(8).fill(""), imb_sell: Array(8).fill(""), unfinished_high: Array(8).fill(""), unfinished_low: Array(8).fill("") }, { minGroupSize: 4 });
    expect(none.marks.status).toBe("no footprint");
    expect(none.marks.comparisons.every((c) => c.mark === "naked_poc_vs_composite_edge")).toBe(true);
    expect(renderMarkdown({ body: reportBody(none) })).toContain("No footprint in this input");
  });
});
