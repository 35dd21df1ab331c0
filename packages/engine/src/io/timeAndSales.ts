import { basename } from "node:path";
import type { TickTable } from "../tickTable.js";
import { InputError, type SkippedRow } from "../errors.js";
import { toTicks } from "../instruments.js";
import { WallClock, parseDateDays, parseTimeOfDayMicros } from "./dateTime.js";
import { defineFormat, headerLine, type MarketRead } from "./format.js";
import { columnOf, priceProblem, readRows, sizeProblem } from "./rowReader.js";
import { nonexistentLocalTime } from "./sierraBarExport.js";
import { timeZone } from "../timeZone.js";
import { TickTableBuilder, type TickSink } from "./tickBuilder.js";
import { fieldStarts, parseNumber, parseUint, pointsText, tickDecimals } from "./text.js";
import { AtomicTextWriter, withAtomic } from "./atomicWrite.js";
import { SequenceOrder } from "./sequenceOrder.js";
import { cur, dateField, emptyOrNumberField, numberField, skipField, timeField, wholeField } from "./bytes.js";

/**
 * Sierra Chart time-and-sales text (SPEC §3.4), like data/ticks/: `;`-separated, header
 * `Date;Time;Sequence;DepthSequence;Price;Volume;TradeType;AskPrice;BidPrice;…` (depth columns may
 * follow and are ignored). Times are UTC; the fractional part of Time is an UNPADDED count of µs:
 * `.5000` = 5000 µs, `.576015` = 576 015 µs, `.001` = 1 µs. TradeType 1 = trade at the bid (seller
 * aggressor, side −1), 2 = at the ask (buyer, +1), 0 = unknown.
 */
export const TAS_HEADER = ["Date", "Time", "Sequence", "DepthSequence", "Price", "Volume", "TradeType", "AskPrice", "BidPrice"];

export interface TickReadOptions {
  tickSize: number;
  lenient?: boolean;
  /** Stream trades to this sink in chunks instead of returning them (memory stays bounded). */
  sink?: TickSink;
  /** Zone of the file's times (time and sales only; default UTC, as Sierra writes them). */
  sourceTimeZone?: string;
}

export interface ReadTicks {
  file: string;
  ticks: TickTable;
  skipped: SkippedRow[];
  notices: string[];
}

/** Is this (`;`-split, trimmed) header a time-and-sales one: Date;Time;… with a TradeType column (any case)? */
export function isTimeAndSalesHeader(names: readonly string[]): boolean {
  return names[0]?.toLowerCase() === "date" && names[1]?.toLowerCase() === "time" && names.some((n) => n.toLowerCase() === "tradetype");
}

