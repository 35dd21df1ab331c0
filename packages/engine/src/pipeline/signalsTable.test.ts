import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emptyBarTable, type Market } from "../barTable.js";
import { buildSignalsTable, signalsCsv, signalsCsvBytes, formatNumber, type OutputColumn, type SignalsTable } from "./signalsTable.js";
import type { SignalColumns } from "../signals/types.js";
import type { LevelColumns } from "../levels/types.js";
import type { OutcomeColumns } from "../outcomes/types.js";
import type { BarMetrics } from "@tda/core-wasm";

/** Four hand-made bars: a long, a conflict, a bar without flags, a short with no level known. */
function fixture() {
  const n = 4;
  const bars = emptyBarTable(n);
  const t0 = Date.UTC(2024, 2, 18, 13, 35) * 1000; // 08:35 CDT
  for (let i = 0; i < n; i++) {
    bars.time[i] = t0 + i * 300e6 + 123_999; // 123.999 ms past the minute: written truncated, .123
    bars.open[i] = 20000 + i; bars.high[i] = 20004 + i; bars.low[i] = 19998 + i; bars.close[i] = 20002 + i;
    bars.volume[i] = 100; bars.delta[i] = -10;
  }
  const market: Market = {
    tickSize: 0.25, timeZone: "America/Chicago", bars,
    clock: { secondOfDay: new Float64Array(n), localDay: new Int32Array(n), offsetMinutes: new Int32Array(n).fill(-300) },
    sessions: [{ index: 0, name: "2024-03-18", contract: 0, start: 0, end: n, partial: false }],
    contracts: [{ name: "ESM24", file: "x" }], notices: [],
  };
  const f = (...v: number[]) => Float64Array.from(v);
  const metrics: BarMetrics = {
    deltaPct: f(-0.1, -0.1, -0.1, -0.1), trappedPct: f(NaN, NaN, NaN, NaN), volStar: f(NaN, 1.5, NaN, 2),
    tdLong: f(1.1, 1.2, 1.3, 1.4), tdShort: f(0.9, 0.8, 0.7, 0.6), closeLocation: f(0.5, 0.5, 0.5, 0.5),
  };
  const u = (...v: number[]) => Uint8Array.from(v);
  const signals: SignalColumns = {
    invLong: u(1, 1, 0, 0), invShort: u(0, 0, 0, 1), invStrong: u(0, 0, 0, 0),
    exhLong: u(0, 0, 0, 0), exhShort: u(0, 1, 0, 0), exhAccel: u(0, 0, 0, 0),
    direction: Int8Array.from([1, 2, 0, -1]), notices: [],
  };
  const levels: LevelColumns = {
    levelKind: ["cva_high", "cva_low", null, null], levelPrice: f(20010, 19990, NaN, NaN),
    levelStrength: f(4.5, 2, NaN, NaN), levelDistance: f(8, -12, NaN, NaN), nearLevel: u(1, 1, 0, 0),
    scenario: Int8Array.from([2, 1, 0, 0]), sessions: [], notices: [],
  };
  const outcomes: OutcomeColumns = {
    entry: f(20002, 20003, NaN, 20005), stop: f(19997, NaN, NaN, 20008), horizons: [5, 10],
    returns: [f(3, NaN, NaN, -3), f(NaN, NaN, NaN, -3)], stopped: f(0, NaN, NaN, 1), stopBar: f(NaN, NaN, NaN, 4),
    mfe: f(5, NaN, NaN, 2), mae: f(1, NaN, NaN, 3), mfeBar: f(2, NaN, NaN, 1), win: f(0, NaN, NaN, 0),
    bracketTicks: f(4, NaN, NaN, -3), bracketUsd: f(50, NaN, NaN, -37.5), notices: [],
  };
  return { market, metrics, signals, levels, outcomes };
}

