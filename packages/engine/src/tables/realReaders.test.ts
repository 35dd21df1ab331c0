import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { tableFromIPC } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { writeArrowTable } from "./arrowTable.js";
import { writeParquetTable } from "./parquetTable.js";
import { readTypedTable } from "./readTypedTable.js";
import { columnNumbers, columnStrings, typedColumns, type ColumnSpec } from "./typedTable.js";

// A small table with every type of the convention, read back by real readers: DuckDB (its Node
// package, the binary inside the npm package, extensions neither installed nor loaded) for the
// Parquet file; apache-arrow's reader for the Arrow file (DuckDB reads Arrow IPC only through an
// extension it would download, which this machine and CI cannot).

const SCHEMA: ColumnSpec[] = [
  { name: "time", type: "timestamp", unit: "", doc: "bar time" },
  { name: "session", type: "date", unit: "", doc: "trading day" },
  { name: "close", type: "float", unit: "points", doc: "close" },
  { name: "volume", type: "int", unit: "contracts", doc: "volume" },
  { name: "cum_volume", type: "int", unit: "contracts", doc: "running volume", bits: 64 },
  { name: "win", type: "flag", unit: "", doc: "win" },
  { name: "direction", type: "text", unit: "", doc: "direction" },
  { name: "contract", type: "text", unit: "", doc: "contract" },
];

// DST both ways: 2024-03-10 spring forward (CST −06:00 → CDT −05:00); 2024-11-03 01:30 happens twice.
const VALUES = {
  time: ["2024-03-08T08:35:00.000-06:00", "2024-03-11T08:35:00.250-05:00", "2024-11-03T01:30:00.000-05:00", "2024-11-03T01:30:00.000-06:00", null],
  session: ["2024-03-08", "2024-03-11", "2024-11-04", "2024-11-04", "1969-12-31"],
  close: [5012.25, -3.75, NaN, 0, 4999.5],
  volume: [120, -45, NaN, 0, 2147483647],
  cum_volume: [2 ** 40, -(2 ** 40), NaN, 1, 0],
  win: [1, 0, NaN, 1, 0],
  direction: ["long", "short", null, "long", "conflict"],
  contract: ["ESH24-CME", "ESH24-CME", "ESZ24-CME", "ESZ24-CME", "ESZ24-CME"],
};
const META = { kind: "signals", timeZone: "America/Chicago", version: "0.1.0", config: { signals: { nearTicks: 8 }, outcomes: { horizons: [5, 10] } } };

let dir: string;
let db: DuckDBInstance;
let duck: DuckDBConnection;
const table = typedColumns(SCHEMA, VALUES, META);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tda-tables-"));
  writeParquetTable(join(dir, "t.parquet"), table);
  writeArrowTable(join(dir, "t.arrow"), table);
  db = await DuckDBInstance.create(":memory:", { autoinstall_known_extensions: "false", autoload_known_extensions: "false" });
  duck = await db.connect();
  await duck.run("SET TimeZone = 'America/Chicago'");
});

