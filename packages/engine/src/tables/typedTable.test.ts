import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { signalsSchema } from "../signalsSchema.js";
import { writeArrowTable } from "./arrowTable.js";
import { LEVELS_SCHEMA, levelsTable } from "./levelsTable.js";
import { specsOf, typedFromOutputColumns } from "./outputColumns.js";
import { parquetElement, ROW_GROUP_ROWS, writeParquetTable } from "./parquetTable.js";
import { readTypedTable } from "./readTypedTable.js";
import { SESSIONS_SCHEMA, sessionsTable } from "./sessionsTable.js";
import {
  columnNumbers, columnOf, columnStrings, parseDate, parseIsoMicros, typedColumn, typedColumns, type ColumnSpec,
} from "./typedTable.js";

const META = { kind: "test", timeZone: "America/Chicago", version: "0.1.0" };
const spec = (name: string, type: ColumnSpec["type"], extra: Partial<ColumnSpec> = {}): ColumnSpec => ({ name, type, unit: "", doc: "", ...extra });
const dir = mkdtempSync(join(tmpdir(), "tda-typed-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("values to typed columns", () => {
  test("ISO 8601 with its offset → exact µs UTC", () => {
    // 08:35 at −05:00 is 13:35 UTC
    expect(parseIsoMicros("2024-03-18T08:35:00.000-05:00")).toBe(Date.UTC(2024, 2, 18, 13, 35) * 1000);
    expect(parseIsoMicros("2024-03-08T08:35:00.123456-06:00")).toBe(Date.UTC(2024, 2, 8, 14, 35) * 1000 + 123456);
    expect(parseIsoMicros("2024-03-18T13:35:00Z")).toBe(Date.UTC(2024, 2, 18, 13, 35) * 1000);
    expect(parseIsoMicros("2024-03-18 08:35")).toBeNaN();
    expect(parseIsoMicros("2024-02-30T08:35:00-05:00")).toBeNaN();
  });

  test("dates, before and after 1970", () => {
    expect(parseDate("1970-01-01")).toBe(0);
    expect(parseDate("1969-12-31")).toBe(-1);
    expect(parseDate("2024-03-18")).toBe(19800);
    expect(parseDate("2023-02-29")).toBeNaN();
  });

  test("NaN is null in every number type; nulls keep a 0 underneath", () => {
    const f = typedColumn(spec("x", "float"), [1.5, NaN, -2], 3);
    expect(f).toMatchObject({ kind: "float64", nullCount: 1 });
    expect([...f.valid!]).toEqual([1, 0, 1]);
    expect([...columnNumbers(f)]).toEqual([1.5, NaN, -2]);
    const b = typedColumn(spec("win", "flag"), [1, 0, NaN], 3);
    expect(b).toMatchObject({ kind: "bool", nullCount: 1 });
    expect([...columnNumbers(b)]).toEqual([1, 0, NaN]);
  });

  test("int: Int32, Int64 beyond ±2^31 or when asked, Float64 for a fraction (never truncated)", () => {
    expect(typedColumn(spec("v", "int"), [1, -2147483648, 2147483647, NaN], 4).kind).toBe("int32");
    expect(typedColumn(spec("v", "int"), [1, 2147483648], 2).kind).toBe("int64");
    expect(typedColumn(spec("v", "int", { bits: 64 }), [1, 2], 2).kind).toBe("int64");
    const frac = typedColumn(spec("v", "int"), [1, 2.5], 2);
    expect(frac.kind).toBe("float64");
    expect([...columnNumbers(frac)]).toEqual([1, 2.5]);
  });

  test("text: a sorted dictionary, the same whatever the row order", () => {
    const a = typedColumn(spec("d", "text"), ["short", null, "long", "short"], 4);
    const b = typedColumn(spec("d", "text"), ["long", "short", null, "short"], 4);
    expect(a.kind === "text" && a.dictionary).toEqual(["long", "short"]);
    expect(b.kind === "text" && b.dictionary).toEqual(["long", "short"]);
    expect(columnStrings(a)).toEqual(["short", null, "long", "short"]);
  });

  test("bad values are errors naming the column and the row", () => {
    expect(() => typedColumn(spec("win", "flag"), [0, 1, 2], 3)).toThrow('column "win", row 3: expected a flag 0 or 1 (or empty), got 2');
    expect(() => typedColumn(spec("time", "timestamp"), ["2024-03-18T08:35:00.000-05:00", "18/03/2024"], 2))
      .toThrow(/column "time", row 2: expected an ISO 8601 time with its UTC offset/);
    expect(() => typedColumn(spec("session", "date"), ["2024-13-01"], 1)).toThrow('column "session", row 1: expected a date YYYY-MM-DD, got "2024-13-01"');
    expect(() => typedColumn(spec("v", "int"), [Infinity], 1)).toThrow(/column "v", row 1: expected a whole number/);
    expect(() => typedColumn(spec("d", "text"), new Float64Array(2), 2)).toThrow(/expected strings/);
    expect(() => typedColumn(spec("x", "float"), ["1.5"], 1)).toThrow(/expected numbers for a float column/);
  });

  test("schema and values must name the same columns; the zone must be an IANA name", () => {
    expect(() => typedColumns([spec("a", "int")], { a: [1], b: [2] }, META)).toThrow('column "b": not in the schema');
    expect(() => typedColumns([spec("a", "int"), spec("b", "int")], { a: [1] }, META)).toThrow('column "b": no values given');
    expect(() => typedColumns([spec("a", "int")], { a: [1, 2] }, { ...META, timeZone: "Central" })).toThrow(/not an IANA zone/);
    expect(() => columnOf(typedColumns([spec("a", "int")], { a: [1] }, META), "z")).toThrow('column "z": no such column (have a)');
  });
});

