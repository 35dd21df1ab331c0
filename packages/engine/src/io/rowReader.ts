import { InputError, type SkippedRow } from "../errors.js";
import { readLines } from "./lines.js";
import { capQuoted } from "./text.js";

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
}

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
  for (const [line, lineNo] of readLines(path)) {
    rows.lineNo = lineNo;
    if (!headerSeen) {
      handler.header(line, lineNo);
      headerSeen = true;
      continue;
    }
    if (line.trim() === "") continue;
    handler.row(line, lineNo, rows);
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
 * grid (an off-grid price is refused, never silently rounded).
 */
export function priceProblem(name: string, value: number, tickSize: number): string | undefined {
  if (!(Number.isFinite(value) && value > 0 && value <= MAX_PRICE_POINTS)) {
    return `${name}: expected a price above 0 and at most ${MAX_PRICE_POINTS} points, got ${value}`;
  }
  const ticks = value / tickSize;
  if (Math.abs(ticks - Math.round(ticks)) > 1e-6) return `${name}: expected a multiple of the tick size ${tickSize}, got ${value}`;
  return undefined;
}

/** A size or count field's problem: a whole number from 0 (1 when `positive`) to MAX_SIZE. */
export function sizeProblem(name: string, value: number, positive = false): string | undefined {
  if (!(Number.isInteger(value) && value >= (positive ? 1 : 0) && value <= MAX_SIZE)) {
    return `${name}: expected a whole number from ${positive ? 1 : 0} to ${MAX_SIZE}, got ${value}`;
  }
  return undefined;
}

/**
 * A bar's volumes across fields: every trade is at the bid or at the ask, so BidVolume + AskVolume =
 * Volume, and a bar holds at most one trade per contract traded. `field` is 0 volume, 1 trades, 2 bid, 3 ask.
 */
export function barVolumeProblem(volume: number, trades: number, bidVolume: number, askVolume: number, names: readonly [string, string, string, string]): [field: number, problem: string] | undefined {
  const values = [volume, trades, bidVolume, askVolume];
  for (let k = 0; k < 4; k++) {
    const p = sizeProblem(names[k]!, values[k]!);
    if (p) return [k, p];
  }
  if (bidVolume + askVolume !== volume) return [2, `expected ${names[2]} + ${names[3]} = ${names[0]}, got ${bidVolume} + ${askVolume} ≠ ${volume}`];
  if (trades > volume) return [1, `expected ${names[1]} ≤ ${names[0]}, got ${trades} > ${volume}`];
  return undefined;
}
