import { join } from "node:path";
import { writeFileAtomic, type Config, type FootprintSample, type ProfileSample } from "@tda/engine";
import { analyze, analyzeConcurrently, type AnalysisPartRunner, type AnalysisResult } from "../analysis/analyze.js";
import type { AnalyzeOptions } from "../analysis/options.js";
import { buildReport } from "../document/build.js";
import type { Columns } from "../document/build-figures.js";
import { renderHtml } from "./html.js";
import { renderMarkdown } from "./markdown.js";

export type { Columns };

export interface ReportExtras {
  title: string; samples: FootprintSample[]; profiles?: ProfileSample[]; notices: string[]; groupBy?: string[]; horizons?: readonly number[];
  /** Charges the statistics and the writing of the report to their stages (`tda run --timings`). */
  time?: <T>(stage: "statistics" | "report", fn: () => T) => T;
}

/**
 * The statistics step (SPEC §8) and its outputs: stats.json, report.md and report.html in `out`.
 * Deterministic: the same columns and config give the same bytes.
 */
export function writeReports(out: string, columns: Columns, config: Config, extra: ReportExtras): AnalysisResult {
  const time = timer(extra);
  const analysis = time("statistics", () => analyze(columns, analyzeOptions(columns, config, extra)));
  time("report", () => writeReportFiles(out, columns, analysis, extra));
  return analysis;
}

/**
 * writeReports with the parts of the statistics run by `run` (worker threads and this thread,
 * `tda run --threads`), the regressions in `regressionSplits` parts: the same bytes (analyzeConcurrently).
 * `charge` gets the statistics' wall time (on this thread, waiting included) and the report's.
 */
export async function writeReportsConcurrently(
  out: string, columns: Columns, config: Config, extra: ReportExtras & { charge?: (stage: "statistics" | "report", ms: number) => void }, run: AnalysisPartRunner, regressionSplits = 1,
): Promise<AnalysisResult> {
  const started = performance.now();
  let analysis: AnalysisResult;
  try {
    analysis = await analyzeConcurrently(columns, analyzeOptions(columns, config, extra), run, regressionSplits);
  } finally {
    extra.charge?.("statistics", performance.now() - started);
  }
  const reported = performance.now();
  try {
    writeReportFiles(out, columns, analysis, extra);
  } finally {
    extra.charge?.("report", performance.now() - reported);
  }
  return analysis;
}

const timer = (extra: ReportExtras) => extra.time ?? (<T>(_stage: string, fn: () => T): T => fn());

function analyzeOptions(columns: Columns, config: Config, extra: ReportExtras): AnalyzeOptions {
  for (const g of extra.groupBy ?? []) {
    if (!(g in columns)) throw new Error(`--group-by: no column "${g}" in the signals table (columns: ${Object.keys(columns).join(", ")})`);
  }
  // The stats settings pass under their config names; the horizons only when the caller knows the
  // table was written with them (a signals file read back carries its own ret_<h> columns).
  return {
    ...config.stats,
    maxHorizon: config.outcomes.maxHorizon,
    ...(extra.horizons ? { horizons: [...extra.horizons] } : {}),
    groupBy: extra.groupBy,
  };
}

function writeReportFiles(out: string, columns: Columns, analysis: AnalysisResult, extra: ReportExtras): void {
  const doc = buildReport({ title: extra.title, analysis, columns, samples: extra.samples, ...(extra.profiles ? { profiles: extra.profiles } : {}), notices: extra.notices });
  writeFileAtomic(join(out, "stats.json"), JSON.stringify(analysis, null, 2) + "\n");
  writeFileAtomic(join(out, "report.md"), renderMarkdown(doc));
  writeFileAtomic(join(out, "report.html"), renderHtml(doc));
}
