import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emptyBarTable, type BarTable } from "../barTable.js";
import { STUDY_ROLES } from "../studyRoles.js";
import { InputError } from "../errors.js";
import {
  bindColumns, COLUMN_MAP_PRESETS, loadColumnMap, missingRoles, parseColumnMap, SIERRA_8TICK_103, STUDY_EXPORT_HEADER,
} from "./columnMap.js";
import { readSierraBarExport } from "./sierraBarExport.js";
import { readSierraStudyExport } from "./sierraStudyExport.js";
import { writeSierraStudyExport } from "./writeStudyExport.js";

const DATA = new URL("../../../../data/es-5m/", import.meta.url).pathname;
const tmp = () => mkdtempSync(join(tmpdir(), "tda-study-"));
const CHI = "America/Chicago";
const ES = { tickSize: 0.25, sourceTimeZone: CHI };

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Random bars with every role filled (some cells NaN), µs times across the 2024 fall-back hour. */
function randomBars(n: number, seed: number): BarTable {
  const r = rng(seed);
  const b = emptyBarTable(n);
  let t = Date.UTC(2024, 10, 3, 5, 0) * 1000 + 17; // 00:00 CDT on the fall-back day
  let price = 23000;
  for (const role of Object.keys(STUDY_ROLES)) b.study.set(role, new Float64Array(n));
  for (let i = 0; i < n; i++) {
    t += Math.floor(r() * 90e6) + 1;
    const low = price - Math.floor(r() * 8), high = low + Math.floor(r() * 9);
    b.time[i] = t;
    b.lastTime[i] = t + Math.floor(r() * 30e6);
    b.open[i] = low + Math.floor(r() * (high - low + 1));
    b.close[i] = low + Math.floor(r() * (high - low + 1));
    b.high[i] = high; b.low[i] = low;
    b.bidVolume[i] = Math.floor(r() * 500); b.askVolume[i] = Math.floor(r() * 500);
    b.volume[i] = b.bidVolume[i]! + b.askVolume[i]!;
    b.trades[i] = Math.floor(b.volume[i]! / 2);
    b.delta[i] = b.askVolume[i]! - b.bidVolume[i]!;
    b.maxDelta[i] = Math.max(b.delta[i]!, Math.floor(r() * 300));
    b.minDelta[i] = Math.min(b.delta[i]!, -Math.floor(r() * 300));
    for (const [role, col] of b.study) {
      col[i] = r() < 0.1 ? NaN
        : role === "vwap" ? low + r() * (high - low)
        : role === "poc" || role === "vah" || role === "val" ? low + Math.floor(r() * 20)
        : role.startsWith("inv") || role.startsWith("exh") ? (r() < 0.2 ? 1 : 0)
        // an edge volume lies within its side's volume (the reader refuses more)
        : Math.floor(r() * ((role.startsWith("ask") ? b.askVolume[i]! : b.bidVolume[i]!) + 1));
    }
    price = b.close[i]!;
  }
  return b;
}

function expectSameBars(a: BarTable, b: BarTable): void {
  expect(b.length).toBe(a.length);
  for (const k of ["time", "lastTime", "open", "high", "low", "close", "volume", "trades", "bidVolume", "askVolume", "delta", "maxDelta", "minDelta"] as const) {
    const x = Array.from(a[k]), y = Array.from(b[k]);
    expect(y.every((v, i) => Object.is(v, x[i])), k).toBe(true);
  }
  expect([...b.study.keys()].sort()).toEqual([...a.study.keys()].sort());
  for (const [role, col] of a.study) {
    const got = b.study.get(role)!;
    for (let i = 0; i < a.length; i++) {
      if (!Object.is(got[i], col[i]) && !(Math.abs(got[i]! - col[i]!) < 1e-9)) expect([role, i, got[i]], role).toEqual([role, i, col[i]]);
    }
  }
}

