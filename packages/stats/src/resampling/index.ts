export {
  stationaryResampler,
  sessionResampler,
  fixedResampler,
  prefixSums,
  blockSum,
  type Resampler,
} from "./resampler.js";
export { makeResampler, type ResamplingScheme } from "./resampling-scheme.js";
export { sessionRuns } from "./sessions.js";
export { meanOf, profitFactorOf, type RowStatistic } from "./row-statistics.js";
export { percentileInterval, type PercentileInterval } from "./percentile-interval.js";
export {
  sessionBlockBootstrap,
  type SessionBootstrapOptions,
  type SessionBootstrapInterval,
  type SessionBootstrapResult,
} from "./session-block-bootstrap.js";
export { tradeSessionBootstrap, type TradeFigure } from "./trade-bootstrap.js";
export { edgeDraws, edgeScales, type EdgeInput, type EdgeDraws } from "./edge-draws.js";
export { spaTest, type SpaOptions, type SpaResult } from "./spa-test.js";
export { stepM, type StepMOptions, type StepMResult } from "./step-m.js";
