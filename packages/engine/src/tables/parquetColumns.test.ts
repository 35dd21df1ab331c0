import fc from "fast-check";
import { snappyCompress as referenceSnappy } from "hyparquet-writer/src/snappy.js";
import { describe, expect, test } from "vitest";
import { compareStrings } from "./parquetColumns.js";
import { parquetTableBytes, parquetTableBytesReference, readParquetBytes, ROW_GROUP_ROWS } from "./parquetTable.js";
import { snappyCompress } from "./snappy.js";
import { typedColumns, type ColumnSpec, type ColumnValues, type TypedTable } from "./typedTable.js";

// parquetColumns.ts against hyparquet-writer's own `write` (parquetTableBytesReference, what the
// tool wrote before): the same bytes for every column type, with and without nulls, dictionary or
// not, one row, all equal, long and non-ASCII strings, −0, ±Infinity, several row groups.

const META = { kind: "test", timeZone: "America/Chicago", version: "0.1.0", config: { a: 1 } };
const spec = (name: string, type: ColumnSpec["type"], extra: Partial<ColumnSpec> = {}): ColumnSpec => ({ name, type, unit: "", doc: "", ...extra });

function same(t: TypedTable): void {
  const ours = parquetTableBytes(t), theirs = parquetTableBytesReference(t);
  expect(ours.length).toBe(theirs.length);
  expect(Buffer.compare(Buffer.from(ours), Buffer.from(theirs))).toBe(0);
}

const T0 = 1_704_067_200_000_000;

/** A column of `n` values of a type, from a seed pattern the arbitraries choose. */
const column = (n: number) => fc.record({
  type: fc.constantFrom<ColumnSpec["type"]>("timestamp", "date", "flag", "int", "float", "text"),
  nulls: fc.constantFrom(0, 0.1, 0.5, 1),
  distinct: fc.constantFrom(1, 2, 3, 7, 40, 300, 100_000),
  wide: fc.boolean(),
  seed: fc.integer({ min: 1, max: 1 << 30 }),
}).map(({ type, nulls, distinct, wide, seed }) => {
  let s = seed;
  const r = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 4294967296; };
  const empty = () => nulls > 0 && r() < nulls;
  const pick = () => Math.floor(r() * distinct);
  const words = ["", "a", "é", "b", "😀", "\u{e000}x", "x".repeat(40), "ab", "aé", "z😀y".repeat(9), "ﬀ", "A", "0"];
  let values: ColumnValues;
  switch (type) {
    case "timestamp": values = Float64Array.from({ length: n }, () => (empty() ? NaN : T0 + pick() * 300_000_000 - (wide ? 4e15 : 0))); break;
    case "date": values = Float64Array.from({ length: n }, () => (empty() ? NaN : 19_000 + pick() - (wide ? 30_000 : 0))); break;
    case "flag": values = Float64Array.from({ length: n }, () => (empty() ? NaN : pick() % 2)); break;
    case "int": values = Float64Array.from({ length: n }, () => (empty() ? NaN : (pick() - 3) * (wide ? 3e9 : 1))); break;
    case "float": {
      const special = [0, -0, Infinity, -Infinity, 0.1, -1e300, 5e-324];
      values = Float64Array.from({ length: n }, () => (empty() ? NaN : r() < 0.2 ? special[pick() % special.length]! : pick() / 4 - 7.25));
      break;
    }
    case "text": values = Array.from({ length: n }, () => (empty() ? null : words[pick() % words.length]! + (distinct > 13 ? String(pick()) : ""))); break;
  }
  return { type, values, bits: type === "int" && wide && r() < 0.5 ? 64 as const : undefined };
});

const table = (n: number) => fc.array(column(n), { minLength: 1, maxLength: 6 }).map((cols) =>
  typedColumns(cols.map((c, k) => spec(`c${k}`, c.type, c.bits ? { bits: c.bits } : {})), Object.fromEntries(cols.map((c, k) => [`c${k}`, c.values])), META));

