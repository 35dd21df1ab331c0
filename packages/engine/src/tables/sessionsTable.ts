import type { OutputColumnsLike } from "./outputColumns.js";
import { TableValueError, typedColumns, type ColumnSpec, type ColumnValues, type TableMeta, type TypedTable } from "./typedTable.js";

/**
 * `sessions` (SPEC §9): one row per session with its auction facts (SPEC §6), the columns of
 * sessions.csv (pipeline's buildSessionsTable) typed — except `levels_known`, the packed string,
 * whose content is the `levels` table (levelsTable.ts), one row per level.
 */
export const SESSIONS_SCHEMA: readonly ColumnSpec[] = Object.freeze([
  { name: "session", type: "date", unit: "", doc: "trading day (SPEC §1)" },
  { name: "contract", type: "text", unit: "", doc: "contract of the session (the input's contract name)" },
  { name: "partial", type: "flag", unit: "", doc: "bars before a file's first session start, a partial session of their own" },
  { name: "bars", type: "int", unit: "bars", doc: "bars in the session" },
  { name: "rth_high", type: "float", unit: "points", doc: "RTH TPO profile high" },
  { name: "rth_low", type: "float", unit: "points", doc: "RTH TPO profile low" },
  { name: "poc", type: "float", unit: "points", doc: "TPO point of control" },
  { name: "vah", type: "float", unit: "points", doc: "TPO value area high" },
  { name: "val", type: "float", unit: "points", doc: "TPO value area low" },
  { name: "shape", type: "text", unit: "", doc: "profile shape: D, P, b or thin" },
  { name: "tpo_total", type: "int", unit: "tpo", doc: "TPOs in the RTH profile" },
  { name: "ib_high", type: "float", unit: "points", doc: "initial balance high (first RTH hour)" },
  { name: "ib_low", type: "float", unit: "points", doc: "initial balance low (first RTH hour)" },
  { name: "single_prints", type: "int", unit: "rows", doc: "profile rows with exactly one TPO" },
  { name: "volume_poc", type: "float", unit: "points", doc: "volume profile point of control" },
  { name: "volume_vah", type: "float", unit: "points", doc: "volume profile value area high" },
  { name: "volume_val", type: "float", unit: "points", doc: "volume profile value area low" },
  { name: "volume_from_footprint", type: "flag", unit: "", doc: "volume profile from the footprint (else each bar's volume spread evenly)" },
].map((c) => Object.freeze(c as ColumnSpec)));

/** Columns of sessions.csv that the typed sessions table leaves to the levels table. */
export const SESSIONS_CSV_ONLY: readonly string[] = Object.freeze(["levels_known"]);

/** The sessions table (sessions.csv's columns) typed by SESSIONS_SCHEMA. */
export function sessionsTable(table: OutputColumnsLike, meta: Omit<TableMeta, "kind">): TypedTable {
  const values: Record<string, ColumnValues> = {};
  for (const c of table.columns) {
    if (SESSIONS_CSV_ONLY.includes(c.name)) continue;
    if (!SESSIONS_SCHEMA.some((s) => s.name === c.name)) throw new TableValueError(c.name, -1, "sessions column missing from SESSIONS_SCHEMA (add its descriptor)");
    values[c.name] = c.values;
  }
  return typedColumns(SESSIONS_SCHEMA, values, { ...meta, kind: "sessions" });
}
