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

describe("every numeric setting is checked against its domain (issue 12)", () => {
  it("names the setting's path and what was expected", () => {
    expect(() => makeConfig({ stats: { alpha: 2 } }, "c.json")).toThrow("c.json.stats.alpha: expected a number between 0 and 1 (both excluded), got 2");
    expect(() => makeConfig({ stats: { trainShare: 1.5 } })).toThrow("config.stats.trainShare: expected a number between 0 and 1 (both excluded), got 1.5");
    expect(() => makeConfig({ levels: { valueAreaPct: 150 } })).toThrow("config.levels.valueAreaPct: expected a percentage above 0 and at most 100, got 150");
    expect(() => makeConfig({ levels: { nearTicks: -1 } })).toThrow("config.levels.nearTicks: expected a finite number ≥ 0, got -1");
    expect(() => makeConfig({ outcomes: { horizons: [5, 0] } })).toThrow("config.outcomes.horizons: expected a list of whole numbers ≥ 1 (bars), got [5,0]");
    expect(() => makeConfig({ levels: { periodMinutes: 7.5 } })).toThrow("config.levels.periodMinutes: expected a whole number from 1 to 1440, got 7.5");
    expect(() => makeConfig({ outcomes: { targetTicks: Number.NaN } })).toThrow(/outcomes\.targetTicks: expected a finite number > 0, got null/);
    expect(makeConfig({ stats: { alpha: 0.01 }, levels: { valueAreaPct: 100, nearTicks: 0 } }).stats.alpha).toBe(0.01);
  });
});
