import type { SignalColumnType } from "../signalsSchema.js";

/**
 * The typed table every Arrow and Parquet file of the tool is written from and read back into
 * (SPEC §9): one convention, driven by a column descriptor. Logical type → storage:
 *
 * | descriptor  | storage (`kind`) | Arrow                          | Parquet                                  |
 * |-------------|------------------|--------------------------------|------------------------------------------|
 * | `timestamp` | `timestamp`      | Timestamp(µs, exchange zone)   | INT64 TIMESTAMP(µs, adjusted to UTC)     |
 * | `date`      | `date`           | Date32 (days)                  | INT32 DATE                               |
 * | `flag`      | `bool`           | Bool                           | BOOLEAN                                  |
 * | `int`       | `int32`/`int64`  | Int32 / Int64                  | INT32 / INT64                            |
 * | `float`     | `float64`        | Float64                        | DOUBLE                                   |
 * | `text`      | `text`           | Dictionary<Int32, Utf8>        | BYTE_ARRAY UTF8, dictionary-encoded      |
 *
 * Every column is nullable (a missing value is null, never NaN, 0 or ""), so one schema serves a
 * table with or without empties. An `int` column is Int32 unless its descriptor says `bits: 64` or a
 * value lies beyond ±2^31; one holding a fraction is stored Float64 (never truncated, as
 * signals.arrow always did). Text dictionaries are sorted, so they do not depend on row order.
 */

export type ColumnType = SignalColumnType;

/** What a column is: the fields of signalsSchema's SignalColumn (which satisfies it). */
export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** "points", "ticks", "bars", "usd", "contracts", "ratio" or "" */
  unit: string;
  doc: string;
  /** `int` only: 64 for counts that can pass 2^31 (default 32). */
  bits?: 32 | 64;
}

/** Schema-level facts every file carries (Arrow schema metadata / Parquet key-value metadata). */
export interface TableMeta {
  /** "signals", "sessions", "levels", … */
  kind: string;
  /** IANA zone of the exchange ("America/Chicago"): the zone of every timestamp column. */
  timeZone: string;
  /** Version of the tool that wrote the file. */
  version: string;
  /** The run's configuration (any JSON value); written as JSON text. */
  config?: unknown;
}

interface ColumnBase {
  spec: ColumnSpec;
  /** 1 = present, 0 = null, one byte per row; null when every value is present. */
  valid: Uint8Array | null;
  nullCount: number;
}

export type TypedColumn = ColumnBase & (
  /** µs since 1970-01-01 UTC (exact below 2^53); 0 where null */
  | { kind: "timestamp"; values: Float64Array }
  /** days since 1970-01-01 */
  | { kind: "date"; values: Int32Array }
  /** 0/1 */
  | { kind: "bool"; values: Uint8Array }
  | { kind: "int32"; values: Int32Array }
  /** whole numbers beyond ±2^31 (exact below 2^53) */
  | { kind: "int64"; values: Float64Array }
  | { kind: "float64"; values: Float64Array }
  /** indices into a sorted dictionary of distinct values; 0 where null */
  | { kind: "text"; dictionary: string[]; indices: Int32Array }
);

export type StorageKind = TypedColumn["kind"];

export interface TypedTable {
  length: number;
  columns: TypedColumn[];
  meta: TableMeta;
}

/**
 * Values for one column: numbers (NaN = empty) for every type; for `timestamp`, µs UTC or ISO 8601
 * strings with their offset; for `date`, days since 1970-01-01 or "YYYY-MM-DD"; for `text`,
 * strings (null or undefined = empty).
 */
export type ColumnValues = ArrayLike<number> | readonly (string | null | undefined)[];

export const META_KEYS = Object.freeze({
  kind: "tda.kind",
  timeZone: "tda.timeZone",
  version: "tda.version",
  config: "tda.config",
  /** JSON [{name, type, unit, doc, bits?}] — the descriptors, so a reader gets units and docs back */
  columns: "tda.columns",
});

const INT32_MIN = -2147483648, INT32_MAX = 2147483647;
const MICROS_PER_DAY = 86_400_000_000;

