import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { ScidRecordKernel, type ScidTradeRules } from "@tda/core-wasm";
import { basename } from "node:path";
import { endianness } from "node:os";
import type { BarTable } from "../barTable.js";
import { BarTableBuilder } from "../barTableBuilder.js";
import { emptyTickTable, type TickTable } from "../tickTable.js";
import { InputError, type SkippedRow } from "../errors.js";
import { toTicks } from "../instruments.js";
import { TickTableBuilder, type TickSink, type TickTableWithMarks } from "./tickBuilder.js";
import { AtomicBinaryWriter, withAtomic } from "./atomicWrite.js";
import { barVolumeProblem, DuplicateBars, MAX_PRICE_POINTS, MAX_SIZE, ohlcProblem, priceProblem, RowErrors, sizeProblem, TimeOrder } from "./rowReader.js";
import type { BarRow } from "../barTableBuilder.js";
import { defineFormat, startsWithAscii, type MarketRead } from "./format.js";

/**
 * Sierra Chart intraday `.scid` files (SPEC §3.3), little-endian.
 *
 * Header (56 bytes): char[4] "SCID", u32 HeaderSize (56), u32 RecordSize (40), u16 Version (1),
 * u16 unused, u32 UTCStartIndex (0), 36 reserved bytes. Records start at HeaderSize.
 * Record (40 bytes): i64 DateTime, f32 Open, High, Low, Close, u32 NumTrades, TotalVolume,
 * BidVolume, AskVolume. DateTime counts µs since 1899-12-30 00:00 UTC; files written by old Sierra
 * versions hold a double of days since that date instead (detected from the first record).
 *
 * Error locations: `line` = record number (1-based; 0 = the header), `column` = 1-based byte
 * position of the record in the file.
 */

export const SCID_MAGIC = "SCID";
export const SCID_HEADER_SIZE = 56;
export const SCID_RECORD_SIZE = 40;
/** Open of a tick record: a trade reported on its own. */
export const SCID_SINGLE_TRADE = 0;
/** Open of the first sub-trade of a trade Sierra unbundled (one aggressive order that swept prices). */
export const SCID_FIRST_SUB_TRADE = Math.fround(-1.99900095e37);
/** Open of the last sub-trade of an unbundled trade. */
export const SCID_LAST_SUB_TRADE = Math.fround(-1.99900197e37);

/** µs between 1899-12-30 (Sierra's epoch) and 1970-01-01. */
export const SCID_EPOCH_OFFSET_US = 25569 * 86400 * 1e6;
const DAY_US = 86400 * 1e6;
const MIN_PLAUSIBLE_US = Date.UTC(1950, 0, 1) * 1000 + SCID_EPOCH_OFFSET_US;
const MAX_PLAUSIBLE_US = Date.UTC(2200, 0, 1) * 1000 + SCID_EPOCH_OFFSET_US;

export type ScidTimeEncoding = "int64-us" | "double-days";

export interface ScidReadOptions {
  tickSize: number;
  lenient?: boolean;
  /** Stream trades to this sink in chunks instead of returning them (memory stays bounded). */
  sink?: TickSink;
  /** Records per read (memory bound). */
  chunkRecords?: number;
  /** @internal false: every record through the full checks (the tests compare with the fast path). */
  fastPath?: boolean;
  /**
   * @internal false: the fast path in TypeScript only, without the WebAssembly record kernel (the
   * tests compare all three).
   */
  kernel?: boolean;
}

export interface ScidRead {
  file: string;
  /** "ticks" when the first trade record is a tick record (Open = 0 or a sub-trade marker), else "bars". */
  kind: "ticks" | "bars";
  ticks?: TickTableWithMarks;
  bars?: BarTable;
  timeEncoding: ScidTimeEncoding;
  /** Records in the file (complete ones), quote updates (TotalVolume = 0) skipped. */
  records: number;
  quoteUpdates: number;
  skipped: SkippedRow[];
  notices: string[];
}

const LE = endianness() === "LE";

