import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildBars, tickSessions, barsFromTicks, type BarSpec } from "./buildBars.js";
import type { BarTable } from "../barTable.js";
import { emptyTickTable, type TickTable } from "../tickTable.js";
import { makeConfig } from "../config.js";
import { assignSessions, barClock } from "../sessions/sessions.js";

const tasPath = fileURLToPath(new URL("../../../../data/ticks/ES-2022-01-24-tas.txt", import.meta.url));

/** Minimal reader of the time-and-sales sample (the io package has the real one): UTC, unpadded µs. */
function readTas(path: string): TickTable {
  const lines = readFileSync(path, "utf8").split(/\r?\n/).filter((l) => l.length > 0).slice(1);
  const t = emptyTickTable(lines.length);
  lines.forEach((line, i) => {
    const f = line.split(";");
    const [hms, frac = "0"] = f[1]!.split(".");
    t.time[i] = Date.parse(`${f[0]}T${hms}Z`) * 1000 + Number(frac);
    t.price[i] = Math.round(Number(f[4]) / 0.25);
    t.size[i] = Number(f[5]);
    t.side[i] = f[6] === "2" ? 1 : f[6] === "1" ? -1 : 0;
  });
  return t;
}

/** Reference builder: the obvious loop over ticks, a Map per bar for the footprint. */
function reference(t: TickTable, session: Int32Array, spec: BarSpec) {
  const bars: { first: number; s: number; o: number; h: number; l: number; c: number; v: number; n: number; bid: number; ask: number; mx: number; mn: number; key: number; rows: Map<number, [number, number]>; last: number }[] = [];
  for (let i = 0; i < t.length; i++) {
    const p = t.price[i]!, q = t.size[i]!, sd = t.side[i]!, key = Math.floor(t.time[i]! / (spec.size * 1e6));
    let b = bars.at(-1);
    const fresh = !b || b.s !== session[i] || (spec.kind === "range" ? Math.max(b.h, p) - Math.min(b.l, p) > spec.size
      : spec.kind === "trades" ? b.n >= spec.size : spec.kind === "volume" ? b.v >= spec.size : key !== b.key);
    if (fresh) {
      b = { first: spec.kind === "seconds" ? key * spec.size * 1e6 : t.time[i]!, s: session[i]!, o: p, h: p, l: p, c: p, v: 0, n: 0, bid: 0, ask: 0, mx: -Infinity, mn: Infinity, key, rows: new Map(), last: 0 };
      bars.push(b);
    }
    b = b!;
    b.h = Math.max(b.h, p); b.l = Math.min(b.l, p); b.c = p; b.v += q; b.n++; b.last = t.time[i]!;
    const r = b.rows.get(p) ?? [0, 0];
    if (sd < 0) { b.bid += q; r[0] += q; } else if (sd > 0) { b.ask += q; r[1] += q; }
    b.rows.set(p, r);
    b.mx = Math.max(b.mx, b.ask - b.bid); b.mn = Math.min(b.mn, b.ask - b.bid);
  }
  return bars;
}

function expectSame(got: BarTable, want: ReturnType<typeof reference>): void {
  expect(got.length).toBe(want.length);
  const fp = got.footprint!;
  want.forEach((w, i) => {
    const g = [got.time[i], got.lastTime[i], got.session[i], got.open[i], got.high[i], got.low[i], got.close[i], got.volume[i], got.trades[i], got.bidVolume[i], got.askVolume[i], got.delta[i], got.maxDelta[i], got.minDelta[i]];
    const e = [w.first, w.last, w.s, w.o, w.h, w.l, w.c, w.v, w.n, w.bid, w.ask, w.ask - w.bid, w.mx, w.mn];
    for (let k = 0; k < e.length; k++) if (!Object.is(g[k], e[k])) throw new Error(`bar ${i} field ${k}: ${g[k]} vs ${e[k]}`);
    let r = fp.offset[i]!;
    expect(fp.offset[i + 1]! - r).toBe(w.h - w.l + 1);
    for (let p = w.l; p <= w.h; p++, r++) {
      const row = w.rows.get(p) ?? [0, 0];
      if (fp.price[r] !== p || fp.bidVolume[r] !== row[0] || fp.askVolume[r] !== row[1]) {
        throw new Error(`bar ${i} row ${p}: got ${fp.price[r]} ${fp.bidVolume[r]}×${fp.askVolume[r]}, want ${row[0]}×${row[1]}`);
      }
    }
  });
}