describe("sierra-8tick-103 preset", () => {
  it("has 13 fixed + 90 study columns and binds every role once", () => {
    expect(SIERRA_8TICK_103).toHaveLength(103);
    expect(SIERRA_8TICK_103.slice(0, 13).map((c) => c.name)).toEqual(STUDY_EXPORT_HEADER);
    const b = bindColumns(SIERRA_8TICK_103.map((c) => c.name), COLUMN_MAP_PRESETS["sierra-8tick-103"]!, "x", true);
    expect(b).toHaveLength(21);
    expect(missingRoles(b.map((x) => x.role))).toEqual([]);
    const at = Object.fromEntries(b.map((x) => [x.role, x.index]));
    expect(at).toMatchObject({ maxDelta: 14, minDelta: 15, duration: 24, askVolHigh0: 27, bidVolLow0: 33, poc: 39, vah: 40, val: 41, vwap: 45, invLong: 52, exhAccelShort: 59 });
  });

  it("resolves duplicate names by occurrence and indexes 0-based", () => {
    const header = SIERRA_8TICK_103.map((c) => c.name);
    const map = parseColumnMap({ poc: { name: "POC", occurrence: 1 }, maxDelta: { index: 14 }, vwap: { name: "vwap" } });
    const b = bindColumns(header, map, "x", true);
    expect(b.map((x) => [x.role, x.index])).toEqual([["maxDelta", 14], ["poc", 42], ["vwap", 45]]);
    expect(() => bindColumns(header, parseColumnMap({ poc: { name: "POC", occurrence: 2 } }), "f.csv", true))
      .toThrow(/f.csv:1: column map: poc → "POC" occurrence 2 \(0-based\), but the header has 2 column\(s\) of that name/);
    expect(() => bindColumns(header, parseColumnMap({ poc: { index: 103 } }), "f.csv", true)).toThrow(/header has 103 columns/);
    expect(() => bindColumns(header, parseColumnMap({ poc: { index: 5 } }), "f.csv", true)).toThrow(/fixed bar columns/);
    expect(() => bindColumns(header, parseColumnMap({ poc: { index: 20 }, vah: { index: 20 } }), "f.csv", true)).toThrow(/both bound to column 20/);
    expect(() => parseColumnMap({ pocc: { index: 20 } })).toThrow(/column map.pocc: unknown role/);
    expect(() => parseColumnMap({ poc: { index: -1 } })).toThrow(/0-based column number/);
    const withPreset = parseColumnMap({ preset: "sierra-8tick-103", vwap: null, poc: { name: "POC", occurrence: 1 } });
    expect(withPreset.vwap).toBeUndefined();
    expect(withPreset.maxDelta).toEqual({ name: "Max Delta" });
    const dir = tmp();
    writeFileSync(join(dir, "m.json"), JSON.stringify({ maxDelta: { name: "Max Delta" }, askVolHigh0: { index: 20 } }));
    expect(loadColumnMap(join(dir, "m.json"))).toEqual({ maxDelta: { name: "Max Delta", occurrence: 0 }, askVolHigh0: { index: 20 } });
    expect(loadColumnMap("sierra-8tick-103")).toBe(COLUMN_MAP_PRESETS["sierra-8tick-103"]);
  });
});