/** Reads a `.scid` file in bounded chunks into ticks (tick records) or bars (aggregated records). */
export function readScid(path: string, opts: ScidReadOptions): ScidRead {
  if (!LE) throw new Error("the .scid reader needs a little-endian host");
  const file = basename(path);
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const head = new Uint8Array(SCID_HEADER_SIZE);
    const got = readFully(fd, head, 0);
    if (got < 4 || String.fromCharCode(head[0]!, head[1]!, head[2]!, head[3]!) !== SCID_MAGIC) {
      throw new InputError(path, 0, 1, `expected the .scid magic "SCID" at byte 0, got ${JSON.stringify(String.fromCharCode(...head.subarray(0, Math.min(4, got))))}`);
    }
    if (got < 16) throw new InputError(path, 0, 1, `header: expected a ${SCID_HEADER_SIZE}-byte .scid header, the file has ${size} bytes`);
    const hv = new DataView(head.buffer);
    const headerSize = hv.getUint32(4, true);
    const recordSize = hv.getUint32(8, true);
    const version = hv.getUint16(12, true);
    if (headerSize < 16 || headerSize > size) throw new InputError(path, 0, 5, `header byte 5: expected HeaderSize = ${SCID_HEADER_SIZE}, got ${headerSize} (file has ${size} bytes)`);
    if (recordSize !== SCID_RECORD_SIZE) throw new InputError(path, 0, 9, `header byte 9: expected RecordSize = ${SCID_RECORD_SIZE}, got ${recordSize}`);
    const notices: string[] = [];
    if (version !== 1) notices.push(`${file}: .scid version ${version} (expected 1); read as version 1`);
    if (headerSize !== SCID_HEADER_SIZE) notices.push(`${file}: .scid header of ${headerSize} bytes (expected ${SCID_HEADER_SIZE}); records read from byte ${headerSize}`);

    const body = size - headerSize;
    const total = Math.floor(body / SCID_RECORD_SIZE);
    const tail = body - total * SCID_RECORD_SIZE;
    if (tail > 0) {
      notices.push(`${file}: truncated last record (${tail} of ${SCID_RECORD_SIZE} bytes at byte ${headerSize + total * SCID_RECORD_SIZE}) ignored — Sierra was probably still writing the file`);
    }

    // 16384 records (640 KiB) a read: on a quiet machine 4096 (160 KiB, more reads) and 65536
    // (2.6 MB, out of the core's L2) both ran 5–20 % slower (BENCHMARKS.md, ".scid to bars")
    const chunkRecords = Math.max(1, opts.chunkRecords ?? 16384);
    const fast = opts.fastPath ?? true;
    // The record kernel (core-wasm scidRecords) reads the chunks where they were read, in its own
    // instance's memory, and writes the trades it is sure of straight into the trade columns that
    // go to the sink; the records it doubts come back here, one at a time, to the checks below.
    const kernel = fast && (opts.kernel ?? true)
      ? new ScidRecordKernel(chunkRecords, opts.sink ? Math.max(1, opts.sink.chunkTicks) : KERNEL_CHUNK_TICKS)
      : undefined;
    const buf = kernel ? kernel.records : new Uint8Array(chunkRecords * SCID_RECORD_SIZE);
    const u32 = kernel ? kernel.u32 : new Uint32Array(buf.buffer);
    const i32 = kernel ? kernel.i32 : new Int32Array(buf.buffer);
    const f32 = kernel ? kernel.f32 : new Float32Array(buf.buffer);
    const f64 = kernel ? kernel.f64 : new Float64Array(buf.buffer);
    const errors = new RowErrors(path, opts.lenient ?? false);
    const ts = opts.tickSize;

    let encoding: ScidTimeEncoding | undefined;
    let kind: "ticks" | "bars" | undefined;
    let ticks: TickTableBuilder | KernelTrades | undefined;
    let bars: BarTableBuilder | undefined;
    let quoteUpdates = 0;
    let anyQuote = false;
    let bothSides = 0;

    // a record's "line" is its number, its "column" the byte where it starts
    const at = (rec: number) => headerSize + rec * SCID_RECORD_SIZE + 1;
    const fail = (rec: number, problem: string) => errors.reject(rec + 1, at(rec), `record ${rec + 1}: ${problem}`);
    const iso = (us: number) => new Date(us / 1000).toISOString();
    // records wait two places before they are taken, so one far-future record is blamed alone (rowReader.ts)
    // a repeated tick record is not refused: two equal trades in the same µs are common (one order
    // filling several resting 1-lots), and a record holds nothing that would tell a copy apart.
    // A queued trade is its push number p; its fields wait in slot p % 3 of these columns (at most
    // three trades are queued, consecutive pushes, so their slots differ) — no object a record.
    const qTime = new Float64Array(3), qPrice = new Float64Array(3), qVolume = new Float64Array(3), qSide = new Int8Array(3);
    const qBid = new Float64Array(3), qAsk = new Float64Array(3), qMark = new Int8Array(3);
    let pushed = 0;
    // trades waiting in tickOrder: it holds the last two pushed (the oldest leaves when a third comes)
    let queued = 0;
    const tickOrder = new TimeOrder<number>(errors, "trade", (p, time) => {
      const k = p % 3;
      ticks!.push(time, qPrice[k]!, qVolume[k]!, qSide[k]!, qBid[k]!, qAsk[k]!, qMark[k]!);
    }, { describe: iso, prefix: (line) => `record ${line}: `, lineWord: "record" });
    const queueTrade = (rec: number, time: number, price: number, volume: number, side: number, bid: number, ask: number, mark: number): void => {
      const k = pushed % 3;
      qTime[k] = time; qPrice[k] = price; qVolume[k] = volume; qSide[k] = side; qBid[k] = bid; qAsk[k] = ask; qMark[k] = mark;
      if (queued < 2) queued++;
      tickOrder.push(time, rec + 1, at(rec), undefined, pushed++);
    };
    const duplicates = new DuplicateBars();
    const barOrder = new TimeOrder<BarRow & { line: number }>(errors, "bar", (bar) => {
      const first = duplicates.repeats(bar);
      if (first) return fail(bar.line - 1, `duplicate bar: repeats record ${first}`);
      bars!.push(bar);
    }, { describe: iso, prefix: (line) => `record ${line}: `, lineWord: "record" });
    const f32Grid = 1e-3; // float32 prices: a tick-grid price is exact, an off-grid one is far off
    // x / ts, as priceProblem and toTicks compute it, is x · (1 / ts) bit for bit when ts is a power of
    // two (both are the correctly rounded x · 2^−k): the fast path multiplies then (ES, NQ: 0.25)
    const inverse = 1 / ts;
    const byInverse = Number.isFinite(inverse) && Number.isInteger(Math.log2(ts)) && inverse * ts === 1;
    const rules: ScidTradeRules = {
      tickSize: ts, inverse, byInverse, epochUs: SCID_EPOCH_OFFSET_US, minUs: MIN_PLAUSIBLE_US, maxUs: MAX_PLAUSIBLE_US,
      maxPrice: MAX_PRICE_POINTS, grid: f32Grid, maxSize: MAX_SIZE,
    };
    /**
     * The kernel may run when the trades waiting in tickOrder are certain to be taken once a trade at
     * or after the last of them is pushed: in time order and not before the last trade taken.
     */
    const settled = (): boolean => queued === 0 || (qTime[(pushed - queued) % 3]! >= tickOrder.lastTime &&
      (queued === 1 || qTime[(pushed - 1) % 3]! >= qTime[(pushed - 2) % 3]!));
    /** The kernel's trade at column `i` (record `rec`) into tickOrder, as the checks below would queue it. */
    const requeue = (k: ScidRecordKernel, i: number, rec: number): void =>
      queueTrade(rec, k.time[i]!, k.price[i]!, k.size[i]!, k.side[i]!, k.bid[i]!, k.ask[i]!, k.mark[i]!);

    for (let first = 0; first < total; first += chunkRecords) {
      const count = Math.min(chunkRecords, total - first);
      const need = count * SCID_RECORD_SIZE;
      const read = readFully(fd, buf.subarray(0, need), headerSize + first * SCID_RECORD_SIZE);
      if (read < need) throw new InputError(path, first + 1, headerSize + first * SCID_RECORD_SIZE + 1, `file shrank while reading`);
      if (encoding === undefined) encoding = detectEncoding(u32[0]!, i32[1]!, f64[0]!, path, headerSize);
      const usTime = encoding === "int64-us";
      for (let r = 0; r < count; r++) {
        if (kernel && usTime && kind === "ticks") {
          // The kernel takes the common case. The trades it writes continue the trades waiting in
          // tickOrder (c of them, in order): those c are taken (finish), the kernel's trades after
          // them are taken where they lie except the last two, which go into tickOrder as the checks
          // below would have queued them — so its look-ahead and messages see exactly what they
          // always saw. A run of fewer than three trades goes into tickOrder whole.
          const out = ticks as KernelTrades;
          const c = queued, room = out.room - c;
          if (room >= 3 && settled()) {
            const prev = c > 0 ? qTime[(pushed - 1) % 3]! : tickOrder.lastTime;
            const run = kernel.run(r, count - r, rules, prev, out.length + c, room);
            quoteUpdates += run.quoteUpdates;
            bothSides += run.bothSides;
            if (run.anyQuote) anyQuote = true;
            const k = run.trades;
            if (k >= 3) {
              tickOrder.finish(); // the c waiting trades: written at out.length … + c − 1
              queued = 0;
              out.length += k - 2;
              tickOrder.lastTime = kernel.time[out.length - 1]!;
              requeue(kernel, out.length, first + r + run.recordBefore);
              requeue(kernel, out.length + 1, first + r + run.lastRecord);
            } else if (k > 0) {
              // a take may write where these lie: read them before pushing
              const i = out.length + c;
              const a = [kernel.time[i]!, kernel.price[i]!, kernel.size[i]!, kernel.side[i]!, kernel.bid[i]!, kernel.ask[i]!, kernel.mark[i]!];
              const recA = first + r + (k === 2 ? run.recordBefore : run.lastRecord);
              if (k === 2) {
                const j = i + 1;
                const b = [kernel.time[j]!, kernel.price[j]!, kernel.size[j]!, kernel.side[j]!, kernel.bid[j]!, kernel.ask[j]!, kernel.mark[j]!];
                queueTrade(recA, a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!);
                queueTrade(first + r + run.lastRecord, b[0]!, b[1]!, b[2]!, b[3]!, b[4]!, b[5]!, b[6]!);
              } else {
                queueTrade(recA, a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, a[6]!);
              }
            }
            r += run.records;
            if (r >= count) break;
          }
        }
        const rec = first + r;
        const w = r * 10;
        const unixUs = usTime
          ? i32[w + 1]! * 4294967296 + u32[w]! - SCID_EPOCH_OFFSET_US
          : Math.round(f64[r * 5]! * 86400000) * 1000 - SCID_EPOCH_OFFSET_US;
        const open = f32[w + 2]!, high = f32[w + 3]!, low = f32[w + 4]!, close = f32[w + 5]!;
        const numTrades = u32[w + 6]!, volume = u32[w + 7]!, bidVol = u32[w + 8]!, askVol = u32[w + 9]!;
        const isTick = open === SCID_SINGLE_TRADE || open === SCID_FIRST_SUB_TRADE || open === SCID_LAST_SUB_TRADE;
        if (fast && kind === "ticks" && isTick && volume !== 0) {
          // Fast path: a trade record that passes every check below, tested without building a
          // message (the same comparisons as priceProblem / sizeProblem, negated); any doubt → the
          // full checks, which name the problem.
          const sierraUs = unixUs + SCID_EPOCH_OFFSET_US;
          const c = byInverse ? close * inverse : close / ts, cr = Math.round(c);
          const a = byInverse ? high * inverse : high / ts, ar = Math.round(a);
          const b = byInverse ? low * inverse : low / ts, br = Math.round(b);
          const quote = high !== 0 || low !== 0;
          if (sierraUs >= MIN_PLAUSIBLE_US && sierraUs <= MAX_PLAUSIBLE_US
            && close > 0 && close <= MAX_PRICE_POINTS && Math.abs(c - cr) <= f32Grid
            && (!quote || (high > 0 && high <= MAX_PRICE_POINTS && Math.abs(a - ar) <= f32Grid
              && low > 0 && low <= MAX_PRICE_POINTS && Math.abs(b - br) <= f32Grid && low <= high))
            && volume <= MAX_SIZE && bidVol <= MAX_SIZE && askVol <= MAX_SIZE
            && (bidVol + askVol === volume || bidVol + askVol === 0)) {
            const side = askVol > 0 ? (bidVol > 0 ? 0 : 1) : bidVol > 0 ? -1 : 0;
            if (askVol > 0 && bidVol > 0) bothSides++;
            if (quote) anyQuote = true;
            const mark = open === SCID_FIRST_SUB_TRADE ? 1 : open === SCID_LAST_SUB_TRADE ? 2 : 0;
            queueTrade(rec, unixUs, cr, volume, side, br, ar, mark);
            continue;
          }
        }
        if (isTick && volume === 0) { quoteUpdates++; continue; }
        if (kind === undefined) {
          kind = isTick ? "ticks" : "bars";
          const cap = Math.min(total - rec, 1 << 22);
          if (isTick) ticks = kernel ? new KernelTrades(kernel, opts.sink) : new TickTableBuilder(cap, true, opts.sink);
          else bars = new BarTableBuilder([], cap);
        }
        const sierraUs = unixUs + SCID_EPOCH_OFFSET_US;
        if (!(sierraUs >= MIN_PLAUSIBLE_US && sierraUs <= MAX_PLAUSIBLE_US)) {
          fail(rec, `expected a DateTime between 1950 and 2200, got ${encoding === "int64-us" ? `${sierraUs} µs` : `${f64[r * 5]} days`} since 1899-12-30`);
          continue;
        }
        if (isTick !== (kind === "ticks")) {
          fail(rec, kind === "ticks"
            ? `expected a tick record (Open = 0 or a sub-trade marker) like the rest of the file, got an aggregated record with Open = ${open}`
            : `expected an aggregated (bar) record like the rest of the file, got a tick record (Open = ${open})`);
          continue;
        }
        if (!Number.isFinite(close) || !Number.isFinite(high) || !Number.isFinite(low) || (kind === "bars" && !Number.isFinite(open))) {
          fail(rec, `expected finite prices, got O=${open} H=${high} L=${low} C=${close}`);
          continue;
        }
        if (kind === "ticks") {
          const bad = priceProblem("Close (the trade price)", close, ts, f32Grid)
            ?? (high !== 0 || low !== 0 ? priceProblem("High (the ask)", high, ts, f32Grid) ?? priceProblem("Low (the bid)", low, ts, f32Grid) : undefined)
            ?? (low > high ? `expected Low (the bid) ≤ High (the ask), got bid ${low} > ask ${high}` : undefined)
            ?? sizeProblem("TotalVolume", volume, true) ?? sizeProblem("BidVolume", bidVol) ?? sizeProblem("AskVolume", askVol)
            ?? (bidVol + askVol !== volume && bidVol + askVol !== 0
              ? `expected BidVolume + AskVolume = TotalVolume (or both 0: side unknown), got ${bidVol} + ${askVol} ≠ ${volume}` : undefined);
          if (bad) { fail(rec, bad); continue; }
          const side = askVol > 0 ? (bidVol > 0 ? 0 : 1) : bidVol > 0 ? -1 : 0;
          if (askVol > 0 && bidVol > 0) bothSides++;
          if (high !== 0 || low !== 0) anyQuote = true;
          const mark = open === SCID_FIRST_SUB_TRADE ? 1 : open === SCID_LAST_SUB_TRADE ? 2 : 0;
          queueTrade(rec, unixUs, toTicks(close, ts), volume, side, toTicks(low, ts), toTicks(high, ts), mark);
        } else {
          const names = ["Open", "High", "Low", "Close"];
          const prices = [open, high, low, close];
          let bad: string | undefined;
          for (let k = 0; k < 4 && !bad; k++) bad = priceProblem(names[k]!, prices[k]!, ts, f32Grid);
          const o = toTicks(open, ts), h = toTicks(high, ts), l = toTicks(low, ts), c = toTicks(close, ts);
          bad ??= ohlcProblem(o, h, l, c, [open, high, low, close], "Close")
            ?? barVolumeProblem(volume, numTrades, bidVol, askVol, ["TotalVolume", "NumTrades", "BidVolume", "AskVolume"], true)?.[1];
          if (bad) { fail(rec, bad); continue; }
          barOrder.push(unixUs, rec + 1, at(rec), undefined, {
            line: rec + 1, time: unixUs, lastTime: unixUs, open: o, high: h, low: l, close: c, volume, trades: numTrades,
            bidVolume: bidVol, askVolume: askVol, maxDelta: NaN, minDelta: NaN,
          });
        }
      }
    }
    tickOrder.finish();
    barOrder.finish();
    if (quoteUpdates > 0) notices.push(`${file}: ${quoteUpdates} quote updates (TotalVolume = 0) skipped`);
    if (bothSides > 0) notices.push(`${file}: ${bothSides} tick records with both BidVolume and AskVolume set — side unknown (0)`);
    const out: ScidRead = {
      file, kind: kind ?? "ticks", timeEncoding: encoding ?? "int64-us", records: total, quoteUpdates, skipped: errors.skipped, notices,
    };
    if (out.kind === "ticks") out.ticks = (ticks ?? new TickTableBuilder(16, true)).finish(anyQuote);
    else out.bars = bars!.finish();
    return out;
  } finally {
    closeSync(fd);
  }
}

