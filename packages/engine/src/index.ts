// @tda/engine: the pipeline of SPEC.md, stage by stage.
export * from "./errors.js";
export * from "./config.js";
export * from "./instruments.js";
export * from "./bars/barTable.js";
export * from "./bars/barBuilder.js";
export * from "./bars/concat.js";
export * from "./sessions/timeZone.js";
export * from "./sessions/sessions.js";
export * from "./io/lines.js";
export * from "./io/sierraBarExport.js";
export * from "./io/readInput.js";
export * from "./signals/types.js";
export * from "./levels/types.js";
export * from "./outcomes/types.js";
export * from "./outcomes/entry.js";
export * from "./pipeline/loadMarket.js";
