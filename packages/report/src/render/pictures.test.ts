import { describe, expect, it } from "vitest";
import type { FootprintSample, ProfileSample } from "@tda/engine";
import { analyze } from "../analysis/analyze.js";
import { barelyVaries, equityCurve } from "../document/build-figures.js";
import { buildReport } from "../document/build.js";
import { footprintSvg, longestRun, tradeExit } from "./footprint.js";
import { renderHtml } from "./html.js";
import { barChart, lineChart, spreadLabels, textWidth, thinLabels } from "./svg.js";
import { periodLetter, periodStart, tpoRows, tpoSvg } from "./tpo.js";

const attrs = (svg: string, tag: string) => [...svg.matchAll(new RegExp(`<${tag} ([^>]*)>([^<]*)`, "g"))].map((m) => ({ a: Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((x) => [x[1], x[2]])), text: m[2]! }));

describe("chart layout (issue 16)", () => {
  it("bar chart: the value stands in a column right of every whisker and the reference line", () => {
    const svg = barChart("Win rate", [{ label: "a", value: 30, lo: 20, hi: 45 }, { label: "b", value: 10, lo: 5, hi: 12 }], { unit: "%", ref: 25 });
    const whiskers = attrs(svg, "line").filter((l) => l.a.class === "wh");
    const values = attrs(svg, "text").filter((t) => t.text.endsWith("%") && !t.text.startsWith("base"));
    expect(whiskers).toHaveLength(2);
    expect(values.map((v) => v.text)).toEqual(["30%", "10%"]);
    // right-aligned values: their left edge (x − width) is past every whisker and the dashed base line
    const lines = attrs(svg, "line").map((l) => Math.max(Number(l.a.x1), Number(l.a.x2)));
    for (const v of values) expect(Number(v.a.x) - textWidth(v.text)).toBeGreaterThan(Math.max(...lines));
    expect(whiskers.every((w) => Number(w.a.x2) > Number(w.a.x1))).toBe(true);
    expect(svg).toMatch(/^<svg viewBox="0 0 480 \d+" width="100%" style="max-width:480px"/);
    expect(svg).toContain(">base 25%<");
  });

  it("line chart: marks drawn with their label, date ticks thinned so none touch", () => {
    const xTicks = Array.from({ length: 40 }, (_, k) => ({ x: k, label: `2024-${String(k).padStart(2, "0")}` }));
    const svg = lineChart("Equity", [{ name: "all", points: xTicks.map((t) => [t.x, t.x * 2] as [number, number]) }], { xLabel: "date", yLabel: "USD", xTicks, marks: [{ x: 10, label: "ESM24" }] });
    const ticks = attrs(svg, "text").filter((t) => t.text.startsWith("2024-"));
    expect(ticks.length).toBeGreaterThan(3);
    expect(ticks.length).toBeLessThan(40);
    for (let k = 1; k < ticks.length; k++) expect(Number(ticks[k]!.a.x) - Number(ticks[k - 1]!.a.x)).toBeGreaterThan(textWidth("2024-00"));
    expect(svg).toContain(">ESM24</text>");
    expect(attrs(svg, "line").filter((l) => l.a.class === "mk")).toHaveLength(1);
  });

  it("thinLabels keeps the first and drops the ones that would touch; spreadLabels keeps a gap inside the bounds", () => {
    expect(thinLabels([{ at: 0, width: 10 }, { at: 8, width: 10 }, { at: 30, width: 10 }], 5).map((l) => l.at)).toEqual([0, 30]);
    const pos = spreadLabels([50, 51, 52, 200], 12, 0, 100);
    expect(pos).toEqual([50, 62, 74, 100]);
    expect(spreadLabels([95, 96, 97], 12, 0, 100)).toEqual([76, 88, 100]);
  });
});

