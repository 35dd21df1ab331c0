import { Command } from "commander";
import { basename, join, relative, resolve } from "node:path";
import { writeFileAtomic } from "@tda/engine";
import { loadConfig, type CommonOptions } from "../options.js";
import { completionMarker, withOutputFolder } from "../outputFolder.js";
import { sharedOptions } from "../sharedOptions.js";
import { Progress, say } from "../progress.js";
import { findSignalsFiles, readSignalsUnion } from "../signalsInputs.js";
import { writeReports } from "@tda/report";

interface AnalyzeOptions extends CommonOptions { out: string; seed?: string; groupBy?: string[] }

export function registerAnalyze(program: Command): void {
  program
    .command("analyze")
    .description("statistics of a signals table (signals.csv, signals.arrow or signals.parquet): groups, regressions, thresholds → stats.json, report.md, report.html; several files or folders (hive key=value/ partitions too) are merged in time order as tda run merges contracts")
    .argument("<signals...>", "signals.csv, signals.arrow or signals.parquet written by tda run, or folders holding them (searched below, key=value folders become columns)")
    .addOption(sharedOptions.outFolder())
    .addOption(sharedOptions.config())
    .addOption(sharedOptions.seed())
    .addOption(sharedOptions.groupBy())
    .addOption(sharedOptions.quiet())
    .addOption(sharedOptions.json())
    .action(async (given: string[], opts: AnalyzeOptions) => {
      const config = loadConfig(opts);
      const progress = new Progress(opts);
      const out = resolve(opts.out);
      const files = findSignalsFiles(given);
      const names = files.length === 1 ? basename(files[0]!.path) : files.map((f) => relative(process.cwd(), f.path) || basename(f.path));
      // staged like tda run: the three reports are replaced together or not at all
      const summary = await withOutputFolder(out, files.map((f) => f.path), async (dir) => {
        progress.update(`reading ${files.length} signals file(s)…`, true);
        const { columns, rows, notices } = await readSignalsUnion(files);
        progress.update(`analysing ${rows} rows…`, true);
        const title = files.length === 1 ? names as string : `${files.length} signals files`;
        const a = writeReports(dir, columns, config, { title: `Footprint signal report — ${title}`, samples: [], notices, groupBy: opts.groupBy });
        const summary = { out, inputs: files.length, rows, directional: a.counts.directional, groupsReported: a.groups.groups.length, pValues: a.pValues.length };
        writeFileAtomic(join(dir, "run.json"), JSON.stringify({ ...summary, out: undefined, inputs: undefined, signals: names, config, ...completionMarker("analyze") }, null, 2) + "\n");
        return summary;
      });
      progress.done();
      if (opts.json) process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
      say(opts, `tda analyze: ${summary.rows} rows${files.length > 1 ? ` from ${files.length} files` : ""}, ${summary.groupsReported} groups reported, ${summary.pValues} p-values → ${join(out, "report.md")}`);
    });
}