/** A table whose values do not fit their descriptor: names the column, the row and what was expected. */
export class TableValueError extends Error {
  constructor(readonly column: string, readonly row: number, problem: string) {
    super(`column "${column}"${row >= 0 ? `, row ${row + 1}` : ""}: ${problem}`);
    this.name = "TableValueError";
  }
}

/** Checks that `zone` is an IANA time zone this runtime knows. */
export function checkTimeZone(zone: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    throw new RangeError(`time zone "${zone}" is not an IANA zone name (e.g. "America/Chicago")`);
  }
}

const isStrings = (v: ColumnValues): v is readonly (string | null | undefined)[] =>
  Array.isArray(v) && v.some((x) => typeof x === "string");

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(Z|[+-]\d{2}:\d{2})$/;

/** Digits of s[a, b) as a number, or −1 if any is not a digit. */
function digits(s: string, a: number, b: number): number {
  let v = 0;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * The form the signals table writes, "YYYY-MM-DDTHH:MM:SS.mmm±HH:MM", read without the regular
 * expression (the same arithmetic as parseIsoMicros); undefined for any other form.
 */
function fastIsoMicros(s: string): number | undefined {
  if (s.length !== 29 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58
    || s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46 || s.charCodeAt(26) !== 58) return undefined;
  const sign = s.charCodeAt(23);
  if (sign !== 43 && sign !== 45) return undefined;
  const y = digits(s, 0, 4), mo = digits(s, 5, 7), d = digits(s, 8, 10), h = digits(s, 11, 13), mi = digits(s, 14, 16), se = digits(s, 17, 19);
  const ms = digits(s, 20, 23), oh = digits(s, 24, 26), om = digits(s, 27, 29);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || se < 0 || ms < 0 || oh < 0 || om < 0) return undefined;
  const days = daysFromCivil(y, mo, d);
  if (Number.isNaN(days) || h > 23 || mi > 59 || se > 59) return NaN;
  const offsetMin = (sign === 45 ? -1 : 1) * (oh * 60 + om);
  const local = days * MICROS_PER_DAY + ((h * 60 + mi) * 60 + se) * 1e6 + ms * 1000;
  return local - offsetMin * 60e6;
}

/** ISO 8601 with a UTC offset (or Z), to the µs → µs since 1970 UTC; NaN if malformed. */
export function parseIsoMicros(s: string): number {
  const fast = fastIsoMicros(s);
  if (fast !== undefined) return fast;
  const m = ISO.exec(s);
  if (!m) return NaN;
  const [, y, mo, d, h, mi, se, frac = "", off] = m;
  const days = daysFromCivil(Number(y), Number(mo), Number(d));
  if (Number.isNaN(days) || Number(h) > 23 || Number(mi) > 59 || Number(se) > 59) return NaN;
  let offsetMin = 0;
  if (off !== "Z") {
    const sign = off![0] === "-" ? -1 : 1;
    offsetMin = sign * (Number(off!.slice(1, 3)) * 60 + Number(off!.slice(4, 6)));
  }
  const local = days * MICROS_PER_DAY + ((Number(h) * 60 + Number(mi)) * 60 + Number(se)) * 1e6 + Number(frac.padEnd(6, "0"));
  return local - offsetMin * 60e6;
}

/** Days since 1970-01-01 of a proleptic Gregorian date; NaN for a day that does not exist. */
export function daysFromCivil(y: number, m: number, d: number): number {
  if (y === lastCivil[0] && m === lastCivil[1] && d === lastCivil[2]) return lastCivil[3]!;
  const days = civilDays(y, m, d);
  lastCivil[0] = y; lastCivil[1] = m; lastCivil[2] = d; lastCivil[3] = days;
  return days;
}

/** The last day asked for (rows come in time order, so most ask for the day before them). */
const lastCivil = [NaN, NaN, NaN, NaN];

function civilDays(y: number, m: number, d: number): number {
  if (!(m >= 1 && m <= 12 && d >= 1 && d <= 31)) return NaN;
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return NaN;
  return t / 86_400_000;
}

/** "YYYY-MM-DD" → days since 1970-01-01; NaN if malformed. */
export function parseDate(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m ? daysFromCivil(Number(m[1]), Number(m[2]), Number(m[3])) : NaN;
}

