import { parquetMetadata, parquetRead, type SchemaElement } from "hyparquet";
import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import { AtomicBinaryWriter, withAtomic } from "../io/atomicWrite.js";
import { writeColumnChunk } from "./parquetColumns.js";
import { arrowSchemaMessage, parseColumnsMeta, tableMetadata } from "./arrowTable.js";
import { META_KEYS, TableValueError, type ColumnSpec, type TypedColumn, type TypedTable } from "./typedTable.js";

/**
 * Parquet of a typed table (hyparquet-writer, chosen by measurement: BENCHMARKS.md, "Parquet
 * writer"), and back (hyparquet). Types follow typedTable.ts; every column OPTIONAL; text columns
 * always dictionary-encoded; Snappy; data page v2; row groups of ROW_GROUP_ROWS rows, each handed to
 * the atomic writer as soon as it is encoded, so the writer holds one row group's bytes at a time.
 * Key-value metadata: the same pairs as the Arrow schema metadata, plus `ARROW:schema` (the Arrow
 * schema, base64) from which pyarrow, polars and arrow-rs restore the exchange time zone and the
 * dictionary types. `created_by` is "tda <version>": no clock, no host, so the bytes depend only on
 * the table.
 */

export const ROW_GROUP_ROWS = 100_000;

type Element = SchemaElement;

