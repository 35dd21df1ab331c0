// Public face of the WebAssembly core: typed functions over typed arrays / Arrow vectors.
export { Arena, arena, checkLengths, copyColumn, isResident, withArena, withResident, type Column, type ResidentOptions, type ResidentColumn, type TypedArray } from "./arena.js";
export { Block, callKernel, kernel, place, reserve, type KernelAbi, type KernelCall } from "./abi.js";
export * as abi from "./kernels.js";
export { coreExports, wasmPath } from "./wasm.js";
export { barMetrics, type BarMetrics, type BarMetricsInput } from "./barMetrics.js";
export * from "./signals.js";
export * from "./footprintMarks.js";
export * from "./profiles.js";
export * from "./distances.js";
export * from "./forwardScan.js";
export * from "./rangeBars.js";
export * from "./dense.js";
export * from "./draws.js";
export * from "./scidRecords.js";
