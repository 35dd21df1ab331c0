import {
  Bool, DateDay, Dictionary, Field, Float64, Int32, Int64, Message, RecordBatch, Schema, Struct, Table,
  TimestampMicrosecond, Utf8, makeData, tableFromIPC, tableToIPC, vectorFromArray, type Data, type DataType,
} from "apache-arrow";
import { AtomicBinaryWriter, withAtomic } from "../io/atomicWrite.js";
import { META_KEYS, TableValueError, type ColumnSpec, type ColumnType, type TableMeta, type TypedColumn, type TypedTable } from "./typedTable.js";

/**
 * Arrow IPC (file format, "ARROW1") of a typed table, and back. One record batch; every field
 * nullable; field metadata `tda.unit`, `tda.doc`, `tda.type`; schema metadata `tda.kind`,
 * `tda.timeZone`, `tda.version`, `tda.config`, `tda.columns` (META_KEYS). Dictionary ids are the
 * column positions, so the same table gives the same bytes in any process.
 */

const FIELD_KEYS = { unit: "tda.unit", doc: "tda.doc", type: "tda.type", bits: "tda.bits" } as const;

/** Validity bitmap (Arrow's LSB order) from a byte mask. */
function bitmapOf(valid: Uint8Array): Uint8Array {
  const bits = new Uint8Array(Math.ceil(valid.length / 8));
  for (let i = 0; i < valid.length; i++) if (valid[i]) bits[i >> 3]! |= 1 << (i & 7);
  return bits;
}

/** Float64 µs (whole numbers below 2^53) → int64 words, without a BigInt per value. */
function int64Of(x: Float64Array): BigInt64Array {
  const out = new BigInt64Array(x.length);
  const w = new Int32Array(out.buffer);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const hi = Math.floor(v / 4294967296);
    w[2 * i] = v - hi * 4294967296;
    w[2 * i + 1] = hi;
  }
  return out;
}

function float64Of(x: BigInt64Array): Float64Array {
  const w = new Int32Array(x.buffer, x.byteOffset, x.length * 2);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = w[2 * i + 1]! * 4294967296 + (w[2 * i]! >>> 0);
    if (!Number.isSafeInteger(v)) throw new RangeError(`64-bit value at row ${i + 1} is beyond ±2^53`);
    out[i] = v;
  }
  return out;
}

/** The Arrow type of a typed column (the convention of typedTable.ts). */
export function arrowType(c: TypedColumn, timeZone: string, dictionaryId: number): DataType {
  switch (c.kind) {
    case "timestamp": return new TimestampMicrosecond(timeZone);
    case "date": return new DateDay();
    case "bool": return new Bool();
    case "int32": return new Int32();
    case "int64": return new Int64();
    case "float64": return new Float64();
    case "text": return new Dictionary(new Utf8(), new Int32(), dictionaryId, false);
  }
}

function columnData(c: TypedColumn, type: DataType): Data {
  const n = c.kind === "text" ? c.indices.length : c.values.length;
  const nullBitmap = c.valid ? bitmapOf(c.valid) : null;
  const base = { type, length: n, nullCount: c.nullCount, nullBitmap } as const;
  switch (c.kind) {
    case "timestamp":
    case "int64": return makeData({ ...base, data: int64Of(c.values) } as never);
    case "bool": return makeData({ ...base, data: bitmapOf(c.values) } as never);
    case "text": {
      const dictionary = vectorFromArray(c.dictionary, new Utf8());
      return makeData({ ...base, data: c.indices, dictionary } as never);
    }
    default: return makeData({ ...base, data: c.values } as never);
  }
}

function fieldMetadata(spec: ColumnSpec): Map<string, string> {
  const m = new Map<string, string>([[FIELD_KEYS.type, spec.type], [FIELD_KEYS.unit, spec.unit], [FIELD_KEYS.doc, spec.doc]]);
  if (spec.bits) m.set(FIELD_KEYS.bits, String(spec.bits));
  return m;
}

