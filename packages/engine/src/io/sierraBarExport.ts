import { statSync } from "node:fs";
import { basename } from "node:path";
import type { BarTable } from "../barTable.js";
import { BarTableBuilder } from "../barTableBuilder.js";
import { InputError, type SkippedRow } from "../errors.js";
import { defineFormat, headerLine, type MarketRead } from "./format.js";
import { barVolumeProblem, DuplicateBars, ohlcProblem, priceProblem, priceTicks, readRows, SlotOrder, type RowErrors } from "./rowReader.js";
import type { BarRow } from "../barTableBuilder.js";
import { timeZone } from "../timeZone.js";
import { WallClock, parseDateDays, parseTimeOfDayMicros } from "./dateTime.js";
import { toTicks } from "../instruments.js";
import { fieldColumn } from "./lines.js";
import { cur, dateField, numberField, timeField } from "./bytes.js";
import { dateTimeText, fieldStarts, parseNumber, spaceEnd, spaceStart } from "./text.js";

/** Header of Sierra Chart's "Export Bar Data to Text File" (SPEC §3.1). */
export const BAR_EXPORT_HEADER = ["Date", "Time", "Open", "High", "Low", "Last", "Volume", "NumberOfTrades", "BidVolume", "AskVolume"];

export interface ReadOptions {
  tickSize: number;
  /** Zone the file's times are written in (Sierra writes the chart's zone). */
  sourceTimeZone: string;
  /** Skip bad rows (each reported in `skipped`) instead of stopping at the first. */
  lenient?: boolean;
}

export interface ReadBars {
  file: string;
  bars: BarTable;
  skipped: SkippedRow[];
}

/**
 * Parses "2023/12/18" (or 2023-12-18, no padding needed) + "08:35:00[.ffffff]" (a decimal fraction
 * of a second) into local wall-clock µs written as if UTC. Returns NaN when malformed.
 */
export function parseSierraDateTime(date: string, time: string): number {
  const day = parseDateDays(date.trim());
  const t = time.trim();
  const tod = parseTimeOfDayMicros(t, 0, t.length, false);
  return day * 86400e6 + tod;
}

/**
 * Is this line the bar export header? Names are compared without case and without any white space,
 * so `date,time,…` and `…, Number Of Trades, Bid Volume, Ask Volume` are accepted too.
 */
export function isBarExportHeader(line: string): boolean {
  const names = line.split(",");
  return names.length === BAR_EXPORT_HEADER.length && names.every((n, k) => squash(n) === squash(BAR_EXPORT_HEADER[k]!));
}

/** A header name without case and white space, for comparing headers. */
export const squash = (s: string): string => s.replace(/\s+/g, "").toLowerCase();

/** The problem text for a wall-clock time that the source zone skips (spring forward). */
export function nonexistentLocalTime(date: string, time: string, zone: string): string {
  return `${date} ${time} does not exist in ${zone} (the clocks skip that hour when daylight saving time starts): ` +
    `the file's times are not in ${zone} — give the zone it was written in (sourceTimeZone / --source-tz)`;
}

