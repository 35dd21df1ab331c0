// Kernel family "rangeBars": see packages/core-wasm/README.md. (Filled in by its issue.)
export const rangeBars_family: i32 = 0;