/** The Parquet schema element of a typed column. */
export function parquetElement(c: TypedColumn): Element {
  const name = c.spec.name;
  const o = { name, repetition_type: "OPTIONAL" } as const;
  switch (c.kind) {
    case "timestamp":
      return { ...o, type: "INT64", converted_type: "TIMESTAMP_MICROS", logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MICROS" } };
    case "date": return { ...o, type: "INT32", converted_type: "DATE", logical_type: { type: "DATE" } };
    case "bool": return { ...o, type: "BOOLEAN" };
    case "int32": return { ...o, type: "INT32" };
    case "int64": return { ...o, type: "INT64" };
    case "float64": return { ...o, type: "DOUBLE" };
    case "text": return { ...o, type: "BYTE_ARRAY", converted_type: "UTF8", logical_type: { type: "STRING" } };
  }
}

/** Rows [a, b) of a column as the value array hyparquet-writer takes (null where empty). */
function slice(c: TypedColumn, a: number, b: number): ArrayLike<unknown> {
  // a typed array needs no per-value copy (a column without nulls: the usual price and time columns)
  if (!c.valid && (c.kind === "float64" || c.kind === "int32" || c.kind === "date")) return c.values.subarray(a, b);
  const out: unknown[] = new Array(b - a);
  const ok = (i: number) => !c.valid || c.valid[i] === 1;
  for (let i = a; i < b; i++) {
    if (!ok(i)) { out[i - a] = null; continue; }
    switch (c.kind) {
      case "text": out[i - a] = c.dictionary[c.indices[i]!]; break;
      case "bool": out[i - a] = c.values[i] === 1; break;
      case "int64": out[i - a] = BigInt(c.values[i]!); break;
      default: out[i - a] = c.values[i];
    }
  }
  return out;
}

/** A ByteWriter that hands each finished row group to `sink` and forgets it. */
class SinkWriter extends ByteWriter {
  constructor(private readonly sink: (bytes: Uint8Array) => void) {
    super(1 << 16);
  }

  flush(): void {
    if (this.index === 0) return;
    this.sink(new Uint8Array(this.buffer, 0, this.index));
    this.index = 0;
  }

  override finish(): void {
    this.flush();
  }
}

function writerOf(t: TypedTable, writer: ByteWriter): ParquetWriter {
  const schema: Element[] = [{ name: "schema", num_children: t.columns.length }, ...t.columns.map(parquetElement)];
  const kvMetadata = [
    ...tableMetadata(t).map(([key, value]) => ({ key, value })),
    { key: "ARROW:schema", value: Buffer.from(arrowSchemaMessage(t)).toString("base64") },
  ];
  return new ParquetWriter({ writer, schema, codec: "SNAPPY", kvMetadata, createdBy: `tda ${t.meta.version}` });
}

/**
 * The file: hyparquet-writer's ParquetWriter writes the header, the footer and the metadata; the
 * column chunks are parquetColumns.ts's (the bytes hyparquet-writer's own `write` gives, from the
 * typed arrays: parquetColumns.test.ts), one row group at a time as ParquetWriter.write does.
 */
function writeParquet(t: TypedTable, sink: (bytes: Uint8Array) => void): void {
  const writer = new SinkWriter(sink);
  const pw = writerOf(t, writer);
  const columns = t.columns.map((column, k) => ({ column, element: pw.schema[k + 1]! }));
  for (let start = 0; start < t.length; start += ROW_GROUP_ROWS) {
    const end = Math.min(t.length, start + ROW_GROUP_ROWS);
    const groupStart = writer.offset;
    const chunks = columns.map((c) => writeColumnChunk(writer, c, start, end));
    for (const chunk of chunks) pw.pendingIndexes.push({ chunk });
    let total = 0n;
    for (const { meta_data } of chunks) total += meta_data?.total_uncompressed_size ?? 0n;
    pw.num_rows += BigInt(end - start);
    pw.row_groups.push({ columns: chunks, total_byte_size: total, num_rows: BigInt(end - start), total_compressed_size: BigInt(writer.offset - groupStart) });
    writer.flush();
  }
  pw.finish();
}

/**
 * The Parquet bytes of a typed table written by hyparquet-writer alone (its `write` from JavaScript
 * value arrays), as the tool wrote them before parquetColumns.ts: the reference its tests and
 * bench/tables.bench.mjs compare with.
 */
export function parquetTableBytesReference(t: TypedTable): Uint8Array {
  const parts: Uint8Array[] = [];
  const writer = new SinkWriter((b) => parts.push(b.slice()));
  const pw = writerOf(t, writer);
  for (let start = 0; start < t.length; start += ROW_GROUP_ROWS) {
    const end = Math.min(t.length, start + ROW_GROUP_ROWS);
    const columnData = t.columns.map((c) => ({
      name: c.spec.name,
      data: slice(c, start, end) as never,
      ...(c.kind === "text" ? { encoding: "RLE_DICTIONARY" as const } : {}),
    }));
    pw.write({ columnData, rowGroupSize: end - start });
  }
  pw.finish();
  return Buffer.concat(parts);
}

/** The Parquet bytes of a typed table. */
export function parquetTableBytes(t: TypedTable): Uint8Array {
  const parts: Uint8Array[] = [];
  writeParquet(t, (b) => parts.push(b.slice()));
  return Buffer.concat(parts);
}

/** Writes a typed table as Parquet, atomically (SPEC §9). */
export function writeParquetTable(path: string, t: TypedTable): void {
  withAtomic(new AtomicBinaryWriter(path), (w) => writeParquet(t, (b) => w.write(b)));
}

/** Plain or signed-integer annotated (DuckDB and pyarrow write INT_32 / INTEGER(32, signed)). */
function signedInteger(e: Element): boolean {
  const lt = e.logical_type;
  if (lt) return lt.type === "INTEGER" && lt.isSigned;
  return !e.converted_type || ["INT_8", "INT_16", "INT_32", "INT_64"].includes(e.converted_type);
}

const KINDS: readonly [(e: Element) => boolean, TypedColumn["kind"]][] = [
  [(e) => e.type === "INT64" && (e.logical_type?.type === "TIMESTAMP" || e.converted_type === "TIMESTAMP_MICROS" || e.converted_type === "TIMESTAMP_MILLIS"), "timestamp"],
  [(e) => e.type === "INT32" && (e.logical_type?.type === "DATE" || e.converted_type === "DATE"), "date"],
  [(e) => e.type === "BOOLEAN", "bool"],
  [(e) => e.type === "INT32" && signedInteger(e), "int32"],
  [(e) => e.type === "INT64" && signedInteger(e), "int64"],
  [(e) => e.type === "DOUBLE", "float64"],
  [(e) => e.type === "BYTE_ARRAY" && (e.converted_type === "UTF8" || e.logical_type?.type === "STRING"), "text"],
];

const DEFAULT_TYPE = { timestamp: "timestamp", date: "date", bool: "flag", int32: "int", int64: "int", float64: "float", text: "text" } as const;

/** Reads Parquet bytes (flat schema of the convention's types) into a typed table. */
export async function readParquetBytes(bytes: Uint8Array): Promise<TypedTable> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(buffer);
  const kv = new Map((metadata.key_value_metadata ?? []).map((p) => [p.key, p.value ?? ""]));
  const specs = parseColumnsMeta(kv.get(META_KEYS.columns));
  const leaves = metadata.schema.slice(1);
  if (leaves.some((e) => e.num_children)) throw new TableValueError("", -1, `nested columns are not read (expected a flat table)`);
  const n = Number(metadata.num_rows);
  const kinds = leaves.map((e) => {
    const k = KINDS.find(([test]) => test(e));
    if (!k) {
      throw new TableValueError(e.name, -1,
        `Parquet type ${e.type}${e.converted_type ? ` (${e.converted_type})` : ""} is none of TIMESTAMP, DATE, BOOLEAN, INT32, INT64, DOUBLE or UTF8`);
    }
    return k[1];
  });
  const raw = leaves.map(() => new Array<unknown>(n));
  const index = new Map(leaves.map((e, k) => [e.name, k]));
  await parquetRead({
    file: buffer,
    metadata,
    utf8: true,
    parsers: {
      timestampFromMicroseconds: (us: bigint) => Number(us),
      timestampFromMilliseconds: (ms: bigint) => Number(ms) * 1000,
      timestampFromNanoseconds: (ns: bigint) => Number(ns / 1000n),
      dateFromDays: (d: number) => d,
    },
    onChunk: ({ columnName, columnData, rowStart }) => {
      const k = index.get(columnName)!;
      const dst = raw[k]!;
      for (let i = 0; i < columnData.length; i++) dst[rowStart + i] = columnData[i];
    },
  });
  const columns = leaves.map((e, k): TypedColumn => {
    const kind = kinds[k]!;
    const values = raw[k]!;
    let nullCount = 0;
    for (let i = 0; i < n; i++) if (values[i] === null || values[i] === undefined) nullCount++;
    const valid = nullCount ? Uint8Array.from(values, (v) => (v === null || v === undefined ? 0 : 1)) : null;
    const spec: ColumnSpec = specs.get(e.name) ?? { name: e.name, type: DEFAULT_TYPE[kind], unit: "", doc: "", ...(kind === "int64" ? { bits: 64 as const } : {}) };
    const base = { spec, valid, nullCount };
    const nums = <A extends Float64Array | Int32Array | Uint8Array>(Ctor: new (n: number) => A, f: (v: unknown) => number = Number): A => {
      const out = new Ctor(n);
      for (let i = 0; i < n; i++) { const v = values[i]; if (v !== null && v !== undefined) out[i] = f(v); }
      return out;
    };
    switch (kind) {
      case "timestamp": return { ...base, kind, values: nums(Float64Array) };
      case "date": return { ...base, kind, values: nums(Int32Array) };
      case "bool": return { ...base, kind, values: nums(Uint8Array, (v) => (v ? 1 : 0)) };
      case "int32": return { ...base, kind, values: nums(Int32Array) };
      case "int64": return {
        ...base, kind, values: nums(Float64Array, (v) => {
          const x = Number(v as bigint);
          if (!Number.isSafeInteger(x)) throw new TableValueError(e.name, -1, `value ${String(v)} is beyond ±2^53`);
          return x;
        }),
      };
      case "float64": return { ...base, kind, values: nums(Float64Array) };
      case "text": {
        const distinct = new Set<string>();
        for (const v of values) if (typeof v === "string") distinct.add(v);
        const dictionary = [...distinct].sort();
        const code = new Map(dictionary.map((d, j) => [d, j]));
        const indices = new Int32Array(n);
        for (let i = 0; i < n; i++) if (typeof values[i] === "string") indices[i] = code.get(values[i] as string)!;
        return { ...base, kind, dictionary, indices };
      }
    }
  });
  const config = kv.get(META_KEYS.config);
  return {
    length: n,
    columns,
    meta: {
      kind: kv.get(META_KEYS.kind) ?? "",
      timeZone: kv.get(META_KEYS.timeZone) ?? "UTC",
      version: kv.get(META_KEYS.version) ?? "",
      ...(config !== undefined ? { config: JSON.parse(config) as unknown } : {}),
    },
  };
}
