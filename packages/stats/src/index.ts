/**
 * @tda/stats — regression with robust covariances, accurate distribution tails, multiple testing,
 * group summaries, threshold search with data-snooping checks. Usable on its own by anyone with
 * columns of numbers: it names no column of any particular table (the footprint analysis is in
 * @tda/report).
 */
export * from "./distributions/index.js";
export * from "./regression/index.js";
export { dropAliasedColumns } from "./regression/drop-aliased.js";
export * from "./formula/index.js";
export * from "./multiple-testing/index.js";
export * from "./summaries/index.js";
export * from "./thresholds/index.js";
export * from "./dependence/index.js";
export * from "./resampling/index.js";
export * from "./overfitting/index.js";
