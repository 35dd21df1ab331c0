// Kernel family "distances": see packages/core-wasm/README.md. (Filled in by its issue.)
export const distances_family: i32 = 0;
