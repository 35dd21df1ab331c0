/** `buildReport`: the one document of a run's report, from the analysis and the run's extras. */
import type { FootprintSample, ProfileSample } from "@tda/engine";
import type { AnalysisResult } from "../analysis/analyze.js";
import { reportBody } from "./build-body.js";
import { type Columns, reportFigures } from "./build-figures.js";
import type { ReportDocument } from "./model.js";

export interface ReportInput {
  title: string;
  analysis: AnalysisResult;
  /** Signals table columns (the equity curve reads bracket_usd and direction). */
  columns: Columns;
  /** Footprint pictures of sample signals (none when the report comes from a signals file). */
  samples: readonly FootprintSample[];
  /** TPO profiles of the samples' sessions (engine `profileSamples`); none from a signals file. */
  profiles?: readonly ProfileSample[];
  /** Caveats of the run that wrote the signals table, shown before any number. */
  notices: readonly string[];
}

export function buildReport(r: ReportInput): ReportDocument {
  return {
    title: r.title,
    figures: reportFigures(r.analysis, r.columns, r.samples, r.notices, r.profiles),
    body: reportBody(r.analysis, { notices: r.notices }),
  };
}
