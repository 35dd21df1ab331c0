import { arrowTableBytes } from "../tables/arrowTable.js";
import { typedFromOutputColumns } from "../tables/outputColumns.js";
import type { TableMeta, TypedTable } from "../tables/typedTable.js";
import type { SignalsTable } from "./signalsTable.js";

/**
 * The signals table typed by signalsSchema (SPEC §9): the one convention of every Arrow and Parquet
 * file the tool writes (tables/typedTable.ts) — time as Timestamp(µs, exchange zone), session as a
 * date, flags as booleans, text dictionary-encoded, the run's configuration in the metadata.
 */
export function signalsTypedTable(table: SignalsTable, meta: Omit<TableMeta, "kind">): TypedTable {
  return typedFromOutputColumns(table, { ...meta, kind: "signals" });
}

/** The signals table as an Arrow IPC file (`signals.arrow`), typed as signalsTypedTable. */
export function signalsArrow(table: SignalsTable, meta: Omit<TableMeta, "kind">): Uint8Array {
  return arrowTableBytes(signalsTypedTable(table, meta));
}
