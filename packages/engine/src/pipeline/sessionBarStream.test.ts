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
import { emptyTickTable } from "../tickTable.js";
import { timeOfDay } from "../config.js";
import { timeZone } from "../timeZone.js";

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

  // The stream evaluates the session rule only where a session can begin; the plain reference below
  // evaluates it for every trade (the rule as it was written before). One bar per session (trade bars
  // larger than any session) shows where the stream cut: bar times are the first trades of sessions.
  function referenceStarts(time: Float64Array, open: string, close: string, zone: string): number[] {
    const o = timeOfDay(open), c = timeOfDay(close), tz = timeZone(zone);
    let current = -Infinity;
    const starts: number[] = [];
    for (let i = 0; i < time.length; i++) {
      const utcMs = time[i]! / 1000;
      const localMs = utcMs + tz.offsetAt(utcMs) * 60000;
      const day = Math.floor(localMs / 86400000);
      const sod = (localMs - day * 86400000) / 1000;
      if (sod >= o && sod < c && day > current) {
        current = day;
        starts.push(i);
      }
    }
    return starts;
  }
  function rand(seed: number): () => number {
    let x = seed >>> 0;
    return () => ((x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
  }
  const cases: [zone: string, open: string, close: string, fromUtc: number][] = [
    ["America/Chicago", "08:30", "15:15", Date.UTC(2024, 2, 5)], // spring forward inside
    ["America/Chicago", "08:30", "15:15", Date.UTC(2024, 9, 29)], // fall back inside
    ["America/Chicago", "17:00", "16:00", Date.UTC(2024, 2, 5)], // empty window: no session ever begins
    ["America/Chicago", "02:00", "03:00", Date.UTC(2024, 2, 5)], // a window in the spring-forward gap
    ["America/Chicago", "01:15", "01:45", Date.UTC(2024, 9, 29)], // a window in the repeated hour
    ["Europe/London", "00:00", "23:59", Date.UTC(2024, 2, 26)],
    ["Asia/Kolkata", "09:15", "15:30", Date.UTC(2024, 0, 1)], // half-hour offset
    ["Australia/Lord_Howe", "02:00", "02:45", Date.UTC(2024, 3, 3)], // half-hour DST change at 02:00
    ["UTC", "00:00", "00:01", Date.UTC(2024, 0, 1)],
  ];
  it.each(cases)("cuts sessions where the per-trade rule does (%s %s–%s)", (zone, open, close, fromUtc) => {
    for (const seed of [1, 2, 3]) {
      const r = rand(seed);
      const n = 20000;
      const t = emptyTickTable(n);
      // trades over ~10 days: bursts, gaps of hours and days, equal times, ms and µs steps
      let us = fromUtc * 1000;
      for (let i = 0; i < n; i++) {
        const g = r();
        us += g < 0.2 ? 0 : g < 0.9 ? Math.floor(r() * 120e6) : g < 0.99 ? Math.floor(r() * 4 * 3600e6) : Math.floor(r() * 40 * 3600e6);
        t.time[i] = us;
        t.price[i] = 20000 + Math.floor(r() * 50);
        t.size[i] = 1 + Math.floor(r() * 5);
        t.side[i] = r() < 0.5 ? 1 : -1;
      }
      const want = referenceStarts(t.time, open, close, zone);
      const cfg = makeConfig({ sessions: { exchangeTimeZone: zone, sessionStart: open, rthEnd: close }, bars: { kind: "trades", size: 1e9 } });
      const s = new SessionBarStream(cfg);
      for (const c of chunks(t, 1 + Math.floor(r() * 3000))) s.push(c);
      const got = s.finish();
      // the trades before the first session start are a part of their own
      const firsts = want[0] === 0 ? want : [0, ...want];
      expect(Array.from(got.time)).toEqual(firsts.map((i) => t.time[i]!));
      expect(s.trades).toBe(n);
    }
  });
});