describe("files", () => {
  test("Parquet over several row groups reads back whole", async () => {
    const n = ROW_GROUP_ROWS * 2 + 17;
    const t = typedColumns(
      [spec("time", "timestamp"), spec("v", "int"), spec("d", "text")],
      {
        time: Float64Array.from({ length: n }, (_, i) => 1_700_000_000_000_000 + i * 1_000_001),
        v: Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? NaN : i - 50_000)),
        d: Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : ["long", "short", "none"][i % 3]!)),
      },
      META,
    );
    const p = join(dir, "big.parquet");
    writeParquetTable(p, t);
    expect(await readTypedTable(p)).toEqual(t);
  });

  test("an empty table writes and reads back in both formats", async () => {
    const t = typedColumns(signalsSchema([5]), Object.fromEntries(signalsSchema([5]).map((c) => [c.name, c.type === "text" ? [] : []])), META);
    writeParquetTable(join(dir, "empty.parquet"), t);
    writeArrowTable(join(dir, "empty.arrow"), t);
    for (const f of ["empty.parquet", "empty.arrow"]) {
      const back = await readTypedTable(join(dir, f));
      expect(back.length).toBe(0);
      expect(back.columns.map((c) => [c.spec.name, c.spec.type])).toEqual(t.columns.map((c) => [c.spec.name, c.spec.type]));
    }
  });

  test("the Parquet types of the convention", () => {
    const t = typedColumns([spec("t", "timestamp"), spec("s", "date"), spec("w", "flag"), spec("d", "text")], { t: [0], s: [0], w: [1], d: ["x"] }, META);
    expect(t.columns.map(parquetElement)).toEqual([
      { name: "t", repetition_type: "OPTIONAL", type: "INT64", converted_type: "TIMESTAMP_MICROS", logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MICROS" } },
      { name: "s", repetition_type: "OPTIONAL", type: "INT32", converted_type: "DATE", logical_type: { type: "DATE" } },
      { name: "w", repetition_type: "OPTIONAL", type: "BOOLEAN" },
      { name: "d", repetition_type: "OPTIONAL", type: "BYTE_ARRAY", converted_type: "UTF8", logical_type: { type: "STRING" } },
    ]);
  });
});

