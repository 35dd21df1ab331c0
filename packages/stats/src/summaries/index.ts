export { wilsonInterval, type Interval } from "./wilson-interval.js";
export { newcombeInterval, twoProportionTest, type TwoProportionResult } from "./proportion-difference.js";
export { binomialTestTwoSided, binomialLogPmf } from "./binomial-test.js";
export { tradeStatistics, mean, median, sampleSd, type TradeStatistics } from "./trade-statistics.js";
export {
  summarizeGroup,
  present,
  valuesAt,
  type GroupSummary,
  type TradeColumns,
  type NumericColumn,
  type ReturnSummary,
} from "./group-summary.js";
export { groupTable, type GroupRow, type GroupTable } from "./group-table.js";
