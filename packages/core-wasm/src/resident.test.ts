// Resident columns (`withResident`): every face given blocks already in linear memory, or run in a
// scope of views, returns byte-identical results to the same face given typed arrays (which the
// per-family tests check against the plain TypeScript references).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { place, reserve } from "./abi.js";
import { arena, withArena, withResident, type Arena } from "./arena.js";
import { barMetrics } from "./barMetrics.js";
import { detectRawSignals, signalHierarchy } from "./signals.js";
import { footprintMarks } from "./footprintMarks.js";
import { buildProfiles } from "./profiles.js";
import { nearestLevels } from "./distances.js";
import { forwardScan } from "./forwardScan.js";

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
}

const SIG = { minAbsDeltaPct: 0.05, strongTrappedPct: 0.75, minRefVolume: 5, exhaustionRatio: 0.5, accelRatio1: 0.5, accelRatio2: 0.2 };
const SCAN = { horizons: [1, 3, 7], maxHorizon: 9, targetTicks: 4 };

/** A random contract: bars with a full footprint, sessions, profiles (−1 outside), periods, zero and NaN edge cases. */
function market(n: number, seed: number) {
  const r = rng(seed);
  const I = () => new Int32Array(n), F = () => new Float64Array(n);
  const x = {
    open: I(), high: I(), low: I(), close: I(), volume: F(), delta: F(), maxDelta: F(), minDelta: F(),
    group: I(), session: I(), profile: I(), period: I(), entry: F(), direction: new Int8Array(n), querySet: I(),
  };
  const offset = new Int32Array(n + 1), price: number[] = [], bid: number[] = [], ask: number[] = [];
  let p = 100, session = 0, group = 0;
  for (let i = 0; i < n; i++) {
    if (r() < 0.05) group++;
    if (r() < 0.1) session++;
    const range = Math.floor(r() * 5);
    p += Math.floor(r() * 5) - 2;
    x.low[i] = p; x.high[i] = p + range;
    x.open[i] = p + Math.floor(r() * (range + 1)); x.close[i] = p + Math.floor(r() * (range + 1));
    let b = 0, a = 0;
    for (let k = 0; k <= range; k++) {
      const bv = r() < 0.2 ? 0 : Math.floor(r() * 30), av = r() < 0.2 ? 0 : Math.floor(r() * 30);
      price.push(p + k); bid.push(bv); ask.push(av); b += bv; a += av;
    }
    offset[i + 1] = price.length;
    x.volume[i] = a + b; x.delta[i] = a - b;
    x.maxDelta[i] = r() < 0.1 ? NaN : Math.max(x.delta[i]!, 0) + Math.floor(r() * 10);
    x.minDelta[i] = r() < 0.1 ? 0 : Math.min(x.delta[i]!, 0) - Math.floor(r() * 10);
    x.group[i] = group; x.session[i] = session;
    x.profile[i] = r() < 0.2 ? -1 : session;
    x.period[i] = Math.floor(i / 4);
    x.entry[i] = r() < 0.05 ? NaN : x.close[i]!;
    const u = r();
    x.direction[i] = u < 0.2 ? 1 : u < 0.4 ? -1 : u < 0.45 ? 2 : 0;
    x.querySet[i] = r() < 0.1 ? -1 : Math.floor(r() * 4);
  }
  const footprint = { offset, price: Int32Array.from(price), bidVolume: Float64Array.from(bid), askVolume: Float64Array.from(ask) };
  const sets = { offset: Int32Array.from([0, 3, 3, 5, 9]), price: Float64Array.from([95, 100, 110, 90, 101, 80, 99, 102, 130]), strength: Float64Array.from([1, 2, 3, 1, 4, 2, 2, 2, 1]) };
  return { ...x, footprint, sets, nProfiles: session + 1 };
}
type Market = ReturnType<typeof market>;

const TYPES = {
  open: "i32", high: "i32", low: "i32", close: "i32", volume: "f64", delta: "f64", maxDelta: "f64", minDelta: "f64", group: "i32",
  session: "i32", profile: "i32", period: "i32", entry: "f64", direction: "i8", querySet: "i32",
} as const;

function placeAll(a: Arena, m: Market) {
  const n = m.close.length, R = m.footprint.price.length;
  const c = Object.fromEntries(Object.entries(TYPES).map(([k, t]) => [k, place(a, t, m[k as keyof typeof TYPES] as never, n)]));
  const footprint = {
    offset: place(a, "i32", m.footprint.offset, n + 1), price: place(a, "i32", m.footprint.price, R),
    bidVolume: place(a, "f64", m.footprint.bidVolume, R), askVolume: place(a, "f64", m.footprint.askVolume, R),
  };
  return { ...(c as unknown as Record<keyof typeof TYPES, never>), footprint: footprint as never };
}

