export { mulberry32, randomInt, type Random } from "./prng.js";
export { bootstrapIndices, bootstrapBlocks, bootstrapBlocksInto, type BootstrapBlocks, type BootstrapMethod } from "./block-bootstrap.js";
export { percentile, percentileSorted, sortedPresent } from "./percentile.js";
export { realityCheck, type RealityCheckOptions, type RealityCheckResult } from "./reality-check.js";
export { moments, probabilisticSharpe, deflatedSharpe, expectedMaxSharpe, type Moments } from "./sharpe.js";
export { welchTTest, type WelchResult } from "./welch-t-test.js";
export {
  thresholdSearch,
  type Rule,
  type RulePerformance,
  type ThresholdSearchInput,
  type ThresholdSearchOptions,
  type ThresholdSearchResult,
} from "./threshold-search.js";
export { drawKernels } from "./stationary-draw.js";
