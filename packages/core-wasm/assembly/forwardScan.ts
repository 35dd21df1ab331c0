// Kernel family "forwardScan": see packages/core-wasm/README.md. (Filled in by its issue.)
export const forwardScan_family: i32 = 0;
