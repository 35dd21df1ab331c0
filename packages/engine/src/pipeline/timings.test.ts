import { describe, expect, it } from "vitest";
import { STAGES, StageTimer, roundStageTimes, sumStageTimes } from "./timings.js";

describe("stage timings", () => {
  it("charges time to stages, adds repeated stages, and keeps the value of the timed function", async () => {
    const t = new StageTimer();
    expect(t.time("signals", () => 42)).toBe(42);
    t.add("signals", 5);
    t.add("read", 1.25);
    expect(await t.timeAsync("report", async () => "x")).toBe("x");
    expect(t.ms.signals).toBeGreaterThanOrEqual(5);
    expect(t.ms.read).toBe(1.25);
    expect(t.ms.report).toBeGreaterThanOrEqual(0);
    expect(t.ms.levels).toBeUndefined();
    expect(() => t.time("levels", () => { throw new Error("boom"); })).toThrow("boom");
    expect(t.ms.levels).toBeGreaterThanOrEqual(0); // charged even when the stage fails
  });

  it("sums contracts stage by stage and rounds to 0.1 ms in pipeline order", () => {
    const sum = sumStageTimes([{ read: 1, levels: 2 }, { read: 3.04, bars: 0.5 }, {}]);
    expect(sum).toEqual({ read: 4.04, levels: 2, bars: 0.5 });
    const r = roundStageTimes({ report: 1.26, read: 4.04, bars: 0.55 });
    expect(Object.keys(r)).toEqual(["read", "bars", "report"]);
    expect(r).toEqual({ read: 4, bars: 0.6, report: 1.3 });
    expect(STAGES).toEqual(["read", "bars", "sessions", "signals", "levels", "outcomes", "tables", "statistics", "report"]);
  });
});
