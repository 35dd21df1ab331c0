import { InputError, readLines } from "@tda/engine";

/** Columns of signals.csv that hold text; every other column is numeric (empty = missing → NaN). */
const TEXT = new Set(["time", "session", "direction", "level_kind", "scenario"]);

export type SignalsColumns = Record<string, Float64Array | (string | null)[]>;

/**
 * Reads a signals.csv written by `tda run` (or any CSV with its column names) into columns, checking
 * every numeric field. Errors name the file, line and column.
 */
export function readSignalsCsv(path: string): { columns: SignalsColumns; rows: number } {
  let names: string[] | undefined;
  const text: (string | null)[][] = [];
  const nums: number[][] = [];
  let rows = 0;
  for (const [line, lineNo] of readLines(path)) {
    if (!names) {
      names = line.split(",").map((s) => s.trim());
      for (const need of ["direction", "session"]) {
        if (!names.includes(need)) throw new InputError(path, 1, 1, `expected a signals.csv header with a "${need}" column (as written by tda run)`);
      }
      for (const n of names) (TEXT.has(n) ? text : nums).push([]);
      continue;
    }
    if (line === "") continue;
    const f = splitCsv(line);
    if (f.length !== names.length) throw new InputError(path, lineNo, 1, `expected ${names.length} fields, got ${f.length}`);
    let t = 0, k = 0, col = 1;
    for (let c = 0; c < names.length; c++) {
      const v = f[c]!;
      if (TEXT.has(names[c]!)) text[t++]!.push(v === "" ? null : v);
      else {
        const x = v === "" ? NaN : Number(v);
        if (v !== "" && !Number.isFinite(x)) throw new InputError(path, lineNo, col, `${names[c]}: expected a number or empty, got "${v}"`);
        nums[k++]!.push(x);
      }
      col += v.length + 1;
    }
    rows++;
  }
  if (!names) throw new InputError(path, 1, 1, "empty file: expected a signals.csv header");
  const columns: SignalsColumns = {};
  let t = 0, k = 0;
  for (const n of names) columns[n] = TEXT.has(n) ? text[t++]! : Float64Array.from(nums[k++]!);
  return { columns, rows };
}

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
