import { join } from "node:path";
import { signalsCsvBytes, signalsTypedTable, sessionsTable, levelsTableFrom, writeArrowTable, writeParquetTable, writeFileAtomic, type PipelineResult, type TableMeta } from "@tda/engine";
import { capEchoed } from "./errors.js";

/** What `tda run` writes as tables: all of it plain data, so a worker thread can take a copy. */
export type OutputTables = Pick<PipelineResult, "table" | "sessions" | "levels" | "skipped"> & { meta: Omit<TableMeta, "kind"> };

/**
 * signals.csv, sessions.csv, signals.arrow, the three Parquet files and skipped.csv (if rows were
 * skipped) in `dir`. They depend on nothing the statistics compute, so with --threads a worker
 * writes them while the statistics run (run.ts). Returns the time it took, ms.
 */
export function writeOutputTables(dir: string, t: OutputTables): number {
  const started = performance.now();
  writeFileAtomic(join(dir, "signals.csv"), signalsCsvBytes(t.table));
  writeFileAtomic(join(dir, "sessions.csv"), signalsCsvBytes(t.sessions));
  // one typed convention for Arrow and Parquet (SPEC §9): zoned timestamps, dates, booleans, the config
  const signals = signalsTypedTable(t.table, t.meta);
  writeArrowTable(join(dir, "signals.arrow"), signals);
  writeParquetTable(join(dir, "signals.parquet"), signals);
  writeParquetTable(join(dir, "sessions.parquet"), sessionsTable(t.sessions, t.meta));
  writeParquetTable(join(dir, "levels.parquet"), levelsTableFrom(t.levels, t.meta));
  if (t.skipped.length) {
    const lines = ["file,line,column,reason", ...t.skipped.map((s) => `${JSON.stringify(s.file)},${s.line},${s.column},${JSON.stringify(capEchoed(s.reason))}`)];
    writeFileAtomic(join(dir, "skipped.csv"), lines.join("\n") + "\n");
  }
  return performance.now() - started;
}
