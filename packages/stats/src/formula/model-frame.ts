/**
 * Turn a table of columns and a formula into a regression design (the "model frame"):
 *
 * - rows with a missing value (null, NaN, "" or undefined) in the response or in any variable the
 *   formula uses are dropped and counted;
 * - a numeric variable whose values are all 0/1 (or a boolean column) enters as 0/1 unchanged,
 *   unless it is listed in `continuous` (a continuous feature that happens to take only 0 and 1 in
 *   the kept rows, e.g. close_location of bars that all closed at an extreme, is still centred);
 * - any other numeric variable is continuous and is centred at its mean over the kept rows (option
 *   `centre`, default on), so that in `a*b` the main effect of `a` is its effect at the mean of `b`
 *   and the interaction is less collinear with the main effects;
 * - a string variable is categorical with treatment coding against its first level in sort order
 *   (or `reference[name]`); an interaction is the product of the columns of its variables.
 */
import type { Design } from "../regression/design.js";
import { parseFormula } from "./parse-formula.js";

export type Column = ArrayLike<number | null> | readonly (string | null)[] | readonly (boolean | null)[];
export type Table = Record<string, Column>;

export interface ModelFrameOptions {
  /** Only consider these rows (default: all). */
  rows?: readonly number[];
  /** Centre continuous variables (default true). */
  centre?: boolean;
  /** Numeric variables always treated as continuous (centred), even when every value is 0 or 1. */
  continuous?: readonly string[];
  /** Reference level per categorical variable. */
  reference?: Record<string, string>;
}

export type VariableKind = "continuous" | "boolean" | "categorical";

export interface VariableInfo {
  name: string;
  kind: VariableKind;
  /** Mean subtracted from a continuous variable (null when not centred or not continuous). */
  centre: number | null;
  levels?: string[];
  reference?: string;
}

export interface ModelFrame {
  response: string;
  y: Float64Array;
  design: Design;
  /** Indices (into the table) of the rows kept, in order. */
  rows: number[];
  /** Rows considered but dropped for a missing value. */
  dropped: number;
  variables: VariableInfo[];
}

export function isMissing(v: unknown): boolean {
  return v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v));
}

function toNumber(v: unknown): number {
  return typeof v === "boolean" ? (v ? 1 : 0) : (v as number);
}

export function modelFrame(table: Table, formula: string, options: ModelFrameOptions = {}): ModelFrame {
  const parsed = parseFormula(formula);
  const varNames: string[] = [];
  for (const t of parsed.terms) for (const v of t) if (!varNames.includes(v)) varNames.push(v);
  for (const name of [parsed.response, ...varNames])
    if (!(name in table)) throw new Error(`model frame: column "${name}" is not in the table`);
  const responseCol = table[parsed.response]!;
  const nTable = responseCol.length;
  // plain loops throughout: no array or closure per row (this ran per row × variable before)
  const checked: Column[] = [responseCol, ...varNames.map((name) => table[name]!)];
  const candidate = options.rows;
  const nCandidate = candidate ? candidate.length : nTable;
  const rows: number[] = [];
  for (let c = 0; c < nCandidate; c++) {
    const r = candidate ? candidate[c]! : c;
    let complete = true;
    for (let j = 0; j < checked.length; j++)
      if (isMissing(checked[j]![r])) {
        complete = false;
        break;
      }
    if (complete) rows.push(r);
  }
  const n = rows.length;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) y[i] = toNumber(responseCol[rows[i]!]);
  for (let i = 0; i < n; i++) if (Number.isNaN(y[i]!)) throw new Error(`model frame: response "${parsed.response}" is not numeric`);

  const variables: VariableInfo[] = [];
  const columnsOf = new Map<string, { label: string; values: Float64Array }[]>();
  for (const name of varNames) {
    const col = table[name]!;
    let isText = false;
    for (let i = 0; i < n; i++)
      if (typeof col[rows[i]!] === "string") {
        isText = true;
        break;
      }
    if (isText) {
      const raw = rows.map((r) => col[r]);
      const levels = [...new Set(raw as string[])].sort();
      const reference = options.reference?.[name] ?? levels[0]!;
      variables.push({ name, kind: "categorical", centre: null, levels, reference });
      columnsOf.set(
        name,
        levels
          .filter((l) => l !== reference)
          .map((l) => ({ label: `${name}[${l}]`, values: Float64Array.from(raw, (v) => (v === l ? 1 : 0)) })),
      );
      continue;
    }
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = toNumber(col[rows[i]!]);
    let zeroOne = true;
    for (let i = 0; i < n && zeroOne; i++) zeroOne = values[i] === 0 || values[i] === 1;
    const isBoolean = !options.continuous?.includes(name) && zeroOne;
    if (isBoolean) {
      variables.push({ name, kind: "boolean", centre: null });
      columnsOf.set(name, [{ label: name, values }]);
      continue;
    }
    let centre: number | null = null;
    if (options.centre ?? true) {
      let s = 0;
      for (let i = 0; i < n; i++) s += values[i]!;
      centre = n ? s / n : 0;
      for (let i = 0; i < n; i++) values[i] = values[i]! - centre;
    }
    variables.push({ name, kind: "continuous", centre });
    columnsOf.set(name, [{ label: name, values }]);
  }

  const names: string[] = [];
  const columns: Float64Array[] = [];
  if (parsed.intercept) {
    names.push("Intercept");
    columns.push(new Float64Array(n).fill(1));
  }
  for (const term of parsed.terms) {
    // the product of the term's columns left to right, starting from a column of ones (1·x = x
    // exactly, so the first factor is copied rather than multiplied)
    let acc: { label: string; values: Float64Array | null }[] = [{ label: "", values: null }];
    for (const v of term) {
      const next: typeof acc = [];
      for (const a of acc)
        for (const c of columnsOf.get(v)!) {
          const cv = c.values;
          let values: Float64Array;
          if (a.values === null) values = Float64Array.from(cv);
          else {
            const av = a.values;
            values = new Float64Array(n);
            for (let i = 0; i < n; i++) values[i] = av[i]! * cv[i]!;
          }
          next.push({ label: a.label ? `${a.label}:${c.label}` : c.label, values });
        }
      acc = next;
    }
    for (const a of acc) {
      names.push(a.label);
      columns.push(a.values ?? new Float64Array(n).fill(1));
    }
  }
  return {
    response: parsed.response,
    y,
    design: { names, columns },
    rows,
    dropped: nCandidate - n,
    variables,
  };
}
