import { InputError, type SkippedRow } from "../errors.js";
import { lineText, readLines, scanLines } from "./lines.js";
import { capQuoted } from "./text.js";
import type { BarRow } from "../barTableBuilder.js";

/**
 * Bad rows, the one way every reader treats them: strict mode stops at the first with an InputError
 * naming file:line:column and what was expected; lenient mode records it (the run's skipped-rows
 * log) and the reader goes on. Binary readers use it with a record number as the line and a byte
 * offset as the column.
 */
export class RowErrors {
  readonly skipped: SkippedRow[] = [];

  constructor(readonly path: string, readonly lenient: boolean) {}

  /** Throws (strict) or records (lenient); the caller then skips the row. */
  reject(line: number, column: number, problem: string): void {
    problem = capQuoted(problem);
    if (!this.lenient) throw new InputError(this.path, line, column, problem);
    this.skipped.push({ file: this.path, line, column, reason: problem });
  }
}

/** What a text format does with its lines; the loop around them belongs to readRows. */
export interface RowHandler {
  /** The first line. Throws an InputError when it is not the format's header (never skipped). */
  header(line: string, lineNo: number): void;
  /**
   * One data line (blank lines never reach it). Calls `rows.fail(column, problem)` and returns to
   * skip the line; `rows.inOrder` last, just before keeping it.
   */
  row(line: string, lineNo: number, rows: TextRows): void;
  /**
   * The byte fast path (optional): one line after the header as bytes `buf[start, end)`. Returns
   * true when it took the line exactly as `row` would have (same values, same pushes, no problem to
   * report), false — having changed nothing `row` depends on — to hand the line to `row` as text,
   * so every value and every message of a line it does not fully accept is the string path's.
   */
  fast?(buf: Buffer, start: number, end: number, lineNo: number, rows: TextRows): boolean;
}

/**
 * Whether readRows uses the handlers' byte fast path (true), and the bytes it reads at a time: the
 * differential tests turn it off to compare the string path's columns and messages with it, and
 * shrink the chunks to put chunk ends everywhere.
 */
export const byteFastPath = { enabled: true, chunkBytes: 1 << 20 };

/** The state of a text read that a row handler sees. */
export class TextRows extends RowErrors {
  /** Line being read (1-based). */
  lineNo = 0;
  /** Time of the last row kept (−∞ before the first): rows must not go back in time. */
  prevTime = -Infinity;

  /** A bad field of the current line: throws (strict) or records it (lenient). */
  fail(column: number, problem: string): void {
    this.reject(this.lineNo, column, problem);
  }

  /**
   * The monotone-time check: a row earlier than the last one kept fails at `column` with
   * "time goes backwards: <what> comes after a later <unit>"; otherwise it becomes the last one kept.
   */
  inOrder(time: number, column: number, what: string, unit: string): boolean {
    if (time < this.prevTime) {
      this.fail(column, `time goes backwards: ${what} comes after a later ${unit}`);
      return false;
    }
    this.prevTime = time;
    return true;
  }
}

export interface TimeOrderOptions<T = unknown> {
  /** The text of a row's time when `push` was given none (binary readers: built only for a message). */
  describe?: (time: number) => string;
  /**
   * The text of a row's time from its queued value when `push` was given none, tried before
   * `describe`: text readers build it from the row's line only when a message needs it, not per row.
   */
  whatOf?: (value: T) => string;
  /** Prefix of each problem from the row's line (a binary reader's "record N: "). */
  prefix?: (line: number) => string;
  /** What a row's line is called in a message: "line" (text), "record" (.scid), "row" (Arrow). */
  lineWord?: string;
}

/**
 * The monotone-time check with a look ahead of two rows, so that one bad row costs that row only.
 * Rows wait in a queue of three; the oldest leaves when a third arrives (or at `finish`):
 * - earlier than the last row taken → "time goes backwards: <what> comes after a later <unit>";
 * - later than both rows after it while the next one fits after the last row taken → the row itself
 *   is the bad one (a far-future time), "time jumps ahead: … is later than the next <unit>": it is
 *   blamed, never the good row after it, and the rows after it are not made "backwards" (the lenient
 *   cascade of issue 12, where one future row cost every following row);
 * - else it is taken. A swapped pair keeps the message it always had: the second row goes backwards.
 * The queue itself (three slots of time, line and column in typed arrays) and the rules are here;
 * what a row carries lives in the subclass's slots: `TimeOrder` (a value a row) or `SlotOrder` (the
 * reader's own typed slots, no object a row).
 */
abstract class TimeOrderQueue {
  private readonly time = new Float64Array(3);
  private readonly line = new Float64Array(3);
  private readonly col = new Float64Array(3);
  private head = 0;
  private count = 0;
  /** Time of the last row taken (−∞ before the first). */
  lastTime = -Infinity;
  /** Time of the latest row queued and not already backwards: a reader's "previous time" (fall-back hour). */
  latest = -Infinity;

