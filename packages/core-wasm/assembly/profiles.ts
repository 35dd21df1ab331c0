// Kernel family "profiles": see packages/core-wasm/README.md. (Filled in by its issue.)
export const profiles_family: i32 = 0;
