import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { barMetrics } from "@tda/core-wasm";
import { barContracts, emptyBarTable, type Market, type Session } from "../barTable.js";
import { DEFAULT_CONFIG, makeConfig } from "../config.js";
import { loadMarket } from "../pipeline/loadMarket.js";
import { detectSignals } from "./detectSignals.js";
import { DIRECTION } from "./types.js";

const CFG = DEFAULT_CONFIG.signals;

/** A hand-built bar: footprint rows from low to high as [bid, ask]; max/min delta optional. */
interface HandBar { open: number; close: number; low: number; rows: [number, number][]; maxDelta?: number; minDelta?: number }

/** A market of one or more contracts (each a list of bars), footprint included unless `footprint` is false. */
function market(contracts: HandBar[][], footprint = true): Market {
  const all = contracts.flat();
  const n = all.length;
  const bars = emptyBarTable(n, footprint);
  const rows = all.reduce((s, b) => s + b.rows.length, 0);
  if (bars.footprint) {
    bars.footprint = { offset: new Int32Array(n + 1), price: new Int32Array(rows), bidVolume: new Float64Array(rows), askVolume: new Float64Array(rows) };
  }
  let at = 0;
  all.forEach((b, i) => {
    const bid = b.rows.reduce((s, r) => s + r[0], 0), ask = b.rows.reduce((s, r) => s + r[1], 0);
    bars.time[i] = bars.lastTime[i] = Date.UTC(2024, 0, 2, 15, 30 + i) * 1000;
    bars.open[i] = b.open; bars.close[i] = b.close; bars.low[i] = b.low; bars.high[i] = b.low + b.rows.length - 1;
    bars.bidVolume[i] = bid; bars.askVolume[i] = ask; bars.volume[i] = bid + ask; bars.delta[i] = ask - bid;
    bars.maxDelta[i] = b.maxDelta ?? NaN; bars.minDelta[i] = b.minDelta ?? NaN;
    if (bars.footprint) {
      const f = bars.footprint;
      b.rows.forEach(([bv, av], r) => { f.price[at + r] = b.low + r; f.bidVolume[at + r] = bv; f.askVolume[at + r] = av; });
      at += b.rows.length;
      f.offset[i + 1] = at;
    }
  });
  const sessions: Session[] = [];
  let start = 0;
  contracts.forEach((c, k) => {
    sessions.push({ index: k, name: `2024-01-0${k + 2}`, contract: k, start, end: start + c.length, partial: false });
    bars.session.fill(k, start, start + c.length);
    start += c.length;
  });
  return {
    tickSize: 0.25, timeZone: "America/Chicago", bars, sessions, notices: [],
    clock: { secondOfDay: new Float64Array(n), localDay: new Int32Array(n), offsetMinutes: new Int32Array(n) },
    contracts: contracts.map((_, k) => ({ name: `ESH2${k + 4}`, file: `ESH2${k + 4}.txt` })),
  };
}

function metricsOf(m: Market) {
  const b = m.bars;
  return barMetrics({ high: b.high, low: b.low, close: b.close, volume: b.volume, delta: b.delta,
    maxDelta: b.maxDelta, minDelta: b.minDelta, group: barContracts(m) }, 50);
}

const run = (m: Market, cfg = CFG) => detectSignals(m, metricsOf(m), cfg);
const col = (a: ArrayLike<number>) => Array.from(a);

