import { readFileSync } from "node:fs";
import { basename } from "node:path";
import {
  Field, Float64, Int32, Int8, List, makeData, makeVector, RecordBatch, Schema, Struct, Table, tableFromIPC, tableToIPC,
  TimestampMicrosecond, Uint32, type Data, type DataType, type Vector,
} from "apache-arrow";
import { emptyBarTable, type BarTable } from "../barTable.js";
import { InputError } from "../errors.js";
import type { TickTableWithMarks } from "./tickBuilder.js";
import { AtomicBinaryWriter, withAtomic } from "./atomicWrite.js";
import { defineFormat, startsWithAscii, type MarketRead } from "./format.js";
import { checkArrowBars, checkArrowTicks } from "./arrowChecks.js";
import type { SkippedRow } from "../errors.js";

/**
 * Arrow IPC (file format, "ARROW1") for bars and ticks — the exchange format between our own tools.
 * Prices stay in integer ticks (schema metadata `tda.tickSize` says the size); times are
 * Timestamp(µs, UTC) int64. Bars: time, lastTime, session, open…close, volume, trades, bidVolume,
 * askVolume, delta, maxDelta, minDelta, `study.<role>` (float64), and when present the footprint as
 * three List columns `footprint.price`, `footprint.bidVolume`, `footprint.askVolume` (one list per
 * bar, low → high). Ticks: time, price, size (uint32), side (int8), bid/ask (int32, only with quotes),
 * subTrade (int8, only from .scid). Vectors are built from the typed arrays, never row by row.
 */

export const ARROW_KIND_KEY = "tda.kind";
export const ARROW_TICK_SIZE_KEY = "tda.tickSize";

/** Float64 µs → int64 words (exact for |t| < 2^53). */
function toInt64(x: Float64Array): BigInt64Array {
  const out = new BigInt64Array(x.length);
  const w = new Int32Array(out.buffer);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (!Number.isInteger(v)) throw new Error(`time ${v} at row ${i} is not a whole number of µs`);
    const hi = Math.floor(v / 4294967296);
    w[2 * i] = v - hi * 4294967296;
    w[2 * i + 1] = hi;
  }
  return out;
}

function fromInt64(x: BigInt64Array, into: Float64Array, at: number): void {
  const w = new Int32Array(x.buffer, x.byteOffset, x.length * 2);
  for (let i = 0; i < x.length; i++) into[at + i] = w[2 * i + 1]! * 4294967296 + (w[2 * i]! >>> 0);
}

const timestamp = (x: Float64Array) => makeVector(makeData({ type: new TimestampMicrosecond("UTC"), data: toInt64(x) }));
const vec = <T extends DataType>(type: T, data: ArrayLike<number> & ArrayBufferView) => makeVector(makeData({ type, data } as never)) as Vector<T>;

function listVector<T extends Int32 | Float64>(type: T, offsets: Int32Array, values: Int32Array | Float64Array): Vector {
  const child = makeData({ type, data: values } as never) as unknown as Data<T>;
  return makeVector(makeData({ type: new List(new Field("item", type, false)), valueOffsets: offsets, child }));
}

function writeTable(path: string, columns: Record<string, Vector>, kind: string, tickSize: number): void {
  const fields = Object.entries(columns).map(([name, v]) => new Field(name, v.type, false));
  const schema = new Schema(fields, new Map([[ARROW_KIND_KEY, kind], [ARROW_TICK_SIZE_KEY, String(tickSize)]]));
  const vectors = Object.values(columns);
  const length = vectors.length ? vectors[0]!.length : 0;
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length, nullCount: 0, children: vectors.map((v) => v.data[0]!) }));
  const table = new Table(schema, [batch]);
  const bytes = tableToIPC(table, "file");
  withAtomic(new AtomicBinaryWriter(path), (w) => w.write(bytes));
}

export interface ArrowWriteOptions {
  tickSize: number;
}

export function writeArrowBars(path: string, bars: BarTable, opts: ArrowWriteOptions): void {
  const cols: Record<string, Vector> = {
    time: timestamp(bars.time), lastTime: timestamp(bars.lastTime), session: vec(new Int32(), bars.session),
    open: vec(new Int32(), bars.open), high: vec(new Int32(), bars.high), low: vec(new Int32(), bars.low), close: vec(new Int32(), bars.close),
    volume: vec(new Float64(), bars.volume), trades: vec(new Float64(), bars.trades),
    bidVolume: vec(new Float64(), bars.bidVolume), askVolume: vec(new Float64(), bars.askVolume), delta: vec(new Float64(), bars.delta),
    maxDelta: vec(new Float64(), bars.maxDelta), minDelta: vec(new Float64(), bars.minDelta),
  };
  for (const name of [...bars.study.keys()].sort()) cols[`study.${name}`] = vec(new Float64(), bars.study.get(name)!);
  const fp = bars.footprint;
  if (fp) {
    cols["footprint.price"] = listVector(new Int32(), fp.offset, fp.price);
    cols["footprint.bidVolume"] = listVector(new Float64(), fp.offset, fp.bidVolume);
    cols["footprint.askVolume"] = listVector(new Float64(), fp.offset, fp.askVolume);
  }
  writeTable(path, cols, "bars", opts.tickSize);
}

