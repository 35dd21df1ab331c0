// Kernel family "signals": see packages/core-wasm/README.md. (Filled in by its issue.)
export const signals_family: i32 = 0;
