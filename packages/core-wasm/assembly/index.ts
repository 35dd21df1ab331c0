// Entry point of the WebAssembly core. One kernel family per file; every kernel takes pointers into
// linear memory and lengths, and returns numbers. Memory is owned by the TypeScript arena
// (src/arena.ts): kernels never allocate, so nothing here can grow memory behind the caller's back.
export { heapBase } from "./memory";
export * from "./barMetrics";
export * from "./signals";
export * from "./footprintMarks";
export * from "./profiles";
export * from "./distances";
export * from "./forwardScan";
export * from "./rangeBars";
export * from "./dense";
export * from "./scidRecords";
export * from "./draws";