export function writeArrowTicks(path: string, ticks: TickTableWithMarks, opts: ArrowWriteOptions): void {
  const size = new Uint32Array(ticks.length);
  for (let i = 0; i < ticks.length; i++) {
    const s = ticks.size[i]!;
    if (!(Number.isInteger(s) && s >= 0 && s <= 0xffffffff)) throw new Error(`tick ${i}: size ${s} is not a whole number 0…2^32−1`);
    size[i] = s;
  }
  const cols: Record<string, Vector> = {
    time: timestamp(ticks.time), price: vec(new Int32(), ticks.price), size: vec(new Uint32(), size), side: vec(new Int8(), ticks.side),
  };
  if (ticks.hasQuote) {
    cols.bid = vec(new Int32(), ticks.bid);
    cols.ask = vec(new Int32(), ticks.ask);
  }
  if (ticks.subTrade) cols.subTrade = vec(new Int8(), ticks.subTrade);
  writeTable(path, cols, "ticks", opts.tickSize);
}

export interface ArrowRead {
  file: string;
  kind: "bars" | "ticks";
  bars?: BarTable;
  ticks?: TickTableWithMarks;
  skipped: SkippedRow[];
  notices: string[];
}

export interface ArrowReadOptions extends ArrowWriteOptions {
  /** Skip implausible rows (each in `skipped`) instead of stopping at the first (arrowChecks.ts). */
  lenient?: boolean;
}

/**
 * Reads an Arrow IPC file (file or stream format) written by writeArrowBars/writeArrowTicks, or any
 * table with those column names (prices in ticks of `tickSize`). The file is read whole: Arrow
 * columns are already the in-memory layout.
 */