  constructor(
    protected readonly errors: RowErrors,
    private readonly unit: string,
    protected readonly opts: TimeOrderOptions<never> = {},
  ) {}

  /** The slot (0–2) the next push fills. */
  protected nextSlot(): number {
    const k = this.head + this.count;
    return k >= 3 ? k - 3 : k;
  }

  /** Queues a row whose values are already in slot `nextSlot()`. */
  protected queue(k: number, time: number, line: number, column: number): void {
    this.time[k] = time; this.line[k] = line; this.col[k] = column;
    this.count++;
    if (time >= this.latest) this.latest = time;
    if (this.count === 3) this.emit();
  }

  /** Hands on the rows still waiting (end of file). */
  finish(): void {
    while (this.count > 0) this.emit();
  }

  /** The text of slot k's time in a message. */
  protected abstract what(k: number): string | undefined;
  /** Slot k was taken at `time`. */
  protected abstract taken(k: number, time: number): void;
  /** Slot k was refused (its values may be let go). */
  protected abstract dropped(k: number): void;

  private text(k: number): string {
    return this.what(k) ?? (this.opts.describe ?? String)(this.time[k]!);
  }

  private prefix(k: number): string {
    return this.opts.prefix ? this.opts.prefix(this.line[k]!) : "";
  }

  private emit(): void {
    const k = this.head;
    this.head = k === 2 ? 0 : k + 1;
    this.count--;
    const t = this.time[k]!;
    if (t < this.lastTime) {
      const problem = `${this.prefix(k)}time goes backwards: ${this.text(k)} comes after a later ${this.unit}`;
      this.dropped(k);
      this.errors.reject(this.line[k]!, this.col[k]!, problem);
      return;
    }
    if (this.count === 2) {
      const n1 = this.head, n2 = n1 === 2 ? 0 : n1 + 1;
      const t1 = this.time[n1]!, t2 = this.time[n2]!;
      if (t1 < t && t2 < t && t1 >= this.lastTime) {
        const problem = `${this.prefix(k)}time jumps ahead: ${this.text(k)} is later than the next ${this.unit} (${this.opts.lineWord ?? "line"} ${this.line[n1]}, ${this.text(n1)}) and the one after it`;
        this.dropped(k);
        this.errors.reject(this.line[k]!, this.col[k]!, problem);
        return;
      }
    }
    this.lastTime = t;
    this.taken(k, t);
  }
}

/** The time-order look-ahead (TimeOrderQueue) with a value a row, handed to `take` when the row is taken. */
export class TimeOrder<T> extends TimeOrderQueue {
  private readonly whats: (string | undefined)[] = [undefined, undefined, undefined];
  private readonly value: (T | undefined)[] = [undefined, undefined, undefined];

  constructor(errors: RowErrors, unit: string, private readonly take: (value: T, time: number) => void, opts: TimeOrderOptions<T> = {}) {
    super(errors, unit, opts as TimeOrderOptions<never>);
  }

  push(time: number, line: number, column: number, what: string | undefined, value: T): void {
    const k = this.nextSlot();
    this.whats[k] = what;
    this.value[k] = value;
    this.queue(k, time, line, column);
  }

  protected what(k: number): string | undefined {
    const what = this.whats[k];
    if (what !== undefined) return what;
    const whatOf = (this.opts as TimeOrderOptions<T>).whatOf, value = this.value[k];
    return whatOf && value !== undefined ? whatOf(value) : undefined;
  }

  protected taken(k: number, time: number): void {
    const value = this.value[k]!;
    this.value[k] = undefined;
    this.take(value, time);
  }

  protected dropped(k: number): void {
    this.value[k] = undefined;
  }
}

/**
 * The time-order look-ahead without an object a row: the reader keeps a row's values in its own
 * slots (typed arrays of 3), writes them at `slot()` before `push`, and `take(slot, time)` reads
 * them back when the row is taken; `whatOf(slot)` gives a row's time text only for a message.
 * Same rules and messages as TimeOrder.
 */
export class SlotOrder extends TimeOrderQueue {
  constructor(errors: RowErrors, unit: string, private readonly take: (slot: number, time: number) => void,
    private readonly whatOf: (slot: number) => string, opts: Omit<TimeOrderOptions, "whatOf"> = {}) {
    super(errors, unit, opts);
  }

  /** The slot the next row's values go to (then `push`). */
  slot(): number {
    return this.nextSlot();
  }

  push(time: number, line: number, column: number): void {
    this.queue(this.nextSlot(), time, line, column);
  }

  protected what(k: number): string | undefined {
    return this.whatOf(k);
  }