/** Every face over columns `c` (typed arrays or blocks), each result reduced to its bytes. */
function runAll(c: Market, m: Market): Record<string, Uint8Array> {
  const bars = { high: c.high, low: c.low, close: c.close, volume: c.volume, delta: c.delta, maxDelta: c.maxDelta, minDelta: c.minDelta, group: c.group };
  const metrics = barMetrics(bars, 3);
  const raw = detectRawSignals({ open: c.open, high: c.high, low: c.low, close: c.close, delta: c.delta, deltaPct: metrics.deltaPct, trappedPct: metrics.trappedPct, footprint: c.footprint }, SIG);
  const hier = signalHierarchy(raw);
  const marks = footprintMarks(c.footprint);
  const prof = { high: c.high, low: c.low, volume: c.volume, profile: c.profile, period: c.period };
  const spread = buildProfiles(prof, m.nProfiles, 1);
  const fromFp = buildProfiles({ ...prof, footprint: c.footprint }, m.nProfiles, 2);
  const near = nearestLevels(m.sets, c.entry, c.querySet);
  // the scan's direction from the hierarchy (an output handed to the next kernel), and as given
  const scan = forwardScan({ high: c.high, low: c.low, close: c.close, session: c.session, direction: hier.direction, entry: c.entry }, SCAN);
  const scan2 = forwardScan({ high: c.high, low: c.low, close: c.close, session: c.session, direction: c.direction, entry: c.entry }, SCAN);
  const out: Record<string, Uint8Array> = {};
  const add = (prefix: string, o: object) => {
    for (const [k, v] of Object.entries(o)) {
      if (ArrayBuffer.isView(v)) out[`${prefix}.${k}`] = new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice();
      else if (Array.isArray(v)) v.forEach((a, h) => add(`${prefix}.${k}[${h}]`, { v: a }));
      else out[`${prefix}.${k}`] = Uint8Array.from(new TextEncoder().encode(JSON.stringify(v)));
    }
  };
  add("metrics", metrics); add("raw", raw); add("hier", hier); add("marks", marks);
  add("spread", spread); add("fromFp", fromFp); add("near", { near }); add("scan", scan); add("scan2", scan2);
  return out;
}

const barsOf = (m: Market) => ({ high: m.high, low: m.low, close: m.close, volume: m.volume, delta: m.delta, maxDelta: m.maxDelta, minDelta: m.minDelta, group: m.group });

const expectSame = (got: Record<string, Uint8Array>, want: Record<string, Uint8Array>) => {
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  for (const k of Object.keys(want)) expect(Buffer.compare(Buffer.from(got[k]!), Buffer.from(want[k]!)), k).toBe(0);
};

describe("resident columns", () => {
  it("every face on resident blocks, and in a scope of views, is byte-identical to the face on typed arrays", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (n, seed) => {
      const m = market(n, seed);
      const want = runAll(m, m);
      expectSame(withResident((a) => placeAll(a, m), (c) => runAll(c as unknown as Market, m)), want);
      expectSame(withResident((a) => placeAll(a, m), (c) => runAll(c as unknown as Market, m), { viewBytes: 64 * 1024 + n * 2000 }), want);
    }), { numRuns: 60 });
  });

  it("keeps the resident blocks through the faces' resets and frees them after", () => {
    const a = arena();
    const m = market(50, 1);
    let ptr = -1;
    withResident((ar) => place(ar, "i32", m.high, 50), (high) => {
      ptr = high.ptr;
      barMetrics({ ...barsOf(m), high }, 3);
      withArena((inner) => expect(reserve(inner, "i32", 1).ptr).toBeGreaterThanOrEqual(ptr + 200));
      expect(Array.from(high.view())).toEqual(Array.from(m.high));
    });
    withArena(() => expect(reserve(a, "i32", 1).ptr).toBe(ptr));
  });

  it("hands back views that stay valid to the end of the scope, and refuses to grow memory inside it", () => {
    const m = market(100, 2);
    withResident((a) => placeAll(a, m), (c) => {
      const first = barMetrics({ ...barsOf(m), high: c.high }, 3);
      expect(first.deltaPct.buffer).toBe(arena().memory.buffer);
      const copy = first.deltaPct.slice();
      for (let k = 0; k < 5; k++) barMetrics(barsOf(m), 3);
      expect(Buffer.compare(Buffer.from(first.deltaPct.buffer, first.deltaPct.byteOffset, first.deltaPct.byteLength), Buffer.from(copy.buffer))).toBe(0);
      const big = new Float64Array(arena().memory.buffer.byteLength);
      expect(() => barMetrics({ close: new Int32Array(big.length), high: new Int32Array(big.length), low: new Int32Array(big.length), volume: big, delta: big, maxDelta: big, minDelta: big, group: new Int32Array(big.length) }, 3))
        .toThrow(/resident scope sized too small/);
    }, { viewBytes: 1 << 20 });
    // after the scope, faces copy again
    expect(barMetrics(barsOf(m), 3).deltaPct.buffer).not.toBe(arena().memory.buffer);
  });

  it("rejects a resident block of the wrong type or length with a clear error", () => {
    const m = market(20, 3);
    withResident((a) => ({ vol: place(a, "f64", m.volume, 20), short: place(a, "i32", m.high.subarray(0, 10), 10) }), ({ vol, short }) => {
      expect(() => barMetrics({ ...barsOf(m), high: vol as never }, 3)).toThrow(/expected 20 i32/);
      expect(() => barMetrics({ ...barsOf(m), high: short }, 3)).toThrow(/column high has 10 rows, expected 20/);
    });
  });
});