/** Days since 1970-01-01 → "YYYY-MM-DD". */
export function dateName(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

function numbersOf(spec: ColumnSpec, v: ColumnValues, n: number, parse?: (s: string) => number, expected?: string): Float64Array {
  const out = new Float64Array(n);
  if (isStrings(v)) {
    if (!parse) throw new TableValueError(spec.name, -1, `expected numbers for a ${spec.type} column, got strings`);
    for (let i = 0; i < n; i++) {
      const s = v[i];
      if (s === null || s === undefined || s === "") { out[i] = NaN; continue; }
      const x = parse(s);
      if (Number.isNaN(x)) throw new TableValueError(spec.name, i, `expected ${expected}, got "${s}"`);
      out[i] = x;
    }
    return out;
  }
  if (v instanceof Float64Array) { out.set(v); return out; } // Number(x) of a double is x (NaN stays a NaN)
  for (let i = 0; i < n; i++) {
    const x = (v as ArrayLike<number | null | undefined>)[i];
    out[i] = x === null || x === undefined ? NaN : Number(x);
  }
  return out;
}

/** Validity mask of a number column (NaN = null), or null when none is missing. */
function maskOf(x: Float64Array): { valid: Uint8Array | null; nullCount: number } {
  let nullCount = 0;
  for (let i = 0; i < x.length; i++) if (Number.isNaN(x[i]!)) nullCount++;
  if (nullCount === 0) return { valid: null, nullCount };
  const valid = new Uint8Array(x.length);
  for (let i = 0; i < x.length; i++) valid[i] = Number.isNaN(x[i]!) ? 0 : 1;
  return { valid, nullCount };
}

function wholeNumbers(spec: ColumnSpec, x: Float64Array, what: string): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!Number.isNaN(v) && !Number.isSafeInteger(v)) throw new TableValueError(spec.name, i, `expected a whole number of ${what}, got ${v}`);
  }
}

/** Builds one typed column from its descriptor and values (n rows). */
export function typedColumn(spec: ColumnSpec, v: ColumnValues, n: number): TypedColumn {
  if (v.length !== n) throw new TableValueError(spec.name, -1, `expected ${n} values, got ${v.length}`);
  switch (spec.type) {
    case "timestamp": {
      const x = numbersOf(spec, v, n, parseIsoMicros, "an ISO 8601 time with its UTC offset (2024-03-18T08:35:00.000-05:00)");
      wholeNumbers(spec, x, "µs");
      const m = maskOf(x);
      for (let i = 0; i < n; i++) if (Number.isNaN(x[i]!)) x[i] = 0;
      return { spec, kind: "timestamp", values: x, ...m };
    }
    case "date": {
      const x = numbersOf(spec, v, n, parseDate, "a date YYYY-MM-DD");
      wholeNumbers(spec, x, "days");
      const m = maskOf(x);
      const values = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        const d = x[i]!;
        if (Number.isNaN(d)) continue;
        if (d < INT32_MIN || d > INT32_MAX) throw new TableValueError(spec.name, i, `date ${d} days is out of range`);
        values[i] = d;
      }
      return { spec, kind: "date", values, ...m };
    }
    case "flag": {
      const x = numbersOf(spec, v, n);
      const values = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const f = x[i]!;
        if (Number.isNaN(f)) continue;
        if (f !== 0 && f !== 1) throw new TableValueError(spec.name, i, `expected a flag 0 or 1 (or empty), got ${f}`);
        values[i] = f;
      }
      return { spec, kind: "bool", values, ...maskOf(x) };
    }
    case "int": {
      const x = numbersOf(spec, v, n);
      const m = maskOf(x);
      let fraction = false, wide = spec.bits === 64;
      for (let i = 0; i < n; i++) {
        const a = x[i]!;
        if (Number.isNaN(a)) { x[i] = 0; continue; }
        if (!Number.isFinite(a)) throw new TableValueError(spec.name, i, `expected a whole number, got ${a}`);
        if (!Number.isInteger(a)) fraction = true;
        else if (a < INT32_MIN || a > INT32_MAX) wide = true;
      }
      if (fraction) return { spec, kind: "float64", values: x, ...m };
      if (wide) {
        wholeNumbers(spec, x, spec.unit || "units");
        return { spec, kind: "int64", values: x, ...m };
      }
      return { spec, kind: "int32", values: Int32Array.from(x), ...m };
    }
    case "float": {
      const x = numbersOf(spec, v, n);
      const m = maskOf(x);
      for (let i = 0; i < n; i++) if (Number.isNaN(x[i]!)) x[i] = 0;
      return { spec, kind: "float64", values: x, ...m };
    }
    case "text": {
      if (n > 0 && !Array.isArray(v)) throw new TableValueError(spec.name, -1, "expected strings for a text column, got numbers");
      const s = v as readonly (string | null | undefined)[];
      const distinct = new Set<string>();
      let nullCount = 0;
      for (let i = 0; i < n; i++) {
        const x = s[i];
        if (x === null || x === undefined) nullCount++;
        else if (typeof x !== "string") throw new TableValueError(spec.name, i, `expected text, got ${typeof x}`);
        else distinct.add(x);
      }
      const dictionary = [...distinct].sort();
      const code = new Map(dictionary.map((d, k) => [d, k]));
      const indices = new Int32Array(n);
      const valid = nullCount ? new Uint8Array(n) : null;
      for (let i = 0; i < n; i++) {
        const x = s[i];
        if (x === null || x === undefined) continue;
        indices[i] = code.get(x)!;
        if (valid) valid[i] = 1;
      }
      return { spec, kind: "text", dictionary, indices, valid, nullCount };
    }
    default:
      throw new TableValueError(spec.name, -1, `unknown column type "${(spec as ColumnSpec).type}"`);
  }
}

