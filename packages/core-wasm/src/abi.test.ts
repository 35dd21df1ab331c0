import { describe, expect, it } from "vitest";
import { callKernel, kernel, lengthOf, number, output, place, input } from "./abi.js";
import { withArena } from "./arena.js";
import { ALL_KERNELS, VOL_STAR } from "./kernels.js";
import { coreExports } from "./wasm.js";

describe("kernel ABI declarations", () => {
  it("every declaration names an export of core.wasm with exactly its number of parameters", () => {
    const core = coreExports();
    for (const abi of ALL_KERNELS) {
      const fn = core[abi.export] as ((...a: number[]) => unknown) | undefined;
      expect(typeof fn, abi.export).toBe("function");
      expect(fn!.length, abi.export).toBe(abi.params.length);
    }
  });

  it("every kernel function of core.wasm has a declaration", () => {
    const declared = new Set(ALL_KERNELS.map((k) => k.export));
    const exported = Object.entries(coreExports())
      .filter(([name, v]) => typeof v === "function" && name !== "heapBase" && !name.startsWith("_"))
      .map(([name]) => name);
    expect(exported.filter((name) => !declared.has(name))).toEqual([]);
  });

  it("evaluates lengths and rejects what it cannot evaluate", () => {
    expect(lengthOf("n", { n: 7 }, "t")).toBe(7);
    expect(lengthOf("n+1", { n: 7 }, "t")).toBe(8);
    expect(lengthOf("n*nh", { n: 7, nh: 3 }, "t")).toBe(21);
    expect(lengthOf("1", {}, "t")).toBe(1);
    expect(() => lengthOf("rows", { n: 1 }, "f(x)")).toThrow(/f\(x\): length "rows" needs the number rows/);
    expect(() => lengthOf("n-1", { n: 1 }, "t")).toThrow(/is not/);
    expect(() => kernel("k", "void", [number("n"), number("n")])).toThrow(/declared twice/);
    // an input and an output may share a name (they travel in different records)
    expect(() => kernel("k", "void", [input("x", "f64", "n"), output("x", "f64", "n")])).not.toThrow();
  });

  it("chains a block from one call into the next and checks blocks and columns against the ABI", () => {
    withArena((a) => {
      const volume = place(a, "f64", Float64Array.from([1, 2, 3, 4]), 4);
      const r = callKernel(a, VOL_STAR, { n: 4, window: 2 }, { volume, group: new Int32Array(4) });
      expect(Array.from(r.read().volStar)).toEqual([NaN, 2 / 1.5, 3 / 2.5, 4 / 3.5]);
      expect(() => callKernel(a, VOL_STAR, { n: 3, window: 2 }, { volume, group: new Int32Array(3) })).toThrow(/block of 4 f64, expected 3 f64/);
      expect(() => callKernel(a, VOL_STAR, { n: 4, window: 2 }, { volume, group: new Int32Array(3) })).toThrow(/column length 3, expected 4/);
      expect(() => callKernel(a, kernel("noSuchKernel", "void", []), {}, {})).toThrow(/no export noSuchKernel/);
    });
  });
});