/** Trades a read collects without a sink: the kernel's columns are copied out in chunks of this many. */
const KERNEL_CHUNK_TICKS = 65536;

/**
 * The trades of a read with the record kernel: TickTableBuilder's face (push, finish) over the
 * kernel's trade columns, where the kernel also writes the trades it takes itself (`length` moved on
 * by the reader). With a sink, a full chunk goes out as views of those columns (valid until the sink
 * returns, as TickTableBuilder's); without one, the chunks are copied into parts and joined at the end.
 */
class KernelTrades {
  /** Trades in the columns (not yet handed on). */
  length = 0;
  private readonly chunk: number;
  private readonly parts: TickTableWithMarks[] = [];

  constructor(private readonly k: ScidRecordKernel, private readonly sink?: TickSink) {
    this.chunk = k.capacity;
  }

  /** Free places in the columns before the chunk is full. */
  get room(): number {
    return this.chunk - this.length;
  }

  push(time: number, price: number, size: number, side: number, bid: number, ask: number, mark = 0): void {
    const k = this.k, i = this.length++;
    k.time[i] = time; k.price[i] = price; k.size[i] = size; k.side[i] = side; k.bid[i] = bid; k.ask[i] = ask; k.mark[i] = mark;
    if (this.length >= this.chunk) this.emit(false);
  }

