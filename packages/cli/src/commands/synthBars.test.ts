import { describe, expect, it, vi } from "vitest";
import { Command } from "commander";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as engine from "@tda/engine";
import { registerBars } from "./bars.js";
import { registerSynth } from "./synth.js";

const data = (f: string) => fileURLToPath(new URL(`../../../../data/${f}`, import.meta.url));

/** Runs one command line through commander, returning what it printed on stdout. */
async function run(args: string[]): Promise<string> {
  const program = new Command("tda").exitOverride();
  registerBars(program);
  registerSynth(program);
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
  try {
    await program.parseAsync(["node", "tda", ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}


describe("tda bars / tda synth", () => {
  it("the engine exports the bar builder and the synth driver", () => {
    expect(typeof engine.buildBars).toBe("function");
    expect(typeof engine.synthesizeFiles).toBe("function");
  });

  it("tda bars: time and sales → 8-tick range bars as a study export, JSON summary on stdout", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tda-bars-"));
    const out = join(dir, "bars.csv");
    const summary = JSON.parse(await run(["bars", data("ticks/ES-2022-01-24-tas.txt"), "--out", out, "--json"]));
    expect(summary.kind).toBe("range");
    expect(summary.size).toBe(8);
    expect(summary.inputs[0].trades).toBe(2026);
    expect(summary.bars).toBeGreaterThan(3);
    expect(readFileSync(out, "utf8").split("\n")[0]).toMatch(/^Date, Time, Open, High, Low, Last, Volume/);
    expect(readdirSync(dir)).toEqual(["bars.csv"]);
    const arrow = JSON.parse(await run(["bars", data("ticks/ES-2022-01-24-tas.txt"), "--out", join(dir, "b.arrow"), "--kind", "seconds", "--size", "10", "--json"]));
    expect(arrow.format).toBe("arrow");
    expect(arrow.kind).toBe("seconds");
  });

  it("tda bars refuses a bar file with a clear message", async () => {
    await expect(run(["bars", data("es-5m/ESH24-CME.scid_BarData__5m.txt"), "--out", join(tmpdir(), "x.csv"), "--quiet"])).rejects.toThrow(/holds bars .*not ticks/);
  });

  it("tda synth --scenario writes ticks and the truth; the same seed gives the same bytes", async () => {
    const a = mkdtempSync(join(tmpdir(), "tda-synth-")), b = mkdtempSync(join(tmpdir(), "tda-synth-"));
    const s = JSON.parse(await run(["synth", "--scenario", "--out", a, "--format", "tas", "--seed", "4", "--json"]));
    await run(["synth", "--scenario", "--out", b, "--format", "tas", "--seed", "4", "--quiet"]);
    expect(s.signals).toBe(20);
    expect(readdirSync(a).sort()).toEqual(["ES-scenario.tas.txt", "scenario-truth.json"]);
    expect(readFileSync(join(a, "ES-scenario.tas.txt")).equals(readFileSync(join(b, "ES-scenario.tas.txt")))).toBe(true);
    await expect(run(["synth", "--out", a, "--volume-scale", "0", "--scenario"])).rejects.toThrow(/--volume-scale/);
  });
});
