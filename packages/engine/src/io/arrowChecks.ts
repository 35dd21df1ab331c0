import type { BarTable } from "../barTable.js";
import type { SkippedRow } from "../errors.js";
import { LEVEL_ROLES } from "../studyRoles.js";
import type { TickTableWithMarks } from "./tickBuilder.js";
import { barVolumeProblem, deltaExtremesProblem, MAX_PRICE_POINTS, ohlcProblem, RowErrors, sizeProblem, TimeOrder } from "./rowReader.js";

/**
 * The plausibility rules of the text readers, applied to an Arrow table of bars or trades (whose
 * columns arrive whole): each bad row is an error `file:<row>: row N: …` (1-based row), or under
 * `lenient` a skipped row, and the table is compacted to the rows kept. Times go through the same
 * look-ahead order check as every reader (rowReader.ts `TimeOrder`).
 */
const MIN_US = Date.UTC(1950, 0, 1) * 1000;
const MAX_US = Date.UTC(2200, 0, 1) * 1000;
const iso = (us: number) => (Number.isFinite(us) && Math.abs(us) < 8.64e18 ? new Date(us / 1000).toISOString() : String(us));

function priceTicksProblem(name: string, ticks: number, tickSize: number): string | undefined {
  if (!(Number.isInteger(ticks) && ticks > 0 && ticks * tickSize <= MAX_PRICE_POINTS)) {
    return `${name}: expected a price above 0 and at most ${MAX_PRICE_POINTS} points (in ticks of ${tickSize}), got ${ticks} ticks`;
  }
  return undefined;
}

function timeProblem(name: string, us: number): string | undefined {
  if (!(Number.isInteger(us) && us >= MIN_US && us < MAX_US)) return `${name}: expected a time between 1950 and 2200, got ${iso(us)}`;
  return undefined;
}

/** Checks bars row by row; returns the rows skipped (lenient) and the table with the rest. */
export function checkArrowBars(path: string, b: BarTable, tickSize: number, lenient: boolean): { bars: BarTable; skipped: SkippedRow[] } {
  const errors = new RowErrors(path, lenient);
  const n = b.length;
  const keep = new Uint8Array(n);
  const fail = (i: number, problem: string) => errors.reject(i + 1, 0, `row ${i + 1}: ${problem}`);
  const order = new TimeOrder<number>(errors, "bar", (i) => { keep[i] = 1; }, { describe: iso, prefix: (line) => `row ${line}: `, lineWord: "row" });
  const edges = [...b.study.keys()].filter((k) => /^(askVolHigh|bidVolLow)\d$/.test(k));
  const levels = [...b.study.keys()].filter((k) => (LEVEL_ROLES as readonly string[]).includes(k));
  const fp = b.footprint;
  const names = ["open", "high", "low", "close"] as const;
  for (let i = 0; i < n; i++) {
    let bad = timeProblem("time", b.time[i]!);
    if (!bad && !(b.lastTime[i]! >= b.time[i]!)) bad = `lastTime: expected a time at or after the bar's time ${iso(b.time[i]!)}, got ${iso(b.lastTime[i]!)}`;
    for (let k = 0; k < 4 && !bad; k++) bad = priceTicksProblem(names[k], b[names[k]][i]!, tickSize);
    bad ??= ohlcProblem(b.open[i]!, b.high[i]!, b.low[i]!, b.close[i]!, [b.open[i]!, b.high[i]!, b.low[i]!, b.close[i]!], "Close");
    bad ??= barVolumeProblem(b.volume[i]!, b.trades[i]!, b.bidVolume[i]!, b.askVolume[i]!, ["volume", "trades", "bidVolume", "askVolume"], true)?.[1];
    const delta = b.askVolume[i]! - b.bidVolume[i]!;
    if (!bad && b.delta[i] !== delta) bad = `delta: expected askVolume − bidVolume = ${delta}, got ${b.delta[i]}`;
    bad ??= deltaExtremesProblem(delta, b.maxDelta[i]!, b.minDelta[i]!)?.[1];
    for (const k of edges) {
      if (bad) break;
      const v = b.study.get(k)![i]!;
      if (Number.isNaN(v)) continue;
      const side = k.startsWith("ask") ? "askVolume" : "bidVolume";
      bad = sizeProblem(`study.${k}`, v) ?? (v > b[side][i]! ? `study.${k}: expected at most the bar's ${side} ${b[side][i]}, got ${v}` : undefined);
    }
    for (const k of levels) {
      if (bad) break;
      const v = b.study.get(k)![i]!;
      if (!Number.isNaN(v) && !(v > 0 && v * tickSize <= MAX_PRICE_POINTS)) bad = `study.${k}: expected a price above 0 (in ticks) or no value, got ${v}`;
    }
    if (!bad && fp) bad = footprintProblem(b, i);
    if (bad) { fail(i, bad); continue; }
    order.push(b.time[i]!, i + 1, 0, undefined, i);
  }
  order.finish();
  return { bars: errors.skipped.length ? keepBars(b, keep) : b, skipped: errors.skipped };
}