  private emit(hasQuote: boolean): void {
    const n = this.length, k = this.k;
    if (n === 0) return;
    const chunk: TickTableWithMarks = {
      length: n, time: k.time.subarray(0, n), price: k.price.subarray(0, n), size: k.size.subarray(0, n),
      side: k.side.subarray(0, n), bid: k.bid.subarray(0, n), ask: k.ask.subarray(0, n), hasQuote, subTrade: k.mark.subarray(0, n),
    };
    this.length = 0;
    if (this.sink) this.sink.onChunk(chunk);
    else this.parts.push({ ...chunk, time: chunk.time.slice(), price: chunk.price.slice(), size: chunk.size.slice(), side: chunk.side.slice(),
      bid: chunk.bid.slice(), ask: chunk.ask.slice(), subTrade: chunk.subTrade!.slice() });
  }

  finish(hasQuote: boolean): TickTableWithMarks {
    if (this.sink) {
      this.emit(hasQuote);
      return emptyTickTable(0);
    }
    this.emit(hasQuote);
    const n = this.parts.reduce((m, p) => m + p.length, 0);
    const out: TickTableWithMarks = { ...emptyTickTable(n), hasQuote, subTrade: new Int8Array(n) };
    let at = 0;
    for (const p of this.parts) {
      out.time.set(p.time, at); out.price.set(p.price, at); out.size.set(p.size, at); out.side.set(p.side, at);
      out.bid.set(p.bid, at); out.ask.set(p.ask, at); out.subTrade!.set(p.subTrade!, at);
      at += p.length;
    }
    return out;
  }
}

