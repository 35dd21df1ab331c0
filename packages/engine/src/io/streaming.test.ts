import { describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TickTable } from "../tickTable.js";
import { readInput, type InputOptions } from "./readInput.js";
import { writeScidTicks } from "./scid.js";
import { writeTickCsv } from "./tickCsv.js";

const tas = fileURLToPath(new URL("../../../../data/ticks/ES-2022-01-24-tas.txt", import.meta.url));
const opts: InputOptions = { tickSize: 0.25, sourceTimeZone: undefined, exchangeTimeZone: "America/Chicago", lenient: false };

/** Reads with a sink and glues the chunks back together (copying: chunk arrays are reused). */
function streamed(path: string, chunkTicks: number) {
  const parts: TickTable[] = [];
  const r = readInput(path, { ...opts, sink: { chunkTicks, onChunk: (c) => {
    expect(c.length).toBeLessThanOrEqual(chunkTicks);
    parts.push({ ...c, time: c.time.slice(), price: c.price.slice(), size: c.size.slice(), side: c.side.slice(), bid: c.bid.slice(), ask: c.ask.slice() });
  } } });
  const cat = <K extends "time" | "price" | "size" | "side">(k: K) => parts.flatMap((p) => Array.from(p[k] as ArrayLike<number>));
  return { r, parts, time: cat("time"), price: cat("price"), size: cat("size"), side: cat("side") };
}

describe("tick readers stream to a sink in bounded chunks", () => {
  const dir = mkdtempSync(join(tmpdir(), "tda-stream-"));
  const whole = readInput(tas, opts);
  const t = whole.ticks!;
  const scid = join(dir, "t.scid"), csv = join(dir, "t.csv");
  writeScidTicks(scid, t, { tickSize: 0.25 });
  writeTickCsv(csv, t, { tickSize: 0.25 });

  for (const [name, path] of [["time and sales", tas], [".scid", scid], ["trade CSV", csv]] as const) {
    it(`${name}: the same 2,026 trades, in chunks of 100, none held back`, () => {
      const s = streamed(path, 100);
      expect(s.r.kind).toBe("ticks");
      expect(s.r.trades).toBe(2026);
      expect(s.r.ticks!.length).toBe(0);
      expect(s.parts.length).toBe(21);
      expect(s.time).toEqual(Array.from(t.time));
      expect(s.price).toEqual(Array.from(t.price));
      expect(s.size).toEqual(Array.from(t.size));
      expect(s.side).toEqual(Array.from(t.side));
    });
  }

  it("without a sink the trades come back whole, and trades counts them", () => {
    expect(whole.trades).toBe(2026);
    expect(t.length).toBe(2026);
  });
});
