import { describe, expect, it } from "vitest";
import { makeVector, Float64, Int32 } from "apache-arrow";
import { buildTickBars, type TickBarInput, type TickBarKind, type TickBars } from "./rangeBars.js";

interface Ticks { time: Float64Array; price: Int32Array; size: Float64Array; side: Int8Array; session: Int32Array }

/** Plain TypeScript reference of SPEC §4, written the obvious way: one object per bar. */
export function referenceBars(x: Ticks, kind: TickBarKind, size: number): TickBars {
  type Bar = { time: number; last: number; session: number; open: number; high: number; low: number; close: number;
    volume: number; trades: number; bid: number; ask: number; max: number; min: number; bucket: number; rows: Map<number, [number, number]> };
  const bars: Bar[] = [];
  let cur: Bar | undefined;
  for (let i = 0; i < x.time.length; i++) {
    const p = x.price[i]!, t = x.time[i]!, q = x.size[i]!, sd = x.side[i]!, s = x.session[i]!;
    const bucket = Math.floor(t / (size * 1e6));
    let fresh = !cur || cur.session !== s;
    if (cur && !fresh) {
      if (kind === "range") fresh = Math.max(cur.high, p) - Math.min(cur.low, p) > size;
      else if (kind === "trades") fresh = cur.trades >= size;
      else if (kind === "volume") fresh = cur.volume >= size;
      else fresh = bucket !== cur.bucket;
    }
    if (fresh) {
      cur = { time: kind === "seconds" ? bucket * size * 1e6 : t, last: t, session: s, open: p, high: p, low: p, close: p,
        volume: 0, trades: 0, bid: 0, ask: 0, max: -Infinity, min: Infinity, bucket, rows: new Map() };
      bars.push(cur);
    }
    const b = cur!;
    b.high = Math.max(b.high, p);
    b.low = Math.min(b.low, p);
    b.close = p;
    b.last = t;
    b.volume += q;
    b.trades += 1;
    const row = b.rows.get(p) ?? [0, 0];
    if (sd > 0) { b.ask += q; row[1] += q; }
    if (sd < 0) { b.bid += q; row[0] += q; }
    b.rows.set(p, row);
    b.max = Math.max(b.max, b.ask - b.bid);
    b.min = Math.min(b.min, b.ask - b.bid);
  }
  const n = bars.length;
  const rows = bars.reduce((s, b) => s + b.high - b.low + 1, 0);
  const out: TickBars = {
    length: n, time: new Float64Array(n), lastTime: new Float64Array(n), session: new Int32Array(n),
    open: new Int32Array(n), high: new Int32Array(n), low: new Int32Array(n), close: new Int32Array(n),
    volume: new Float64Array(n), trades: new Float64Array(n), bidVolume: new Float64Array(n), askVolume: new Float64Array(n),
    delta: new Float64Array(n), maxDelta: new Float64Array(n), minDelta: new Float64Array(n),
    footprint: { offset: new Int32Array(n + 1), price: new Int32Array(rows), bidVolume: new Float64Array(rows), askVolume: new Float64Array(rows) },
  };
  let r = 0;
  bars.forEach((b, i) => {
    out.time[i] = b.time; out.lastTime[i] = b.last; out.session[i] = b.session;
    out.open[i] = b.open; out.high[i] = b.high; out.low[i] = b.low; out.close[i] = b.close;
    out.volume[i] = b.volume; out.trades[i] = b.trades; out.bidVolume[i] = b.bid; out.askVolume[i] = b.ask;
    out.delta[i] = b.ask - b.bid; out.maxDelta[i] = b.max; out.minDelta[i] = b.min;
    out.footprint.offset[i] = r;
    for (let p = b.low; p <= b.high; p++, r++) {
      const row = b.rows.get(p) ?? [0, 0];
      out.footprint.price[r] = p;
      out.footprint.bidVolume[r] = row[0];
      out.footprint.askVolume[r] = row[1];
    }
  });
  out.footprint.offset[n] = r;
  return out;
}