describe("study export", () => {
  it("bars → 103-column export → bars is lossless (µs times, fall-back hour, NaN cells, VWAP fractions)", () => {
    const dir = tmp();
    const a = randomBars(600, 42);
    const p = join(dir, "ES_8tick.csv");
    writeSierraStudyExport(p, a, { tickSize: 0.25, timeZone: CHI });
    const lines = readFileSync(p, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(601);
    expect(lines.every((l) => l.split(",").length === 103)).toBe(true);
    const r = readSierraStudyExport(p, ES);
    expect(r.mapUsed).toBe("sierra-8tick-103");
    expect(r.missing).toEqual([]);
    expect(r.skipped).toEqual([]);
    expectSameBars(a, r.bars);
  });

  it("fills edge-volume roles from a footprint when the table has no study columns", () => {
    const b = emptyBarTable(1, true);
    b.time[0] = b.lastTime[0] = Date.UTC(2024, 2, 18, 13, 35) * 1000;
    b.open[0] = 100; b.high[0] = 103; b.low[0] = 100; b.close[0] = 102;
    b.footprint = { offset: Int32Array.from([0, 4]), price: Int32Array.from([100, 101, 102, 103]), bidVolume: Float64Array.from([9, 8, 7, 6]), askVolume: Float64Array.from([1, 2, 3, 4]) };
    b.volume[0] = 40; b.bidVolume[0] = 30; b.askVolume[0] = 10; b.delta[0] = -20;
    const p = join(tmp(), "fp.csv");
    writeSierraStudyExport(p, b, { tickSize: 0.25, timeZone: "UTC" });
    const r = readSierraStudyExport(p, { tickSize: 0.25, sourceTimeZone: "UTC" });
    const s = (k: string) => r.bars.study.get(k)![0];
    expect([s("askVolHigh0"), s("askVolHigh1"), s("askVolHigh2"), s("bidVolLow0"), s("bidVolLow1"), s("bidVolLow2")]).toEqual([4, 3, 2, 9, 8, 7]);
    expect(s("poc")).toBeNaN(); // no value → empty cell → NaN, never 0
    const row = readFileSync(p, "utf8").split("\n")[1]!.split(", ");
    expect(row.slice(0, 14)).toEqual(["2024/03/18", "13:35:00", "25.00", "25.75", "25.00", "25.50", "40", "0", "25.3125", "25.416666666666668", "25.375", "30", "10", "-20"]);
  });

  it("reads the real 5-minute data re-exported through the 103-column layout", () => {
    const src = readSierraBarExport(join(DATA, "ESH24-CME.scid_BarData__5m.txt"), ES).bars;
    expect(src.length).toBe(17117);
    const p = join(tmp(), "ESH24.csv");
    writeSierraStudyExport(p, src, { tickSize: 0.25, timeZone: CHI });
    const r = readSierraStudyExport(p, ES);
    expect(r.bars.length).toBe(src.length);
    for (const k of ["time", "open", "high", "low", "close", "volume", "trades", "bidVolume", "askVolume"] as const) {
      expect(Array.from(r.bars[k])).toEqual(Array.from(src[k]));
    }
    // the 5-minute export has no max/min delta and no footprint: every such role is NaN, and the
    // 103-column row still carries 103 fields
    expect(r.bars.maxDelta.every(Number.isNaN)).toBe(true);
    expect(r.bars.study.get("askVolHigh0")!.every(Number.isNaN)).toBe(true);
  });

  it("binds by name when the layout differs, and reports missing roles with their effect", () => {
    const dir = tmp();
    const p = join(dir, "small.csv");
    writeFileSync(p, [
      `${STUDY_EXPORT_HEADER.join(", ")}, Max Delta, Min Delta, POC, POC, Cumulative Delta`,
      "2023/12/18, 08:30:00, 4781.50, 4781.50, 4780.75, 4781.00, 405, 306, 0, 0, 0, 247, 158, 20, -100, 4781.25, 4770.00, -89",
      "2023/12/18, 08:35:00, 4781.25, 4782.00, 4781.25, 4781.75, 381, 274, 0, 0, 0, 190, 191, , , 4781.50, 4770.00, -88",
    ].join("\n"));
    const r = readSierraStudyExport(p, ES);
    expect(r.mapUsed).toBe("by name");
    expect(Array.from(r.bars.maxDelta)).toEqual([20, NaN]);
    expect(Array.from(r.bars.minDelta)).toEqual([-100, NaN]);
    expect(Array.from(r.bars.study.get("poc")!)).toEqual([19125, 19126]); // first "POC", in ticks
    expect(Array.from(r.bars.delta)).toEqual([-89, 1]);
    expect(r.bars.time[0]).toBe(Date.UTC(2023, 11, 18, 14, 30) * 1000); // CST = UTC−6
    expect(r.missing.map((m) => m.role)).toContain("askVolHigh0");
    expect(r.missing.map((m) => m.role)).not.toContain("maxDelta");
    expect(r.notices.join("\n")).toMatch(/no askVolHigh0, askVolHigh1 → short exhaustion unavailable/);
    expect(r.notices.join("\n")).toMatch(/no bidVolLow0, bidVolLow1 → long exhaustion unavailable/);
    // an explicit map: the second POC
    const r2 = readSierraStudyExport(p, { ...ES, columnMap: { poc: { name: "POC", occurrence: 1 } } });
    expect(Array.from(r2.bars.study.get("poc")!)).toEqual([19080, 19080]);
    expect(r2.missing.map((m) => m.role)).toContain("maxDelta");
  });

  it("reports bad header, field count, numbers and backwards time; lenient skips", () => {
    const dir = tmp();
    const head = `${STUDY_EXPORT_HEADER.join(", ")}, Max Delta`;
    const ok = "2023/12/18, 08:30:00, 4781.50, 4781.50, 4780.75, 4781.00, 405, 306, 0, 0, 0, 247, 158, 20";
    const cases: [string, string, number, number, RegExp][] = [
      ["count", `${ok}\n2023/12/18, 08:35:00, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0`, 3, 1, /expected 14 comma-separated fields like the header, got 13/],
      ["number", `${ok}\n2023/12/18, 08:35:00, 4781.25, x, 4781.25, 4781.75, 381, 274, 0, 0, 0, 190, 191, 5`, 3, 32, /High: expected a number, got "x"/],
      ["study", `${ok}\n2023/12/18, 08:35:00, 4781.25, 4782.00, 4781.25, 4781.75, 381, 274, 0, 0, 0, 190, 191, n/a`, 3, 88, /Max Delta \(maxDelta\): expected a number or an empty cell, got "n\/a"/],
      ["back", `${ok}\n2023/12/18, 08:25:00, 4781.25, 4782.00, 4781.25, 4781.75, 381, 274, 0, 0, 0, 190, 191, 5`, 3, 1, /time goes backwards/],
    ];
    for (const [name, body, line, col, re] of cases) {
      const p = join(dir, `${name}.csv`);
      writeFileSync(p, `${head}\n${body}\n`);
      let err: InputError | undefined;
      try { readSierraStudyExport(p, ES); } catch (e) { err = e as InputError; }
      expect(err, name).toBeInstanceOf(InputError);
      expect([err!.line, err!.column], name).toEqual([line, col]);
      expect(err!.problem, name).toMatch(re);
      const l = readSierraStudyExport(p, { ...ES, lenient: true });
      expect(l.bars.length, name).toBe(1);
      expect(l.skipped, name).toHaveLength(1);
    }
    const p = join(dir, "hdr.csv");
    writeFileSync(p, "Date, Time, Open\n");
    expect(() => readSierraStudyExport(p, ES)).toThrow(/hdr.csv:1:1: expected the study export header/);
  });
});
