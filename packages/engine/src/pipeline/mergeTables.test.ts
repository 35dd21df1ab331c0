import { describe, expect, it } from "vitest";
import { mergeTables } from "./mergeTables.js";
import type { SignalsTable } from "./signalsTable.js";

const table = (times: number[], tag: string): SignalsTable => ({
  length: times.length,
  time: Float64Array.from(times),
  columns: [
    { name: "tag", type: "string", values: times.map((t) => `${tag}${t}`) },
    { name: "x", type: "float", values: Float64Array.from(times, (t) => t / 10) },
  ],
});

describe("mergeTables", () => {
  it("interleaves contracts that overlap in time; equal times keep the tables' order", () => {
    const m = mergeTables([table([1, 5, 9], "H"), table([3, 5, 12], "M")]);
    expect(m.columns[0]!.values).toEqual(["H1", "M3", "H5", "M5", "H9", "M12"]);
    expect(Array.from(m.columns[1]!.values as Float64Array)).toEqual([0.1, 0.3, 0.5, 0.5, 0.9, 1.2]);
    expect(Array.from(m.time!)).toEqual([1, 3, 5, 5, 9, 12]);
  });
  it("leaves tables already in order as they are, and refuses different columns", () => {
    const m = mergeTables([table([1, 2], "H"), table([3], "M")]);
    expect(m.columns[0]!.values).toEqual(["H1", "H2", "M3"]);
    const other: SignalsTable = { length: 1, columns: [{ name: "y", type: "float", values: Float64Array.of(1) }, { name: "x", type: "float", values: Float64Array.of(1) }] };
    expect(() => mergeTables([table([1], "H"), other])).toThrow(/column 0 is y, expected tag/);
  });
});
