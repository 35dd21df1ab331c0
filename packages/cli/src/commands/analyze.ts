import { Command } from "commander";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { loadConfig, type CommonOptions } from "../options.js";
import { Progress, say } from "../progress.js";
import { readSignalsCsv } from "@tda/engine";
import { writeReports } from "@tda/report";

interface AnalyzeOptions extends CommonOptions { out: string; seed?: string; groupBy?: string[] }

export function registerAnalyze(program: Command): void {
  program
    .command("analyze")
    .description("statistics of a signals.csv: groups, regressions, thresholds → stats.json, report.md, report.html")
    .argument("<signals>", "signals.csv written by tda run")
    .requiredOption("-o, --out <dir>", "output folder")
    .option("-c, --config <file>", "JSON config (the stats settings are used)")
    .option("--seed <n>", "seed of the bootstrap")
    .option("--group-by <columns...>", "extra grouping columns of the signals table for the statistics (e.g. level_kind)")
    .option("-q, --quiet", "print nothing but errors")
    .option("--json", "print a JSON summary on stdout")
    .action((file: string, opts: AnalyzeOptions) => {
      const config = loadConfig(opts);
      const progress = new Progress(opts);
      progress.update("reading signals…", true);
      const { columns, rows } = readSignalsCsv(resolve(file));
      progress.update(`analysing ${rows} rows…`, true);
      const out = resolve(opts.out);
      const notices = runNotices(resolve(file));
      const a = writeReports(out, columns, config, { title: `Footprint signal report — ${file.split(/[\\/]/).pop()}`, samples: [], notices, groupBy: opts.groupBy });
      progress.done();
      const summary = { out, rows, directional: a.counts.directional, groupsReported: a.groups.groups.length, pValues: a.pValues.length };
      if (opts.json) process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
      say(opts, `tda analyze: ${rows} rows, ${summary.groupsReported} groups reported, ${summary.pValues} p-values → ${out}/report.md`);
    });
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