function detectEncoding(lo: number, hi: number, asDouble: number, path: string, headerSize: number): ScidTimeEncoding {
  const asInt = hi * 4294967296 + lo;
  if (asInt >= MIN_PLAUSIBLE_US && asInt <= MAX_PLAUSIBLE_US) return "int64-us";
  const days = asDouble * DAY_US;
  if (Number.isFinite(asDouble) && days >= MIN_PLAUSIBLE_US && days <= MAX_PLAUSIBLE_US) return "double-days";
  throw new InputError(path, 1, headerSize + 1,
    `record 1: expected a DateTime (int64 µs or double days since 1899-12-30, between 1950 and 2200), got ${asInt} as int64 and ${asDouble} as double`);
}

function readFully(fd: number, into: Uint8Array, position: number): number {
  let got = 0;
  while (got < into.length) {
    const n = readSync(fd, into, got, into.length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got;
}

function scidHeader(): Uint8Array {
  const h = new Uint8Array(SCID_HEADER_SIZE);
  const v = new DataView(h.buffer);
  h.set([0x53, 0x43, 0x49, 0x44]);
  v.setUint32(4, SCID_HEADER_SIZE, true);
  v.setUint32(8, SCID_RECORD_SIZE, true);
  v.setUint16(12, 1, true);
  return h;
}

export interface ScidWriteOptions {
  tickSize: number;
  /** Records per write (memory bound). */
  chunkRecords?: number;
}

function writeRecords(path: string, n: number, chunkRecords: number, fill: (i: number, u32: Uint32Array, i32: Int32Array, f32: Float32Array, w: number) => void): void {
  if (!LE) throw new Error("the .scid writer needs a little-endian host");
  const cap = Math.max(1, Math.min(chunkRecords, n));
  const buf = new Uint8Array(cap * SCID_RECORD_SIZE);
  const u32 = new Uint32Array(buf.buffer), i32 = new Int32Array(buf.buffer), f32 = new Float32Array(buf.buffer);
  withAtomic(new AtomicBinaryWriter(path), (out) => {
    out.write(scidHeader());
    for (let first = 0; first < n; first += cap) {
      const count = Math.min(cap, n - first);
      for (let r = 0; r < count; r++) fill(first + r, u32, i32, f32, r * 10);
      out.write(buf.subarray(0, count * SCID_RECORD_SIZE));
    }
  });
}

function putTime(unixUs: number, u32: Uint32Array, i32: Int32Array, w: number, what: string): void {
  const v = unixUs + SCID_EPOCH_OFFSET_US;
  if (!Number.isInteger(v)) throw new Error(`${what}: time ${unixUs} is not a whole number of µs`);
  const hi = Math.floor(v / 4294967296);
  i32[w + 1] = hi;
  u32[w] = v - hi * 4294967296;
}

function putCount(v: number, what: string): number {
  if (!(Number.isInteger(v) && v >= 0 && v <= 0xffffffff)) throw new Error(`${what}: expected a whole number 0…2^32−1, got ${v}`);
  return v;
}

/**
 * Writes trades as tick records: Open = 0 or the sub-trade marker of `subTrade`, High = ask,
 * Low = bid (both 0 when the table has no quote), Close = price, NumTrades = 1, TotalVolume = size,
 * BidVolume / AskVolume = size on the aggressor's side (both 0 when the side is unknown).
 */
export function writeScidTicks(path: string, ticks: TickTableWithMarks | TickTable, opts: ScidWriteOptions): void {
  const ts = opts.tickSize;
  const marks = (ticks as TickTableWithMarks).subTrade;
  writeRecords(path, ticks.length, opts.chunkRecords ?? 65536, (i, u32, i32, f32, w) => {
    putTime(ticks.time[i]!, u32, i32, w, `tick ${i}`);
    const m = marks ? marks[i]! : 0;
    f32[w + 2] = m === 1 ? SCID_FIRST_SUB_TRADE : m === 2 ? SCID_LAST_SUB_TRADE : SCID_SINGLE_TRADE;
    f32[w + 3] = ticks.hasQuote ? ticks.ask[i]! * ts : 0;
    f32[w + 4] = ticks.hasQuote ? ticks.bid[i]! * ts : 0;
    f32[w + 5] = ticks.price[i]! * ts;
    const size = putCount(ticks.size[i]!, `tick ${i} size`);
    if (size === 0) throw new Error(`tick ${i}: size 0 would be read back as a quote update`);
    u32[w + 6] = 1;
    u32[w + 7] = size;
    const side = ticks.side[i]!;
    u32[w + 8] = side < 0 ? size : 0;
    u32[w + 9] = side > 0 ? size : 0;
  });
}

/** Writes bars as aggregated records (time = the bar's start; footprint and max/min delta are not part of the format). */
export function writeScidBars(path: string, bars: BarTable, opts: ScidWriteOptions): void {
  const ts = opts.tickSize;
  writeRecords(path, bars.length, opts.chunkRecords ?? 65536, (i, u32, i32, f32, w) => {
    putTime(bars.time[i]!, u32, i32, w, `bar ${i}`);
    if (bars.open[i] === 0) throw new Error(`bar ${i}: an Open of 0 would be read back as a tick record`);
    f32[w + 2] = bars.open[i]! * ts;
    f32[w + 3] = bars.high[i]! * ts;
    f32[w + 4] = bars.low[i]! * ts;
    f32[w + 5] = bars.close[i]! * ts;
    u32[w + 6] = putCount(bars.trades[i]!, `bar ${i} trades`);
    u32[w + 7] = putCount(bars.volume[i]!, `bar ${i} volume`);
    u32[w + 8] = putCount(bars.bidVolume[i]!, `bar ${i} bid volume`);
    u32[w + 9] = putCount(bars.askVolume[i]!, `bar ${i} ask volume`);
  });
}

/** Sierra Chart's intraday data file (SPEC §3.3): trades, or bars when its records are aggregated. */
export const scidFormat = defineFormat({
  id: "scid",
  kind: "either",
  expected: 'a .scid file ("SCID")',
  binary: true,
  sniff: (head) => startsWithAscii(head, "SCID"),
  read(path, ctx): MarketRead {
    const r = readScid(path, { tickSize: ctx.tickSize, lenient: ctx.lenient, sink: ctx.sink });
    return r.kind === "bars"
      ? { kind: "bars", bars: r.bars!, skipped: r.skipped, notices: r.notices }
      : { kind: "ticks", ticks: r.ticks!, skipped: r.skipped, notices: r.notices };
  },
  write: {
    bars: (path, bars, ctx) => writeScidBars(path, bars, { tickSize: ctx.tickSize }),
    ticks: (path, ticks, ctx) => writeScidTicks(path, ticks, { tickSize: ctx.tickSize }),
  },
});
