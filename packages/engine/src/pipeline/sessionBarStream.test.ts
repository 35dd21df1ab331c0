import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { readSierraBarExport } from "../io/sierraBarExport.js";
import { emptyBarTable, type BarTable } from "../barTable.js";
import { barsFromTicks } from "../bars/buildBars.js";
import type { TickTable } from "../tickTable.js";
import { COLUMNS } from "../barTableBuilder.js";
import { synthesizeTrades } from "../synth/tradesFromBars.js";
import { makeConfig } from "../config.js";
import { SessionBarStream } from "./sessionBarStream.js";

const file = fileURLToPath(new URL("../../../../data/es-5m/ESM24-CME.scid_BarData__5m.txt", import.meta.url));

function chunks(t: TickTable, size: number): TickTable[] {
  const out: TickTable[] = [];
  for (let s = 0; s < t.length; s += size) {
    const e = Math.min(t.length, s + size);
    out.push({ length: e - s, time: t.time.subarray(s, e), price: t.price.subarray(s, e), size: t.size.subarray(s, e), side: t.side.subarray(s, e), bid: t.bid.subarray(s, e), ask: t.ask.subarray(s, e), hasQuote: t.hasQuote });
  }
  return out;
}

function expectSameBars(a: BarTable, b: BarTable): void {
  expect(a.length).toBe(b.length);
  for (const k of COLUMNS) {
    if (k === "session") continue; // renumbered by assembleMarket either way
    expect(Array.from(a[k] as Float64Array), k).toEqual(Array.from(b[k] as Float64Array));
  }
  for (const k of ["offset", "price", "bidVolume", "askVolume"] as const) {
    expect(Array.from(a.footprint![k] as Float64Array), k).toEqual(Array.from(b.footprint![k] as Float64Array));
  }
}

describe("SessionBarStream: ticks → bars one session at a time", () => {
  // four days of real ESM24 5-minute bars (Friday → Tuesday, a weekend inside) turned into trades
  const bars5m = readSierraBarExport(file, { tickSize: 0.25, sourceTimeZone: "America/Chicago" }).bars;
  const from = 1000, to = 2200;
  const part = emptyBarTable(to - from);
  for (const k of COLUMNS) (part[k] as Float64Array).set((bars5m[k] as Float64Array).subarray(from, to));
  const ticks = synthesizeTrades(part, { seed: 3, volumeScale: 0.05 }).ticks;
  const cfg = makeConfig();

  it("gives exactly the bars of building every trade at once, whatever the chunk size", () => {
    const whole = barsFromTicks(ticks, cfg);
    expect(whole.length).toBeGreaterThan(200);
    for (const size of [1, 997, ticks.length]) {
      const s = new SessionBarStream(cfg);
      for (const c of chunks(ticks, size)) s.push(c);
      expectSameBars(s.finish(), whole);
    }
  });

  it("holds one session's trades at a time, not the file's", () => {
    const s = new SessionBarStream(cfg);
    for (const c of chunks(ticks, 5000)) s.push(c);
    s.finish();
    expect(s.trades).toBe(ticks.length);
    expect(s.maxHeld).toBeLessThan(ticks.length / 2);
  });

  it("refuses trades out of time order", () => {
    const s = new SessionBarStream(cfg);
    const [a, b] = chunks(ticks, 10);
    s.push(b!);
    expect(() => s.push(a!)).toThrow(/time order/);
  });
});