// Bars used below (prices in ticks; rows low → high as [bid, ask]).
const flat3: [number, number][] = [[10, 0], [10, 0], [0, 5]]; // D = −15, no taper at either edge
const BARS = {
  // D = −15 under an up bar, min delta −20 → trappedPct 0.75: strong long inversion
  strongLong: { open: 100, close: 102, low: 100, rows: flat3, maxDelta: 2, minDelta: -20 },
  // same, min delta −21 → trappedPct 0.714…: standard long inversion
  stdLong: { open: 100, close: 102, low: 100, rows: flat3, maxDelta: 2, minDelta: -21 },
  // buyers fade at the high: a2 = 20, a1 = 10, a0 = 4 → accelerated short exhaustion; D > 0, up bar
  accelShort: { open: 100, close: 103, low: 100, rows: [[0, 0], [0, 20], [0, 10], [0, 4]], maxDelta: 40, minDelta: -1 },
  // a0 = 5 = 0.5·a1 → standard short exhaustion only
  stdShort: { open: 100, close: 103, low: 100, rows: [[0, 0], [0, 20], [0, 10], [0, 5]], maxDelta: 40, minDelta: -1 },
  // long inversion (D < 0, up bar) + short exhaustion at the high: conflict
  conflict: { open: 100, close: 102, low: 100, rows: [[30, 0], [0, 10], [0, 5]], maxDelta: 5, minDelta: -30 },
  // nothing: D > 0 with an up bar, no taper
  none: { open: 100, close: 102, low: 100, rows: [[0, 1], [0, 1], [0, 1]], maxDelta: 3, minDelta: 0 },
  // D = 0 under an up bar: no inversion
  deltaZero: { open: 100, close: 102, low: 100, rows: [[5, 0], [0, 0], [0, 5]], maxDelta: 5, minDelta: -5 },
  // open = close with D < 0: no inversion
  doji: { open: 101, close: 101, low: 100, rows: [[10, 0], [10, 0], [10, 5]], maxDelta: 0, minDelta: -25 },
  // two-row bar, a0 = 0 ≤ 0.5·a1 (a1 = 10): standard short exhaustion, never accelerated
  twoRow: { open: 101, close: 101, low: 100, rows: [[0, 10], [0, 0]], maxDelta: 10, minDelta: 0 },
  // sellers fade at the low: b2 = 20, b1 = 10, b0 = 4; D < 0 with a down bar → accelerated long exhaustion
  accelLong: { open: 103, close: 100, low: 100, rows: [[4, 0], [10, 0], [20, 0], [0, 0]], maxDelta: 0, minDelta: -34 },
} satisfies Record<string, HandBar>;

describe("detectSignals: hand-built bars through the hierarchy (SPEC §5)", () => {
  const order = Object.keys(BARS) as (keyof typeof BARS)[];
  const m = market([order.map((k) => BARS[k])]);
  const s = run(m);
  const at = (k: keyof typeof BARS) => order.indexOf(k);
  const row = (k: keyof typeof BARS) => {
    const i = at(k);
    return [s.invLong[i], s.invShort[i], s.invStrong[i], s.exhLong[i], s.exhShort[i], s.exhAccel[i], s.direction[i]];
  };
  it("strong inversion overrides standard (trappedPct exactly 0.75 is strong)", () => {
    expect(row("strongLong")).toEqual([1, 0, 1, 0, 0, 0, DIRECTION.long]);
    expect(row("stdLong")).toEqual([1, 0, 0, 0, 0, 0, DIRECTION.long]);
  });
  it("accelerated exhaustion overrides standard; a0 exactly 0.5·a1 is standard", () => {
    expect(row("accelShort")).toEqual([0, 0, 0, 0, 1, 1, DIRECTION.short]);
    expect(row("stdShort")).toEqual([0, 0, 0, 0, 1, 0, DIRECTION.short]);
    expect(row("accelLong")).toEqual([0, 0, 0, 1, 0, 1, DIRECTION.long]);
  });
  it("a long and a short flag on one bar is a conflict, counted", () => {
    expect(row("conflict")).toEqual([1, 0, 0, 0, 1, 0, DIRECTION.conflict]);
    expect(s.conflicts).toBe(1);
    expect(s.notices.some((x) => x.startsWith("direction conflict") && x.includes("ESH24 (1 bars)"))).toBe(true);
  });
  it("D = 0, open = close and a plain bar give nothing; a two-row bar is standard at most", () => {
    expect(row("none")).toEqual([0, 0, 0, 0, 0, 0, DIRECTION.none]);
    expect(row("deltaZero")).toEqual([0, 0, 0, 0, 0, 0, DIRECTION.none]);
    expect(row("doji")).toEqual([0, 0, 0, 0, 0, 0, DIRECTION.none]);
    expect(row("twoRow")).toEqual([0, 0, 0, 0, 1, 0, DIRECTION.short]);
  });
  it("footprint and max/min delta present: no degradation notices", () => {
    expect(s.sources).toEqual([{ contract: 0, inversion: "detected", strength: "trappedPct", exhaustion: "footprint" }]);
    expect(s.notices.filter((x) => !x.startsWith("direction conflict"))).toEqual([]);
  });
  it("the config thresholds are used (minRefVolume 11 stops every exhaustion above)", () => {
    const t = run(m, { ...CFG, minRefVolume: 11 });
    expect(col(t.exhShort).reduce((a, b) => a + b, 0)).toBe(0);
    expect(col(t.exhLong).reduce((a, b) => a + b, 0)).toBe(0);
  });
});