export function randomTicks(n: number, seed: number): Ticks {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
  const x: Ticks = { time: new Float64Array(n), price: new Int32Array(n), size: new Float64Array(n), side: new Int8Array(n), session: new Int32Array(n) };
  let t = 1_700_000_000_000_000, p = 18000, sess = 0;
  for (let i = 0; i < n; i++) {
    t += rnd() < 0.3 ? 0 : Math.floor(rnd() * 3_000_000); // same-µs trades happen
    const u = rnd();
    p += u < 0.02 ? Math.floor(rnd() * 41) - 20 : u < 0.35 ? -1 : u < 0.7 ? 1 : 0; // rare gaps
    if (rnd() < 0.002) sess++;
    x.time[i] = t; x.price[i] = p; x.session[i] = sess;
    x.size[i] = 1 + Math.floor(-Math.log(1 - rnd()) * 4);
    const v = rnd();
    x.side[i] = v < 0.47 ? -1 : v < 0.95 ? 1 : 0;
  }
  return x;
}

export function sameBars(got: TickBars, want: TickBars): void {
  expect(got.length).toBe(want.length);
  const cols = ["time", "lastTime", "session", "open", "high", "low", "close", "volume", "trades", "bidVolume",
    "askVolume", "delta", "maxDelta", "minDelta"] as const;
  for (const c of cols) {
    const a = got[c], b = want[c];
    for (let i = 0; i < want.length; i++) if (!Object.is(a[i], b[i])) throw new Error(`bar ${i} ${c}: wasm ${a[i]} vs reference ${b[i]}`);
  }
  for (const c of ["offset", "price", "bidVolume", "askVolume"] as const) {
    const a = got.footprint[c], b = want.footprint[c];
    expect(a.length).toBe(b.length);
    for (let i = 0; i < b.length; i++) if (!Object.is(a[i], b[i])) throw new Error(`footprint ${c}[${i}]: wasm ${a[i]} vs reference ${b[i]}`);
  }
}

const T0 = 1_700_000_000_000_000;
const ticks = (price: number[], size: number[], side: number[], session?: number[], time?: number[]): Ticks => ({
  time: Float64Array.from(time ?? price.map((_, i) => T0 + i * 1000)),
  price: Int32Array.from(price), size: Float64Array.from(size), side: Int8Array.from(side),
  session: Int32Array.from(session ?? price.map(() => 0)),
});

