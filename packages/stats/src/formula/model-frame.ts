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
  const nTable = table[parsed.response]!.length;
  const candidate = options.rows ?? Array.from({ length: nTable }, (_, i) => i);
  const rows = candidate.filter((r) => [parsed.response, ...varNames].every((name) => !isMissing(table[name]![r])));
  const n = rows.length;
  const y = Float64Array.from(rows, (r) => toNumber(table[parsed.response]![r]));
  if (y.some((v) => typeof v !== "number" || Number.isNaN(v))) throw new Error(`model frame: response "${parsed.response}" is not numeric`);

  const variables: VariableInfo[] = [];
  const columnsOf = new Map<string, { label: string; values: Float64Array }[]>();
  for (const name of varNames) {
    const col = table[name]!;
    const raw = rows.map((r) => col[r]);
    if (raw.some((v) => typeof v === "string")) {
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
    const values = Float64Array.from(raw, toNumber);
    const isBoolean = !options.continuous?.includes(name) && values.every((v) => v === 0 || v === 1);
    if (isBoolean) {
      variables.push({ name, kind: "boolean", centre: null });
      columnsOf.set(name, [{ label: name, values }]);
      continue;
    }
    let centre: number | null = null;
    if (options.centre ?? true) {
      let s = 0;
      for (const v of values) s += v;
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
    let acc: { label: string; values: Float64Array }[] = [{ label: "", values: new Float64Array(n).fill(1) }];
    for (const v of term) {
      const next: typeof acc = [];
      for (const a of acc)
        for (const c of columnsOf.get(v)!)
          next.push({
            label: a.label ? `${a.label}:${c.label}` : c.label,
            values: a.values.map((x, i) => x * c.values[i]!),
          });
      acc = next;
    }
    for (const a of acc) {
      names.push(a.label);
      columns.push(a.values);
    }
  }
  return {
    response: parsed.response,
    y,
    design: { names, columns },
    rows,
    dropped: candidate.length - n,
    variables,
  };
}