describe("detectSignals: the seed's trapped-delta example through barMetrics (SPEC §5)", () => {
  it("D = −200 with min delta −250 is 80% trapped: a strong long inversion; the short mirror likewise", () => {
    // long: rows low → high [bid, ask] = [250, 0], [0, 25], [0, 25] → D = 50 − 250 = −200 under an up bar;
    // no exhaustion on either side (a0 = 25 > 0.5·a1 = 12.5; b1 = 0 < 5)
    // short: [25, 0], [25, 0], [0, 250] → D = 250 − 50 = +200 under a down bar, max delta 250
    const m = market([[
      { open: 100, close: 102, low: 100, rows: [[250, 0], [0, 25], [0, 25]], maxDelta: 10, minDelta: -250 },
      { open: 102, close: 100, low: 100, rows: [[25, 0], [25, 0], [0, 250]], maxDelta: 250, minDelta: -5 },
      // −200 / −267 = 0.749…: standard
      { open: 100, close: 102, low: 100, rows: [[250, 0], [0, 25], [0, 25]], maxDelta: 10, minDelta: -267 },
    ]]);
    const metrics = metricsOf(m);
    expect(metrics.trappedPct[0]).toBe(0.8);
    expect(metrics.trappedPct[1]).toBe(0.8);
    expect(metrics.trappedPct[2]).toBeLessThan(0.75);
    const s = detectSignals(m, metrics, CFG);
    expect([col(s.invLong), col(s.invShort), col(s.invStrong)]).toEqual([[1, 0, 1], [0, 1, 0], [1, 1, 0]]);
    expect(col(s.exhLong).concat(col(s.exhShort))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(col(s.direction)).toEqual([DIRECTION.long, DIRECTION.short, DIRECTION.long]);
  });
});

/** Edge columns as an export would write them: 0 for rows a short bar does not have. */
function edgeColumns(m: Market): Map<string, Float64Array> {
  const b = m.bars, f = b.footprint!, n = b.length;
  const out = new Map<string, Float64Array>();
  const names = ["askVolHigh0", "askVolHigh1", "askVolHigh2", "bidVolLow0", "bidVolLow1", "bidVolLow2"];
  for (const k of names) out.set(k, new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const vol = (price: number, side: "bid" | "ask") => {
      for (let r = f.offset[i]!; r < f.offset[i + 1]!; r++) if (f.price[r] === price) return side === "bid" ? f.bidVolume[r]! : f.askVolume[r]!;
      return 0;
    };
    for (let k = 0; k < 3; k++) {
      out.get(`askVolHigh${k}`)![i] = vol(b.high[i]! - k, "ask");
      out.get(`bidVolLow${k}`)![i] = vol(b.low[i]! + k, "bid");
    }
  }
  return out;
}

function randomContract(n: number, seed: number): HandBar[] {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
  const vol = () => (rnd() < 0.2 ? 0 : rnd() < 0.3 ? 5 * Math.floor(rnd() * 5) : Math.floor(rnd() * 30));
  return Array.from({ length: n }, () => {
    const rows = 1 + Math.floor(rnd() * 9), low = 18000 + Math.floor(rnd() * 100);
    const r: [number, number][] = Array.from({ length: rows }, () => [vol(), vol()]);
    const open = low + Math.floor(rnd() * rows), close = low + Math.floor(rnd() * rows);
    return { open, close, low, rows: r, maxDelta: 1 + Math.floor(rnd() * 60), minDelta: -1 - Math.floor(rnd() * 60) };
  });
}

describe("detectSignals: footprint and edge columns agree", () => {
  it("the same bars give identical signals from the footprint and from derived edge columns", () => {
    const withFp = market([randomContract(3000, 1), randomContract(2000, 2)]);
    const fromEdges = market([randomContract(3000, 1), randomContract(2000, 2)], false);
    fromEdges.bars.study = edgeColumns(withFp);
    const a = run(withFp), b = run(fromEdges);
    for (const k of ["invLong", "invShort", "invStrong", "exhLong", "exhShort", "exhAccel", "direction"] as const) {
      expect(col(b[k]), k).toEqual(col(a[k]));
      expect(col(a[k]).some((v) => v !== 0), k).toBe(true);
    }
    expect(b.sources.map((x) => x.exhaustion)).toEqual(["edges", "edges"]);
    expect(b.notices).toContain("exhaustion computed from the export's footprint edge columns (askVolHigh0..2, bidVolLow0..2) — ESH24, ESH25");
  });
  it("edge columns without the third row: standard only, with a notice naming the contract", () => {
    const withFp = market([randomContract(500, 3)]);
    const m = market([randomContract(500, 3)], false);
    const edges = edgeColumns(withFp);
    edges.delete("askVolHigh2");
    m.bars.study = edges;
    const s = run(m);
    expect(col(s.exhShort).some((v) => v === 1)).toBe(true);
    for (let i = 0; i < s.exhAccel.length; i++) if (s.exhAccel[i]) expect(s.exhLong[i]).toBe(1);
    expect(s.notices).toContain("accelerated short exhaustion unavailable: no askVolHigh2 column; short exhaustions are standard only — ESH24");
  });
});

describe("detectSignals: edge columns present in one contract only, with empty cells", () => {
  it("names the contract without them and counts the bars that could not be assessed", () => {
    const a = randomContract(400, 21), b = randomContract(300, 22);
    const withFp = market([a, b]);
    const m = market([a, b], false);
    const edges = edgeColumns(withFp);
    for (const col of edges.values()) col.fill(NaN, 400); // the second file has no edge columns
    edges.get("askVolHigh1")!.fill(NaN, 10, 20); // ten empty cells in the first
    m.bars.study = edges;
    const s = run(m);
    expect(s.sources.map((x) => x.exhaustion)).toEqual(["edges", "none"]);
    let multiRow = 0;
    for (let i = 10; i < 20; i++) multiRow += m.bars.high[i]! > m.bars.low[i]! ? 1 : 0;
    expect(s.notices).toContain(`short exhaustion not assessed on bars whose askVolHigh0/askVolHigh1 cells are empty — ESH24 (${multiRow} bars)`);
    expect(s.notices).toContain("short exhaustion skipped: no askVolHigh0, askVolHigh1 column(s) (footprint volume at the high); exh_short is 0 because it could not be computed — ESH25");
    expect(s.notices).toContain("long exhaustion skipped: no bidVolLow0, bidVolLow1 column(s) (footprint volume at the low); exh_long is 0 because it could not be computed — ESH25");
    expect(col(s.exhShort.subarray(400)).every((v) => v === 0)).toBe(true);
    expect(col(s.exhShort.subarray(10, 20)).every((v) => v === 0)).toBe(true);
    // outside the emptied cells, the first contract matches the footprint
    const ref = run(withFp);
    expect(col(s.exhLong.subarray(0, 400))).toEqual(col(ref.exhLong.subarray(0, 400)));
    expect(col(s.exhShort.subarray(20, 400))).toEqual(col(ref.exhShort.subarray(20, 400)));
  });
});

describe("detectSignals: the export's own flags", () => {
  it("replace detection for their family, per contract, through the same hierarchy", () => {
    const m = market([[BARS.strongLong, BARS.none, BARS.none, BARS.accelShort], [BARS.strongLong, BARS.none]]);
    const nan = NaN;
    // contract 0 has its own inversion flags; contract 1 does not (NaN: the column is absent in its file)
    m.bars.study.set("invShort", Float64Array.of(0, 1, 0, 0, nan, nan));
    m.bars.study.set("invStrongShort", Float64Array.of(0, 0, 1, 0, nan, nan));
    m.bars.study.set("invLong", Float64Array.of(0, 0, 0, 0, nan, nan));
    const s = run(m);
    // contract 0: our strong long inversion on bar 0 is replaced by the export's (none there)
    expect(col(s.invLong)).toEqual([0, 0, 0, 0, 1, 0]);
    expect(col(s.invShort)).toEqual([0, 1, 1, 0, 0, 0]);
    expect(col(s.invStrong)).toEqual([0, 0, 1, 0, 1, 0]);
    // exhaustion still detected (no exhaustion flag columns)
    expect(col(s.exhAccel)).toEqual([0, 0, 0, 1, 0, 0]);
    expect(col(s.direction)).toEqual([0, -1, -1, -1, 1, 0]);
    expect(s.sources.map((x) => x.inversion)).toEqual(["export", "detected"]);
    expect(s.notices).toContain("inversion: flags from the input's own study columns (invLong, invShort, invStrongShort) replace detection; absent (never fired): invStrongLong — ESH24");
  });
  it("exhaustion flags from the export work without any footprint", () => {
    const m = market([[BARS.none, BARS.none, BARS.none]], false);
    m.bars.study.set("exhLong", Float64Array.of(0, 1, 0));
    m.bars.study.set("exhAccelLong", Float64Array.of(0, 0, 2));
    m.bars.study.set("exhShort", Float64Array.of(0, 1, 0));
    const s = run(m);
    expect(col(s.exhLong)).toEqual([0, 1, 1]);
    expect(col(s.exhAccel)).toEqual([0, 0, 1]);
    expect(col(s.direction)).toEqual([0, 2, 1]);
    expect(s.sources[0]!.exhaustion).toBe("export");
    expect(s.notices.some((x) => x.startsWith("exhaustion skipped"))).toBe(false);
  });
});

describe("detectSignals: degraded inputs say what was skipped", () => {
  it("no footprint, no edges, no max/min delta: inversions only, two notices naming the contract", () => {
    const strip = (b: HandBar): HandBar => ({ ...b, maxDelta: undefined, minDelta: undefined });
    const m = market([[BARS.strongLong, BARS.accelShort, BARS.conflict].map(strip)], false);
    const s = run(m);
    expect(col(s.invLong)).toEqual([1, 0, 1]);
    expect(col(s.invStrong)).toEqual([0, 0, 0]);
    expect(col(s.exhShort)).toEqual([0, 0, 0]);
    expect(s.sources).toEqual([{ contract: 0, inversion: "detected", strength: "unavailable", exhaustion: "none" }]);
    expect(s.notices).toEqual([
      "strong inversion unavailable: the input has no max/min delta, so trappedPct is unknown; every inversion is reported as standard (inv_strong = 0) — ESH24 (2 inversions)",
      "exhaustion skipped: the input has no footprint and no footprint edge columns (askVolHigh0..2, bidVolLow0..2); exh_long, exh_short and exh_accel are 0 because they could not be computed — ESH24",
    ]);
  });
  it("rejects metrics of another length", () => {
    const m = market([[BARS.none]]);
    const other = metricsOf(market([[BARS.none, BARS.none]]));
    expect(() => detectSignals(m, other, CFG)).toThrow(/metrics.deltaPct has 2 rows/);
  });
});

const ES5M = join(import.meta.dirname, "../../../../data/es-5m");

describe.runIf(existsSync(ES5M))("detectSignals on the real 5-minute ES bars", () => {
  it("finds inversions; exhaustion and strong inversion are reported unavailable per contract", () => {
    const files = readdirSync(ES5M).filter((f) => f.endsWith(".txt")).sort().map((f) => join(ES5M, f));
    const config = makeConfig();
    const { market: m } = loadMarket(files, config);
    const metrics = barMetrics({ high: m.bars.high, low: m.bars.low, close: m.bars.close, volume: m.bars.volume,
      delta: m.bars.delta, maxDelta: m.bars.maxDelta, minDelta: m.bars.minDelta, group: barContracts(m) }, 50);
    const s = detectSignals(m, metrics, config.signals);
    const b = m.bars;
    let longs = 0, shorts = 0;
    for (let i = 0; i < b.length; i++) {
      const wantLong = b.delta[i]! < 0 && b.close[i]! > b.open[i]!;
      const wantShort = b.delta[i]! > 0 && b.close[i]! < b.open[i]!;
      if (s.invLong[i] !== +wantLong || s.invShort[i] !== +wantShort) throw new Error(`bar ${i}: inversion flags disagree with SPEC`);
      longs += +wantLong; shorts += +wantShort;
      if (s.direction[i] !== (wantLong ? 1 : wantShort ? -1 : 0)) throw new Error(`bar ${i}: direction`);
    }
    expect(longs).toBeGreaterThan(1000);
    expect(shorts).toBeGreaterThan(1000);
    expect(col(s.invStrong).every((v) => v === 0)).toBe(true);
    expect(col(s.exhLong).every((v) => v === 0) && col(s.exhShort).every((v) => v === 0)).toBe(true);
    expect(s.sources.every((x) => x.exhaustion === "none" && x.strength === "unavailable")).toBe(true);
    const names = m.contracts.map((c) => c.name);
    expect(names).toHaveLength(8);
    const exh = s.notices.find((x) => x.startsWith("exhaustion skipped"))!;
    const strong = s.notices.find((x) => x.startsWith("strong inversion unavailable"))!;
    for (const name of names) {
      expect(exh).toContain(name);
      expect(strong).toMatch(new RegExp(`${name} \\(\\d+ inversions\\)`));
    }
    expect(s.notices).toHaveLength(2);
  });
});