describe("Parquet column chunks: the bytes of hyparquet-writer", () => {
  test("random tables of every type, 1 to 3,000 rows", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 3000 }).chain(table), same), { numRuns: 150 });
  });

  test("small tables (0 to 20 rows: PLAIN booleans up to 16, the 8-value RLE threshold)", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 20 }).chain(table), same), { numRuns: 200 });
  });

  test("edge tables: empty, one row, all equal, all null, −0 first, long strings", () => {
    const one = (type: ColumnSpec["type"], values: ColumnValues) => typedColumns([spec("x", type)], { x: values }, META);
    same(typedColumns([spec("x", "float"), spec("y", "text")], { x: [], y: [] }, META));
    for (const type of ["float", "int", "flag", "date", "timestamp"] as const) {
      same(one(type, [type === "timestamp" ? T0 : 1]));
      same(one(type, [NaN]));
      same(one(type, Float64Array.from({ length: 500 }, () => (type === "timestamp" ? T0 : 1))));
      same(one(type, Float64Array.from({ length: 500 }, () => NaN)));
    }
    same(one("float", [-0, 0, -0, 0, 1, 1, 1, 1, 1, 1, 1, 1]));
    same(one("float", Float64Array.from({ length: 900 }, (_, i) => (i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : 2))));
    same(one("float", Float64Array.from({ length: 900 }, (_, i) => (i % 2 ? Infinity : -Infinity))));
    // the 1,000-row sample (every ~100th row) all distinct, the column as a whole one value: hyparquet-writer's sample says PLAIN
    const n = 100_000, sampled = new Set(Array.from({ length: 1000 }, (_, i) => Math.floor(i * (n - 1) / 999)));
    same(one("float", Float64Array.from({ length: n }, (_, i) => (sampled.has(i) ? i : 0))));
    same(one("int", Float64Array.from({ length: n }, (_, i) => (sampled.has(i) ? i : 0))));
    same(one("float", Float64Array.from({ length: n }, (_, i) => (sampled.has(i) ? 0 : i))));
    same(one("text", ["x".repeat(5000), "é".repeat(17), "😀".repeat(9), null]));
    same(one("text", [null, null, null]));
    same(one("text", Array.from({ length: 1000 }, () => "same")));
  });

  test("several row groups", () => {
    const n = ROW_GROUP_ROWS * 2 + 17;
    const t = typedColumns([spec("t", "timestamp"), spec("f", "float"), spec("s", "text"), spec("b", "flag"), spec("i", "int")], {
      t: Float64Array.from({ length: n }, (_, i) => T0 + i * 1e6),
      f: Float64Array.from({ length: n }, (_, i) => (i % 11 === 0 ? NaN : (i % 97) / 4)),
      s: Array.from({ length: n }, (_, i) => (i % 13 === 0 ? null : `w${i % 5}`)),
      b: Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? NaN : i % 3 === 0 ? 1 : 0)),
      i: Float64Array.from({ length: n }, (_, i) => i % 40_000),
    }, META);
    same(t);
  });

  test("what is written reads back", async () => {
    const t = typedColumns([spec("f", "float"), spec("s", "text")], { f: [1.5, NaN, -0], s: ["b", null, "a"] }, META);
    const back = await readParquetBytes(parquetTableBytes(t));
    expect(Array.from(back.columns[0]!.values as Float64Array)).toEqual([1.5, 0, -0]);
    expect(back.columns[1]).toMatchObject({ dictionary: ["a", "b"], nullCount: 1 });
  });
});

describe("snappy: the bytes of hyparquet-writer's", () => {
  test("random and repetitive input", () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 5000 }),
      fc.array(fc.uint8Array({ minLength: 1, maxLength: 12 }), { maxLength: 400 }).map((parts) => Uint8Array.from(parts.flatMap((p) => [...p, ...p, ...p]))),
      fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 200_000 })).map(([v, n]) => new Uint8Array(n).fill(v)),
    );
    fc.assert(fc.property(bytes, (b) => {
      expect(Buffer.from(snappyCompress(b)).equals(Buffer.from(referenceSnappy(b)))).toBe(true);
    }), { numRuns: 300 });
  });

  test("long input with matches beyond 64 KiB", () => {
    const b = new Uint8Array(300_000);
    for (let i = 0; i < b.length; i++) b[i] = (i * 7919) % 251 ^ (i >> 16);
    expect(Buffer.from(snappyCompress(b)).equals(Buffer.from(referenceSnappy(b)))).toBe(true);
  });
});

test("strings compare in code point order", () => {
  expect(compareStrings("\u{e000}", "😀")).toBeLessThan(0); // UTF-16 order says otherwise
  expect(compareStrings("a", "ab")).toBeLessThan(0);
  expect(compareStrings("b", "a")).toBeGreaterThan(0);
});