  protected taken(k: number, time: number): void {
    this.take(k, time);
  }

  protected dropped(_k: number): void {}
}

/**
 * A bar repeating the bar before it — same time, prices, volumes and trades — is the same bar written
 * twice (an export appended to itself, a copy-paste), not a new one: refused at `column` of its line.
 */
export class DuplicateBars {
  // the previous bar's values (time, open, high, low, close, volume, trades, bid, ask volume), no object kept
  private readonly prev = new Float64Array(9);
  private prevLine = 0;
  private any = false;

  /** The line of the bar that `bar` repeats (the caller refuses it), or 0 — then it is the new previous bar. */
  repeats(bar: BarRow & { line: number }): number {
    return this.repeatsOf(bar.line, bar.time, bar.open, bar.high, bar.low, bar.close, bar.volume, bar.trades, bar.bidVolume, bar.askVolume);
  }

  /** `repeats` of a bar given by its values. */
  repeatsOf(line: number, time: number, open: number, high: number, low: number, close: number, volume: number, trades: number, bidVolume: number, askVolume: number): number {
    const p = this.prev;
    if (this.any && p[0] === time && p[1] === open && p[2] === high && p[3] === low && p[4] === close &&
      p[5] === volume && p[6] === trades && p[7] === bidVolume && p[8] === askVolume) return this.prevLine;
    p[0] = time; p[1] = open; p[2] = high; p[3] = low; p[4] = close; p[5] = volume; p[6] = trades; p[7] = bidVolume; p[8] = askVolume;
    this.prevLine = line;
    this.any = true;
    return 0;
  }
}

/**
 * A price in ticks when priceProblem(…, value, tickSize) finds none (toTicks of it), else NaN: the
 * fast paths' test and conversion in one division.
 */
export function priceTicks(value: number, tickSize: number): number {
  if (!(value > 0 && value <= MAX_PRICE_POINTS)) return NaN; // NaN and ±∞ included, as priceProblem
  const ticks = value / tickSize, whole = Math.round(ticks);
  return Math.abs(ticks - whole) > 1e-6 ? NaN : whole;
}

export interface RowReadOptions {
  lenient?: boolean;
  /** The problem of a file without even a header line: "empty file: expected …". */
  emptyFile: string;
}

/**
 * The loop of every text reader: the header on the first line, blank lines passed over (a trailing
 * one, CRLF leftovers carry nothing), each other line handed to `row`, an empty file refused. Lines
 * are streamed (lines.ts), so memory stays bounded whatever the file's size.
 */
export function readRows(path: string, opts: RowReadOptions, handler: RowHandler): TextRows {
  const rows = new TextRows(path, opts.lenient ?? false);
  let headerSeen = false;
  const textLine = (line: string, lineNo: number): void => {
    rows.lineNo = lineNo;
    if (!headerSeen) {
      handler.header(line, lineNo);
      headerSeen = true;
      return;
    }
    if (line.trim() === "") return;
    const nul = line.indexOf("\0");
    if (nul >= 0) {
      // a block of zero bytes (a crash, a disk or an unfinished copy) replaced text: say so, never misparse it
      let n = 0;
      for (let k = nul; k < line.length; k++) if (line.charCodeAt(k) === 0) n++;
      rows.fail(nul + 1, `expected text, got ${n} NUL byte(s) from column ${nul + 1} — a block of zeros (a crash or an unfinished copy) replaced the data here`);
      return;
    }
    handler.row(line, lineNo, rows);
  };
  if (handler.fast && byteFastPath.enabled) {
    // lines as bytes: the fast path takes what it fully accepts, every other line (the header, blank,
    // odd or bad ones) is decoded and read as text, exactly as readLines would have given it
    scanLines(path, (buf, start, end, lineNo) => {
      if (headerSeen) {
        rows.lineNo = lineNo;
        if (handler.fast!(buf, start, end, lineNo, rows)) return;
      }
      textLine(lineText(buf, start, end), lineNo);
    }, byteFastPath.chunkBytes);
  } else {
    for (const [line, lineNo] of readLines(path)) textLine(line, lineNo);
  }
  if (!headerSeen) throw new InputError(path, 1, 1, opts.emptyFile);
  return rows;
}

/**
 * The 1-based column of field `field` in a line split at `at` (fieldStarts), 1 for a problem of the
 * whole line (field < 0); `skipSpaces` points past the field's leading spaces.
 */
export function columnOf(line: string, at: readonly number[], field: number, skipSpaces = false): number {
  if (field < 0) return 1;
  let column = (at[field] ?? line.length) + 1;
  while (skipSpaces && line.charCodeAt(column - 1) === 32) column++;
  return column;
}

