import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { readSierraBarExport } from "../io/sierraBarExport.js";
import { buildBars, tickSessions } from "../bars/buildBars.js";
import type { BarTable } from "../barTable.js";
import { emptyBarTable } from "../barTable.js";
import { scaledBar, synthesizeTrades, type SynthResult } from "./tradesFromBars.js";
import { Prng } from "./prng.js";

const data = (f: string) => fileURLToPath(new URL(`../../../../data/es-5m/${f}`, import.meta.url));
const FILES = ["ESH23", "ESM23", "ESU23", "ESZ23", "ESH24", "ESM24", "ESU24", "ESZ24"].map((c) => `${c}-CME.scid_BarData__5m.txt`);
const read = (f: string) => readSierraBarExport(data(f), { tickSize: 0.25, sourceTimeZone: "America/Chicago" }).bars;
const rules = { exchangeTimeZone: "America/Chicago", sessionStart: "08:30", rthEnd: "15:15" };

function slice(b: BarTable, from: number, to: number): BarTable {
  const out = emptyBarTable(to - from);
  for (const k of ["time", "lastTime", "session", "open", "high", "low", "close", "volume", "trades", "bidVolume", "askVolume", "delta", "maxDelta", "minDelta"] as const) {
    (out[k] as Float64Array).set((b[k] as Float64Array).subarray(from, to));
  }
  return out;
}

/** Aggregates the ticks back to 5-minute bars and demands every field of every bar. */
function expectRoundTrip(r: SynthResult, want: BarTable): void {
  const { session } = tickSessions(r.ticks, rules);
  const got = buildBars(r.ticks, session, { kind: "seconds", size: 300 });
  expect(got.length).toBe(want.length);
  for (const k of ["time", "open", "high", "low", "close", "volume", "trades", "bidVolume", "askVolume"] as const) {
    const a = got[k], b = want[k];
    for (let i = 0; i < want.length; i++) {
      if (a[i] !== b[i]) throw new Error(`bar ${i} (${new Date(want.time[i]! / 1000).toISOString()}) ${k}: ticks give ${a[i]}, bar has ${b[i]}`);
    }
  }
}

/** The tape's own rules: µs strictly increasing, whole sizes ≥ 1, one tick per trade and sides by tick direction except where counted. */
function expectTapeRules(r: SynthResult): void {
  const t = r.ticks;
  let gaps = 0, forced = 0, bar = 0;
  for (let i = 0; i < t.length; i++) {
    if (!(Number.isInteger(t.size[i]) && t.size[i]! >= 1)) throw new Error(`trade ${i}: size ${t.size[i]}`);
    if (i === 0) continue;
    if (!(t.time[i]! > t.time[i - 1]!)) throw new Error(`trade ${i}: time ${t.time[i]} not after ${t.time[i - 1]}`);
    if (t.time[i]! >= r.bars.time[bar]! + 300e6 || (bar + 1 < r.bars.length && t.time[i]! >= r.bars.time[bar + 1]!)) { bar++; continue; }
    const mv = t.price[i]! - t.price[i - 1]!;
    if (Math.abs(mv) > 1) gaps++;
    if ((mv > 0 && t.side[i] !== 1) || (mv < 0 && t.side[i] !== -1)) forced++;
  }
  expect(gaps).toBe(r.stats.gapTrades);
  expect(forced).toBe(r.stats.sideForced);
}

