import { describe, expect, it } from "vitest";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runQuietly } from "../testing.js";

interface Planted { time: number; session: string; kind: string; family: string; direction: "long" | "short"; strong: boolean }

/**
 * End to end through the CLI: `tda synth --scenario` plants known signals in a tick tape (.scid and time
 * and sales); `tda run` streams the ticks into 8-tick range bars with footprints and must find exactly
 * the planted signals — every flag, direction and strength — in signals.csv and nothing else.
 */
describe("planted scenario → tda run finds exactly what was planted", () => {
  const dir = mkdtempSync(join(tmpdir(), "tda-scn-"));

  for (const format of ["scid", "tas"] as const) {
    it(`through a ${format === "scid" ? ".scid file" : "time and sales file"}`, async () => {
      const synthOut = join(dir, `synth-${format}`), runOut = join(dir, `run-${format}`);
      expect((await runQuietly(["synth", "--scenario", "--seed", "5", "--format", format, "--out", synthOut, "-q"])).code).toBe(0);
      const truth = JSON.parse(readFileSync(join(synthOut, "scenario-truth.json"), "utf8")) as { signals: Planted[] };
      expect(truth.signals.length).toBeGreaterThanOrEqual(8);
      const input = join(synthOut, readdirSync(synthOut).find((f) => f.startsWith("ES-scenario"))!);
      const r = await runQuietly(["run", input, "--out", runOut, "-q"]);
      expect(r.err).toBe("");
      expect(r.code).toBe(0);

      const lines = readFileSync(join(runOut, "signals.csv"), "utf8").trimEnd().split("\n");
      const h = lines[0]!.split(",");
      const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(",").map((v, j) => [h[j]!, v])));
      expect(rows.length).toBe(truth.signals.length);
      truth.signals.forEach((p, k) => {
        const row = rows[k]!;
        // the row's time is the bar's first trade, in exchange time, to the millisecond
        expect(Date.parse(row.time!)).toBe(Math.floor(p.time / 1000));
        expect(row.session).toBe(p.session);
        expect(row.direction).toBe(p.direction);
        const flag = `${p.family === "inversion" ? "inv" : "exh"}_${p.direction}`;
        expect(row[flag], `${p.kind} at ${row.time}`).toBe("1");
        expect(p.family === "inversion" ? row.inv_strong : row.exh_accel).toBe(p.strong ? "1" : "0");
        // a directional signal always gets its trade: entry at the close, stop beyond the bar's extreme
        expect(row.entry).toBe(row.close);
        expect(+row.stop!).toBe(p.direction === "long" ? +row.low! - 0.25 : +row.high! + 0.25);
      });
    }, 120_000);
  }
});
