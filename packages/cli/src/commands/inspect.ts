import { Command, Option } from "commander";
import { closeSync, openSync, readSync } from "node:fs";
import { columnNumbers, dateName, formatInspectReport, inspectInput, isoExchangeTime, loadColumnMap, readTypedTable, timeZone, typedTableFormat, type InputFormat, type TypedTable } from "@tda/engine";
import { loadConfig, type CommonOptions } from "../options.js";
import { sharedOptions } from "../sharedOptions.js";

interface InspectOptions extends CommonOptions { inputFormat?: InputFormat; columnMap?: string; sourceTimeZone?: string }

/** `tda inspect <file> [--input-format <f>] [--column-map <preset|file>] [--json]`: what a file is and holds. */
export function registerInspect(program: Command): void {
  program
    .command("inspect")
    .description("say what an input file is and what it holds: format, contract, first/last time, sessions, rows, missing features")
    .argument("<file>", "input file (Sierra bar or study export, .scid, time and sales, trade CSV, Arrow IPC)")
    .addOption(sharedOptions.inputFormat())
    .addOption(sharedOptions.columnMap())
    .addOption(sharedOptions.config())
    .addOption(sharedOptions.instrument())
    .addOption(sharedOptions.tz())
    .addOption(sharedOptions.sourceTz())
    // the earlier spelling, kept working but out of --help: one name per meaning (docs/decisions.md)
    .addOption(new Option("--source-time-zone <zone>", "the earlier name of --source-tz").hideHelp())
    .addOption(sharedOptions.json())
    .action(async (file: string, o: InspectOptions) => {
      const table = await tdaTable(file);
      if (table) {
        const report = tableReport(file, table);
        process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatTableReport(report)}\n`);
        return;
      }
      const config = loadConfig({ ...o, sourceTz: o.sourceTz ?? o.sourceTimeZone });
      const report = inspectInput(file, config, { format: o.inputFormat, columnMap: o.columnMap ? loadColumnMap(o.columnMap) : undefined });
      process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatInspectReport(report)}\n`);
    });
}

/**
 * A table tda wrote (signals.arrow, signals/sessions/levels.parquet: its `tda.kind` metadata says
 * so), read back through the typed-table reader; undefined for anything else — an Arrow file of
 * bars or ticks from elsewhere is an input and goes to inspectInput.
 */
async function tdaTable(file: string): Promise<TypedTable | undefined> {
  const head = new Uint8Array(8);
  let got = 0;
  try {
    const fd = openSync(file, "r");
    try { got = readSync(fd, head, 0, 8, 0); } finally { closeSync(fd); }
  } catch {
    return undefined; // inspectInput names the file and what is wrong
  }
  const format = typedTableFormat(head.subarray(0, got));
  if (!format) return undefined;
  if (format === "parquet") return readTypedTable(file);
  try {
    const t = await readTypedTable(file);
    return t.meta.kind ? t : undefined;
  } catch {
    return undefined;
  }
}

interface TableReport {
  file: string;
  kind: string;
  rows: number;
  timeZone: string;
  version: string;
  first: string | null;
  last: string | null;
  sessions: number | null;
  columns: { name: string; type: string; unit: string; nulls: number }[];
}

function tableReport(file: string, t: TypedTable): TableReport {
  const time = t.columns.find((c) => c.kind === "timestamp");
  const session = t.columns.find((c) => c.kind === "date" && c.spec.name === "session");
  let first: string | null = null, last: string | null = null;
  if (time) {
    const zone = timeZone(t.meta.timeZone);
    const x = columnNumbers(time).filter((v) => !Number.isNaN(v));
    if (x.length) {
      const lo = x.reduce((a, b) => Math.min(a, b)), hi = x.reduce((a, b) => Math.max(a, b));
      first = isoExchangeTime(lo, zone.offsetAt(Math.floor(lo / 1000)));
      last = isoExchangeTime(hi, zone.offsetAt(Math.floor(hi / 1000)));
    }
  } else if (session) {
    const x = columnNumbers(session).filter((v) => !Number.isNaN(v));
    if (x.length) { first = dateName(Math.min(...x)); last = dateName(Math.max(...x)); }
  }
  return {
    file, kind: t.meta.kind || "(not named)", rows: t.length, timeZone: t.meta.timeZone, version: t.meta.version,
    first, last,
    sessions: session ? new Set(columnNumbers(session).filter((v) => !Number.isNaN(v))).size : null,
    columns: t.columns.map((c) => ({ name: c.spec.name, type: c.spec.type, unit: c.spec.unit, nulls: c.nullCount })),
  };
}

function formatTableReport(r: TableReport): string {
  const lines = [
    `${r.file}: a ${r.kind} table written by tda ${r.version || "(version unknown)"}`,
    `  rows:      ${r.rows}`,
    `  time zone: ${r.timeZone}`,
  ];
  if (r.first) lines.push(`  first:     ${r.first}`, `  last:      ${r.last}`);
  if (r.sessions !== null) lines.push(`  sessions:  ${r.sessions}`);
  lines.push(`  columns (${r.columns.length}):`);
  for (const c of r.columns) lines.push(`    ${c.name.padEnd(24)} ${c.type}${c.unit ? ` (${c.unit})` : ""}${c.nulls ? `, ${c.nulls} empty` : ""}`);
  return lines.join("\n");
}
