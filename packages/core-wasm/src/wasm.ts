import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The raw exports of build/core.wasm. We instantiate the module ourselves instead of using
 * @assemblyscript/loader (deprecated upstream since 0.20) or the generated bindings: every kernel takes
 * and returns plain numbers (pointers, lengths, counts), so there is nothing for a glue layer to
 * convert, and the generated bindings would copy typed arrays on every call.
 */
export interface CoreExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  [kernel: string]: unknown;
}

let cached: CoreExports | undefined;

/** Path of the compiled module (built by `pnpm --filter @tda/core-wasm build`). */
export const wasmPath = fileURLToPath(new URL("../build/core.wasm", import.meta.url));

/** One instance per thread, compiled synchronously on first use. */
export function coreExports(): CoreExports {
  if (cached) return cached;
  let bytes: Buffer;
  try {
    bytes = readFileSync(wasmPath);
  } catch {
    throw new Error(
      `the WebAssembly core is not built (${wasmPath} is missing): run \`pnpm --filter @tda/core-wasm build\``,
    );
  }
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    env: {
      abort(_msg: number, _file: number, line: number, column: number) {
        throw new Error(`WebAssembly core aborted at assembly line ${line}:${column}`);
      },
    },
  });
  const exports = instance.exports as unknown as CoreExports;
  (exports as unknown as { _initialize?: () => void })._initialize?.();
  cached = exports;
  return exports;
}
