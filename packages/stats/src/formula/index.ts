export { parseFormula, type ParsedFormula } from "./parse-formula.js";
export {
  modelFrame,
  isMissing,
  type Column,
  type Table,
  type ModelFrame,
  type ModelFrameOptions,
  type VariableInfo,
  type VariableKind,
} from "./model-frame.js";
