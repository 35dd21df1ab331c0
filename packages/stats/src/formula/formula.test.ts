import { describe, expect, it } from "vitest";
import { dropAliasedColumns } from "../regression/drop-aliased.js";
import { modelFrame } from "./model-frame.js";
import { parseFormula } from "./parse-formula.js";

describe("parseFormula", () => {
  it("expands a*b like patsy", () => {
    expect(parseFormula("y ~ a*b + c").terms).toEqual([["a"], ["b"], ["a", "b"], ["c"]]);
    expect(parseFormula("y ~ a*b*c").terms).toEqual([["a"], ["b"], ["c"], ["a", "b"], ["a", "c"], ["b", "c"], ["a", "b", "c"]]);
    expect(parseFormula("y ~ a + a:b + b:a").terms).toEqual([["a"], ["a", "b"]]);
    expect(parseFormula("y ~ a - 1").intercept).toBe(false);
    expect(parseFormula("y ~ 0 + a").intercept).toBe(false);
    expect(() => parseFormula("y + a")).toThrow(/~/);
  });
});

describe("modelFrame", () => {
  const table = {
    y: [1, 2, 3, 4, null, 6],
    x: [1, 2, 3, 4, 5, NaN],
    flag: [0, 1, 0, 1, 1, 0],
    kind: ["a", "b", "a", "c", "a", "b"],
  };
  it("drops rows with missing values and counts them", () => {
    const f = modelFrame(table, "y ~ x + flag");
    expect(f.rows).toEqual([0, 1, 2, 3]);
    expect(f.dropped).toBe(2);
  });
  it("centres continuous features before multiplying, keeps booleans 0/1", () => {
    const f = modelFrame(table, "y ~ x*flag");
    expect(f.design.names).toEqual(["Intercept", "x", "flag", "x:flag"]);
    // x over kept rows = 1,2,3,4 → mean 2.5
    expect(Array.from(f.design.columns[1]!)).toEqual([-1.5, -0.5, 0.5, 1.5]);
    expect(Array.from(f.design.columns[2]!)).toEqual([0, 1, 0, 1]);
    expect(Array.from(f.design.columns[3]!)).toEqual([-0, -0.5, 0, 1.5]);
    expect(f.variables.find((v) => v.name === "x")!.centre).toBe(2.5);
  });
  it("a variable declared continuous is centred even when it only takes 0 and 1", () => {
    // flag over rows 0…3 = 0, 1, 0, 1 → mean 0.5; x centred at 2.5 as above
    const f = modelFrame(table, "y ~ x*flag", { continuous: ["flag"] });
    expect(f.variables.find((v) => v.name === "flag")).toMatchObject({ kind: "continuous", centre: 0.5 });
    expect(Array.from(f.design.columns[2]!)).toEqual([-0.5, 0.5, -0.5, 0.5]);
    expect(Array.from(f.design.columns[3]!)).toEqual([0.75, -0.25, -0.25, 0.75]); // (x − 2.5)(flag − 0.5)
  });
  it("treatment-codes categorical variables", () => {
    const f = modelFrame(table, "y ~ kind", { rows: [0, 1, 2, 3] });
    expect(f.design.names).toEqual(["Intercept", "kind[b]", "kind[c]"]);
    expect(Array.from(f.design.columns[2]!)).toEqual([0, 0, 0, 1]);
  });
  it("aliased columns are dropped by name", () => {
    const f = modelFrame({ y: [1, 2, 3, 4, 5], a: [0, 1, 0, 0, 1], b: [0, 0, 1, 1, 0] }, "y ~ a*b");
    const r = dropAliasedColumns(f.design, 5);
    expect(r.dropped).toEqual(["a:b"]);
    expect(r.design.names).toEqual(["Intercept", "a", "b"]);
  });
});
