import { basename } from "node:path";
import type { TickTable } from "../tickTable.js";
import { InputError } from "../errors.js";
import { toTicks } from "../instruments.js";
import { defineFormat, headerLine, type MarketRead } from "./format.js";
import { columnOf, priceProblem, readRows, sizeProblem, SlotOrder, type RowErrors } from "./rowReader.js";
import { TickTableBuilder } from "./tickBuilder.js";
import { fieldStarts, parseNumber, pointsText, tickDecimals } from "./text.js";
import { AtomicTextWriter, withAtomic } from "./atomicWrite.js";
import { parseDateDays, parseTimeOfDayMicros } from "./dateTime.js";
import { type ReadTicks, type TickReadOptions, type TickWriteOptions } from "./timeAndSales.js";
import { cur, numberField, skipField, tickTimeField } from "./bytes.js";

/**
 * Plain trade CSV (SPEC §3.4): a header naming at least `time,price,size,side` (any order,
 * case-insensitive; optional `bid,ask`; other columns ignored). `time` is ISO 8601 with a UTC offset
 * or `Z` (fraction up to 9 digits, truncated to µs) or an integer count of µs since the Unix epoch;
 * `side` is buy/sell, B/S, 1/-1, ask/bid (case-insensitive), or 0 / empty / unknown for unknown.
 */
export const TICK_CSV_COLUMNS = ["time", "price", "size", "side"] as const;

const SIDES: Record<string, number> = {
  buy: 1, b: 1, "1": 1, "+1": 1, ask: 1,
  sell: -1, s: -1, "-1": -1, bid: -1,
  "": 0, "0": 0, unknown: 0,
};

/** ISO 8601 with offset ("2024-03-18T08:35:00.123456-05:00", "…Z", space for T) or integer µs → µs UTC; NaN if malformed. */
export function parseTickTime(s: string, start = 0, end = s.length): number {
  while (start < end && s.charCodeAt(start) === 32) start++;
  while (end > start && s.charCodeAt(end - 1) === 32) end--;
  let allDigits = end > start;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (i === start && c === 45))) { allDigits = false; break; }
  }
  if (allDigits) {
    const v = Number(s.slice(start, end));
    return Number.isSafeInteger(v) ? v : NaN;
  }
  if (end - start < 20) return NaN;
  const day = parseDateDays(s, start, start + 10);
  const t = s.charCodeAt(start + 10);
  if (Number.isNaN(day) || (t !== 84 && t !== 116 && t !== 32)) return NaN;
  // Time part runs to the zone designator.
  let z = start + 11;
  while (z < end) { const c = s.charCodeAt(z); if (c === 90 || c === 122 || c === 43 || c === 45) break; z++; }
  if (z === end) return NaN; // offset required
  let tEnd = z;
  const dot = s.indexOf(".", start + 11);
  if (dot >= 0 && dot < z && z - dot - 1 > 6) {
    // nanoseconds: keep µs (truncate); all digits checked
    for (let i = dot + 7; i < z; i++) { const c = s.charCodeAt(i); if (c < 48 || c > 57) return NaN; }
    if (z - dot - 1 > 9) return NaN;
    tEnd = dot + 7;
  }
  const tod = parseTimeOfDayMicros(s, start + 11, tEnd, false);
  if (Number.isNaN(tod)) return NaN;
  let offMin = 0;
  const zc = s.charCodeAt(z);
  if (zc === 90 || zc === 122) {
    if (z + 1 !== end) return NaN;
  } else {
    const sign = zc === 45 ? -1 : 1;
    const rest = s.slice(z + 1, end);
    const m = /^(\d{2}):?(\d{2})$/.exec(rest) ?? /^(\d{2})$/.exec(rest);
    if (!m) return NaN;
    const hh = +m[1]!, mm = m[2] ? +m[2] : 0;
    if (hh > 18 || mm > 59) return NaN;
    offMin = sign * (hh * 60 + mm);
  }
  return day * 86400e6 + tod - offMin * 60e6;
}

/**
 * The side of the common spellings read in place (buy, sell, B, S, 1, -1 in the exact case SIDES
 * holds, no spaces), undefined for anything else — then the field text goes through SIDES as before.
 */
