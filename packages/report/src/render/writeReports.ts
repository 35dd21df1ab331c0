import { join } from "node:path";
import { writeFileAtomic, type Config, type FootprintSample, type ProfileSample } from "@tda/engine";
import { analyze, type AnalysisResult } from "../analysis/analyze.js";
import { buildReport } from "../document/build.js";
import type { Columns } from "../document/build-figures.js";
import { renderHtml } from "./html.js";
import { renderMarkdown } from "./markdown.js";

export type { Columns };

/**
 * The statistics step (SPEC §8) and its outputs: stats.json, report.md and report.html in `out`.
 * Deterministic: the same columns and config give the same bytes.
 */
export function writeReports(
  out: string,
  columns: Columns,
  config: Config,
  extra: {
    title: string; samples: FootprintSample[]; profiles?: ProfileSample[]; notices: string[]; groupBy?: string[]; horizons?: readonly number[];
    /** Charges the statistics and the writing of the report to their stages (`tda run --timings`). */
    time?: <T>(stage: "statistics" | "report", fn: () => T) => T;
  },
): AnalysisResult {
  const time = extra.time ?? (<T>(_stage: string, fn: () => T): T => fn());
  for (const g of extra.groupBy ?? []) {
    if (!(g in columns)) throw new Error(`--group-by: no column "${g}" in the signals table (columns: ${Object.keys(columns).join(", ")})`);
  }
  // The stats settings pass under their config names; the horizons only when the caller knows the
  // table was written with them (a signals file read back carries its own ret_<h> columns).
  const analysis = time("statistics", () => analyze(columns, {
    ...config.stats,
    maxHorizon: config.outcomes.maxHorizon,
    ...(extra.horizons ? { horizons: [...extra.horizons] } : {}),
    groupBy: extra.groupBy,
  }));
  time("report", () => {
    const doc = buildReport({ title: extra.title, analysis, columns, samples: extra.samples, ...(extra.profiles ? { profiles: extra.profiles } : {}), notices: extra.notices });
    writeFileAtomic(join(out, "stats.json"), JSON.stringify(analysis, null, 2) + "\n");
    writeFileAtomic(join(out, "report.md"), renderMarkdown(doc));
    writeFileAtomic(join(out, "report.html"), renderHtml(doc));
  });
  return analysis;
}