/** Reads a time-and-sales file (streamed line by line) into trades in price ticks. */
export function readTimeAndSales(path: string, opts: TickReadOptions): ReadTicks {
  const file = basename(path);
  const ts = opts.tickSize;
  const out = new TickTableBuilder(1 << 16, false, opts.sink);
  const notices: string[] = [];
  const at: number[] = [];
  let c = { date: 0, time: 1, seq: -1, price: -1, volume: -1, type: -1, ask: -1, bid: -1, count: 0 };
  let order: SequenceOrder | undefined;
  let fileOrder = 0;
  let lastDateText = "", lastDay = NaN;
  let quoteMissing = 0;
  const tz = opts.sourceTimeZone && opts.sourceTimeZone !== "UTC" ? new WallClock(timeZone(opts.sourceTimeZone)) : undefined;
  const rows = readRows(path, { lenient: opts.lenient, emptyFile: `empty file: expected the time-and-sales header "${TAS_HEADER.join(";")}"` }, {
    header(line, lineNo) {
      const names = line.split(";").map((s) => s.trim());
      const find = (name: string) => names.findIndex((n) => n.toLowerCase() === name.toLowerCase());
      if (names[0]!.toLowerCase() !== "date" || names[1]?.toLowerCase() !== "time") {
        throw new InputError(path, lineNo, 1, `expected the time-and-sales header "${TAS_HEADER.join(";")};…", got "${line.slice(0, 120)}"`);
      }
      for (const need of ["Price", "Volume", "TradeType"]) {
        if (find(need) < 0) throw new InputError(path, lineNo, 1, `expected a "${need}" column in the time-and-sales header`);
      }
      c = { date: 0, time: 1, seq: find("Sequence"), price: find("Price"), volume: find("Volume"), type: find("TradeType"), ask: find("AskPrice"), bid: find("BidPrice"), count: names.length };
    },
    fast(b, start, end, lineNo, rows) {
      // `row`'s reading of a plain line, from its bytes (no spaces, ASCII, every check passed); false
      // hands the line to `row` unchanged, which then gives the message or the skip
      const n = c.count;
      if (n < 2) return false;
      let price = NaN, size = NaN, tt = NaN, seq = NaN, day = NaN, tod = NaN;
      let a: number | undefined = NaN, b2: number | undefined = NaN;
      let timeCol = 0, seqCol = 1;
      cur.at = start;
      for (let k = 0; k < n; k++) {
        const last = k === n - 1;
        if (k === 0) { day = dateField(b, end, 59, last, false); if (Number.isNaN(day)) return false; }
        else if (k === 1) { timeCol = cur.at - start + 1; tod = timeField(b, end, 59, last, false, true); if (Number.isNaN(tod)) return false; }
        else if (k === c.price) { price = numberField(b, end, 59, last, false); if (Number.isNaN(price)) return false; }
        else if (k === c.volume) { size = wholeField(b, end, 59, last); if (Number.isNaN(size)) return false; }
        else if (k === c.type) { tt = wholeField(b, end, 59, last); if (Number.isNaN(tt)) return false; }
        else if (k === c.ask) { a = emptyOrNumberField(b, end, 59, last); if (a === undefined) return false; }
        else if (k === c.bid) { b2 = emptyOrNumberField(b, end, 59, last); if (b2 === undefined) return false; }
        else if (k === c.seq) { seqCol = cur.at - start + 1; seq = wholeField(b, end, 59, last); if (Number.isNaN(seq)) return false; }
        else if (!skipField(b, end, 59, last)) return false;
      }
      if (priceProblem("Price", price, ts)) return false;
      if (!(size > 0) || sizeProblem("Volume", size, true)) return false;
      if (!(tt === 0 || tt === 1 || tt === 2)) return false;
      let bid = 0, ask = 0, noQuote = false;
      if (c.ask >= 0 && c.bid >= 0) {
        // an empty AskPrice or BidPrice (zero characters): `row` counts the trade as without quotes
        if (Number.isNaN(a) || Number.isNaN(b2)) noQuote = true;
        else {
          if (priceProblem("AskPrice", a!, ts) ?? priceProblem("BidPrice", b2!, ts)) return false;
          if (b2! > a!) return false;
          ask = toTicks(a!, ts);
          bid = toTicks(b2!, ts);
        }
      }
      const local = day * 86400e6 + tod;
      const time = tz ? tz.toUtc(local, rows.prevTime) : local;
      if (tz?.lastInGap) return false;
      if (noQuote) quoteMissing++;
      // as `row`: the file's order counts every row that reaches its Sequence
      const order1 = ++fileOrder;
      if (c.seq < 0) seq = order1;
      order ??= new SequenceOrder(rows, (t, p, sz, sd, bb, aa) => { out.push(t, p, sz, sd, bb, aa); rows.prevTime = t; });
      order.push(seq, lineNo, timeCol, seqCol, time, toTicks(price, ts), size, tt === 2 ? 1 : tt === 1 ? -1 : 0, bid, ask);
      return true;
    },
    row(line, _lineNo, rows) {
      const nf = fieldStarts(line, ";", at);
      const fail = (field: number, problem: string) => rows.fail(columnOf(line, at, field), problem);
      if (nf !== c.count) return fail(-1, `expected ${c.count} ;-separated fields like the header, got ${nf}`);
      const end = (k: number) => at[k + 1]! - 1;
      const dEnd = end(c.date);
      let day: number;
      if (dEnd - at[c.date]! === lastDateText.length && line.startsWith(lastDateText, 0)) day = lastDay;
      else {
        lastDateText = line.slice(0, dEnd);
        day = lastDay = parseDateDays(lastDateText);
      }
      const tod = parseTimeOfDayMicros(line, at[c.time]!, end(c.time), true);
      if (Number.isNaN(day) || Number.isNaN(tod)) {
        fail(Number.isNaN(day) ? c.date : c.time, `expected a date like 2022-01-24 and a time like 13:30:00.5000 (µs count after the dot), got "${line.slice(0, end(c.time))}"`);
        if (Number.isNaN(day)) lastDateText = "";
        return;
      }
      const time = tz ? tz.toUtc(day * 86400e6 + tod, rows.prevTime) : day * 86400e6 + tod;
      if (tz?.lastInGap) return fail(c.time, nonexistentLocalTime(lastDateText, line.slice(at[c.time]!, end(c.time)), opts.sourceTimeZone!));
      const price = parseNumber(line, at[c.price]!, end(c.price));
      if (!Number.isFinite(price)) return fail(c.price, `Price: expected a number, got "${line.slice(at[c.price]!, end(c.price))}"`);
      const priceBad = priceProblem("Price", price, ts);
      if (priceBad) return fail(c.price, priceBad);
      const size = parseUint(line, at[c.volume]!, end(c.volume));
      if (!(size > 0)) return fail(c.volume, `Volume: expected a positive whole number, got "${line.slice(at[c.volume]!, end(c.volume))}"`);
      const sizeBad = sizeProblem("Volume", size, true);
      if (sizeBad) return fail(c.volume, sizeBad);
      const tt = parseUint(line, at[c.type]!, end(c.type));
      if (!(tt === 0 || tt === 1 || tt === 2)) return fail(c.type, `TradeType: expected 1 (bid) or 2 (ask), got "${line.slice(at[c.type]!, end(c.type))}"`);
      let bid = 0, ask = 0;
      if (c.ask >= 0 && c.bid >= 0) {
        const a = parseNumber(line, at[c.ask]!, end(c.ask)), b = parseNumber(line, at[c.bid]!, end(c.bid));
        if (Number.isNaN(a) || Number.isNaN(b)) {
          if (end(c.ask) === at[c.ask] || end(c.bid) === at[c.bid]) quoteMissing++;
          else return fail(Number.isNaN(a) ? c.ask : c.bid, `expected numeric AskPrice and BidPrice`);
        } else {
          const quoteBad = priceProblem("AskPrice", a, ts) ?? priceProblem("BidPrice", b, ts);
          if (quoteBad) return fail(quoteBad.startsWith("Ask") ? c.ask : c.bid, quoteBad);
          if (b > a) return fail(c.bid, `expected BidPrice ≤ AskPrice, got BidPrice ${b} > AskPrice ${a}`);
          ask = toTicks(a, ts);
          bid = toTicks(b, ts);
        }
      }
      // without a Sequence column the file's order is the Sequence
      let seq = ++fileOrder;
      if (c.seq >= 0) {
        seq = parseUint(line, at[c.seq]!, end(c.seq));
        if (Number.isNaN(seq)) return fail(c.seq, `Sequence: expected a whole number, got "${line.slice(at[c.seq]!, end(c.seq))}"`);
      }
      order ??= new SequenceOrder(rows, (t, p, sz, sd, b, a) => { out.push(t, p, sz, sd, b, a); rows.prevTime = t; });
      order.push(seq, _lineNo, columnOf(line, at, c.time), c.seq >= 0 ? columnOf(line, at, c.seq) : 1, time, toTicks(price, ts), size, tt === 2 ? 1 : tt === 1 ? -1 : 0, bid, ask);
    },
  });
  order?.finish();
  if (order && order.outOfFileOrder > 0) notices.push(`${file}: ${order.outOfFileOrder} rows were out of file order — trades taken in Sequence order`);
  const hasQuote = c.ask >= 0 && c.bid >= 0 && quoteMissing === 0;
  if (quoteMissing > 0) notices.push(`${file}: ${quoteMissing} trades without AskPrice/BidPrice — quotes dropped for the whole file`);
  return { file, ticks: out.finish(hasQuote), skipped: rows.skipped, notices };
}