describe("engine tables", () => {
  test("signals output columns take their types from signalsSchema; the others from their own type", () => {
    const out = {
      length: 2,
      columns: [
        { name: "time", type: "string" as const, values: ["2024-03-08T08:35:00.000-06:00", "2024-03-11T08:35:00.000-05:00"] },
        { name: "session", type: "string" as const, values: ["2024-03-08", "2024-03-11"] },
        { name: "inv_long", type: "int" as const, values: Float64Array.of(1, 0) },
        { name: "ret_15", type: "int" as const, values: Float64Array.of(NaN, -4) },
        { name: "contract", type: "string" as const, values: ["ESH24-CME", "ESH24-CME"] },
        { name: "imb_ratio", type: "float" as const, values: Float64Array.of(0.5, NaN) },
      ],
    };
    expect(specsOf(out).map((c) => [c.name, c.type, c.unit])).toEqual([
      ["time", "timestamp", ""], ["session", "date", ""], ["inv_long", "flag", ""], ["ret_15", "int", "ticks"],
      ["contract", "text", ""], ["imb_ratio", "float", ""],
    ]);
    const t = typedFromOutputColumns(out, { ...META, kind: "signals" });
    expect(t.columns.map((c) => c.kind)).toEqual(["timestamp", "date", "bool", "int32", "text", "float64"]);
    expect(columnStrings(columnOf(t, "time"))).toEqual(["2024-03-08T14:35:00.000000Z", "2024-03-11T13:35:00.000000Z"]);
  });

  test("levels: one row per session × known level, prices in points, source session by name", () => {
    const market = {
      tickSize: 0.25,
      contracts: [{ name: "ESH24-CME" }] as never,
      sessions: [
        { index: 0, name: "2024-03-07", contract: 0, start: 0, end: 10, partial: false },
        { index: 1, name: "2024-03-08", contract: 0, start: 10, end: 20, partial: false },
        { index: 2, name: "2024-03-11", contract: 0, start: 20, end: 30, partial: false },
      ],
    };
    const level = (kind: string, price: number, strength: number, sessions: number, lastSession: number) =>
      ({ kind, price, strength, sessions, lastSession, val: 20000, vah: 20040 });
    const levels = {
      sessions: [
        { session: 0, levels: [] },
        { session: 1, levels: [level("prior_val", 20000, 1, 1, 0)] },
        { session: 2, levels: [level("cva_low", 19990, 3, 3, 1), level("prior_poc", 20020, 1, 1, 1)] },
      ],
    };
    const t = levelsTable(market, levels, META);
    expect(t.meta.kind).toBe("levels");
    expect(t.columns.map((c) => c.spec.name)).toEqual(LEVELS_SCHEMA.map((c) => c.name));
    const get = (name: string) => { const c = columnOf(t, name); return c.kind === "text" || c.kind === "date" ? columnStrings(c) : [...columnNumbers(c)]; };
    expect(get("session")).toEqual(["2024-03-08", "2024-03-11", "2024-03-11"]);
    expect(get("kind")).toEqual(["prior_val", "cva_low", "prior_poc"]);
    expect(get("price")).toEqual([5000, 4997.5, 5005]);
    expect(get("strength")).toEqual([1, 3, 1]);
    expect(get("composite_sessions")).toEqual([1, 3, 1]);
    expect(get("source_session")).toEqual(["2024-03-07", "2024-03-08", "2024-03-08"]);
    expect(get("value_area_low")).toEqual([5000, 5000, 5000]);
    expect(get("value_area_high")).toEqual([5010, 5010, 5010]);
    expect(get("contract")).toEqual(["ESH24-CME", "ESH24-CME", "ESH24-CME"]);
  });

  test("sessions: sessions.csv's columns typed, the packed levels string left to the levels table", () => {
    const n = 2;
    const num = (name: string, type: "float" | "int", ...v: number[]) => ({ name, type, values: Float64Array.from(v) });
    const columns = [
      { name: "session", type: "string" as const, values: ["2024-03-08", "2024-03-11"] },
      { name: "contract", type: "string" as const, values: ["ESH24-CME", "ESH24-CME"] },
      num("partial", "int", 1, 0), num("bars", "int", 12, 276),
      ...["rth_high", "rth_low", "poc", "vah", "val"].map((c) => num(c, "float", NaN, 5001.25)),
      { name: "shape", type: "string" as const, values: [null, "D"] },
      num("tpo_total", "int", NaN, 240),
      num("ib_high", "float", NaN, 5003), num("ib_low", "float", NaN, 4990),
      num("single_prints", "int", NaN, 4),
      ...["volume_poc", "volume_vah", "volume_val"].map((c) => num(c, "float", NaN, 5000)),
      num("volume_from_footprint", "int", NaN, 0),
      { name: "levels_known", type: "string" as const, values: [null, "cva_low@4997.5×3"] },
    ];
    const t = sessionsTable({ length: n, columns }, META);
    expect(t.columns.map((c) => [c.spec.name, c.kind])).toEqual(SESSIONS_SCHEMA.map((c) => [c.name, ({ date: "date", text: "text", flag: "bool", int: "int32", float: "float64", timestamp: "timestamp" } as const)[c.type]]));
    expect(columnStrings(columnOf(t, "session"))).toEqual(["2024-03-08", "2024-03-11"]);
    expect([...columnNumbers(columnOf(t, "partial"))]).toEqual([1, 0]);
    expect([...columnNumbers(columnOf(t, "volume_from_footprint"))]).toEqual([NaN, 0]);
    expect(() => sessionsTable({ length: n, columns: [...columns, num("new_fact", "int", 1, 2)] }, META)).toThrow(/new_fact.*SESSIONS_SCHEMA/);
  });
});