/** Schema-level metadata of a table, in a fixed key order (both formats write the same pairs). */
export function tableMetadata(t: TypedTable): [string, string][] {
  const pairs: [string, string][] = [
    [META_KEYS.kind, t.meta.kind], [META_KEYS.timeZone, t.meta.timeZone], [META_KEYS.version, t.meta.version],
  ];
  if (t.meta.config !== undefined) pairs.push([META_KEYS.config, JSON.stringify(t.meta.config)]);
  pairs.push([META_KEYS.columns, JSON.stringify(t.columns.map((c) => c.spec))]);
  return pairs;
}

/** The typed table as an apache-arrow Table (one record batch). */
export function toArrowTable(t: TypedTable): Table {
  const fields: Field[] = [];
  const children: Data[] = [];
  t.columns.forEach((c, k) => {
    const type = arrowType(c, t.meta.timeZone, k);
    fields.push(new Field(c.spec.name, type, true, fieldMetadata(c.spec)));
    children.push(columnData(c, type));
  });
  const schema = new Schema(fields, new Map(tableMetadata(t)));
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length: t.length, nullCount: 0, children }));
  return new Table(schema, [batch]);
}

/**
 * The Arrow schema as an encapsulated IPC message (continuation marker, length, flatbuffer,
 * padding) — the form of the `ARROW:schema` key that pyarrow, arrow-rs and polars read from Parquet
 * metadata to restore the time zone and the dictionary types.
 */
export function arrowSchemaMessage(t: TypedTable): Uint8Array {
  const schema = toArrowTable({ ...t, length: 0, columns: t.columns.map(emptyLike) }).schema;
  const body = Message.encode(Message.from(schema));
  const padded = (body.length + 7) & ~7;
  const out = new Uint8Array(8 + padded);
  const view = new DataView(out.buffer);
  view.setInt32(0, -1, true);
  view.setInt32(4, padded, true);
  out.set(body, 8);
  return out;
}

function emptyLike(c: TypedColumn): TypedColumn {
  const base = { spec: c.spec, valid: null, nullCount: 0 };
  switch (c.kind) {
    case "text": return { ...base, kind: "text", dictionary: [], indices: new Int32Array(0) };
    case "date": return { ...base, kind: "date", values: new Int32Array(0) };
    case "bool": return { ...base, kind: "bool", values: new Uint8Array(0) };
    case "int32": return { ...base, kind: "int32", values: new Int32Array(0) };
    default: return { ...base, kind: c.kind, values: new Float64Array(0) };
  }
}

/** The Arrow IPC file bytes of a typed table. */
export function arrowTableBytes(t: TypedTable): Uint8Array {
  return tableToIPC(toArrowTable(t), "file");
}

/** Writes a typed table as an Arrow IPC file, atomically (SPEC §9). */
export function writeArrowTable(path: string, t: TypedTable): void {
  const bytes = arrowTableBytes(t);
  withAtomic(new AtomicBinaryWriter(path), (w) => w.write(bytes));
}

/** The descriptor a column carries in `tda.columns`, else one derived from its Arrow type. */
function specOf(field: Field, kind: TypedColumn["kind"], fromMeta: ColumnSpec | undefined): ColumnSpec {
  if (fromMeta) return fromMeta;
  const m = field.metadata;
  const type: ColumnType = (m.get(FIELD_KEYS.type) as ColumnType | undefined)
    ?? ({ timestamp: "timestamp", date: "date", bool: "flag", int32: "int", int64: "int", float64: "float", text: "text" } as const)[kind];
  const spec: ColumnSpec = { name: field.name, type, unit: m.get(FIELD_KEYS.unit) ?? "", doc: m.get(FIELD_KEYS.doc) ?? "" };
  if (kind === "int64") spec.bits = 64;
  return spec;
}

export function parseColumnsMeta(json: string | undefined): Map<string, ColumnSpec> {
  if (!json) return new Map();
  const list = JSON.parse(json) as ColumnSpec[];
  return new Map(list.map((c) => [c.name, c]));
}

