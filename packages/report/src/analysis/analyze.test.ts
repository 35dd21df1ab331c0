import { describe, expect, it } from "vitest";
import { analyze, type AnalysisResult } from "./analyze.js";
import { binomialTestTwoSided, mulberry32 } from "@tda/stats";
import { reportBody } from "../document/build-body.js";
import { formatP } from "../document/format.js";
import { renderMarkdown as renderDocument } from "../render/markdown.js";

/** report.md of a result, as the CLI writes it. */
const renderMarkdown = (r: AnalysisResult, options: { notices?: string[] } = {}) => renderDocument({ body: reportBody(r, options) });

const HORIZONS = [5, 10, 20, 30, 40, 50, 75, 100];

/** A small signals table in the SPEC §9 layout with a real effect of vol_star on the outcome. */
function syntheticTable(seed: number, sessions = 30, perSession = 30, withExhaustion = true) {
  const rand = mulberry32(seed);
  const t: Record<string, (number | null)[] | string[]> = {};
  const cols = ["inv_long", "inv_short", "inv_strong", "exh_long", "exh_short", "exh_accel", "near_level", "vol_star", "delta_pct", "trapped_pct", "close_location", "level_distance", ...HORIZONS.map((h) => `ret_${h}`), "stopped", "mfe", "mae", "win", "bracket_ticks", "bracket_usd"];
  for (const c of cols) t[c] = [];
  const direction: string[] = [];
  const scenario: string[] = [];
  const session: string[] = [];
  const push = (c: string, v: number | null) => (t[c] as (number | null)[]).push(v);
  for (let s = 0; s < sessions; s++) {
    for (let j = 0; j < perSession; j++) {
      session.push(`2024-${String(1 + Math.floor(s / 28)).padStart(2, "0")}-${String(1 + (s % 28)).padStart(2, "0")}`);
      const u = rand();
      const dir = u < 0.02 ? "conflict" : u < 0.51 ? "long" : "short";
      direction.push(dir);
      const exh = withExhaustion && rand() < 0.3;
      const inv = !exh || rand() < 0.2;
      push("inv_long", dir === "long" && inv ? 1 : dir === "conflict" ? 1 : 0);
      push("inv_short", dir === "short" && inv ? 1 : 0);
      push("inv_strong", inv && rand() < 0.4 ? 1 : 0);
      push("exh_long", dir === "long" && exh ? 1 : 0);
      push("exh_short", (dir === "short" && exh) || dir === "conflict" ? 1 : 0);
      push("exh_accel", exh && rand() < 0.3 ? 1 : 0);
      const near = rand() < 0.5 ? 1 : 0;
      push("near_level", near);
      scenario.push(near && rand() < 0.3 ? "SC2" : "none");
      const vol = 0.5 + rand() * 2;
      push("vol_star", s === 0 && j < 5 ? null : vol);
      push("delta_pct", (dir === "long" ? -1 : 1) * rand() * 0.5);
      push("trapped_pct", rand());
      push("close_location", rand());
      push("level_distance", near ? Math.round((rand() - 0.5) * 24) : rand() < 0.5 ? null : 40);
      if (dir === "conflict") {
        for (const c of [...HORIZONS.map((h) => `ret_${h}`), "stopped", "mfe", "mae", "win", "bracket_ticks", "bracket_usd"]) push(c, null);
        continue;
      }
      const last = j === perSession - 1;
      const pWin = 0.25 + 0.2 * (vol - 1.5);
      const w = rand() < pWin ? 1 : 0;
      const stop = 4 + Math.floor(rand() * 8);
      const stopped = w ? 0 : rand() < 0.7 ? 1 : 0;
      for (const h of HORIZONS) push(`ret_${h}`, last || (j > perSession - 4 && h >= 50) ? null : stopped ? -stop : (w ? 10 : 0) + (vol - 1.5) * 3 + (rand() - 0.5) * 20 * Math.sqrt(h / 20));
      push("stopped", last ? null : stopped);
      push("mfe", last ? null : w ? 25 + rand() * 10 : rand() * 24);
      push("mae", last ? null : stopped ? stop : rand() * stop);
      push("win", last ? null : w);
      const bt = w ? 25 : stopped ? -stop : Math.round((rand() - 0.5) * 10);
      push("bracket_ticks", last ? null : bt);
      push("bracket_usd", last ? null : bt * 12.5);
    }
  }
  return { ...t, direction, scenario, session };
}