/** "YYYY-MM-DD" and "HH:MM:SS.<µs unpadded>" of a UTC µs time (as Sierra's time and sales writes it). */
export function tasDateTime(us: number): [string, string] {
  const sec = Math.floor(us / 1e6);
  const frac = us - sec * 1e6;
  const iso = new Date(sec * 1000).toISOString();
  return [iso.slice(0, 10), `${iso.slice(11, 19)}.${frac}`];
}

export interface TickWriteOptions {
  tickSize: number;
}

/**
 * Writes trades as time and sales (the first nine columns; no depth). Quotes are written empty when
 * the table has none; side 0 is TradeType 0. Sequence and DepthSequence count the trades from 1.
 */
export function writeTimeAndSales(path: string, ticks: TickTable, opts: TickWriteOptions): void {
  const dec = tickDecimals(opts.tickSize);
  withAtomic(new AtomicTextWriter(path), (w) => {
    w.write(`${TAS_HEADER.join(";")}\n`);
    for (let i = 0; i < ticks.length; i++) {
      const [d, t] = tasDateTime(ticks.time[i]!);
      const side = ticks.side[i]!;
      const quote = ticks.hasQuote ? `${pointsText(ticks.ask[i]!, opts.tickSize, dec)};${pointsText(ticks.bid[i]!, opts.tickSize, dec)}` : ";";
      w.write(`${d};${t};${i + 1};${i + 1};${pointsText(ticks.price[i]!, opts.tickSize, dec)};${ticks.size[i]};${side > 0 ? 2 : side < 0 ? 1 : 0};${quote}\n`);
    }
  });
}


/** Sierra Chart's time and sales text (SPEC §3.4), like data/ticks/: trades, UTC unless a source zone is given. */
export const timeAndSalesFormat = defineFormat({
  id: "time-and-sales",
  kind: "ticks",
  expected: "time and sales (Date;Time;…;TradeType;…)",
  binary: false,
  sniff: (head) => isTimeAndSalesHeader(headerLine(head).split(";").map((s) => s.trim())),
  readZone: (ctx) => ctx.sourceTimeZone ?? "UTC",
  read(path, ctx): MarketRead {
    // UTC by the format (SPEC §3.4); an explicit source zone overrides it for exports written otherwise.
    const r = readTimeAndSales(path, { tickSize: ctx.tickSize, lenient: ctx.lenient, sourceTimeZone: ctx.sourceTimeZone, sink: ctx.sink });
    return { kind: "ticks", ticks: r.ticks, skipped: r.skipped, notices: r.notices };
  },
  write: { ticks: (path, ticks, ctx) => writeTimeAndSales(path, ticks, { tickSize: ctx.tickSize }) },
});
