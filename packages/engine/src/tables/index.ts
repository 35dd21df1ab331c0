// Typed tables (SPEC §9): one convention for every Arrow and Parquet file the tool writes, and the
// reader that brings them back. See typedTable.ts for the type mapping.
export * from "./typedTable.js";
export * from "./arrowTable.js";
export * from "./parquetTable.js";
export * from "./readTypedTable.js";
export * from "./outputColumns.js";
export * from "./levelsTable.js";
export * from "./sessionsTable.js";
export * from "./barsTable.js";
