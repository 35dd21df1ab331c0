import { Command } from "commander";
import { closeSync, existsSync, openSync, readFileSync, readSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { writeFileAtomic } from "@tda/engine";
import { loadConfig, type CommonOptions } from "../options.js";
import { completionMarker, withOutputFolder } from "../outputFolder.js";
import { sharedOptions } from "../sharedOptions.js";
import { Progress, say } from "../progress.js";
import { InputError, SIGNAL_COLUMNS, csvColumnsOf, readSignalsCsv, readTypedTable, typedTableFormat, type SignalsColumns } from "@tda/engine";
import { writeReports } from "@tda/report";

interface AnalyzeOptions extends CommonOptions { out: string; seed?: string; groupBy?: string[] }

export function registerAnalyze(program: Command): void {
  program
    .command("analyze")
    .description("statistics of a signals table (signals.csv, signals.arrow or signals.parquet): groups, regressions, thresholds → stats.json, report.md, report.html")
    .argument("<signals>", "signals.csv, signals.arrow or signals.parquet written by tda run")
    .addOption(sharedOptions.outFolder())
    .addOption(sharedOptions.config())
    .addOption(sharedOptions.seed())
    .addOption(sharedOptions.groupBy())
    .addOption(sharedOptions.quiet())
    .addOption(sharedOptions.json())
    .action(async (file: string, opts: AnalyzeOptions) => {
      const config = loadConfig(opts);
      const progress = new Progress(opts);
      const out = resolve(opts.out);
      // staged like tda run: the three reports are replaced together or not at all
      const summary = await withOutputFolder(out, [resolve(file)], async (dir) => {
        progress.update("reading signals…", true);
        const { columns, rows } = await readSignals(resolve(file));
        progress.update(`analysing ${rows} rows…`, true);
        const notices = runNotices(resolve(file));
        const a = writeReports(dir, columns, config, { title: `Footprint signal report — ${file.split(/[\\/]/).pop()}`, samples: [], notices, groupBy: opts.groupBy });
        const summary = { out, rows, directional: a.counts.directional, groupsReported: a.groups.groups.length, pValues: a.pValues.length };
        writeFileAtomic(join(dir, "run.json"), JSON.stringify({ ...summary, out: undefined, signals: file.split(/[\\/]/).pop(), config, ...completionMarker("analyze") }, null, 2) + "\n");
        return summary;
      });
      progress.done();
      if (opts.json) process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
      say(opts, `tda analyze: ${summary.rows} rows, ${summary.groupsReported} groups reported, ${summary.pValues} p-values → ${join(out, "report.md")}`);
    });
}

/**
 * A signals table from CSV, or from Arrow IPC / Parquet (told by the file's magic bytes, not its
 * name) in the form the CSV reads into, so every format gives the same analysis.
 */
async function readSignals(path: string): Promise<{ columns: SignalsColumns; rows: number }> {
  const head = new Uint8Array(8);
  let got = 0;
  try {
    const fd = openSync(path, "r");
    try { got = readSync(fd, head, 0, 8, 0); } finally { closeSync(fd); }
  } catch {
    return readSignalsCsv(path); // its own error names the file
  }
  if (!typedTableFormat(head.subarray(0, got))) return readSignalsCsv(path);
  const table = await readTypedTable(path);
  const columns = csvColumnsOf(table);
  for (const need of [SIGNAL_COLUMNS.direction, SIGNAL_COLUMNS.session]) {
    if (!(need in columns)) throw new InputError(path, 0, 0, `expected a signals table with a "${need}" column (as written by tda run)`);
  }
  return { columns, rows: table.length };
}

/** The notices of the run that wrote this signals.csv (its run.json beside it), so the report keeps its caveats. */
function runNotices(signalsPath: string): string[] {
  const runJson = join(dirname(signalsPath), "run.json");
  if (!existsSync(runJson)) return [];
  try {
    const notices = (JSON.parse(readFileSync(runJson, "utf8")) as { notices?: unknown }).notices;
    return Array.isArray(notices) ? notices.filter((n): n is string => typeof n === "string") : [];
  } catch {
    return [];
  }
}