describe("analyze", () => {
  const table = syntheticTable(1);
  const opts = { bootstrapSamples: 200, seed: 5 };
  const result = analyze(table, opts);

  it("counts rows and reports groups with n ≥ 30 only", () => {
    expect(result.counts.rows).toBe(900);
    expect(result.counts.directional + result.counts.conflict).toBe(900);
    expect(result.counts.conflict).toBeGreaterThan(0);
    expect(result.notes.some((n) => /conflict/.test(n))).toBe(true);
    for (const g of result.groups.groups) expect(g.summary.n).toBeGreaterThanOrEqual(30);
    const reported = result.groups.groups.reduce((s, g) => s + g.summary.n, 0);
    expect(reported + result.groups.unreported.rows).toBe(result.counts.directional);
    expect(result.baseWinRate).toBeGreaterThan(0.1);
    expect(result.groups.groups[0]!.summary.returns.map((r) => r.horizon)).toEqual(HORIZONS);
  });
  it("fits the logit of win and an OLS per horizon with Newey–West lag = horizon", () => {
    expect(result.regressions.map((r) => r.id)).toEqual(["logit:win", ...HORIZONS.map((h) => `ols:ret_${h}`)]);
    const lw = result.regressions[0]!;
    expect(lw.status).toBe("fitted");
    expect(lw.neweyWestLag).toBe(100);
    expect(lw.formula).toContain("vol_star:");
    const vol = lw.coefficients.find((c) => c.term === "vol_star")!;
    expect(vol.coef!).toBeGreaterThan(0); // the planted effect
    expect(vol.neweyWest.p!).toBeLessThan(0.01);
    const r20 = result.regressions.find((r) => r.id === "ols:ret_20")!;
    expect(r20.status).toBe("fitted");
    expect(r20.neweyWestLag).toBe(20);
    expect(r20.droppedRows).toBeGreaterThan(0); // the missing vol_star rows
    expect(r20.variables.find((v) => v.name === "vol_star")!.kind).toBe("continuous");
    expect(r20.r2!).toBeGreaterThan(0);
    // a 44-slope HAC Wald test from ~8 blocks of 101 rows is unusable: the LLR test is listed instead
    expect(lw.jointTest!.method).toBe("llr");
    expect(lw.warnings.some((w) => /blocks/.test(w))).toBe(true);
    expect(result.regressions.find((r) => r.id === "ols:ret_5")!.jointTest!.method).toBe("newey-west-wald");
  });
  it("puts every p-value in one list with BH q-values", () => {
    expect(result.pValues.length).toBeGreaterThan(50);
    for (const p of result.pValues) {
      expect(p.q).toBeGreaterThanOrEqual(p.p);
      expect(p.onlyBeforeCorrection).toBe(p.p < 0.05 && p.q >= 0.05);
    }
    expect(result.pValues.some((p) => p.id === "threshold:spa")).toBe(true);
    expect(result.pValues.some((p) => p.source === "group")).toBe(true);
  });
  it("runs the threshold search with a walk-forward split", () => {
    const t = result.thresholds!;
    expect(t.trainSessions.length).toBe(21);
    expect(t.testSessions.length).toBe(9);
    expect(t.chosen).not.toBeNull();
    expect(t.realityCheck!.reps).toBe(200);
  });
  it("is deterministic: byte-identical JSON for the same input and seed", () => {
    const again = analyze(syntheticTable(1), opts);
    expect(JSON.stringify(again)).toBe(JSON.stringify(result));
    expect(renderMarkdown(again)).toBe(renderMarkdown(result));
  });
  it("renders a readable Markdown report", () => {
    const md = renderMarkdown(result);
    expect(md).toContain("# Signal statistics");
    expect(md).toContain("### Logit of win");
    expect(md).toContain("q (BH)");
    expect(md).toContain("Hansen SPA p");
    expect(md).toMatch(/\| vol_star \|/);
  });
  it("the report says what a trader could misread", () => {
    const md = renderMarkdown(result, { notices: ["exhaustion skipped: the input has no footprint"] });
    // run caveats come before any number
    expect(md.indexOf("## Data caveats")).toBeLessThan(md.indexOf("## Signal groups"));
    expect(md).toContain("- exhaustion skipped: the input has no footprint");
    expect(md).toContain("## Summary");
    expect(md).toMatch(/\| \*\*all\*\* \|/);
    expect(md).toContain("SQN100");
    const o = result.overall;
    expect(o.binomialP).toBeNull();
    expect(o.n).toBe(result.counts.directional);
    expect(md).toContain(o.pnlUsd! < 0 ? "taken together the signals lose money" : "taken together the signals make money");
    expect(md).toContain("| Holm |");
    expect(md).toMatch(/win rate \+ stop rate can exceed 100%/);
    // every group test says on which side of the base it is
    for (const p of result.pValues.filter((x) => x.source === "group")) expect(p.label).toMatch(/(above|below|equal to) the base/);
    const oos = result.pValues.find((x) => x.id === "threshold:out-of-sample")!;
    const d = result.thresholds!.chosen!.testComparison!.difference;
    expect(oos.label).toMatch(d < 0 ? /WORSE than skipped/ : /better than skipped/);
    // q-values beside the Newey–West p in the coefficient tables, with the verdict marks
    expect(md).toContain("| NW q |");
    const sig = result.pValues.find((x) => x.significantAfterCorrection && x.source === "logit")!;
    expect(md).toContain(`${formatP(sig.q)} ✓`);
  });
  it("formats p-values without claiming an exact 0", () => {
    expect(formatP(0)).toBe("< 1e-300");
    expect(formatP(2.5e-7)).toBe("2.50e-7");
    expect(formatP(0.0123)).toBe("0.012");
    expect(formatP(null)).toBe("—");
  });
  it("accepts Float64Array and string-number columns", () => {
    const t2: Record<string, unknown> = { ...syntheticTable(1) };
    t2.vol_star = Float64Array.from(t2.vol_star as (number | null)[], (v) => (v === null ? NaN : v));
    t2.win = (t2.win as (number | null)[]).map((v) => (v === null ? "" : String(v)));
    const r2 = analyze(t2 as Parameters<typeof analyze>[0], opts);
    expect(JSON.stringify(r2)).toBe(JSON.stringify(result));
  });
});

