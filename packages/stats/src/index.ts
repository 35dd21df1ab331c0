/**
 * @tda/stats — regression with robust covariances, accurate distribution tails, multiple testing,
 * group summaries, threshold search with data-snooping checks, and the signals-table analysis.
 * Usable on its own with plain columns of numbers.
 */
export * from "./distributions/index.js";
export * from "./regression/index.js";
export { dropAliasedColumns } from "./regression/drop-aliased.js";
export * from "./formula/index.js";
export * from "./multiple-testing/index.js";
export * from "./summaries/index.js";
export * from "./thresholds/index.js";
export {
  analyze,
  type AnalyzeOptions,
  type AnalysisResult,
  type RegressionSummary,
  type CoefficientSummary,
  type InputColumn,
  type SignalsTable,
} from "./analyze.js";
export { renderMarkdown, formatP, type MarkdownOptions } from "./report/markdown.js";
export * from "./dependence/index.js";
export * from "./resampling/index.js";
export * from "./overfitting/index.js";