/** A bar's footprint rows: one per tick from low to high, whole non-negative volumes summing to the bar's. */
function footprintProblem(b: BarTable, i: number): string | undefined {
  const fp = b.footprint!;
  const from = fp.offset[i]!, to = fp.offset[i + 1]!;
  const rows = b.high[i]! - b.low[i]! + 1;
  if (to - from !== rows) return `footprint: expected ${rows} rows (one per tick from low ${b.low[i]} to high ${b.high[i]}), got ${to - from}`;
  let bid = 0, ask = 0;
  for (let r = from; r < to; r++) {
    if (fp.price[r] !== b.low[i]! + r - from) return `footprint.price: expected ${b.low[i]! + r - from} in row ${r - from + 1} of the bar, got ${fp.price[r]}`;
    const bad = sizeProblem("footprint.bidVolume", fp.bidVolume[r]!) ?? sizeProblem("footprint.askVolume", fp.askVolume[r]!);
    if (bad) return bad;
    bid += fp.bidVolume[r]!;
    ask += fp.askVolume[r]!;
  }
  if (bid !== b.bidVolume[i]) return `footprint.bidVolume: expected the rows to sum to the bar's bidVolume ${b.bidVolume[i]}, got ${bid}`;
  if (ask !== b.askVolume[i]) return `footprint.askVolume: expected the rows to sum to the bar's askVolume ${b.askVolume[i]}, got ${ask}`;
  return undefined;
}

function keepBars(b: BarTable, keep: Uint8Array): BarTable {
  const idx: number[] = [];
  for (let i = 0; i < b.length; i++) if (keep[i]) idx.push(i);
  const pick = <A extends Float64Array | Int32Array>(x: A): A => {
    const out = new (x.constructor as new (n: number) => A)(idx.length);
    idx.forEach((i, j) => { out[j] = x[i]!; });
    return out;
  };
  const out: BarTable = {
    ...b, length: idx.length,
    time: pick(b.time), lastTime: pick(b.lastTime), session: pick(b.session), open: pick(b.open), high: pick(b.high), low: pick(b.low), close: pick(b.close),
    volume: pick(b.volume), trades: pick(b.trades), bidVolume: pick(b.bidVolume), askVolume: pick(b.askVolume), delta: pick(b.delta),
    maxDelta: pick(b.maxDelta), minDelta: pick(b.minDelta), study: new Map([...b.study].map(([k, v]) => [k, pick(v)])),
  };
  const fp = b.footprint;
  if (fp) {
    const offset = new Int32Array(idx.length + 1);
    idx.forEach((i, j) => { offset[j + 1] = offset[j]! + fp.offset[i + 1]! - fp.offset[i]!; });
    const rows = offset[idx.length]!;
    const price = new Int32Array(rows), bidVolume = new Float64Array(rows), askVolume = new Float64Array(rows);
    idx.forEach((i, j) => {
      price.set(fp.price.subarray(fp.offset[i]!, fp.offset[i + 1]!), offset[j]!);
      bidVolume.set(fp.bidVolume.subarray(fp.offset[i]!, fp.offset[i + 1]!), offset[j]!);
      askVolume.set(fp.askVolume.subarray(fp.offset[i]!, fp.offset[i + 1]!), offset[j]!);
    });
    out.footprint = { offset, price, bidVolume, askVolume };
  }
  return out;
}

/** Checks trades row by row; returns the rows skipped (lenient) and the table with the rest. */
export function checkArrowTicks(path: string, t: TickTableWithMarks, tickSize: number, lenient: boolean): { ticks: TickTableWithMarks; skipped: SkippedRow[] } {
  const errors = new RowErrors(path, lenient);
  const n = t.length;
  const keep = new Uint8Array(n);
  const fail = (i: number, problem: string) => errors.reject(i + 1, 0, `row ${i + 1}: ${problem}`);
  const order = new TimeOrder<number>(errors, "trade", (i) => { keep[i] = 1; }, { describe: iso, prefix: (line) => `row ${line}: `, lineWord: "row" });
  for (let i = 0; i < n; i++) {
    let bad = timeProblem("time", t.time[i]!) ?? priceTicksProblem("price", t.price[i]!, tickSize) ?? sizeProblem("size", t.size[i]!, true);
    const side = t.side[i]!;
    if (!bad && !(side === -1 || side === 0 || side === 1)) bad = `side: expected −1 (at the bid), 0 (unknown) or 1 (at the ask), got ${side}`;
    if (!bad && t.hasQuote) {
      bad = priceTicksProblem("bid", t.bid[i]!, tickSize) ?? priceTicksProblem("ask", t.ask[i]!, tickSize);
      if (!bad && t.bid[i]! > t.ask[i]!) bad = `expected bid ≤ ask, got bid ${t.bid[i]} > ask ${t.ask[i]} (ticks)`;
    }
    if (!bad && t.subTrade && !(t.subTrade[i]! >= 0 && t.subTrade[i]! <= 2)) bad = `subTrade: expected 0, 1 (first sub-trade) or 2 (last), got ${t.subTrade[i]}`;
    if (bad) { fail(i, bad); continue; }
    order.push(t.time[i]!, i + 1, 0, undefined, i);
  }
  order.finish();
  if (!errors.skipped.length) return { ticks: t, skipped: [] };
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) idx.push(i);
  const pick = <A extends Float64Array | Int32Array | Int8Array>(x: A): A => {
    const out = new (x.constructor as new (n: number) => A)(idx.length);
    idx.forEach((i, j) => { out[j] = x[i]!; });
    return out;
  };
  const out: TickTableWithMarks = {
    length: idx.length, time: pick(t.time), price: pick(t.price), size: pick(t.size), side: pick(t.side), bid: pick(t.bid), ask: pick(t.ask), hasQuote: t.hasQuote,
  };
  if (t.subTrade) out.subTrade = pick(t.subTrade);
  return { ticks: out, skipped: errors.skipped };
}
