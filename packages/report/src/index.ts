/**
 * @tda/report — the analysis of a signals table (SPEC §8 on the table of SPEC §9) and every
 * rendering of it: one document model built once, rendered to Markdown and to the HTML page.
 */
export * from "./analysis/index.js";
export { formatP, num, pct } from "./document/format.js";
export * from "./document/model.js";
export { reportBody, type BodyOptions } from "./document/build-body.js";
export { barelyVaries, equityCurve, reportFigures, type Columns } from "./document/build-figures.js";
export { buildReport, type ReportInput } from "./document/build.js";
export { renderMarkdown } from "./render/markdown.js";
export { renderHtml } from "./render/html.js";
export { barChart, lineChart, type Series } from "./render/svg.js";
export { footprintSvg, tradeExit, type FootprintSample } from "./render/footprint.js";
export { tpoSvg, tpoRows, periodLetter } from "./render/tpo.js";
export { writeReports, writeReportsConcurrently, type ReportExtras } from "./render/writeReports.js";
export { sweepPointFigures, type SweepPointFigures, type SweepPointTrials, type SweepPointResult, type SweepRuleLabel } from "./sweep/point-figures.js";
export { sweepFigures, ruleText, type SweepFigures, type SweepSearchSettings } from "./sweep/sweep-figures.js";
export { buildSweepReport, type SweepReportInput } from "./document/build-sweep.js";
