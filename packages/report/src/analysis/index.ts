export {
  analyze, analyzeConcurrently, fitRegressionPart, regressionParts, runAnalysisPart,
  type AnalysisPart, type AnalysisPartResults, type AnalysisPartRunner, type AnalysisResult, type RegressionInput, type RegressionPart,
} from "./analyze.js";
export type { AnalyzeOptions, AnalysisSettings } from "./options.js";
export type { SignalCounts } from "./groups.js";
export type { CoefficientSummary, RegressionSummary } from "./regressions.js";
export { groupTestId } from "./p-values.js";
export type { InputColumn, SignalsTable } from "./signals-table.js";
export type { MarkComparison, MarkFamily, MarkId, MarkSide, MarksResult } from "./marks.js";