export function readArrow(path: string, opts: ArrowReadOptions): ArrowRead {
  const file = basename(path);
  let table: Table;
  try {
    table = tableFromIPC(readFileSync(path));
  } catch (e) {
    throw new InputError(path, 0, 0, `expected an Arrow IPC file ("ARROW1"): ${(e as Error).message}`);
  }
  const meta = table.schema.metadata;
  const ts = meta.get(ARROW_TICK_SIZE_KEY);
  if (ts !== undefined && Number(ts) !== opts.tickSize) {
    throw new InputError(path, 0, 0, `prices are in ticks of ${ts}, but the instrument's tick size is ${opts.tickSize}`);
  }
  const names = new Set(table.schema.fields.map((f) => f.name));
  const kind = (meta.get(ARROW_KIND_KEY) as "bars" | "ticks" | undefined) ?? (names.has("price") ? "ticks" : "bars");
  const n = table.numRows;
  const col = <A extends Float64Array | Int32Array | Int8Array>(name: string, Ctor: new (n: number) => A, required = true): A | undefined => {
    const child = table.getChild(name);
    if (!child) {
      if (required) throw new InputError(path, 0, 0, `expected a "${name}" column (${kind} table)`);
      return undefined;
    }
    if (child.nullCount > 0) throw new InputError(path, 0, 0, `column "${name}": expected no nulls, found ${child.nullCount}`);
    const out = new Ctor(n);
    let at = 0;
    for (const d of child.data) {
      const values = (d.values as unknown as { subarray(a: number, b: number): unknown }).subarray(d.offset, d.offset + d.length);
      if (values instanceof BigInt64Array) {
        if (!(out instanceof Float64Array)) throw new InputError(path, 0, 0, `column "${name}": expected 32-bit values, got ${String(child.type)}`);
        fromInt64(values, out, at);
      } else if (typeof (values as { length?: number }).length === "number" && !(values instanceof BigUint64Array)) {
        out.set(values as ArrayLike<number>, at);
      } else throw new InputError(path, 0, 0, `column "${name}": unsupported type ${String(child.type)}`);
      at += d.length;
    }
    return out;
  };
  const timeCol = (name: string, required = true) => {
    const child = table.getChild(name);
    if (child && !(String(child.type).startsWith("Timestamp<MICROSECOND") || String(child.type) === "Int64")) {
      throw new InputError(path, 0, 0, `column "${name}": expected Timestamp(µs) or Int64 µs, got ${String(child.type)}`);
    }
    return col(name, Float64Array, required);
  };
  if (kind === "ticks") {
    const ticks: TickTableWithMarks = {
      length: n, time: timeCol("time")!, price: col("price", Int32Array)!, size: col("size", Float64Array)!, side: col("side", Int8Array)!,
      bid: col("bid", Int32Array, false) ?? new Int32Array(n), ask: col("ask", Int32Array, false) ?? new Int32Array(n),
      hasQuote: names.has("bid") && names.has("ask"),
    };
    const marks = col("subTrade", Int8Array, false);
    if (marks) ticks.subTrade = marks;
    const checked = checkArrowTicks(path, ticks, opts.tickSize, opts.lenient ?? false);
    return { file, kind, ticks: checked.ticks, skipped: checked.skipped, notices: [] };
  }
  const b = emptyBarTable(0);
  b.length = n;
  b.time = timeCol("time")!;
  b.lastTime = timeCol("lastTime", false) ?? b.time.slice();
  b.session = col("session", Int32Array, false) ?? new Int32Array(n);
  for (const k of ["open", "high", "low", "close"] as const) b[k] = col(k, Int32Array)!;
  for (const k of ["volume", "trades", "bidVolume", "askVolume"] as const) b[k] = col(k, Float64Array)!;
  b.delta = col("delta", Float64Array, false) ?? Float64Array.from(b.askVolume, (a, i) => a - b.bidVolume[i]!);
  b.maxDelta = col("maxDelta", Float64Array, false) ?? new Float64Array(n).fill(NaN);
  b.minDelta = col("minDelta", Float64Array, false) ?? new Float64Array(n).fill(NaN);
  for (const name of [...names].filter((x) => x.startsWith("study.")).sort()) b.study.set(name.slice(6), col(name, Float64Array)!);
  if (names.has("footprint.price")) {
    const offsets = new Int32Array(n + 1);
    const parts = { price: [] as Int32Array[], bidVolume: [] as Float64Array[], askVolume: [] as Float64Array[] };
    let row = 0, bar = 0;
    const lists = (["price", "bidVolume", "askVolume"] as const).map((k) => table.getChild(`footprint.${k}`));
    if (lists.some((l) => !l)) throw new InputError(path, 0, 0, `expected footprint.price, footprint.bidVolume and footprint.askVolume together`);
    for (let c = 0; c < lists[0]!.data.length; c++) {
      const dp = lists[0]!.data[c]!;
      const vo = dp.valueOffsets as Int32Array;
      const lo = vo[dp.offset]!, hi = vo[dp.offset + dp.length]!;
      for (let i = 0; i < dp.length; i++) offsets[bar + i] = row + vo[dp.offset + i]! - lo;
      (["price", "bidVolume", "askVolume"] as const).forEach((k, j) => {
        const d = lists[j]!.data[c]!;
        const child = d.children[0]!;
        const v = child.values as unknown as Int32Array;
        (parts[k] as (Int32Array | Float64Array)[]).push(v.subarray(child.offset + lo, child.offset + hi));
      });
      row += hi - lo;
      bar += dp.length;
    }
    offsets[n] = row;
    const cat = <A extends Int32Array | Float64Array>(Ctor: new (n: number) => A, xs: A[]) => { const o = new Ctor(row); let at = 0; for (const x of xs) { o.set(x, at); at += x.length; } return o; };
    b.footprint = { offset: offsets, price: cat(Int32Array, parts.price), bidVolume: cat(Float64Array, parts.bidVolume), askVolume: cat(Float64Array, parts.askVolume) };
  }
  const checked = checkArrowBars(path, b, opts.tickSize, opts.lenient ?? false);
  return { file, kind: "bars", bars: checked.bars, skipped: checked.skipped, notices: [] };
}

/** Arrow IPC of bars or trades (our own exchange format), file or stream. */
export const arrowFormat = defineFormat({
  id: "arrow",
  kind: "either",
  expected: 'an Arrow IPC file ("ARROW1")',
  binary: true,
  // the file format's magic, or a stream's 0xFFFFFFFF continuation marker
  sniff: (head) => startsWithAscii(head, "ARROW1") || (head.length >= 8 && head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff),
  read(path, ctx): MarketRead {
    const r = readArrow(path, { tickSize: ctx.tickSize, lenient: ctx.lenient });
    return r.kind === "bars"
      ? { kind: "bars", bars: r.bars!, skipped: r.skipped, notices: r.notices }
      : { kind: "ticks", ticks: r.ticks!, skipped: r.skipped, notices: r.notices };
  },
  write: {
    bars: (path, bars, ctx) => writeArrowBars(path, bars, { tickSize: ctx.tickSize }),
    ticks: (path, ticks, ctx) => writeArrowTicks(path, ticks, { tickSize: ctx.tickSize }),
  },
});
