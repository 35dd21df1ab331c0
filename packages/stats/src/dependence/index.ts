export {
  longRunVariance,
  autocovariance,
  bartlettBandwidth,
  bartlettLongRunCovariance,
  type LagChoice,
  type LongRunVariance,
  type LongRunVarianceOptions,
} from "./long-run-variance.js";
export {
  hacSharpeMoments,
  hacProbabilisticSharpe,
  hacDeflatedSharpe,
  type HacSharpeMoments,
  type HacSharpeOptions,
} from "./hac-sharpe.js";
export { hacWelchTest, type HacWelchResult } from "./hac-welch-test.js";