function sideCode(s: string, start: number, end: number): number | undefined {
  const n = end - start;
  const c = s.charCodeAt(start);
  if (n === 1) return c === 98 || c === 49 ? 1 : c === 115 ? -1 : c === 48 ? 0 : undefined; // b 1 s 0
  if (n === 3 && c === 98 && s.charCodeAt(start + 1) === 117 && s.charCodeAt(start + 2) === 121) return 1; // buy
  if (n === 4 && c === 115 && s.charCodeAt(start + 1) === 101 && s.charCodeAt(start + 2) === 108 && s.charCodeAt(start + 3) === 108) return -1; // sell
  if (n === 2 && c === 45 && s.charCodeAt(start + 1) === 49) return -1; // -1
  return undefined;
}

/**
 * sideCode on bytes (and SIDES' other lowercase spellings: ask, bid, +1, unknown, empty), no spaces:
 * the side, cur.at past the field; NaN for anything else (the string path reads it).
 */
function sideField(b: Uint8Array, end: number, last: boolean): number {
  const i = cur.at;
  let j = i;
  while (j < end && b[j] !== 44) j++;
  if (last ? j !== end : j === end) return NaN;
  const n = j - i, c0 = b[i];
  let side = NaN;
  if (n === 0) side = 0;
  else if (n === 1) side = c0 === 98 || c0 === 49 ? 1 : c0 === 115 ? -1 : c0 === 48 ? 0 : NaN; // b 1 s 0
  else if (n === 2) side = c0 === 45 && b[i + 1] === 49 ? -1 : c0 === 43 && b[i + 1] === 49 ? 1 : NaN; // -1 +1
  else if (n === 3) side = c0 === 98 && b[i + 1] === 117 && b[i + 2] === 121 ? 1 : c0 === 97 && b[i + 1] === 115 && b[i + 2] === 107 ? 1 // buy ask
    : c0 === 98 && b[i + 1] === 105 && b[i + 2] === 100 ? -1 : NaN; // bid
  else if (n === 4) side = c0 === 115 && b[i + 1] === 101 && b[i + 2] === 108 && b[i + 3] === 108 ? -1 : NaN; // sell
  else if (n === 7) side = c0 === 117 && b[i + 1] === 110 && b[i + 2] === 107 && b[i + 3] === 110 && b[i + 4] === 111 && b[i + 5] === 119 && b[i + 6] === 110 ? 0 : NaN; // unknown
  if (!Number.isNaN(side)) cur.at = last ? j : j + 1;
  return side;
}

/** Trade times outside [1980, 2200) are refused: almost surely an epoch in the wrong unit. */
const PLAUSIBLE_FROM_US = Date.UTC(1980, 0, 1) * 1000;
const PLAUSIBLE_TO_US = Date.UTC(2200, 0, 1) * 1000;