/**
 * The typed table of `schema` from a map of column name → values. Every descriptor needs values;
 * a value name the schema does not list is an error (a typo would otherwise drop a column).
 */
export function typedColumns(schema: readonly ColumnSpec[], values: Readonly<Record<string, ColumnValues>>, meta: TableMeta): TypedTable {
  checkTimeZone(meta.timeZone);
  const names = new Set<string>();
  for (const c of schema) {
    if (names.has(c.name)) throw new TableValueError(c.name, -1, "listed twice in the schema");
    names.add(c.name);
    if (!(c.name in values)) throw new TableValueError(c.name, -1, "no values given");
  }
  for (const k of Object.keys(values)) if (!names.has(k)) throw new TableValueError(k, -1, "not in the schema");
  const length = schema.length ? values[schema[0]!.name]!.length : 0;
  return { length, columns: schema.map((c) => typedColumn(c, values[c.name]!, length)), meta };
}

/** A column by name, or an error naming the columns there are. */
export function columnOf(table: TypedTable, name: string): TypedColumn {
  const c = table.columns.find((x) => x.spec.name === name);
  if (!c) throw new TableValueError(name, -1, `no such column (have ${table.columns.map((x) => x.spec.name).join(", ")})`);
  return c;
}

/**
 * A column as numbers, the engine's in-memory form: NaN where null; timestamps in µs UTC, dates in
 * days since 1970, flags 0/1. Text columns have no numbers (use `columnStrings`).
 */
export function columnNumbers(c: TypedColumn): Float64Array {
  if (c.kind === "text") throw new TableValueError(c.spec.name, -1, "is text, not numbers");
  const out = Float64Array.from(c.values as ArrayLike<number>);
  if (c.valid) for (let i = 0; i < out.length; i++) if (!c.valid[i]) out[i] = NaN;
  return out;
}

/** A column as strings (null where empty): text as is, timestamps as ISO 8601 UTC, dates as YYYY-MM-DD. */
export function columnStrings(c: TypedColumn): (string | null)[] {
  const n = c.kind === "text" ? c.indices.length : c.values.length;
  const out: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    if (c.valid && !c.valid[i]) { out[i] = null; continue; }
    switch (c.kind) {
      case "text": out[i] = c.dictionary[c.indices[i]!]!; break;
      case "date": out[i] = dateName(c.values[i]!); break;
      case "timestamp": out[i] = isoUtcMicros(c.values[i]!); break;
      default: out[i] = String(c.values[i]!);
    }
  }
  return out;
}

/** µs UTC → "YYYY-MM-DDTHH:MM:SS.ffffffZ". */
export function isoUtcMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(us - Math.floor(us / 1e6) * 1e6).padStart(6, "0")}Z`;
}