describe("analyze: SPEC §8 rules by hand", () => {
  it("base win rate over every directional signal with a known outcome; binomial test of each group against it", () => {
    // rows: long win, short loss, conflict (win 1 — must be ignored), none, long with no outcome
    // (last bar of its session), long win, short win, short loss → known directional: 1, 0, 1, 1, 0
    // base = 3/5 = 0.6; groups (minGroupSize 2): long 2/2 wins, short 1/3
    const r = analyze(
      {
        direction: ["long", "short", "conflict", "none", "long", "long", "short", "short"],
        win: [1, 0, 1, null, null, 1, 1, 0],
      },
      { minGroupSize: 2 },
    );
    expect(r.counts).toMatchObject({ rows: 8, directional: 6, long: 3, short: 3, conflict: 1, none: 1, withOutcome: 5 });
    expect(r.baseWinRate).toBe(0.6);
    const long = r.groups.groups.find((g) => g.key.direction === "long")!.summary;
    const short = r.groups.groups.find((g) => g.key.direction === "short")!.summary;
    expect(long).toMatchObject({ n: 3, winN: 2, wins: 2, winRate: 1 });
    expect(short).toMatchObject({ n: 3, winN: 3, wins: 1 });
    // long: P(2 of 2 | 0.6) = 0.36; outcomes no more likely: k = 0 (0.16), k = 1 (0.48 > 0.36, excluded) → 0.52
    expect(long.binomialP).toBeCloseTo(0.52, 14);
    expect(short.binomialP).toBe(binomialTestTwoSided(1, 3, 0.6));
    // the group p-values are in the ledger with their direction
    expect(r.pValues.filter((p) => p.source === "group").map((p) => p.p)).toEqual([long.binomialP, short.binomialP]);
  });
  it("a user grouping adds a dimension (SPEC §8 'and any user grouping')", () => {
    const r = analyze(
      {
        direction: ["long", "long", "long", "short", "short", "short"],
        win: [1, 0, 1, 0, 0, 1],
        bucket: ["am", "am", "pm", "pm", null, "pm"],
      },
      { minGroupSize: 2, groupBy: ["bucket", "absent_column"] },
    );
    expect(r.groups.dimensions).toEqual(["direction", "family", "strength", "nearLevel", "scenario", "bucket"]);
    // long·am (2 rows) and short·pm (2 rows) are reported; long·pm and short·n/a (1 row each) are counted
    expect(r.groups.groups.map((g) => `${g.key.direction}:${g.key.bucket}`)).toEqual(["long:am", "short:pm"]);
    expect(r.groups.unreported).toEqual({ groups: 2, rows: 2 });
    expect(r.notes.some((x) => /absent_column: column absent/.test(x))).toBe(true);
    expect(renderMarkdown(r)).toMatch(/\| scenario \| bucket \| n \|/);
  });
  it("the logit's Newey–West lag covers the scan, not just the largest ret_h horizon", () => {
    const t = syntheticTable(1) as Record<string, unknown>;
    for (const h of [30, 40, 50, 75, 100]) delete t[`ret_${h}`];
    // stop_bar shows the forward scan reached 97 bars although the largest horizon is 20
    t.stop_bar = (t.win as (number | null)[]).map((_, i) => (i === 40 ? 97 : i % 7));
    const r = analyze(t as Parameters<typeof analyze>[0], { bootstrapSamples: 20 });
    expect(r.settings.horizons).toEqual([5, 10, 20]);
    expect(r.settings.maxHorizon).toBe(97);
    expect(r.regressions[0]!.neweyWestLag).toBe(97);
    expect(r.regressions.find((m) => m.id === "ols:ret_20")!.neweyWestLag).toBe(20);
    expect(analyze(t as Parameters<typeof analyze>[0], { bootstrapSamples: 20, maxHorizon: 100 }).regressions[0]!.neweyWestLag).toBe(100);
  });
  it("the p-value list holds every reported test exactly once", () => {
    const r = analyze(syntheticTable(1), { bootstrapSamples: 100, seed: 5 });
    let expected = r.groups.groups.filter((g) => g.summary.binomialP !== null).length;
    for (const m of r.regressions.filter((x) => x.status === "fitted"))
      expected += m.coefficients.filter((c) => c.term !== "Intercept" && c.neweyWest.p !== null).length + (m.jointTest?.p != null ? 1 : 0);
    expected += r.thresholds?.realityCheck ? 1 : 0;
    expected += r.thresholds?.chosen?.testComparison ? 1 : 0;
    expect(r.pValues.length).toBe(expected);
    expect(new Set(r.pValues.map((p) => p.id)).size).toBe(expected);
    expect(r.pValues.some((p) => p.id === "threshold:out-of-sample")).toBe(true);
    expect(r.pValues.filter((p) => p.source === "model").length).toBe(r.regressions.filter((x) => x.status === "fitted").length);
  });
  it("continuous features are centred even when they only take 0 and 1", () => {
    const t = syntheticTable(1) as Record<string, unknown>;
    t.close_location = (t.close_location as number[]).map((v) => (v < 0.5 ? 0 : 1));
    const r = analyze(t as Parameters<typeof analyze>[0], { bootstrapSamples: 20 });
    const v = r.regressions[1]!.variables.find((x) => x.name === "close_location")!;
    expect(v.kind).toBe("continuous");
    expect(v.centre).toBeGreaterThan(0.3);
  });
  it("says when inversion strength could not be computed", () => {
    const t = syntheticTable(1, 30, 30, false) as Record<string, unknown>;
    t.trapped_pct = (t.trapped_pct as number[]).map(() => null);
    t.inv_strong = (t.inv_strong as number[]).map(() => 0);
    expect(analyze(t as Parameters<typeof analyze>[0], { bootstrapSamples: 20 }).notes.some((n) => /strength could not be computed/.test(n))).toBe(true);
    expect(analyze(syntheticTable(1), { bootstrapSamples: 20 }).notes.some((n) => /strength could not be computed/.test(n))).toBe(false);
  });
});

