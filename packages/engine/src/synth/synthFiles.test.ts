import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { synthesizeFiles } from "./synthFiles.js";
import { synthesizeTrades } from "./tradesFromBars.js";
import { readSierraBarExport } from "../io/sierraBarExport.js";
import { readInput } from "../io/readInput.js";
import { barsFromTicks } from "../bars/buildBars.js";
import { makeConfig } from "../config.js";

const src = fileURLToPath(new URL("../../../../data/es-5m/ESH24-CME.scid_BarData__5m.txt", import.meta.url));

/** The first `n` bars of a real file, as a file of its own. */
function head(dir: string, n: number, name = "ESH24-CME.scid_BarData__5m.txt"): string {
  const lines = readFileSync(src, "utf8").split("\n").slice(0, n + 1);
  const path = join(dir, name);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

describe("synthesizeFiles", () => {
  const cfg = makeConfig();
  const opts = { tickSize: 0.25, sourceTimeZone: undefined, exchangeTimeZone: "America/Chicago", lenient: false };

  it("every tick format reads back to the same trades", () => {
    const dir = mkdtempSync(join(tmpdir(), "tda-synth-"));
    const from = head(dir, 120);
    const want = synthesizeTrades(readSierraBarExport(from, { tickSize: 0.25, sourceTimeZone: "America/Chicago" }).bars, { seed: 5, volumeScale: 0.2 }).ticks;
    for (const format of ["scid", "tas", "csv"] as const) {
      const out = join(dir, format);
      const r = synthesizeFiles({ from: [from], outDir: out, format, seed: 5, volumeScale: 0.2, config: cfg });
      expect(r.files).toHaveLength(1);
      expect(r.files[0]!.trades).toBe(want.length);
      expect(r.files[0]!.bars).toBe(120);
      const back = readInput(r.files[0]!.output, opts);
      expect(back.kind).toBe("ticks");
      const t = back.ticks!;
      expect(t.length).toBe(want.length);
      for (const k of ["time", "price", "size", "side"] as const) {
        for (let i = 0; i < t.length; i++) if (t[k][i] !== want[k][i]) throw new Error(`${format} ${k}[${i}]: ${t[k][i]} vs ${want[k][i]}`);
      }
      // written atomically: nothing but the result in the folder
      expect(readdirSync(out)).toEqual([r.files[0]!.output.slice(out.length + 1)]);
    }
  });

  it("study format: ES_8tick_<N>D.csv holds the 8-tick bars with max/min delta and edge volumes", () => {
    const dir = mkdtempSync(join(tmpdir(), "tda-synth-"));
    const from = head(dir, 400);
    const r = synthesizeFiles({ from: [from], outDir: join(dir, "out"), format: "study", seed: 2, volumeScale: 0.1, config: cfg });
    const file = r.files[0]!;
    expect(file.output).toMatch(/ES_8tick_2D\.csv$/);
    const back = readInput(file.output, opts);
    expect(back.kind).toBe("bars");
    const ticks = synthesizeTrades(readSierraBarExport(from, { tickSize: 0.25, sourceTimeZone: "America/Chicago" }).bars, { seed: 2, volumeScale: 0.1 }).ticks;
    const want = barsFromTicks(ticks, cfg);
    expect(back.bars.length).toBe(want.length);
    expect(file.bars).toBe(want.length);
    for (const k of ["open", "high", "low", "close", "volume", "bidVolume", "askVolume", "maxDelta", "minDelta"] as const) {
      for (let i = 0; i < want.length; i++) if (back.bars[k][i] !== want[k][i]) throw new Error(`${k}[${i}]: ${back.bars[k][i]} vs ${want[k][i]}`);
    }
    const a0 = back.bars.study.get("askVolHigh0")!;
    const fp = want.footprint!;
    for (let i = 0; i < want.length; i++) expect(a0[i]).toBe(fp.askVolume[fp.offset[i + 1]! - 1]);
  });

  it("scenario: ticks plus scenario-truth.json; several sources get contract-prefixed names", () => {
    const dir = mkdtempSync(join(tmpdir(), "tda-synth-"));
    const r = synthesizeFiles({ from: [], outDir: dir, format: "study", seed: 3, scenario: true, config: cfg });
    const truth = JSON.parse(readFileSync(r.truth!, "utf8"));
    expect(truth.signals).toHaveLength(20);
    expect(truth.balance.sessions).toHaveLength(5);
    expect(r.files[0]!.output).toMatch(/ES_8tick_7D\.csv$/);
    const back = readInput(r.files[0]!.output, opts);
    expect(back.bars.length).toBe(420);
    const two = synthesizeFiles({ from: [head(dir, 30, "ESH24-CME.a.txt"), head(dir, 30, "ESM24-CME.b.txt")], outDir: join(dir, "two"), format: "study", seed: 1, config: cfg });
    expect(two.files.map((f) => f.output.split("/").pop())).toEqual(["ESH24-CME.ES_8tick_0D.csv", "ESM24-CME.ES_8tick_0D.csv"]);
    expect(() => synthesizeFiles({ from: [], outDir: dir, format: "study", seed: 1, config: cfg })).toThrow(/--from/);
  });
});