describe("footprint cards", () => {
  const base: FootprintSample = {
    title: "exhaustion short · 2024-09-24 08:34 · ESZ24-CME", direction: "short", tickSize: 0.25,
    open: 103, high: 104, low: 100, close: 101,
    rows: [{ price: 100, bid: 6, ask: 2 }, { price: 101, bid: 4, ask: 3 }, { price: 102, bid: 12, ask: 14 }, { price: 103, bid: 7, ask: 10 }, { price: 104, bid: 3, ask: 4 }],
    level: { kind: "prior_vah", price: 99 }, session: "2024-09-24", contract: "ESZ24-CME",
    marks: { imbBuy: 1, imbSell: 0, stackedBuy: false, stackedSell: false, unfinishedHigh: true, unfinishedLow: true, buyRows: [102], sellRows: [] },
    outcome: {
      entry: 101, stop: 105, target: 76, stopped: false, stopBar: null, mfe: 30, mae: 2, mfeBar: 3, win: true, bracketTicks: 25,
      path: [{ open: 101, high: 103, low: 90, close: 91 }, { open: 91, high: 92, low: 80, close: 82 }, { open: 82, high: 83, low: 75, close: 76 }],
    },
  };

  it("tradeExit checks the stop first in each bar (SPEC §7)", () => {
    const o = base.outcome!;
    expect(tradeExit(o, -1)).toEqual({ bar: 3, how: "target" });
    // a bar reaching both the stop and the target is a stop
    expect(tradeExit({ ...o, path: [{ open: 101, high: 105, low: 70, close: 80 }] }, -1)).toEqual({ bar: 1, how: "stop" });
    expect(tradeExit({ ...o, path: [{ open: 101, high: 102, low: 99, close: 100 }] }, -1)).toEqual({ bar: 1, how: "end" });
  });

  it("draws imbalance cells, unfinished extremes, the level as a tagged row right of the numbers, and the outcome", () => {
    const svg = footprintSvg(base);
    const texts = attrs(svg, "text");
    expect(texts.find((t) => t.text === "14")!.a.class).toContain("bb"); // the buy imbalance at 102
    expect(svg.match(/<circle cx="29"/g)).toHaveLength(2); // unfinished high and low
    const tag = texts.find((t) => t.text === "prior_vah" && t.a.class === "tag")!;
    const numbers = texts.filter((t) => /^\d+$/.test(t.text));
    for (const n of numbers) expect(Number(tag.a.x)).toBeGreaterThan(Number(n.a.x) + textWidth(n.text));
    expect(texts.some((t) => t.text === "target on bar 3: +25 ticks")).toBe(true);
    expect(texts.some((t) => t.text.startsWith("imbalance rows: 1 buy"))).toBe(true);
    expect(svg).not.toMatch(/stroke-dasharray="5 3"\/>/); // no dashed level line across the ladder
  });

  it("a stacked imbalance gets a bar beside its longest run of rows", () => {
    expect(longestRun([105, 101, 102, 103, 107])).toEqual([101, 103]);
    expect(longestRun([])).toBeUndefined();
    const stacked = { ...base, marks: { ...base.marks!, imbBuy: 3, stackedBuy: true, buyRows: [101, 102, 103] } };
    const svg = footprintSvg(stacked);
    const bar = attrs(svg, "rect").find((r) => r.a.x === "181" && r.a.fill === "#2ca02c")!;
    expect(Number(bar.a.height)).toBe(3 * 14); // rows 101…103
    expect(svg).toContain("stacked buy (bar)");
    expect(footprintSvg(base)).not.toContain(`x="181"`);
  });

  it("without a footprint: the trade only, and the page says so once", () => {
    const bare = { ...base, rows: [], marks: undefined };
    const svg = footprintSvg(bare);
    expect(svg).not.toContain("no footprint");
    expect(svg).toContain("target 19.00");
    const analysis = analyze({ direction: ["long"], bracket_ticks: [1], session: ["2024-01-02"] }, { bootstrapSamples: 10, horizons: [] });
    const html = renderHtml(buildReport({ title: "R", analysis, columns: {}, samples: [bare, bare, bare], notices: [] }));
    expect(html.match(/no per-price footprint/g)).toHaveLength(1);
  });
});