/**
 * The bar check shared by the bar readers: Low ≤ Open, Close ≤ High (prices in ticks). The problem
 * text names the file's own prices, `closeName` its word for the close (Last in Sierra's text exports).
 */
export function ohlcProblem(open: number, high: number, low: number, close: number, shown: [number, number, number, number], closeName = "Last"): string | undefined {
  if (high < Math.max(open, close, low) || low > Math.min(open, close)) {
    const [o, h, l, c] = shown;
    return `expected Low ≤ Open, ${closeName} ≤ High, got O=${o} H=${h} L=${l} ${closeName === "Last" ? "Last" : "C"}=${c}`;
  }
  return undefined;
}

/** Prices above this many points are no market's (ES trades near 5 000): a misread field, not a price. */
export const MAX_PRICE_POINTS = 1e6;
/** Largest size a reader accepts: 2³² − 1 is the "no value" a uint32 field holds when it was never written. */
export const MAX_SIZE = 2 ** 32 - 2;

/**
 * A price field's problem, undefined when plausible: above 0, at most MAX_PRICE_POINTS, on the tick
 * grid (an off-grid price is refused, never silently rounded). `tolerance` (in ticks) allows for a
 * binary format's float32 prices.
 */
export function priceProblem(name: string, value: number, tickSize: number, tolerance = 1e-6): string | undefined {
  if (!(Number.isFinite(value) && value > 0 && value <= MAX_PRICE_POINTS)) {
    return `${name}: expected a price above 0 and at most ${MAX_PRICE_POINTS} points, got ${value}`;
  }
  const ticks = value / tickSize;
  if (Math.abs(ticks - Math.round(ticks)) > tolerance) return `${name}: expected a multiple of the tick size ${tickSize}, got ${value}`;
  return undefined;
}

/** A size or count field's problem: a whole number from 0 (1 when `positive`) to MAX_SIZE. */
export function sizeProblem(name: string, value: number, positive = false): string | undefined {
  if (!(Number.isInteger(value) && value >= (positive ? 1 : 0) && value <= MAX_SIZE)) {
    return `${name}: expected a whole number from ${positive ? 1 : 0} to ${MAX_SIZE}, got ${value}`;
  }
  return undefined;
}

/** sizeProblem's test: a whole number from 0 to MAX_SIZE. */
const isSize = (v: number): boolean => Number.isInteger(v) && v >= 0 && v <= MAX_SIZE;

/**
 * A bar's volumes across fields: every trade is at the bid or at the ask, so BidVolume + AskVolume =
 * Volume, and a bar holds at most one trade per contract traded. `field` is 0 volume, 1 trades, 2 bid, 3 ask.
 */
export function barVolumeProblem(volume: number, trades: number, bidVolume: number, askVolume: number, names: readonly [string, string, string, string], unknownSide = false): [field: number, problem: string] | undefined {
  // the four sizes in order, without an array a bar (every bar of every reader comes through here)
  if (!(isSize(volume) && isSize(trades) && isSize(bidVolume) && isSize(askVolume))) {
    const values = [volume, trades, bidVolume, askVolume];
    for (let k = 0; k < 4; k++) {
      const p = sizeProblem(names[k]!, values[k]!);
      if (p) return [k, p];
    }
  }
  // bars tda built from trades of unknown side hold volume at neither side: only more is impossible
  if (unknownSide ? bidVolume + askVolume > volume : bidVolume + askVolume !== volume) {
    return [2, `expected ${names[2]} + ${names[3]} ${unknownSide ? "≤" : "="} ${names[0]}, got ${bidVolume} + ${askVolume} ${unknownSide ? ">" : "≠"} ${volume}`];
  }
  if (trades > volume) return [1, `expected ${names[1]} ≤ ${names[0]}, got ${trades} > ${volume}`];
  return undefined;
}

/**
 * The running-delta extremes of a bar against its delta: the delta after the last trade is one of the
 * running deltas, so minDelta ≤ delta ≤ maxDelta (NaN extremes are unknown and pass).
 */
export function deltaExtremesProblem(delta: number, maxDelta: number, minDelta: number, names: readonly [string, string] = ["maxDelta", "minDelta"]): [field: 0 | 1, problem: string] | undefined {
  if (!Number.isNaN(maxDelta) && !Number.isNaN(minDelta) && maxDelta < minDelta) return [0, `expected ${names[0]} ≥ ${names[1]}, got ${maxDelta} < ${minDelta}`];
  if (!Number.isNaN(maxDelta) && maxDelta < delta) return [0, `expected ${names[0]} ≥ the bar's delta (ask − bid volume) ${delta}, got ${maxDelta}`];
  if (!Number.isNaN(minDelta) && minDelta > delta) return [1, `expected ${names[1]} ≤ the bar's delta (ask − bid volume) ${delta}, got ${minDelta}`];
  return undefined;
}