describe("tick bars (compiled wasm)", () => {
  it("hand example, 2-tick range: the trade that would exceed the range opens the next bar at its own price", () => {
    const x = ticks([100, 101, 102, 103, 102, 101, 99], [1, 2, 3, 4, 5, 6, 7], [1, 1, 1, 1, -1, -1, -1]);
    const b = buildTickBars(x, "range", 2);
    expect(b.length).toBe(3);
    expect([...b.open]).toEqual([100, 103, 99]);
    expect([...b.high]).toEqual([102, 103, 99]);
    expect([...b.low]).toEqual([100, 101, 99]);
    expect([...b.close]).toEqual([102, 101, 99]);
    expect([...b.volume]).toEqual([6, 15, 7]);
    expect([...b.trades]).toEqual([3, 3, 1]);
    expect([...b.askVolume]).toEqual([6, 4, 0]);
    expect([...b.bidVolume]).toEqual([0, 11, 7]);
    expect([...b.delta]).toEqual([6, -7, -7]);
    // running delta: bar 1 → 1, 3, 6; bar 2 → 4, −1, −7; bar 3 → −7
    expect([...b.maxDelta]).toEqual([6, 4, -7]);
    expect([...b.minDelta]).toEqual([1, -7, -7]);
    expect([...b.time]).toEqual([T0, T0 + 3000, T0 + 6000]);
    expect([...b.lastTime]).toEqual([T0 + 2000, T0 + 5000, T0 + 6000]);
    expect([...b.footprint.offset]).toEqual([0, 3, 6, 7]);
    expect([...b.footprint.price]).toEqual([100, 101, 102, 101, 102, 103, 99]);
    expect([...b.footprint.bidVolume]).toEqual([0, 0, 0, 6, 5, 0, 7]);
    expect([...b.footprint.askVolume]).toEqual([1, 2, 3, 0, 0, 4, 0]);
  });

  it("8-tick range: exactly 8 ticks stays in the bar, a 9th tick starts a new one; empty rows are zeros", () => {
    // 100 → 108 (range 8, same bar), 99 would make 9 → new bar; 104 is 5 away from 99 → same bar.
    const x = ticks([100, 108, 104, 99, 104, 107], [1, 1, 1, 2, 3, 1], [1, 1, 0, -1, 1, 1]);
    const b = buildTickBars(x, "range", 8);
    expect(b.length).toBe(2);
    expect([...b.open]).toEqual([100, 99]);
    expect([...b.high]).toEqual([108, 107]);
    expect([...b.low]).toEqual([100, 99]);
    // unknown-side trade (104, size 1): in volume and trades, not in bid/ask or the footprint
    expect(b.volume[0]).toBe(3);
    expect(b.askVolume[0] + b.bidVolume[0]).toBe(2);
    expect(b.footprint.offset[1]).toBe(9);
    const rows0 = [...b.footprint.askVolume.subarray(0, 9)];
    expect(rows0).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect([...b.footprint.price.subarray(9)]).toEqual([99, 100, 101, 102, 103, 104, 105, 106, 107]);
    // running delta of bar 2: −2, +1, +2
    expect(b.maxDelta[1]).toBe(2);
    expect(b.minDelta[1]).toBe(-2);
  });

  it("a gap: the trade 20 ticks away opens the next bar at its own price, no phantom bars in between", () => {
    // 8-tick range: 100, 104 (range 4) | 120 would make 20 → new bar at 120; 121; 113 makes 121 − 113 = 8 → stays
    const x = ticks([100, 104, 120, 121, 113], [1, 1, 1, 1, 1], [1, 1, 1, 1, -1]);
    const b = buildTickBars(x, "range", 8);
    expect(b.length).toBe(2);
    expect([...b.open]).toEqual([100, 120]);
    expect([...b.high]).toEqual([104, 121]);
    expect([...b.low]).toEqual([100, 113]);
    expect([...b.close]).toEqual([104, 113]);
    // bar 2 owns 9 rows 113…121 (zeros except 113 bid, 120 and 121 ask)
    expect([...b.footprint.offset]).toEqual([0, 5, 14]);
    expect([...b.footprint.price.subarray(5)]).toEqual([113, 114, 115, 116, 117, 118, 119, 120, 121]);
    expect([...b.footprint.askVolume.subarray(5)]).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1]);
    expect([...b.footprint.bidVolume.subarray(5)]).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("volume bars close when the volume reaches N exactly (≥, not >); trades bars after N trades", () => {
    // N = 5: 2 + 3 = 5 reaches 5 → closes; the 1 lot opens the next bar
    const x = ticks([10, 10, 10, 11], [2, 3, 1, 4], [1, -1, 1, 1]);
    expect([...buildTickBars(x, "volume", 5).volume]).toEqual([5, 5]);
    expect([...buildTickBars(x, "trades", 3).trades]).toEqual([3, 1]);
  });

  it("a session change starts a new bar even inside the range", () => {
    const x = ticks([100, 101, 101, 100], [1, 1, 1, 1], [1, 1, -1, -1], [0, 0, 1, 1]);
    const b = buildTickBars(x, "range", 8);
    expect([...b.session]).toEqual([0, 1]);
    expect([...b.volume]).toEqual([2, 2]);
  });

  it("trades, volume (never split: a bar ends at or above N) and N-second bars stamped at their bucket start", () => {
    const T30 = T0 - 20_000_000; // a multiple of 30 s
    const x = ticks([10, 11, 12, 13, 14], [3, 4, 1, 5, 2], [1, -1, 1, 1, -1], undefined,
      [T30, T30 + 1_000_000, T30 + 29_999_999, T30 + 30_000_000, T30 + 95_000_000]);
    expect([...buildTickBars(x, "trades", 2).trades]).toEqual([2, 2, 1]);
    const v = buildTickBars(x, "volume", 5);
    expect([...v.volume]).toEqual([7, 6, 2]); // 3+4 ≥ 5 closes; 1+5 ≥ 5 closes; 2 left
    const s = buildTickBars(x, "seconds", 30);
    // T30 is a multiple of 30 s: buckets [T30, +30 s) → 3 trades, [+30 s, +60 s) → 1, [+90 s, +120 s) → 1
    expect(T30 % 30_000_000).toBe(0);
    expect([...s.trades]).toEqual([3, 1, 1]);
    expect([...s.time]).toEqual([T30, T30 + 30_000_000, T30 + 90_000_000]);
    expect([...s.lastTime]).toEqual([T30 + 29_999_999, T30 + 30_000_000, T30 + 95_000_000]);
  });

  it("no ticks → no bars; rejects bad sizes", () => {
    const b = buildTickBars(ticks([], [], []), "range", 8);
    expect(b.length).toBe(0);
    expect([...b.footprint.offset]).toEqual([0]);
    expect(() => buildTickBars(ticks([1], [1], [1]), "range", 0)).toThrow(/whole number > 0/);
    expect(() => buildTickBars(ticks([1], [1], [1]), "trades", 2.5)).toThrow(/whole number > 0/);
  });

  it("matches the reference on random ticks, every kind, several sizes", () => {
    for (const [n, seed] of [[1, 1], [2, 2], [1000, 3], [50_000, 4]] as const) {
      const x = randomTicks(n, seed);
      for (const [kind, size] of [["range", 8], ["range", 1], ["range", 4], ["trades", 1], ["trades", 100],
        ["volume", 50], ["volume", 1], ["seconds", 60], ["seconds", 1]] as const) {
        sameBars(buildTickBars(x, kind, size), referenceBars(x, kind, size));
      }
    }
  });

  it("range-bar invariants on random ticks: high − low ≤ N, one session per bar, rows sum to bid/ask", () => {
    const x = randomTicks(100_000, 11);
    const b = buildTickBars(x, "range", 8);
    let tick = 0;
    for (let i = 0; i < b.length; i++) {
      expect(b.high[i]! - b.low[i]!).toBeLessThanOrEqual(8);
      const r0 = b.footprint.offset[i]!, r1 = b.footprint.offset[i + 1]!;
      expect(r1 - r0).toBe(b.high[i]! - b.low[i]! + 1);
      let bid = 0, ask = 0;
      for (let r = r0; r < r1; r++) { bid += b.footprint.bidVolume[r]!; ask += b.footprint.askVolume[r]!; }
      expect(bid).toBe(b.bidVolume[i]);
      expect(ask).toBe(b.askVolume[i]);
      for (let k = 0; k < b.trades[i]!; k++, tick++) expect(x.session[tick]).toBe(b.session[i]);
    }
    expect(tick).toBe(x.time.length);
  });

  it("accepts Arrow vectors (several chunks)", () => {
    const x = randomTicks(500, 5);
    const chunked = (a: Int32Array | Float64Array, type: Int32 | Float64) => {
      const v1 = makeVector({ type, data: a.slice(0, 200) } as never);
      return (v1 as unknown as { concat(o: unknown): unknown }).concat(makeVector({ type, data: a.slice(200) } as never));
    };
    const input = { ...x, time: chunked(x.time, new Float64()), price: chunked(x.price, new Int32()) } as unknown as TickBarInput;
    sameBars(buildTickBars(input, "range", 8), referenceBars(x, "range", 8));
  });
});
