import { describe, expect, it } from "vitest";
import { makeConfig } from "./config.js";

describe("config.stats resampling settings", () => {
  it("default to 2000 session-bootstrap draws, 5 walk-forward folds and 16 PBO blocks", () => {
    const s = makeConfig().stats;
    expect([s.sessionBootstrapSamples, s.walkForwardFolds, s.pboBlocks]).toEqual([2000, 5, 16]);
  });
  it("are checked against their domains, naming the setting", () => {
    expect(() => makeConfig({ stats: { sessionBootstrapSamples: 10 } }, "c.json")).toThrow("c.json.stats.sessionBootstrapSamples: expected an integer from 100 to 1000000, got 10");
    expect(() => makeConfig({ stats: { walkForwardFolds: 1 } })).toThrow(/walkForwardFolds: expected an integer from 2 to 20, got 1/);
    expect(() => makeConfig({ stats: { pboBlocks: 15 } })).toThrow(/pboBlocks: expected an even integer from 2 to 30, got 15/);
    expect(makeConfig({ stats: { pboBlocks: 8, walkForwardFolds: 3 } }).stats.pboBlocks).toBe(8);
  });
});
