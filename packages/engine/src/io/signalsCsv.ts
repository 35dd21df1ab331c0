import { InputError } from "../errors.js";
import { isTextColumn, signalColumn, SIGNAL_COLUMNS } from "../signalsSchema.js";
import { defineFormat, headerLine, type SignalsColumns, type SignalsRead } from "./format.js";
import { readRows } from "./rowReader.js";

export type { SignalsColumns } from "./format.js";

/** Columns a signals file must have: what the analysis groups by. */
const REQUIRED = [SIGNAL_COLUMNS.direction, SIGNAL_COLUMNS.session];

/**
 * Does a column hold text? Asked of the signals-table schema (timestamps, dates and words); a column
 * SPEC §9 does not fix (an extra column of some other tool) reads as numbers.
 */
const isText = (name: string): boolean => {
  const c = signalColumn(name);
  return c !== undefined && isTextColumn(c.type);
};

/**
 * Reads a signals.csv written by `tda run` (or any CSV with its column names) into columns, checking
 * every numeric field (empty = missing → NaN; empty text → null). Strict: errors name the file, line
 * and column.
 */
export function readSignalsCsv(path: string): { columns: SignalsColumns; rows: number } {
  let names: string[] = [];
  let text: boolean[] = [];
  const values: ((string | null)[] | number[])[] = [];
  let count = 0;
  readRows(path, { lenient: false, emptyFile: "empty file: expected a signals.csv header" }, {
    header(line, lineNo) {
      names = line.split(",").map((s) => s.trim());
      for (const need of REQUIRED) {
        if (!names.includes(need)) throw new InputError(path, lineNo, 1, `expected a signals.csv header with a "${need}" column (as written by tda run)`);
      }
      text = names.map(isText);
      for (let c = 0; c < names.length; c++) values.push([]);
    },
    row(line, _lineNo, rows) {
      const f = splitCsv(line);
      if (f.length !== names.length) return rows.fail(1, `expected ${names.length} fields, got ${f.length}`);
      let column = 1;
      for (let c = 0; c < names.length; c++) {
        const v = f[c]!;
        if (text[c]) (values[c] as (string | null)[]).push(v === "" ? null : v);
        else {
          const x = v === "" ? NaN : Number(v);
          if (v !== "" && !Number.isFinite(x)) return rows.fail(column, `${names[c]}: expected a number or empty, got "${v}"`);
          (values[c] as number[]).push(x);
        }
        column += v.length + 1;
      }
      count++;
    },
  });
  const columns: SignalsColumns = {};
  names.forEach((n, c) => { columns[n] = text[c] ? (values[c] as (string | null)[]) : Float64Array.from(values[c] as number[]); });
  return { columns, rows: count };
}

/** Splits a CSV line, honouring "quoted, fields" with "" for a quote (the writer quotes text that needs it). */
function splitCsv(line: string): string[] {
  if (!line.includes('"')) return line.split(",");
  const out: string[] = [];
  let cur = "", q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (q) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ",") { out.push(cur); cur = ""; }
    else cur += ch;
  }
  out.push(cur);
  return out;
}

/** The signals table of SPEC §9 as `tda run` writes it (signals.csv), read back by `tda analyze`. */
export const signalsCsvFormat = defineFormat({
  id: "signals-csv",
  kind: "signals",
  expected: "a signals table (time,session,…,direction,…)",
  binary: false,
  sniff(head) {
    const names = headerLine(head).split(",").map((s) => s.trim());
    return REQUIRED.every((n) => names.includes(n));
  },
  read(path): SignalsRead {
    const r = readSignalsCsv(path);
    return { kind: "signals", columns: r.columns, rows: r.rows, skipped: [], notices: [] };
  },
});