describe("TPO profile picture", () => {
  const profile: ProfileSample = {
    session: "2024-09-24", contract: "ESZ24-CME", tickSize: 0.25, rowTicks: 1, periodMinutes: 30, sessionStart: "08:30",
    periods: [{ id: 0, low: 100, high: 104 }, { id: 1, low: 102, high: 106 }, { id: 2, low: 103, high: 103 }],
    high: 106, low: 100, poc: 103, vah: 104, val: 102, shape: "D", tpoTotal: 11, singlePrints: [100, 101, 105, 106],
    initialBalanceHigh: 106, initialBalanceLow: 100,
    levels: [
      { kind: "cva_high", price: 105, strength: 3, sessions: 3, val: 98, vah: 105 },
      { kind: "cva_low", price: 98, strength: 3, sessions: 3, val: 98, vah: 105 },
      { kind: "prior_poc", price: 101, strength: 1, sessions: 1, val: 99, vah: 103 },
      { kind: "prior_vah", price: 120, strength: 1, sessions: 1, val: 99, vah: 120 },
    ],
    signals: [{ price: 104, period: 1, direction: -1, title: "exhaustion short" }],
  };

  it("letters per row are the periods that traded there: the TPO counts of SPEC §6", () => {
    const { step, rows } = tpoRows(profile);
    expect(step).toBe(1);
    expect(rows.map((r) => `${r.price}:${r.letters}`)).toEqual(["106:B", "105:B", "104:AB", "103:ABC", "102:AB", "101:A", "100:A"]);
    expect(rows.reduce((n, r) => n + r.letters.length, 0)).toBe(profile.tpoTotal);
    expect([periodLetter(0), periodLetter(13), periodLetter(26)]).toEqual(["A", "N", "a"]);
    expect([periodStart(profile, 0), periodStart(profile, 13)]).toEqual(["08:30", "15:00"]);
  });

  it("a wide profile groups ticks into rows, at most MAX_ROWS of them", () => {
    const wide = { ...profile, high: 299, low: 100, periods: [{ id: 0, low: 100, high: 299 }] };
    const { step, rows } = tpoRows(wide);
    expect(step).toBe(5);
    expect(rows.length).toBeLessThanOrEqual(48);
    expect(rows.every((r) => r.letters === "A")).toBe(true);
  });

  it("draws value area, POC, single prints, the composite band and in-range levels; the picker holds every session", () => {
    const svg = tpoSvg(profile);
    expect(svg).toContain("POC 25.75 · value area 25.50–26.00 · 4 single prints");
    expect(svg.match(/fill="#d62728"\/>/g)!.length).toBeGreaterThanOrEqual(4); // single prints (+ the short arrow)
    expect(svg).toContain(">cva_high 26.25<");
    expect(svg).toContain(">prior_poc 25.25<");
    expect(svg).not.toContain("prior_vah 30.00"); // outside the range: in the sentence under the picture
    const analysis = analyze({ direction: ["long"], bracket_ticks: [1], session: ["2024-01-02"] }, { bootstrapSamples: 10, horizons: [] });
    const sample = { title: "x", direction: "long", tickSize: 0.25, open: 1, high: 2, low: 0, close: 1, rows: [], session: "2024-09-24", contract: "ESZ24-CME" };
    const two = [profile, { ...profile, session: "2024-09-25", signals: [] }];
    const html = renderHtml(buildReport({ title: "R", analysis, columns: {}, samples: [sample], profiles: two, notices: [] }));
    expect(html.match(/<input type="radio" name="tpo"/g)).toHaveLength(2);
    expect(html).toContain(`<label for="tpo-ESZ24-CME-2024-09-25">2024-09-25 ESZ24-CME</label>`);
    expect(html).toContain(`<label class="to-tpo" for="tpo-ESZ24-CME-2024-09-24">`);
    expect(html).toContain("above: prior_vah 30.00");
    expect(html).not.toMatch(/<script|https?:\/\//);
    const one = renderHtml(buildReport({ title: "R", analysis, columns: {}, samples: [sample], profiles: [profile], notices: [] }));
    expect(one).not.toContain(`type="radio"`);
  });
});

describe("figures from the signals table", () => {
  it("equity curve: dated x, a month tick per new month, a roll at each later contract's first trade", () => {
    const c = equityCurve({
      time: ["2024-03-01T09:00:00.000-06:00", "2024-03-02T09:00:00.000-06:00", "2024-04-01T09:00:00.000-05:00", "2024-04-02T09:00:00.000-05:00"],
      direction: ["long", "none", "short", "long"],
      bracket_usd: Float64Array.from([100, NaN, -50, 25]),
      contract: ["ESH24-CME", "ESH24-CME", "ESM24-CME", "ESH24-CME"],
    });
    expect(c.byDate).toBe(true);
    expect(c.points.map((p) => p[1])).toEqual([100, 50, 75]);
    expect(c.ticks.map((t) => t.label)).toEqual(["2024-03", "2024-04"]);
    expect(c.rolls).toEqual([{ x: Date.parse("2024-04-01T09:00:00.000-05:00") / 86_400_000, label: "ESM24" }]);
    expect(c.contracts).toBe(2);
  });

  it("a feature that is 0 or 1 on ≥ 95% of signals is said, not drawn", () => {
    const n = 1000;
    const cols = {
      direction: Array.from({ length: n }, () => "long"),
      bracket_ticks: Float64Array.from({ length: n }, (_, i) => (i % 3) - 1),
      close_location: Float64Array.from({ length: n }, (_, i) => (i < 996 ? i % 2 : 0.5)),
      vol_star: Float64Array.from({ length: n }, (_, i) => i / 100),
    };
    expect(barelyVaries(cols, "close_location")).toBe("it is 0 or 1 on 99.6% of the 1000 signals with a result.");
    expect(barelyVaries(cols, "vol_star")).toBeNull();
  });
});