/** Reads a plain trade CSV (streamed) into trades in price ticks. */
export function readTickCsv(path: string, opts: TickReadOptions): ReadTicks {
  const file = basename(path);
  const out = new TickTableBuilder(1 << 16, false, opts.sink);
  const at: number[] = [];
  let c = { time: -1, price: -1, size: -1, side: -1, bid: -1, ask: -1, count: 0 };
  // a trade waits two rows before it is taken, so one far-future row is blamed alone (rowReader.ts);
  // its values wait in three typed slots (no object a row), and its line (the text, or for the byte
  // fast path the bytes of its time field) so the "what" of a time-order message is quoted from it
  // only when needed
  const qPrice = new Float64Array(3), qSize = new Float64Array(3), qSide = new Float64Array(3), qBid = new Float64Array(3), qAsk = new Float64Array(3);
  const qSrc: string[] = ["", "", ""];
  const qBuf: (Buffer | undefined)[] = [undefined, undefined, undefined];
  const qFrom = new Float64Array(3), qTo = new Float64Array(3);
  let order: SlotOrder | undefined;
  const orderFor = (errors: RowErrors) => (order ??= new SlotOrder(errors, "trade", (k, t) => out.push(t, qPrice[k]!, qSize[k]!, qSide[k]!, qBid[k]!, qAsk[k]!), (k) => {
    const buf = qBuf[k];
    if (buf) return `"${buf.toString("latin1", qFrom[k]!, qTo[k]!)}"`;
    const src = qSrc[k]!, a: number[] = [];
    fieldStarts(src, ",", a);
    return `"${src.slice(a[c.time]!, a[c.time + 1]! - 1)}"`;
  }));
  const ts = opts.tickSize;
  const quotes = () => c.bid >= 0 && c.ask >= 0;
  const rows = readRows(path, { lenient: opts.lenient, emptyFile: `empty file: expected a header naming ${TICK_CSV_COLUMNS.join(",")}` }, {
    header(line, lineNo) {
      const names = line.split(",").map((s) => s.trim().toLowerCase());
      const find = (n: string) => names.indexOf(n);
      for (const need of TICK_CSV_COLUMNS) {
        if (find(need) < 0) throw new InputError(path, lineNo, 1, `expected a header naming the columns ${TICK_CSV_COLUMNS.join(",")} (missing "${need}"), got "${line.slice(0, 120)}"`);
      }
      c = { time: find("time"), price: find("price"), size: find("size"), side: find("side"), bid: find("bid"), ask: find("ask"), count: names.length };
    },
    fast(b, start, end, lineNo, rows) {
      // `row`'s reading of a plain line, from its bytes (ASCII, every check passed); false hands the
      // line to `row` unchanged, which then gives the value, the message or the skip
      const n = c.count, withQuotes = quotes();
      let time = NaN, price = NaN, size = NaN, side = NaN, bq = NaN, aq = NaN, timeFrom = 0, timeTo = 0;
      cur.at = start;
      for (let k = 0; k < n; k++) {
        const last = k === n - 1;
        if (k === c.time) {
          timeFrom = cur.at;
          time = tickTimeField(b, end, 44, last);
          if (Number.isNaN(time)) return false;
          timeTo = last ? end : cur.at - 1;
        } else if (k === c.price) { price = numberField(b, end, 44, last); if (Number.isNaN(price)) return false; }
        else if (k === c.size) { size = numberField(b, end, 44, last); if (Number.isNaN(size)) return false; }
        else if (k === c.side) { side = sideField(b, end, last); if (Number.isNaN(side)) return false; }
        else if (k === c.bid && withQuotes) { bq = numberField(b, end, 44, last); if (Number.isNaN(bq)) return false; }
        else if (k === c.ask && withQuotes) { aq = numberField(b, end, 44, last); if (Number.isNaN(aq)) return false; }
        else if (!skipField(b, end, 44, last)) return false;
      }
      if (!(time >= PLAUSIBLE_FROM_US && time < PLAUSIBLE_TO_US)) return false;
      if (!(size > 0) || priceProblem("price", price, ts) || sizeProblem("size", size, true)) return false;
      let bid = 0, ask = 0;
      if (withQuotes) {
        if (priceProblem("ask", aq, ts) || priceProblem("bid", bq, ts) || bq > aq) return false;
        bid = toTicks(bq, ts);
        ask = toTicks(aq, ts);
      }
      const o = orderFor(rows), k = o.slot();
      qPrice[k] = toTicks(price, ts); qSize[k] = size; qSide[k] = side; qBid[k] = bid; qAsk[k] = ask;
      qBuf[k] = b; qFrom[k] = timeFrom; qTo[k] = timeTo;
      o.push(time, lineNo, timeFrom - start + 1);
      return true;
    },
    row(line, lineNo, rows) {
      const nf = fieldStarts(line, ",", at);
      const fail = (field: number, problem: string) => rows.fail(columnOf(line, at, field), problem);
      if (nf !== c.count) return fail(-1, `expected ${c.count} comma-separated fields like the header, got ${nf}`);
      const end = (k: number) => at[k + 1]! - 1;
      const text = (k: number) => line.slice(at[k]!, end(k));
      const time = parseTickTime(line, at[c.time]!, end(c.time));
      if (Number.isNaN(time)) return fail(c.time, `time: expected ISO 8601 with a UTC offset or Z (2024-03-18T13:35:00.5Z) or integer µs since 1970, got "${text(c.time)}"`);
      if (!(time >= PLAUSIBLE_FROM_US && time < PLAUSIBLE_TO_US)) {
        // An epoch integer in seconds or milliseconds would otherwise land silently in 1970.
        return fail(c.time, `time: "${text(c.time).trim()}" is ${new Date(Math.floor(time / 1000)).toISOString()} — expected a time between 1980 and 2200; ` +
          `integer times must be µs since 1970 (16 digits today), not seconds or milliseconds`);
      }
      const price = parseNumber(line, at[c.price]!, end(c.price));
      if (!Number.isFinite(price)) return fail(c.price, `price: expected a number, got "${text(c.price)}"`);
      const size = parseNumber(line, at[c.size]!, end(c.size));
      if (!(size > 0)) return fail(c.size, `size: expected a positive number, got "${text(c.size)}"`);
      const plausible = priceProblem("price", price, opts.tickSize);
      if (plausible) return fail(c.price, plausible);
      const sizeBad = sizeProblem("size", size, true);
      if (sizeBad) return fail(c.size, sizeBad);
      const side = sideCode(line, at[c.side]!, end(c.side)) ?? SIDES[text(c.side).trim().toLowerCase()];
      if (side === undefined) return fail(c.side, `side: expected buy/sell, B/S, 1/-1 or ask/bid, got "${text(c.side)}"`);
      let bid = 0, ask = 0;
      if (c.bid >= 0 && c.ask >= 0) {
        const b = parseNumber(line, at[c.bid]!, end(c.bid)), a = parseNumber(line, at[c.ask]!, end(c.ask));
        if (!Number.isFinite(b) || !Number.isFinite(a)) return fail(Number.isFinite(b) ? c.ask : c.bid, `bid/ask: expected numbers, got "${text(c.bid)}", "${text(c.ask)}"`);
        const quoteBad = priceProblem("ask", a, opts.tickSize) ?? priceProblem("bid", b, opts.tickSize);
        if (quoteBad) return fail(quoteBad.startsWith("ask") ? c.ask : c.bid, quoteBad);
        if (b > a) return fail(c.bid, `expected bid ≤ ask, got bid ${b} > ask ${a}`);
        bid = toTicks(b, opts.tickSize);
        ask = toTicks(a, opts.tickSize);
      }
      const o = orderFor(rows), k = o.slot();
      qPrice[k] = toTicks(price, opts.tickSize); qSize[k] = size; qSide[k] = side; qBid[k] = bid; qAsk[k] = ask;
      qBuf[k] = undefined; qSrc[k] = line;
      o.push(time, lineNo, columnOf(line, at, c.time));
    },
  });
  order?.finish();
  return { file, ticks: out.finish(c.bid >= 0 && c.ask >= 0), skipped: rows.skipped, notices: [] };
}

