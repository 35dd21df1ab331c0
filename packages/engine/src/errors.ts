/**
 * An input problem the user can fix: names the file, line and column (1-based; 0 when not
 * applicable, e.g. a byte offset in a binary file is given in `column`), and what was expected.
 * The CLI prints `message` alone — never a stack trace.
 */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly problem: string,
  ) {
    // file:line:column; a column without a line (a binary header) prints as file:0:column, never file:column
    super(`${file}${line || column ? `:${line}` : ""}${column ? `:${column}` : ""}: ${problem}`);
    this.name = "InputError";
  }
}

/** A row skipped in lenient mode, with its reason (written to the run's skipped-rows log). */
export interface SkippedRow {
  file: string;
  line: number;
  column: number;
  reason: string;
}
