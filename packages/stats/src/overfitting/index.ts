export { walkForwardFolds, walkForward, type WalkForwardFold, type WalkForwardStep } from "./walk-forward.js";
export { probabilityOfBacktestOverfitting, type PboOptions, type PboResult } from "./pbo.js";
export { combinationMasks, binomial } from "./combinations.js";