/** µs UTC → "2024-03-18T13:35:00.500000Z". */
export function isoMicros(us: number): string {
  const sec = Math.floor(us / 1e6);
  const frac = us - sec * 1e6;
  return `${new Date(sec * 1000).toISOString().slice(0, 19)}.${String(frac).padStart(6, "0")}Z`;
}

export interface TickCsvWriteOptions extends TickWriteOptions {
  /** "iso" (default): 2024-03-18T13:35:00.500000Z; "micros": integer µs since 1970. */
  timeFormat?: "iso" | "micros";
}

/** Writes `time,price,size,side[,bid,ask]` with side buy/sell/unknown and prices in points. */
export function writeTickCsv(path: string, ticks: TickTable, opts: TickCsvWriteOptions): void {
  const dec = tickDecimals(opts.tickSize);
  const iso = (opts.timeFormat ?? "iso") === "iso";
  withAtomic(new AtomicTextWriter(path), (w) => {
    w.write(ticks.hasQuote ? "time,price,size,side,bid,ask\n" : "time,price,size,side\n");
    for (let i = 0; i < ticks.length; i++) {
      const t = ticks.time[i]!;
      const s = ticks.side[i]!;
      let row = `${iso ? isoMicros(t) : String(t)},${pointsText(ticks.price[i]!, opts.tickSize, dec)},${ticks.size[i]},${s > 0 ? "buy" : s < 0 ? "sell" : "unknown"}`;
      if (ticks.hasQuote) row += `,${pointsText(ticks.bid[i]!, opts.tickSize, dec)},${pointsText(ticks.ask[i]!, opts.tickSize, dec)}`;
      w.write(`${row}\n`);
    }
  });
}

/** A plain trade CSV (SPEC §3.4): time,price,size,side in any order, times in UTC. */
export const tickCsvFormat = defineFormat({
  id: "tick-csv",
  kind: "ticks",
  expected: "a trade CSV (time,price,size,side)",
  binary: false,
  sniff(head) {
    const names = headerLine(head).split(",").map((s) => s.trim().toLowerCase());
    return TICK_CSV_COLUMNS.every((c) => names.includes(c));
  },
  read(path, ctx): MarketRead {
    const r = readTickCsv(path, { tickSize: ctx.tickSize, lenient: ctx.lenient, sink: ctx.sink });
    return { kind: "ticks", ticks: r.ticks, skipped: r.skipped, notices: r.notices };
  },
  write: { ticks: (path, ticks, ctx) => writeTickCsv(path, ticks, { tickSize: ctx.tickSize }) },
});