describe("the SPEC §9 signals table", () => {
  const table = buildSignalsTable(fixture());
  const csv = [...signalsCsv(table)].join("").trimEnd().split("\n");
  const header = csv[0]!.split(",");
  const row = (k: number) => Object.fromEntries(csv[k + 1]!.split(",").map((v, j) => [header[j]!, v]));

  it("keeps bars with any flag, in order; the bar without a flag is not a row", () => {
    expect(table.length).toBe(3);
    expect(csv.map((l) => l.split(",")[0]).slice(1)).toEqual([
      "2024-03-18T08:35:00.123-05:00", "2024-03-18T08:40:00.123-05:00", "2024-03-18T08:50:00.123-05:00",
    ]);
  });

  it("writes a long row in points and ticks as SPEC names them", () => {
    const r = row(0);
    expect([r.open, r.high, r.low, r.close]).toEqual(["5000", "5001", "4999.5", "5000.5"]);
    expect(r.td_ratio).toBe("1.1"); // close / low for a long
    expect([r.direction, r.level_kind, r.level_price, r.level_strength, r.level_distance, r.near_level, r.scenario])
      .toEqual(["long", "cva_high", "5002.5", "4.5", "8", "1", "SC2"]);
    expect([r.entry, r.stop, r.ret_5, r.ret_10, r.stopped, r.stop_bar, r.mfe_bar, r.bracket_usd]).toEqual(["5000.5", "4999.25", "3", "", "0", "", "2", "50"]);
    expect(r.trapped_pct).toBe(""); // unknown, never 0
  });

  it("leaves every level and outcome field of a conflict row empty", () => {
    const r = row(1);
    expect(r.direction).toBe("conflict");
    for (const k of ["td_ratio", "level_kind", "level_price", "level_strength", "level_distance", "near_level", "scenario", "entry", "stop", "ret_5", "stopped", "mfe", "win", "bracket_ticks", "bracket_usd"]) {
      expect(r[k], k).toBe("");
    }
    expect([r.inv_long, r.exh_short]).toEqual(["1", "1"]);
  });

  it("a directional row with no level known: empty level fields, near_level 0, scenario none", () => {
    const r = row(2);
    expect([r.direction, r.td_ratio]).toEqual(["short", "0.6"]);
    expect([r.level_kind, r.level_price, r.level_strength, r.level_distance, r.near_level, r.scenario]).toEqual(["", "", "", "", "0", "none"]);
  });

  it("formats numbers in full precision with a dot, empty for NaN", () => {
    expect(formatNumber(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(formatNumber(-0)).toBe("0");
    expect(formatNumber(NaN)).toBe("");
    expect(formatNumber(1e21)).toBe("1e+21");
  });
});

/** signals.csv as the tool wrote it before signalsCsvBytes: a string a field, joined (the reference). */
function referenceCsv(table: SignalsTable): string {
  const field = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  let out = table.columns.map((c) => c.name).join(",") + "\n";
  const lines: string[] = [];
  for (let r = 0; r < table.length; r++) {
    lines.push(table.columns.map((c) => (c.type === "string" ? field(c.values[r] ?? "") : formatNumber(c.values[r]!))).join(","));
  }
  if (table.length) out += lines.join("\n") + "\n";
  return out;
}

describe("signals.csv bytes", () => {
  const number = fc.oneof(
    fc.double(), fc.integer(), fc.integer({ min: -2147483649, max: -2147483640 }), fc.integer({ min: 2147483640, max: 2147483649 }),
    fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e21, 123456789012, -5e-324, 9, 10, 99, 100, 1e9, 999999999, -1e9),
  );
  const text = fc.option(fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), fc.constantFrom("a,b", 'say "x"', "l1\nl2", "cr\r", "é", "2024-03-18T08:35:00.123-05:00")), { nil: null });
  const table = fc.integer({ min: 0, max: 40 }).chain((n) => fc.array(fc.boolean(), { maxLength: 8 }).chain((kinds) => fc.tuple(
    ...kinds.map((isText, k): fc.Arbitrary<OutputColumn> => (isText
      ? fc.array(text, { minLength: n, maxLength: n }).map((values) => ({ name: `s${k}`, type: "string" as const, values }))
      : fc.array(number, { minLength: n, maxLength: n }).map((v) => ({ name: `n${k}`, type: "float" as const, values: Float64Array.from(v) })))),
  ).map((columns): SignalsTable => ({ length: n, columns }))));

  it("are the UTF-8 of the text the tool wrote before, for any numbers and strings", () => {
    fc.assert(fc.property(table, (t) => {
      const bytes = Buffer.concat([...signalsCsvBytes(t)]);
      expect(bytes.equals(Buffer.from(referenceCsv(t), "utf8"))).toBe(true);
      expect([...signalsCsv(t)].join("")).toBe(bytes.toString("utf8"));
    }), { numRuns: 500 });
  });

  it("come in blocks of whole rows", () => {
    const n = 60_000;
    const t: SignalsTable = { length: n, columns: [
      { name: "x", type: "float", values: Float64Array.from({ length: n }, (_, i) => i / 7) },
      { name: "s", type: "string", values: Array.from({ length: n }, (_, i) => (i % 3 ? "é,\"" : null)) },
    ] };
    const blocks = [...signalsCsvBytes(t)];
    expect(blocks.length).toBeGreaterThan(2);
    for (const b of blocks) expect(b[b.length - 1]).toBe(10);
    expect(Buffer.concat(blocks).equals(Buffer.from(referenceCsv(t), "utf8"))).toBe(true);
  });
});
