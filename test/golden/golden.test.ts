import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
// @ts-expect-error plain ESM script without types
import { goldenOutputs, GOLDEN } from "../../scripts/golden.mjs";

// Every output of `tda run`, `tda synth`, `tda bars` and `tda analyze` on the embedded data and on
// synthesised footprint data, pinned by SHA-256 (scripts/golden.mjs). Refactors leave them alone;
// a deliberate output change updates test/golden/outputs.json in the same commit.
describe("golden outputs", () => {
  it("every output file is byte-identical to the pinned run", () => {
    const pinned = JSON.parse(readFileSync(GOLDEN, "utf8"));
    expect(goldenOutputs()).toEqual(pinned);
  }, 300_000);
});