afterAll(() => {
  duck?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

const rows = async (sql: string) => (await duck.runAndReadAll(sql)).getRowsJson();

describe("DuckDB reads the Parquet file", () => {
  test("types", async () => {
    const r = await rows(`select column_name, column_type from (describe select * from '${join(dir, "t.parquet")}')`);
    expect(r).toEqual([
      ["time", "TIMESTAMP WITH TIME ZONE"], ["session", "DATE"], ["close", "DOUBLE"], ["volume", "INTEGER"],
      ["cum_volume", "BIGINT"], ["win", "BOOLEAN"], ["direction", "VARCHAR"], ["contract", "VARCHAR"],
    ]);
  });

  test("values, nulls, NaN → null, negative numbers, both DST offsets", async () => {
    const r = await rows(`select time::VARCHAR, epoch_us(time)::VARCHAR, session::VARCHAR, close, volume, cum_volume::VARCHAR, win, direction, contract
      from '${join(dir, "t.parquet")}'`);
    expect(r).toEqual([
      ["2024-03-08 08:35:00-06", "1709908500000000", "2024-03-08", 5012.25, 120, "1099511627776", true, "long", "ESH24-CME"],
      ["2024-03-11 08:35:00.25-05", "1710164100250000", "2024-03-11", -3.75, -45, "-1099511627776", false, "short", "ESH24-CME"],
      ["2024-11-03 01:30:00-05", "1730615400000000", "2024-11-04", null, null, null, null, null, "ESZ24-CME"],
      ["2024-11-03 01:30:00-06", "1730619000000000", "2024-11-04", 0, 0, "1", true, "long", "ESZ24-CME"],
      [null, null, "1969-12-31", 4999.5, 2147483647, "0", false, "conflict", "ESZ24-CME"],
    ]);
  });

  test("text columns are dictionary-encoded", async () => {
    const r = await rows(`select path_in_schema, encodings from parquet_metadata('${join(dir, "t.parquet")}') where path_in_schema in ('direction', 'contract')`);
    expect(r).toHaveLength(2);
    for (const [, enc] of r) expect(String(enc)).toContain("RLE_DICTIONARY");
  });

  test("key-value metadata carries the kind, zone, version, config and column docs", async () => {
    const r = await rows(`select decode(key), decode(value) from parquet_kv_metadata('${join(dir, "t.parquet")}')`);
    const kv = new Map(r.map(([k, v]) => [String(k), String(v)]));
    expect(kv.get("tda.kind")).toBe("signals");
    expect(kv.get("tda.timeZone")).toBe("America/Chicago");
    expect(kv.get("tda.version")).toBe("0.1.0");
    expect(JSON.parse(kv.get("tda.config")!)).toEqual(META.config);
    expect(JSON.parse(kv.get("tda.columns")!)).toEqual(SCHEMA);
    expect(kv.has("ARROW:schema")).toBe(true);
  });
});

describe("apache-arrow reads the Arrow file", () => {
  test("types and values", () => {
    const t = tableFromIPC(readFileSync(join(dir, "t.arrow")));
    expect(t.schema.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual([
      ["time", "Timestamp<MICROSECOND, America/Chicago>", true], ["session", "Date32<DAY>", true], ["close", "Float64", true],
      ["volume", "Int32", true], ["cum_volume", "Int64", true], ["win", "Bool", true],
      ["direction", "Dictionary<Int32, Utf8>", true], ["contract", "Dictionary<Int32, Utf8>", true],
    ]);
    const col = (name: string) => Array.from({ length: t.numRows }, (_, i) => t.getChild(name)!.get(i) as unknown);
    expect(col("time")).toEqual([1709908500000000n, 1710164100250000n, 1730615400000000n, 1730619000000000n, null].map((x) => (x === null ? null : Number(x) / 1000)));
    expect(col("session").map((d) => (d === null ? null : new Date(d as number).toISOString().slice(0, 10)))).toEqual(VALUES.session);
    expect(col("close")).toEqual([5012.25, -3.75, null, 0, 4999.5]);
    expect(col("volume")).toEqual([120, -45, null, 0, 2147483647]);
    expect(col("cum_volume")).toEqual([2n ** 40n, -(2n ** 40n), null, 1n, 0n]);
    expect(col("win")).toEqual([true, false, null, true, false]);
    expect(col("direction")).toEqual(VALUES.direction);
    expect(col("contract")).toEqual(VALUES.contract);
    expect(t.schema.metadata.get("tda.timeZone")).toBe("America/Chicago");
    expect(JSON.parse(t.schema.metadata.get("tda.config")!)).toEqual(META.config);
    expect(t.schema.fields[2]!.metadata.get("tda.unit")).toBe("points");
  });
});

describe("readTypedTable", () => {
  test("gives back the written table from both formats, identically", async () => {
    const fromParquet = await readTypedTable(join(dir, "t.parquet"));
    const fromArrow = await readTypedTable(join(dir, "t.arrow"));
    expect(fromArrow).toEqual(table);
    expect(fromParquet).toEqual(table);
  });

  test("same table → identical bytes, written twice", () => {
    writeParquetTable(join(dir, "u.parquet"), table);
    writeArrowTable(join(dir, "u.arrow"), table);
    expect(readFileSync(join(dir, "u.parquet")).equals(readFileSync(join(dir, "t.parquet")))).toBe(true);
    expect(readFileSync(join(dir, "u.arrow")).equals(readFileSync(join(dir, "t.arrow")))).toBe(true);
  });

  test("reads a Parquet file DuckDB wrote (a user's own table)", async () => {
    const p = join(dir, "duck.parquet");
    await duck.run(`copy (select * from '${join(dir, "t.parquet")}') to '${p}' (format parquet)`);
    const back = await readTypedTable(p);
    expect(back.columns.map((c) => [c.spec.name, c.kind])).toEqual(table.columns.map((c) => [c.spec.name, c.kind]));
    for (const c of table.columns) {
      const b = back.columns.find((x) => x.spec.name === c.spec.name)!;
      if (c.kind === "text") expect(columnStrings(b)).toEqual(columnStrings(c));
      else expect([...columnNumbers(b)]).toEqual([...columnNumbers(c)]);
    }
  });

  test("a file of neither format is an error naming it", async () => {
    const bad = join(dir, "bad.arrow");
    writeFileSync(bad, "time,session\n");
    await expect(readTypedTable(join(dir, "missing.parquet"))).rejects.toThrow(/missing\.parquet: cannot read the file: ENOENT/);
    await expect(readTypedTable(bad)).rejects.toThrow(/bad\.arrow: expected an Arrow IPC file \("ARROW1"\) or a Parquet file \("PAR1"\)/);
  });
});
