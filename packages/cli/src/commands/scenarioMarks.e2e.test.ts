import { describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runQuietly } from "../testing.js";

interface PlantedMarks { name: string; bar: number; time: number; session: string; kind: string; imbBuy: number; imbSell: number; stackedBuy: number; stackedSell: number; unfinishedHigh: number; unfinishedLow: number }
interface PlantedLevel { kind: string; price: number; source: string; bar: number; session: string; distance: number }

/**
 * End to end through the CLI, the auction scenario (issue 15): with `levels.extraKinds` in the config,
 * `tda synth --scenario` also plants a naked POC and a poor high next to signals and a session of signals
 * with known footprint marks; `tda run` streams the ticks into range bars with footprints and must give
 * exactly those marks and levels on exactly those signals, and its statistics and report compare them.
 */
describe("auction scenario → tda run: the planted marks and the naked POC come out exactly, and the report compares them", () => {
  const dir = mkdtempSync(join(tmpdir(), "tda-scn-marks-"));
  const config = join(dir, "auction.json");
  writeFileSync(config, JSON.stringify({ levels: { extraKinds: ["naked_poc", "poor_high", "poor_low"] } }));

  it("through a time and sales file", async () => {
    const synthOut = join(dir, "synth"), runOut = join(dir, "run");
    expect((await runQuietly(["synth", "--scenario", "--seed", "3", "--format", "tas", "--config", config, "--out", synthOut, "-q"])).code).toBe(0);
    const truth = JSON.parse(readFileSync(join(synthOut, "scenario-truth.json"), "utf8")) as {
      signals: { bar: number; time: number }[]; marks: PlantedMarks[]; levels: PlantedLevel[];
    };
    expect(truth.marks.map((m) => m.name)).toEqual([
      "buy imbalances at ratio exactly 3 and at volume exactly 10, no stack",
      "stack of 3 buy imbalances",
      "2 consecutive sell imbalances: not a stack",
      "stack of 3 sell imbalances",
      "unfinished high and low",
      "unfinished low only",
    ]);
    const input = join(synthOut, readdirSync(synthOut).find((f) => f.startsWith("ES-scenario"))!);
    const r = await runQuietly(["run", input, "--config", config, "--out", runOut, "-q"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);

    const lines = readFileSync(join(runOut, "signals.csv"), "utf8").trimEnd().split("\n");
    const h = lines[0]!.split(",");
    const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(",").map((v, j) => [h[j]!, v])));
    expect(rows.length).toBe(truth.signals.length);
    const at = (time: number) => rows.find((row) => Date.parse(row.time!) === Math.floor(time / 1000))!;
    const expected: Record<string, string[]> = {
      "buy imbalances at ratio exactly 3 and at volume exactly 10, no stack": ["2", "0", "0", "0", "0", "0"],
      "stack of 3 buy imbalances": ["3", "0", "1", "0", "0", "0"],
      "2 consecutive sell imbalances: not a stack": ["0", "2", "0", "0", "0", "0"],
      "stack of 3 sell imbalances": ["0", "3", "0", "1", "0", "0"],
      "unfinished high and low": ["0", "0", "0", "0", "1", "1"],
      "unfinished low only": ["2", "0", "0", "0", "0", "1"],
    };
    for (const p of truth.marks) {
      const row = at(p.time);
      expect(row.session).toBe("2024-01-22");
      expect([row.imb_buy, row.imb_sell, row.stacked_buy, row.stacked_sell, row.unfinished_high, row.unfinished_low], p.name).toEqual(expected[p.name]);
    }
    // the planted levels: a naked POC (and a poor high) as the nearest level of its signal
    for (const l of truth.levels) {
      const signal = truth.signals.find((s) => s.bar === l.bar)!;
      const row = at(signal.time);
      expect([row.session, row.level_kind, +row.level_price!, +row.level_distance!, row.near_level]).toEqual([l.session, l.kind, l.price * 0.25, l.distance, "1"]);
    }

    // stats.json compares them; its counts are those of signals.csv
    const stats = JSON.parse(readFileSync(join(runOut, "stats.json"), "utf8")) as { marks: { status: string; comparisons: { mark: string; family: string; with: { n: number }; without: { n: number } }[] } };
    expect(stats.marks.status).toBe("analysed");
    const count = (f: (row: Record<string, string>) => boolean) => rows.filter((row) => (row.direction === "long" || row.direction === "short") && row.win !== "" && f(row)).length;
    const poc = stats.marks.comparisons.find((c) => c.mark === "naked_poc_vs_composite_edge" && c.family === "all")!;
    expect(poc.with.n).toBe(count((row) => row.near_level === "1" && row.level_kind === "naked_poc"));
    expect(poc.with.n).toBeGreaterThanOrEqual(1);
    expect(poc.without.n).toBe(count((row) => row.near_level === "1" && (row.level_kind === "cva_high" || row.level_kind === "cva_low")));
    const stack = stats.marks.comparisons.find((c) => c.mark === "stacked_with" && c.family === "all")!;
    expect(stack.with.n).toBe(count((row) => (row.direction === "long" ? row.stacked_buy : row.stacked_sell) === "1"));
    const report = readFileSync(join(runOut, "report.md"), "utf8");
    expect(report).toContain("## Footprint marks: do they change the signals they accompany?");
    expect(report).not.toContain("No footprint in this input");
  }, 120_000);
});
