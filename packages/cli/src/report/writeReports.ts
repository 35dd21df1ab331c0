import { join } from "node:path";
import { analyze, renderMarkdown, type AnalysisResult } from "@tda/stats";
import { writeFileAtomic, type Config, type FootprintSample } from "@tda/engine";
import { renderHtml } from "./html.js";

export type Columns = Record<string, Float64Array | (string | null)[]>;

/**
 * The statistics step (SPEC §8) and its outputs: stats.json, report.md and report.html in `out`.
 * Deterministic: the same columns and config give the same bytes.
 */
export function writeReports(out: string, columns: Columns, config: Config, extra: { title: string; samples: FootprintSample[]; notices: string[]; groupBy?: string[] }): AnalysisResult {
  for (const g of extra.groupBy ?? []) {
    if (!(g in columns)) throw new Error(`--group-by: no column "${g}" in the signals table (columns: ${Object.keys(columns).join(", ")})`);
  }
  const analysis = analyze(columns, {
    minGroupN: config.stats.minGroupSize,
    alpha: config.stats.alpha,
    seed: config.stats.seed,
    trainFraction: config.stats.trainShare,
    bootstrapReps: config.stats.bootstrapSamples,
    maxHorizon: config.outcomes.maxHorizon,
    groupBy: extra.groupBy,
  });
  const markdown = renderMarkdown(analysis, { notices: extra.notices });
  writeFileAtomic(join(out, "stats.json"), JSON.stringify(analysis, null, 2) + "\n");
  writeFileAtomic(join(out, "report.md"), markdown);
  writeFileAtomic(join(out, "report.html"), renderHtml({ title: extra.title, analysis, markdown, columns, samples: extra.samples, notices: extra.notices }));
  return analysis;
}
