import { signalColumn } from "../signalsSchema.js";
import { isoExchangeTime, timeZone } from "../timeZone.js";
import { columnNumbers, columnStrings, typedColumns, type ColumnSpec, type ColumnValues, type TableMeta, type TypedTable } from "./typedTable.js";

/**
 * The shape of the engine's columnar output tables (pipeline's SignalsTable / sessions table):
 * numbers with NaN for empty, or strings with null for empty. Declared here structurally so this
 * module does not depend on where the pipeline keeps its types.
 */
export interface OutputColumnsLike {
  length: number;
  columns: readonly (
    | { name: string; type: "float" | "int"; values: Float64Array }
    | { name: string; type: "string"; values: readonly (string | null)[] }
  )[];
}

/**
 * The descriptor of each output column: from `schema` when it lists the name, else from
 * signalsSchema (SPEC §9's fixed columns, any horizon), else from the column's own type (`string`
 * → text, `int` → int, `float` → float) with no unit — the §5 imbalance and auction columns and
 * whatever else follows the fixed ones.
 */
export function specsOf(table: OutputColumnsLike, schema: readonly ColumnSpec[] = []): ColumnSpec[] {
  const given = new Map(schema.map((c) => [c.name, c]));
  return table.columns.map((c) => {
    const s = given.get(c.name) ?? signalColumn(c.name);
    if (s) return { name: s.name, type: s.type, unit: s.unit, doc: s.doc, ...((s as ColumnSpec).bits ? { bits: (s as ColumnSpec).bits } : {}) };
    return { name: c.name, type: c.type === "string" ? "text" : c.type, unit: "", doc: "" };
  });
}

/** An engine output table (signals, sessions) as a typed table, columns in the same order. */
export function typedFromOutputColumns(table: OutputColumnsLike, meta: TableMeta, schema: readonly ColumnSpec[] = []): TypedTable {
  const values: Record<string, ColumnValues> = {};
  for (const c of table.columns) values[c.name] = c.values;
  return typedColumns(specsOf(table, schema), values, meta);
}

/**
 * A typed table back in the form signals.csv reads into (readSignalsCsv): numbers with NaN for
 * empty, text with null for empty, timestamps as the CSV writes them (ISO 8601 in the table's zone
 * with its offset, to the ms), dates as YYYY-MM-DD — so an analysis of signals.arrow or
 * signals.parquet is the analysis of signals.csv, to the byte.
 */
export function csvColumnsOf(t: TypedTable): Record<string, Float64Array | (string | null)[]> {
  const zone = timeZone(t.meta.timeZone);
  const out: Record<string, Float64Array | (string | null)[]> = {};
  for (const c of t.columns) {
    if (c.kind === "timestamp") {
      out[c.spec.name] = Array.from(c.values, (us, i) =>
        c.valid && !c.valid[i] ? null : isoExchangeTime(us, zone.offsetAt(Math.floor(us / 1000))));
    } else if (c.kind === "text" || c.kind === "date") {
      out[c.spec.name] = columnStrings(c);
    } else {
      const x = columnNumbers(c);
      // the CSV writes -0 as 0
      for (let i = 0; i < x.length; i++) if (Object.is(x[i], -0)) x[i] = 0;
      out[c.spec.name] = x;
    }
  }
  return out;
}