describe("analyze on thin or degenerate data", () => {
  it("every outcome missing: notes, no throw", () => {
    const t = syntheticTable(2, 5, 20);
    for (const c of ["win", "stopped", "mfe", "mae", "bracket_ticks", "bracket_usd", ...HORIZONS.map((h) => `ret_${h}`)])
      (t as Record<string, unknown>)[c] = new Array(100).fill(null);
    const r = analyze(t, { bootstrapSamples: 50 });
    expect(r.baseWinRate).toBeNull();
    expect(r.regressions.every((m) => m.status === "skipped")).toBe(true);
    expect(r.regressions[0]!.reason).toMatch(/missing for every directional signal/);
    expect(r.notes.some((n) => /no directional signal has a known outcome/.test(n))).toBe(true);
    expect(r.pValues).toEqual([]);
    expect(renderMarkdown(r)).toContain("Not fitted");
    expect(() => JSON.stringify(r)).not.toThrow();
  });
  it("no exhaustion in the data: the feature is dropped with a reason", () => {
    const r = analyze(syntheticTable(3, 20, 30, false), { bootstrapSamples: 50 });
    const lw = r.regressions[0]!;
    expect(lw.status).toBe("fitted");
    expect(lw.warnings.some((w) => /exhaustion: constant/.test(w))).toBe(true);
    expect(lw.formula).not.toContain("exhaustion");
    expect(r.groups.groups.every((g) => g.key.family === "inversion")).toBe(true);
  });
  it("absent columns and tiny tables", () => {
    const r = analyze({ direction: ["long", "short", "none"], win: [1, 0, null] });
    expect(r.counts.directional).toBe(2);
    expect(r.groups.groups).toEqual([]);
    expect(r.groups.unreported.rows).toBe(2);
    expect(r.regressions[0]!.status).toBe("skipped");
    expect(r.notes.some((n) => /session absent/.test(n))).toBe(true);
    expect(renderMarkdown(r)).toMatch(/Caution/);
    expect(() => analyze({})).not.toThrow();
    expect(analyze({}).notes[0]).toMatch(/direction absent/);
  });
  it("a separating feature is reported, not thrown", () => {
    const n = 200;
    const rand = mulberry32(9);
    const vol = Array.from({ length: n }, () => rand() * 3);
    const r = analyze(
      {
        direction: Array.from({ length: n }, (_, i) => (i % 2 ? "long" : "short")),
        vol_star: vol,
        win: vol.map((v) => (v > 1.5 ? 1 : 0)),
      },
      { interactions: false },
    );
    expect(r.regressions[0]!.status).toBe("skipped");
    expect(r.regressions[0]!.reason).toMatch(/separation/);
  });
});