describe("parseIsoMicros' fast path (the signals table's form) = the regular expression's", () => {
  /** parseIsoMicros as it was: the regular expression alone. */
  const reference = (s: string): number => {
    const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:\d{2})$/.exec(s);
    if (!m) return NaN;
    const [, y, mo, d, h, mi, se, frac = "", off] = m;
    const t = Date.UTC(Number(y), Number(mo) - 1, Number(d)), back = new Date(t);
    const ok = Number(mo) >= 1 && Number(mo) <= 12 && Number(d) >= 1 && Number(d) <= 31
      && back.getUTCFullYear() === Number(y) && back.getUTCMonth() === Number(mo) - 1 && back.getUTCDate() === Number(d);
    if (!ok || Number(h) > 23 || Number(mi) > 59 || Number(se) > 59) return NaN;
    const offsetMin = off === "Z" ? 0 : (off![0] === "-" ? -1 : 1) * (Number(off!.slice(1, 3)) * 60 + Number(off!.slice(4, 6)));
    return (t / 86_400_000) * 86_400_000_000 + ((Number(h) * 60 + Number(mi)) * 60 + Number(se)) * 1e6 + Number(frac.padEnd(6, "0")) - offsetMin * 60e6;
  };
  const two = (max: number) => fc.integer({ min: 0, max }).map((v) => String(v).padStart(2, "0"));
  const iso = fc.tuple(fc.integer({ min: 0, max: 9999 }).map((v) => String(v).padStart(4, "0")), two(14), two(33), two(25), two(61), two(61),
    fc.integer({ min: 0, max: 999 }).map((v) => String(v).padStart(3, "0")), fc.constantFrom("+", "-"), two(23), two(59))
    .map(([y, mo, d, h, mi, se, ms, sg, oh, om]) => `${y}-${mo}-${d}T${h}:${mi}:${se}.${ms}${sg}${oh}:${om}`);
  const mutated = fc.tuple(iso, fc.nat(28), fc.constantFrom("x", " ", "Z", "٣", "/", "")).map(([s, i, c]) => s.slice(0, i) + c + s.slice(i + 1));
  test("every string of the form, valid or not, and the form broken anywhere", () => {
    fc.assert(fc.property(fc.oneof(iso, mutated), (s) => { expect(Object.is(parseIsoMicros(s), reference(s))).toBe(true); }), { numRuns: 3000 });
  });
});