describe("synthesizeTrades from real 5-minute bars", () => {
  it("scale 1: the trades of 200 bars of every contract (an RTH open included) reproduce each bar exactly", () => {
    let trades = 0;
    for (const f of FILES) {
      const all = read(f);
      const part = slice(all, 5000, 5200);
      const r = synthesizeTrades(part, { seed: 7 });
      expectRoundTrip(r, part);
      expectTapeRules(r);
      trades += r.stats.trades;
      // real volumes: gaps and forced sides are rare
      expect(r.stats.gapTrades).toBeLessThan(r.stats.trades * 1e-3);
      expect(r.stats.sideForced).toBeLessThan(r.stats.trades * 1e-3);
    }
    expect(trades).toBeGreaterThan(1_000_000);
  });

  it("scale 1: EVERY real 5-minute bar of all eight contracts is reproduced exactly by its trades", () => {
    // chunks of 1,500 bars keep memory bounded (~1 M trades at a time); 141,172 bars, ~66 M trades in all
    let bars = 0, trades = 0;
    for (const f of FILES) {
      const all = read(f);
      for (let from = 0; from < all.length; from += 1500) {
        const part = slice(all, from, Math.min(all.length, from + 1500));
        const r = synthesizeTrades(part, { seed: from + 1 });
        expectRoundTrip(r, part);
        bars += part.length;
        trades += r.stats.trades;
      }
    }
    expect(bars).toBe(141_172);
    expect(trades).toBeGreaterThan(50_000_000);
  }, 600_000);

  it("scale 0.01: a whole contract file (ESH24, 17,117 bars) reproduces every scaled bar exactly", () => {
    const bars = read(FILES[4]!);
    const r = synthesizeTrades(bars, { seed: 1, volumeScale: 0.01 });
    expect(r.bars.length).toBe(17117);
    expectRoundTrip(r, r.bars);
    expectTapeRules(r);
    for (let i = 0; i < bars.length; i++) {
      expect(r.bars.open[i]).toBe(bars.open[i]);
      expect(r.bars.high[i]).toBe(bars.high[i]);
      expect(r.bars.low[i]).toBe(bars.low[i]);
      expect(r.bars.close[i]).toBe(bars.close[i]);
    }
  });

  it("is deterministic for a seed and differs between seeds", () => {
    const part = slice(read(FILES[0]!), 100, 160);
    const a = synthesizeTrades(part, { seed: 42 }), b = synthesizeTrades(part, { seed: 42 }), c = synthesizeTrades(part, { seed: 43 });
    for (const k of ["time", "price", "size", "side"] as const) {
      expect(Buffer.from(a.ticks[k].buffer).equals(Buffer.from(b.ticks[k].buffer))).toBe(true);
    }
    expect(Buffer.from(a.ticks.time.buffer).equals(Buffer.from(c.ticks.time.buffer))).toBe(false);
  });

  it("hand-made bars: a flat bar, a bar with too few trades (documented gaps), a one-sided up bar (forced sides)", () => {
    const t0 = Date.UTC(2024, 0, 2, 15) * 1000;
    const b = emptyBarTable(3);
    const set = (i: number, o: number, h: number, l: number, c: number, v: number, n: number, bid: number, ask: number) => {
      b.time[i] = t0 + i * 300e6; b.open[i] = o; b.high[i] = h; b.low[i] = l; b.close[i] = c;
      b.volume[i] = v; b.trades[i] = n; b.bidVolume[i] = bid; b.askVolume[i] = ask;
    };
    set(0, 100, 100, 100, 100, 10, 4, 6, 4); // flat: every trade at 100
    set(1, 100, 110, 98, 105, 20, 5, 10, 10); // path needs 1 + 2 + 12 + 7 = 22 trades; has 5 → gaps
    set(2, 105, 108, 105, 108, 3, 3, 3, 0); // price rises 3 ticks with no ask volume at all
    const r = synthesizeTrades(b, { seed: 3 });
    expectRoundTrip(r, b);
    expectTapeRules(r);
    expect([...r.ticks.price.subarray(0, 4)]).toEqual([100, 100, 100, 100]);
    // bar 2: open 100, low 98 first (nearer), high 110, close 105: 4 waypoints, 5 trades
    const p = [...r.ticks.price.subarray(4, 9)];
    expect(p[0]).toBe(100);
    expect(p.at(-1)).toBe(105);
    expect(Math.min(...p)).toBe(98);
    expect(Math.max(...p)).toBe(110);
    expect(r.stats.gapTrades).toBeGreaterThan(0);
    // bar 3: the up-ticks must be printed at the bid
    expect([...r.ticks.side.subarray(9)]).toEqual([-1, -1, -1]);
    expect(r.stats.sideForced).toBeGreaterThanOrEqual(2);
  });

  it("scaledBar: rounding per side, shortfall to the larger side, trades capped by volume and raised to the waypoints", () => {
    expect(scaledBar(369, 389, 758, 643, 0.1, 4)).toEqual({ bid: 37, ask: 39, unknown: 0, trades: 76 });
    expect(scaledBar(3, 1, 4, 4, 0.1, 3)).toEqual({ bid: 3, ask: 0, unknown: 0, trades: 3 });
    expect(scaledBar(3, 1, 4, 4, 1, 3)).toEqual({ bid: 3, ask: 1, unknown: 0, trades: 4 });
  });

  it("rejects inconsistent bars with a message naming the bar", () => {
    const b = emptyBarTable(1);
    b.time[0] = 0; b.open[0] = b.high[0] = b.low[0] = b.close[0] = 1;
    b.volume[0] = 2; b.trades[0] = 3; b.bidVolume[0] = 1; b.askVolume[0] = 1;
    expect(() => synthesizeTrades(b, { seed: 1 })).toThrow(/bar 1 .*3 trades cannot carry 2 contracts/);
  });

  it("Prng: fixed stream for a seed, uniform enough", () => {
    const a = new Prng(1), b = new Prng(1);
    const xs = Array.from({ length: 10000 }, () => a.float());
    expect(xs.every((x, i) => x === b.float() && x >= 0 && x < 1 && i >= 0)).toBe(true);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
    expect(new Prng(1).fork(5).u32()).toBe(new Prng(1).fork(5).u32());
    expect(new Prng(1).fork(5).u32()).not.toBe(new Prng(1).fork(6).u32());
  });
});