describe("buildBars", () => {
  const ticks = readTas(tasPath);
  const rules = { exchangeTimeZone: "America/Chicago", sessionStart: "08:30", rthEnd: "15:15" };

  it("reads the real sample: 2,026 trades", () => {
    expect(ticks.length).toBe(2026);
    expect(ticks.price[0]).toBe(4347.75 * 4);
  });

  it("matches the reference bar for bar and row for row on the real ticks, every kind", () => {
    const { session } = tickSessions(ticks, rules);
    for (const spec of [{ kind: "range", size: 8 }, { kind: "range", size: 2 }, { kind: "trades", size: 50 },
      { kind: "volume", size: 200 }, { kind: "seconds", size: 5 }] as BarSpec[]) {
      expectSame(buildBars(ticks, session, spec), reference(ticks, session, spec));
    }
  });

  it("8-tick range bars of the real ticks keep every invariant", () => {
    const bars = barsFromTicks(ticks, makeConfig());
    expect(bars.length).toBeGreaterThan(3);
    let vol = 0;
    const fp = bars.footprint!;
    for (let i = 0; i < bars.length; i++) {
      expect(bars.high[i]! - bars.low[i]!).toBeLessThanOrEqual(8);
      let bid = 0, ask = 0;
      for (let r = fp.offset[i]!; r < fp.offset[i + 1]!; r++) { bid += fp.bidVolume[r]!; ask += fp.askVolume[r]!; }
      // every trade of the sample has a side, so the rows sum to the bar's volume
      expect(bid + ask).toBe(bars.volume[i]);
      expect(bid).toBe(bars.bidVolume[i]);
      expect(ask).toBe(bars.askVolume[i]);
      expect(bars.maxDelta[i]!).toBeGreaterThanOrEqual(bars.delta[i]!);
      expect(bars.minDelta[i]!).toBeLessThanOrEqual(bars.delta[i]!);
      vol += bars.volume[i]!;
    }
    expect(vol).toBe(ticks.size.reduce((s, v) => s + v, 0));
  });

  it("tickSessions: a session starts at the first trade in [08:30, 15:15) of a later date; bars never span it", () => {
    // Chicago, January (UTC−6): 14:29:59 UTC is 08:29:59 CT (still the previous session), 14:30 starts the next.
    const t = emptyTickTable(6);
    const at = (iso: string) => Date.parse(iso) * 1000;
    t.time.set([at("2022-01-24T14:29:58Z"), at("2022-01-24T14:29:59Z"), at("2022-01-24T14:30:00Z"), at("2022-01-24T14:30:01Z"), at("2022-01-24T22:00:00Z"), at("2022-01-25T14:30:00Z")]);
    t.price.set([100, 101, 101, 100, 100, 100]);
    t.size.fill(1);
    t.side.set([1, 1, -1, -1, 1, 1]);
    const s = tickSessions(t, rules);
    expect([...s.session]).toEqual([0, 0, 1, 1, 1, 2]);
    expect(s.sessions.map((x) => [x.name, x.partial, x.start, x.end])).toEqual([
      ["2022-01-21", true, 0, 2] /* Monday before 08:30 continues Friday (SPEC §1) */, ["2022-01-24", false, 2, 5], ["2022-01-25", false, 5, 6]]);
    const bars = buildBars(t, s.session, { kind: "range", size: 8 });
    expect([...bars.session]).toEqual([0, 1, 2]);
    expect([...bars.volume]).toEqual([2, 3, 1]);
  });

  it("N-second bars: a bucket cut by a session start gives the session's first bar the session start as its time", () => {
    // Chicago in January is UTC−6. 60-minute buckets are [08:00, 09:00) CT; the session of Tue the 9th
    // begins with the 08:31 trade, so the bucket holds the end of Monday's session and the start of Tuesday's.
    const ct = (day: number, hh: number, mm: number, ss = 0) => Date.UTC(2024, 0, day, hh + 6, mm, ss) * 1000;
    const t = emptyTickTable(6);
    t.time.set([ct(8, 9, 0), ct(9, 8, 10), ct(9, 8, 29), ct(9, 8, 31, 15), ct(9, 8, 50), ct(9, 9, 10)]);
    t.price.set([100, 101, 102, 103, 104, 105]);
    t.size.set([1, 2, 3, 4, 5, 6]);
    t.side.fill(1);
    const cfg = makeConfig({ bars: { kind: "seconds", size: 3600 } });
    const bars = barsFromTicks(t, cfg);
    // Mon 09:00 | Tue [08:00: 08:10, 08:29] (still Monday's session) | Tue [08:30: 08:31:15, 08:50] | Tue [09:00: 09:10]
    expect(Array.from(bars.time)).toEqual([ct(8, 9, 0), ct(9, 8, 0), ct(9, 8, 30), ct(9, 9, 0)]);
    expect(Array.from(bars.lastTime)).toEqual([ct(8, 9, 0), ct(9, 8, 29), ct(9, 8, 50), ct(9, 9, 10)]);
    expect(Array.from(bars.volume)).toEqual([1, 5, 9, 6]);
    expect(Array.from(bars.session)).toEqual([0, 0, 1, 1]);
    // the bar-level rule on the stamped times (what assembleMarket does) finds the same sessions
    const again = { session: new Int32Array(bars.length) };
    const s = assignSessions(again, barClock(bars.time, cfg.sessions.exchangeTimeZone), 0, bars.length, 0, rules);
    expect(Array.from(again.session)).toEqual([0, 0, 1, 1]);
    expect(s.map((x) => x.name)).toEqual(["2024-01-08", "2024-01-09"]);
    // 5-minute buckets start on 08:30 itself: the stamp stays the bucket start, not the first trade's time
    const five = barsFromTicks(t, makeConfig({ bars: { kind: "seconds", size: 300 } }));
    expect(Array.from(five.time)).toContain(ct(9, 8, 30));
  });

  it("rejects ticks out of time order and a session column of the wrong length", () => {
    const t = emptyTickTable(2);
    t.time.set([2, 1]);
    expect(() => buildBars(t, new Int32Array(2), { kind: "range", size: 8 })).toThrow(/back in time/);
    expect(() => buildBars(t, new Int32Array(1), { kind: "range", size: 8 })).toThrow(/1 session ids for 2 ticks/);
  });
});
