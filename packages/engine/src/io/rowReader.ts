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
