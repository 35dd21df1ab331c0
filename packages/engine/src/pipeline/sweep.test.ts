import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeConfig } from "../config.js";
import { runPipeline } from "./runPipeline.js";
import { signalsCsv } from "./signalsTable.js";
import { planSweep, stageKey, sweepTables } from "./sweep.js";
import { parseSweepGrid, sweepPoints } from "./sweepGrid.js";

const real = (f: string) => fileURLToPath(new URL(`../../../../data/es-5m/${f}`, import.meta.url));

/** The first `lines` lines (header included) of a real file, as a contract file of its own. */
function slice(dir: string, from: string, name: string, lines: number): string {
  const path = join(dir, name);
  writeFileSync(path, readFileSync(real(from), "utf8").split("\n").slice(0, lines).join("\n") + "\n");
  return path;
}

const csv = (t: Parameters<typeof signalsCsv>[0]) => [...signalsCsv(t)].join("");

describe("sweep planner", () => {
  const grid = parseSweepGrid(JSON.stringify({
    "signals.minAbsDeltaPct": [0, 0.2],
    "levels.nearTicks": [8, 12, 16],
    "outcomes.targetTicks": [20, 25],
  }), "grid.json");
  const points = sweepPoints(grid, makeConfig(), "grid.json");

  it("makes every combination, the last setting fastest", () => {
    expect(points.map((p) => p.id)).toEqual(Array.from({ length: 12 }, (_, i) => `p${String(i + 1).padStart(2, "0")}`));
    expect(points[0]!.settings).toEqual({ "signals.minAbsDeltaPct": 0, "levels.nearTicks": 8, "outcomes.targetTicks": 20 });
    expect(points[1]!.settings).toEqual({ "signals.minAbsDeltaPct": 0, "levels.nearTicks": 8, "outcomes.targetTicks": 25 });
    expect(points[11]!.config.levels.nearTicks).toBe(16);
    expect(points[11]!.config.signals.minAbsDeltaPct).toBe(0.2);
    expect(points[11]!.config.outcomes.targetTicks).toBe(25);
  });

  it("groups the points by the settings each stage reads", () => {
    const runs = Object.fromEntries(planSweep(points).stages.map((s) => [s.name, s.runs]));
    // read, metrics and marks are shared by all 12; signals by delta; levels by delta × radius; outcomes by delta × target
    expect(runs).toEqual({ read: 1, metrics: 1, signals: 2, marks: 1, levels: 6, outcomes: 4, analysis: 12 });
    // a stage's key includes the stages it builds on
    expect(stageKey(points[0]!.config, "levels")).not.toBe(stageKey(points[6]!.config, "levels"));
    expect(stageKey(points[0]!.config, "outcomes")).toBe(stageKey(points[2]!.config, "outcomes"));
  });
});

describe("sweepTables", () => {
  const dir = mkdtempSync(join(tmpdir(), "tda-sweep-"));
  const files = [
    slice(dir, "ESM24-CME.scid_BarData__5m.txt", "ESM24-CME.txt", 1501),
    slice(dir, "ESH24-CME.scid_BarData__5m.txt", "ESH24-CME.txt", 2001),
  ];
  const grid = parseSweepGrid(JSON.stringify({
    "signals.minAbsDeltaPct": [0, 0.3],
    "levels.nearTicks": [4, 12],
    "outcomes.targetTicks": [10, 25],
    "outcomes.entry": ["close", "nextOpen"],
  }), "grid.json");
  const points = sweepPoints(grid, makeConfig(), "grid.json");

  it("gives every point the signals table, notices and contracts of its own runPipeline", async () => {
    const swept = [...sweepTables(files, planSweep(points))];
    expect(swept.map((s) => s.point.id)).toEqual(points.map((p) => p.id));
    const sizes = new Set<number>();
    for (const s of swept) {
      const single = await runPipeline(files, s.point.config);
      expect(csv(s.table), s.point.id).toBe(csv(single.table));
      expect(s.notices).toEqual(single.notices);
      expect(s.contracts.map((c) => c.contract)).toEqual(single.contracts.map((c) => c.contract));
      sizes.add(s.table.length);
    }
    // the grid really changes the table (the delta threshold drops signals)
    expect(sizes.size).toBeGreaterThan(1);
  });
});