/** Reads a bar export file; times are converted from `sourceTimeZone` to UTC µs. */
export function readSierraBarExport(path: string, opts: ReadOptions): ReadBars {
  const file = basename(path);
  const tz = new WallClock(timeZone(opts.sourceTimeZone));
  const out = new BarTableBuilder();
  const header = BAR_EXPORT_HEADER.join(", ");
  // a queued bar waits in three typed slots (no object a row) with its line: the text, or for the byte
  // fast path its bytes (`buf`, never overwritten), quoted only when a time-order message needs it
  const qOpen = new Float64Array(3), qHigh = new Float64Array(3), qLow = new Float64Array(3), qClose = new Float64Array(3);
  const qVol = new Float64Array(3), qTrades = new Float64Array(3), qBid = new Float64Array(3), qAsk = new Float64Array(3);
  const qLine = new Float64Array(3), qStart = new Float64Array(3), qEnd = new Float64Array(3);
  const qBuf: (Buffer | undefined)[] = [undefined, undefined, undefined];
  const qSrc: string[] = ["", "", ""];
  const bar: BarRow = { time: 0, lastTime: 0, open: 0, high: 0, low: 0, close: 0, volume: 0, trades: 0, bidVolume: 0, askVolume: 0, maxDelta: NaN, minDelta: NaN };
  let order: SlotOrder | undefined;
  const duplicates = new DuplicateBars();
  const orderFor = (errors: RowErrors) => (order ??= new SlotOrder(errors, "bar", (k, utc) => {
    const first = duplicates.repeatsOf(qLine[k]!, utc, qOpen[k]!, qHigh[k]!, qLow[k]!, qClose[k]!, qVol[k]!, qTrades[k]!, qBid[k]!, qAsk[k]!);
    if (first) return errors.reject(qLine[k]!, 1, `duplicate bar: repeats line ${first}`);
    bar.time = utc; bar.lastTime = utc; bar.open = qOpen[k]!; bar.high = qHigh[k]!; bar.low = qLow[k]!; bar.close = qClose[k]!;
    bar.volume = qVol[k]!; bar.trades = qTrades[k]!; bar.bidVolume = qBid[k]!; bar.askVolume = qAsk[k]!;
    out.push(bar);
  }, (k) => { const b = qBuf[k]; return dateTimeText(b ? b.toString("latin1", qStart[k]!, qEnd[k]!) : qSrc[k]!); }));
  // the builder's room, set from the file's size at the first bar (no column grown and copied after);
  // a line has at least one byte a field (its separators), so never more rows than that allows
  const fileBytes = statSync(path).size;
  let sized = false;
  /** Queues a bar checked by either path (its line's bytes or text kept for a message). */
  const queue = (o: SlotOrder, utc: number, lineNo: number, open: number, high: number, low: number, close: number, vol: number, trades: number, bidV: number, askV: number,
    buf: Buffer | undefined, start: number, end: number, src: string): void => {
    if (!sized) {
      sized = true;
      const lineBytes = buf ? end - start : src.length;
      out.reserve(Math.min(Math.ceil((fileBytes / (lineBytes + 1)) * 1.1) + 16, Math.ceil(fileBytes / BAR_EXPORT_HEADER.length) + 16));
    }
    const k = o.slot();
    qOpen[k] = open; qHigh[k] = high; qLow[k] = low; qClose[k] = close; qVol[k] = vol; qTrades[k] = trades; qBid[k] = bidV; qAsk[k] = askV;
    qLine[k] = lineNo; qBuf[k] = buf; qStart[k] = start; qEnd[k] = end; qSrc[k] = src;
    o.push(utc, lineNo, 1);
  };
  // per row: no split, no field strings — numbers parsed in place from the line (the trimmed field
  // text is only built for a message, or for a field the in-place parse refuses, which then gets the
  // field-string parse it always had, so every value and message is as before)
  const at: number[] = [];
  const nums = new Float64Array(8);
  const rows = readRows(path, { lenient: opts.lenient, emptyFile: `empty file: expected the bar export header "${header}"` }, {
    header(line, lineNo) {
      if (!isBarExportHeader(line)) throw new InputError(path, lineNo, 1, `expected the bar export header "${header}", got "${line.slice(0, 120)}"`);
    },
    fast(b, start, end, lineNo, rows) {
      // the string path's reading of a plain line, from its bytes; false hands the line to `row`
      cur.at = start;
      const day = dateField(b, end, 44, false, true);
      if (Number.isNaN(day)) return false;
      const tod = timeField(b, end, 44, false, true, false);
      if (Number.isNaN(tod)) return false;
      for (let k = 0; k < 8; k++) {
        const v = numberField(b, end, 44, k === 7);
        if (Number.isNaN(v)) return false;
        nums[k] = v;
      }
      const o = nums[0]!, h = nums[1]!, l = nums[2]!, c = nums[3]!, vol = nums[4]!, trades = nums[5]!, bidV = nums[6]!, askV = nums[7]!;
      const ts = opts.tickSize;
      // priceProblem's tests and toTicks in one (NaN: a problem, the string path reports it)
      const open = priceTicks(o, ts), high = priceTicks(h, ts), low = priceTicks(l, ts), close = priceTicks(c, ts);
      if (Number.isNaN(open) || Number.isNaN(high) || Number.isNaN(low) || Number.isNaN(close)) return false;
      if (high < Math.max(open, close, low) || low > Math.min(open, close)) return false; // ohlcProblem's test
      if (barVolumeProblem(vol, trades, bidV, askV, VOLUME_NAMES)) return false;
      const timeOrder = orderFor(rows);
      const utc = tz.toUtc(day * 86400e6 + tod, timeOrder.latest);
      if (tz.lastInGap) return false;
      queue(timeOrder, utc, lineNo, open, high, low, close, vol, trades, bidV, askV, b, start, end, "");
      return true;
    },
    row(line, lineNo, rows) {
      const nf = fieldStarts(line, ",", at);
      if (nf !== BAR_EXPORT_HEADER.length) return rows.fail(1, `expected ${BAR_EXPORT_HEADER.length} comma-separated fields, got ${nf}`);
      let day = parseDateDays(line, spaceStart(line, at[0]!, at[1]! - 1), spaceEnd(line, at[0]!, at[1]! - 1));
      if (Number.isNaN(day)) day = parseDateDays(fieldText(line, at, 0));
      if (Number.isNaN(day)) return rows.fail(fieldColumn(line, ",", 0), `Date: expected a date like 2023/12/18 (or 2023/1/5), got "${fieldText(line, at, 0)}"`);
      let tod = parseTimeOfDayMicros(line, spaceStart(line, at[1]!, at[2]! - 1), spaceEnd(line, at[1]!, at[2]! - 1), false);
      if (Number.isNaN(tod)) {
        const timeText = fieldText(line, at, 1);
        tod = parseTimeOfDayMicros(timeText, 0, timeText.length, false);
        if (Number.isNaN(tod)) return rows.fail(fieldColumn(line, ",", 1), `Time: expected a time like 08:35:00 or 08:35:00.25, got "${timeText}"`);
      }
      const local = day * 86400e6 + tod;
      for (let k = 2; k < nf; k++) {
        let v = parseNumber(line, at[k]!, at[k + 1]! - 1);
        if (!Number.isFinite(v)) v = parseNumber(fieldText(line, at, k));
        if (!Number.isFinite(v)) return rows.fail(fieldColumn(line, ",", k), `${BAR_EXPORT_HEADER[k]}: expected a number, got "${fieldText(line, at, k)}"`);
        nums[k - 2] = v;
      }
      const o = nums[0]!, h = nums[1]!, l = nums[2]!, c = nums[3]!, vol = nums[4]!, trades = nums[5]!, bidV = nums[6]!, askV = nums[7]!;
      for (let k = 0; k < 4; k++) {
        const p = priceProblem(BAR_EXPORT_HEADER[2 + k]!, nums[k]!, opts.tickSize);
        if (p) return rows.fail(fieldColumn(line, ",", 2 + k), p);
      }
      const open = toTicks(o, opts.tickSize), high = toTicks(h, opts.tickSize), low = toTicks(l, opts.tickSize), close = toTicks(c, opts.tickSize);
      const bad = ohlcProblem(open, high, low, close, [o, h, l, c]);
      if (bad) return rows.fail(fieldColumn(line, ",", 3), bad);
      const volumes = barVolumeProblem(vol, trades, bidV, askV, VOLUME_NAMES);
      if (volumes) return rows.fail(fieldColumn(line, ",", 6 + volumes[0]), volumes[1]);
      const timeOrder = orderFor(rows);
      const utc = tz.toUtc(local, timeOrder.latest);
      if (tz.lastInGap) return rows.fail(fieldColumn(line, ",", 1), nonexistentLocalTime(fieldText(line, at, 0), fieldText(line, at, 1), opts.sourceTimeZone));
      queue(timeOrder, utc, lineNo, open, high, low, close, vol, trades, bidV, askV, undefined, 0, 0, line);
    },
  });
  order?.finish();
  return { file, bars: out.finish(), skipped: rows.skipped };
}

const VOLUME_NAMES = BAR_EXPORT_HEADER.slice(6, 10) as [string, string, string, string];

/** Field `k` of a line split at `at` (fieldStarts), trimmed: what a message quotes. */
function fieldText(line: string, at: readonly number[], k: number): string {
  return line.slice(at[k]!, at[k + 1]! - 1).trim();
}

/** Sierra Chart's "Export Bar Data to Text File" (SPEC §3.1), like data/es-5m/. */
export const barExportFormat = defineFormat({
  id: "bar-export",
  kind: "bars",
  expected: `a Sierra bar export (${BAR_EXPORT_HEADER.join(", ")})`,
  binary: false,
  sniff: (head) => isBarExportHeader(headerLine(head)),
  readZone: (ctx) => ctx.sourceTimeZone ?? ctx.exchangeTimeZone,
  read(path, ctx): MarketRead {
    const r = readSierraBarExport(path, { tickSize: ctx.tickSize, sourceTimeZone: ctx.sourceTimeZone ?? ctx.exchangeTimeZone, lenient: ctx.lenient });
    return { kind: "bars", bars: r.bars, skipped: r.skipped, notices: [] };
  },
});
