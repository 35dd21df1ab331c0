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

// The per-row loops are small functions of their own, each with a Float64Array path (what the
// analysis passes) and the generic one: modelFrame runs a few times per process, and a loop inside
// a long function runs in the interpreter until on-stack replacement compiles it; a small function
// called once per column is compiled after its first calls and stays compiled. Same operations in
// the same order, so the same frame.

/** Clear keep[c] for every candidate c whose value in `col` is missing (isMissing). */
function markMissing(col: Column, candidate: readonly number[] | undefined, nCandidate: number, keep: Uint8Array): void {
  if (col instanceof Float64Array) {
    // what isMissing sees in a Float64Array: a number (missing as NaN) or, off its end, undefined
    for (let c = 0; c < nCandidate; c++) {
      const v = col[candidate ? candidate[c]! : c];
      if (v === undefined || v !== v) keep[c] = 0;
    }
    return;
  }
  for (let c = 0; c < nCandidate; c++) if (isMissing(col[candidate ? candidate[c]! : c])) keep[c] = 0;
}

/** The numeric values of `col` at `rows` (booleans as 0/1). */
function gatherNumbers(col: Column, rows: readonly number[], n: number): Float64Array {
  const out = new Float64Array(n);
  if (col instanceof Float64Array) for (let i = 0; i < n; i++) out[i] = col[rows[i]!]!;
  else for (let i = 0; i < n; i++) out[i] = toNumber(col[rows[i]!]);
  return out;
}

function hasText(col: Column, rows: readonly number[], n: number): boolean {
  if (col instanceof Float64Array) return false;
  for (let i = 0; i < n; i++) if (typeof col[rows[i]!] === "string") return true;
  return false;
}

function anyNaN(v: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (Number.isNaN(v[i]!)) return true;
  return false;
}

function allZeroOne(v: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (!(v[i] === 0 || v[i] === 1)) return false;
  return true;
}

/** Subtract the mean (Σ in row order / n; 0 when n = 0) in place; returns it. */
function centreInPlace(v: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += v[i]!;
  const centre = n ? s / n : 0;
  for (let i = 0; i < n; i++) v[i] = v[i]! - centre;
  return centre;
}

function product(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!;
  return out;
}

export function modelFrame(table: Table, formula: string, options: ModelFrameOptions = {}): ModelFrame {
  const parsed = parseFormula(formula);
  const varNames: string[] = [];
  for (const t of parsed.terms) for (const v of t) if (!varNames.includes(v)) varNames.push(v);
  for (const name of [parsed.response, ...varNames])
    if (!(name in table)) throw new Error(`model frame: column "${name}" is not in the table`);
  const responseCol = table[parsed.response]!;
  const nTable = responseCol.length;
  const checked: Column[] = [responseCol, ...varNames.map((name) => table[name]!)];
  const candidate = options.rows;
  const nCandidate = candidate ? candidate.length : nTable;
  // complete rows: one pass per checked column over the candidates, then the survivors in order
  const keep = new Uint8Array(nCandidate).fill(1);
  for (const col of checked) markMissing(col, candidate, nCandidate, keep);
  const rows: number[] = [];
  for (let c = 0; c < nCandidate; c++) if (keep[c] === 1) rows.push(candidate ? candidate[c]! : c);
  const n = rows.length;
  const y = gatherNumbers(responseCol, rows, n);
  if (anyNaN(y, n)) throw new Error(`model frame: response "${parsed.response}" is not numeric`);

  const variables: VariableInfo[] = [];
  const columnsOf = new Map<string, { label: string; values: Float64Array }[]>();
  for (const name of varNames) {
    const col = table[name]!;
    if (hasText(col, rows, n)) {
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
    const values = gatherNumbers(col, rows, n);
    const isBoolean = !options.continuous?.includes(name) && allZeroOne(values, n);
    if (isBoolean) {
      variables.push({ name, kind: "boolean", centre: null });
      columnsOf.set(name, [{ label: name, values }]);
      continue;
    }
    const centre = options.centre ?? true ? centreInPlace(values, n) : null;
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
        for (const c of columnsOf.get(v)!)
          next.push({ label: a.label ? `${a.label}:${c.label}` : c.label, values: a.values === null ? c.values.slice() : product(a.values, c.values, n) });
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