/** Reads back an apache-arrow Table of the convention (or any table of those Arrow types). */
export function fromArrowTable(table: Table): TypedTable {
  const meta = table.schema.metadata;
  const specs = parseColumnsMeta(meta.get(META_KEYS.columns));
  const n = table.numRows;
  let zone = meta.get(META_KEYS.timeZone);
  const columns = table.schema.fields.map((field, k): TypedColumn => {
    const vector = table.getChildAt(k)!;
    const t = field.type as DataType;
    const valid = vector.nullCount ? new Uint8Array(n) : null;
    if (valid) for (let i = 0; i < n; i++) valid[i] = vector.isValid(i) ? 1 : 0;
    const base = { valid, nullCount: vector.nullCount };
    const typeName = String(t);
    const concat = <A extends Int32Array | Float64Array>(Ctor: new (n: number) => A, f: (d: Data) => ArrayLike<number>) => {
      const out = new Ctor(n);
      let at = 0;
      for (const d of vector.data) { out.set(f(d), at); at += d.length; }
      return out;
    };
    const slice = (d: Data) => (d.values as Int32Array).subarray(d.offset, d.offset + d.length);
    const wide = (d: Data) => float64Of((d.values as unknown as BigInt64Array).subarray(d.offset, d.offset + d.length));
    const make = (kind: TypedColumn["kind"], rest: object): TypedColumn =>
      ({ spec: specOf(field, kind, specs.get(field.name)), ...base, kind, ...rest }) as TypedColumn;
    if (t instanceof TimestampMicrosecond || (typeName.startsWith("Timestamp<MICROSECOND") )) {
      const tz = (t as TimestampMicrosecond).timezone;
      if (tz) zone ??= tz;
      return make("timestamp", { values: concat(Float64Array, wide) });
    }
    if (t instanceof DateDay || typeName === "Date32<DAY>") return make("date", { values: concat(Int32Array, slice) });
    if (t instanceof Bool || typeName === "Bool") {
      const values = new Uint8Array(n);
      for (let i = 0; i < n; i++) values[i] = vector.get(i) ? 1 : 0;
      return make("bool", { values });
    }
    if (typeName === "Int32") return make("int32", { values: concat(Int32Array, slice) });
    if (typeName === "Int64") return make("int64", { values: concat(Float64Array, wide) });
    if (typeName === "Float64") {
      const values = concat(Float64Array, (d) => (d.values as Float64Array).subarray(d.offset, d.offset + d.length));
      if (valid) for (let i = 0; i < n; i++) if (!valid[i]) values[i] = 0;
      return make("float64", { values });
    }
    if (t instanceof Dictionary || typeName === "Utf8" || typeName === "LargeUtf8") {
      const distinct = new Set<string>();
      const raw: (string | null)[] = new Array(n);
      for (let i = 0; i < n; i++) {
        const s = vector.get(i) as string | null;
        raw[i] = s;
        if (s !== null) distinct.add(s);
      }
      const dictionary = [...distinct].sort();
      const code = new Map(dictionary.map((d, j) => [d, j]));
      const indices = new Int32Array(n);
      for (let i = 0; i < n; i++) if (raw[i] !== null) indices[i] = code.get(raw[i]!)!;
      return make("text", { dictionary, indices });
    }
    throw new TableValueError(field.name, -1,
      `type ${typeName} is none of Timestamp(µs), Date32, Bool, Int32, Int64, Float64, Utf8 or Dictionary<Utf8>`);
  });
  const config = meta.get(META_KEYS.config);
  return {
    length: n,
    columns,
    meta: {
      kind: meta.get(META_KEYS.kind) ?? "",
      timeZone: zone ?? "UTC",
      version: meta.get(META_KEYS.version) ?? "",
      ...(config !== undefined ? { config: JSON.parse(config) as unknown } : {}),
    },
  };
}

/** Reads Arrow IPC bytes (file or stream format) into a typed table. */
export function readArrowBytes(bytes: Uint8Array): TypedTable {
  return fromArrowTable(tableFromIPC(bytes));
}
