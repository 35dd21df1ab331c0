import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readScid, SCID_FIRST_SUB_TRADE, SCID_LAST_SUB_TRADE } from "./scid.js";

// The reader checks trade records on a fast path (the checks' comparisons without their messages)
// and falls back to the full checks on any doubt; `fastPath: false` sends every record through the
// full checks — the plain reference. Both must read the same trades and skip the same records with
// the same messages, in lenient and strict reads, whatever the chunk size.

function rand(seed: number): () => number {
  let x = seed >>> 0;
  return () => ((x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
}

const EPOCH = 2209161600000000n; // µs from 1899-12-30 to 1970-01-01
const T0 = Date.UTC(2024, 2, 5, 14, 30) * 1000;

/** Random tick records, most good, some with one field broken in one of many ways. */
function file(seed: number, n: number, tick: number): Buffer {
  const r = rand(seed);
  const buf = Buffer.alloc(56 + 40 * n);
  buf.write("SCID", 0, "latin1");
  buf.writeUInt32LE(56, 4); buf.writeUInt32LE(40, 8); buf.writeUInt16LE(1, 12);
  let t = T0, p = 20000;
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  for (let k = 0; k < n; k++) {
    t += r() < 0.3 ? 0 : Math.floor(r() * 5e6);
    p += Math.floor(r() * 5) - 2;
    let time = BigInt(t) + EPOCH;
    let open = pick([0, 0, 0, 0, SCID_FIRST_SUB_TRADE, SCID_LAST_SUB_TRADE]);
    let close = p * tick, ask = r() < 0.5 ? (p + 1) * tick : 0, bid = ask ? p * tick : 0;
    const vol = 1 + Math.floor(r() * 20);
    let volume = vol, bidV = 0, askV = 0;
    const side = r();
    if (side < 0.45) askV = vol; else if (side < 0.9) bidV = vol;
    if (r() < 0.15) {
      switch (Math.floor(r() * 17)) {
        case 0: close = 0; break;
        case 1: close = -close; break;
        case 2: close = NaN; break;
        case 3: close = 1e30; break;
        case 4: close += tick * 0.4; break;
        case 5: ask = NaN; break;
        case 6: bid = ask + tick; ask = ask || tick; break;
        case 7: bid = 0; ask = ask || tick; break;
        case 8: ask = 2e6; break;
        case 9: volume = 0; break; // a quote update
        case 10: volume = 2 ** 32 - 1; askV = volume; bidV = 0; break;
        case 11: bidV = volume + 1; break;
        case 12: askV = 2 ** 32 - 1; break;
        case 13: time = BigInt(T0 - 86400e6) + EPOCH; break; // backwards
        case 14: time = BigInt(t + 365 * 86400e6) + EPOCH; break; // jumps ahead
        case 15: time = 5n; break; // implausible
        case 16: open = 4000; break; // an aggregated record among tick records
      }
    }
    const o = 56 + 40 * k;
    buf.writeBigInt64LE(time, o);
    buf.writeFloatLE(open, o + 8); buf.writeFloatLE(ask, o + 12); buf.writeFloatLE(bid, o + 16); buf.writeFloatLE(close, o + 20);
    buf.writeUInt32LE(1, o + 24); buf.writeUInt32LE(volume, o + 28); buf.writeUInt32LE(bidV, o + 32); buf.writeUInt32LE(askV, o + 36);
  }
  return buf;
}

function outcome(path: string, tick: number, lenient: boolean, fastPath: boolean, chunkRecords: number, kernel = true) {
  try {
    const r = readScid(path, { tickSize: tick, lenient, fastPath, chunkRecords, kernel });
    const t = r.ticks!;
    return {
      kind: r.kind, skipped: r.skipped, notices: r.notices, quoteUpdates: r.quoteUpdates, hasQuote: t.hasQuote,
      ticks: [t.time, t.price, t.size, t.side, t.bid, t.ask, t.subTrade].map((c) => Array.from(c ?? [])),
    };
  } catch (e) {
    return { error: String(e) };
  }
}

describe(".scid fast path = the full checks", () => {
  const dir = mkdtempSync(join(tmpdir(), "scid-fast-"));
  it.each([0.25, 0.1, 1, 0.03125, 5])("reads the same trades and skips the same records (tick %s)", (tick) => {
    try {
      for (let seed = 1; seed <= 12; seed++) {
        const path = join(dir, `f${seed}.scid`);
        writeFileSync(path, file(seed, 300 + seed * 37, tick));
        for (const lenient of [true, false]) {
          for (const chunk of [1, 7, 65536]) {
            const fast = outcome(path, tick, lenient, true, chunk);
            expect(fast).toEqual(outcome(path, tick, lenient, false, chunk));
            expect(outcome(path, tick, lenient, true, chunk, false)).toEqual(fast);
            if (lenient) expect((fast as { skipped?: unknown[] }).skipped?.length ?? 1).toBeGreaterThan(0);
          }
        }
      }
    } finally {
      if (tick === 5) rmSync(dir, { recursive: true, force: true });
    }
  });

  it("x / ts = x · (1 / ts) bit for bit for power-of-two tick sizes (what the fast path multiplies by)", () => {
    const r = rand(9);
    const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
    for (const ts of [0.25, 0.5, 1, 2, 4, 0.125, 0.03125, 2 ** -20]) {
      const inv = 1 / ts;
      const differ: number[] = [];
      for (let k = 0; k < 200000; k++) {
        u32[0] = (r() * 4294967296) >>> 0; // any float32 bit pattern: NaN, ±∞ and subnormals included
        const x = f32[0]!;
        if (!Object.is(x * inv, x / ts)) differ.push(x);
      }
      expect(differ, `tick ${ts}`).toEqual([]);
    }
  });
});

// The WebAssembly record kernel takes runs of plainly good trades in time order and hands every record
// it doubts to the checks and the shared time-order look-ahead (TimeOrder); where it stops and starts
// again, the look-ahead must hold exactly the trades it would have held. Random record streams built
// to put doubts everywhere — times equal, a little or far back, far ahead, implausible; zero, negative,
// off-grid, NaN and huge prices; quotes crossed; sizes 0 (quote updates), 2^32 − 1, sides that do not
// add up; aggregated records among tick records — read with the kernel, with the TypeScript fast
// path only and with the full checks only, lenient and strict, through sinks of every chunk size and
// reads of every record count: same trades, same chunks, same skipped records and messages, same
// notices, same error.

type Rec = { dt: number; open: number; price: number; quote: number; volume: number; side: number };
const recArb: fc.Arbitrary<Rec> = fc.record({
  // 0…5: a good step (most), 6: same µs, 7: a little back, 8: far back, 9: far ahead, 10: implausible
  dt: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 5 }) }, { weight: 3, arbitrary: fc.integer({ min: 6, max: 10 }) }),
  // 0: single, 1: first sub-trade, 2: last sub-trade, 3: an aggregated record, 4: Open = NaN
  open: fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 0, max: 2 }) }, { weight: 1, arbitrary: fc.integer({ min: 3, max: 4 }) }),
  // 0: on the grid, 1: 0, 2: negative, 3: off the grid, 4: NaN, 5: 1e7 points, 6: −0, 7: +∞
  price: fc.oneof({ weight: 25, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 7 }) }),
  // 0: no quote, 1: bid < ask, 2: bid = ask, 3: bid > ask, 4: only an ask, 5: ask NaN
  quote: fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 0, max: 2 }) }, { weight: 1, arbitrary: fc.integer({ min: 3, max: 5 }) }),
  // 0: 1…20, 1: 0 (a quote update), 2: 2^32 − 1, 3: 2^32 − 2
  volume: fc.oneof({ weight: 25, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 }) }),
  // 0: ask, 1: bid, 2: neither, 3: both (half each), 4: bid + ask ≠ volume
  side: fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 2 }) }, { weight: 1, arbitrary: fc.integer({ min: 3, max: 4 }) }),
});

function scidOf(recs: Rec[], tick: number, seed: number): Buffer {
  const buf = Buffer.alloc(56 + 40 * recs.length);
  buf.write("SCID", 0, "latin1");
  buf.writeUInt32LE(56, 4); buf.writeUInt32LE(40, 8); buf.writeUInt16LE(1, 12);
  let t = T0, p = 20000 + seed % 100;
  recs.forEach((x, k) => {
    let time: bigint;
    if (x.dt <= 5) t += x.dt * 250000; else if (x.dt === 7) t -= 1000;
    if (x.dt === 8) time = BigInt(t - 86400e6) + EPOCH;
    else if (x.dt === 9) time = BigInt(t + 30 * 86400e6) + EPOCH;
    else if (x.dt === 10) time = 17n;
    else time = BigInt(t) + EPOCH;
    p += (k * 7 + seed) % 5 - 2;
    const open = [0, SCID_FIRST_SUB_TRADE, SCID_LAST_SUB_TRADE, 4000, NaN][x.open]!;
    const close = [p * tick, 0, -p * tick, (p + 0.37) * tick, NaN, 1e7, -0, Infinity][x.price]!;
    const [bid, ask] = ([[0, 0], [p * tick, (p + 1) * tick], [p * tick, p * tick], [(p + 1) * tick, p * tick], [0, (p + 1) * tick], [p * tick, NaN]] as const)[x.quote]!;
    const volume = [1 + (k % 20), 0, 2 ** 32 - 1, 2 ** 32 - 2][x.volume]!;
    const half = Math.floor(volume / 2);
    const [bidV, askV] = ([[0, volume], [volume, 0], [0, 0], [half, volume - half], [volume, 1]] as const)[x.side]!;
    const o = 56 + 40 * k;
    buf.writeBigInt64LE(time, o);
    buf.writeFloatLE(open, o + 8); buf.writeFloatLE(ask, o + 12); buf.writeFloatLE(bid, o + 16); buf.writeFloatLE(close, o + 20);
    buf.writeUInt32LE(1, o + 24); buf.writeUInt32LE(volume, o + 28); buf.writeUInt32LE(Math.min(bidV, 2 ** 32 - 1), o + 32); buf.writeUInt32LE(Math.min(askV, 2 ** 32 - 1), o + 36);
  });
  return buf;
}

type Mode = { fastPath: boolean; kernel: boolean };
function streamed(path: string, tick: number, lenient: boolean, mode: Mode, chunkRecords: number, chunkTicks: number | undefined) {
  const chunks: unknown[] = [];
  const sink = chunkTicks === undefined ? undefined : {
    chunkTicks,
    onChunk: (c: { length: number; hasQuote: boolean; time: Float64Array; price: Int32Array; size: Float64Array; side: Int8Array; bid: Int32Array; ask: Int32Array; subTrade?: Int8Array }) => {
      chunks.push({ n: c.length, q: c.hasQuote, cols: [c.time, c.price, c.size, c.side, c.bid, c.ask, c.subTrade].map((x) => Array.from(x ?? [])) });
    },
  };
  let result: unknown;
  try {
    const r = readScid(path, { tickSize: tick, lenient, chunkRecords, sink, ...mode });
    const t = r.ticks;
    result = {
      kind: r.kind, records: r.records, skipped: r.skipped, notices: r.notices, quoteUpdates: r.quoteUpdates, encoding: r.timeEncoding,
      ticks: t && { n: t.length, q: t.hasQuote, marks: t.subTrade !== undefined, cols: [t.time, t.price, t.size, t.side, t.bid, t.ask, t.subTrade].map((c) => Array.from(c ?? [])) },
      bars: r.bars && { n: r.bars.length, time: Array.from(r.bars.time), close: Array.from(r.bars.close) },
    };
  } catch (e) {
    result = { error: String(e) };
  }
  return { result, chunks };
}

describe(".scid record kernel = the TypeScript reader (random record streams)", () => {
  const dir = mkdtempSync(join(tmpdir(), "scid-kernel-"));
  const modes: Mode[] = [{ fastPath: true, kernel: true }, { fastPath: true, kernel: false }, { fastPath: false, kernel: false }];
  it("same trades, chunks, skipped records, messages and notices in every mode", () => {
    let n = 0;
    try {
      fc.assert(fc.property(
        fc.array(recArb, { minLength: 0, maxLength: 400 }),
        fc.constantFrom(0.25, 0.1, 1, 5),
        fc.boolean(),
        fc.constantFrom(1, 2, 3, 5, 16, 100, 16384),
        fc.constantFrom(undefined, 1, 2, 3, 4, 7, 64, 65536),
        fc.integer({ min: 0, max: 1000 }),
        (recs, tick, lenient, chunkRecords, chunkTicks, seed) => {
          const path = join(dir, `r${n++ % 4}.scid`);
          writeFileSync(path, scidOf(recs, tick, seed));
          const [kernel, ts, full] = modes.map((m) => streamed(path, tick, lenient, m, chunkRecords, chunkTicks));
          expect(kernel).toEqual(full);
          expect(ts).toEqual(full);
        },
      ), { numRuns: 400, seed: 20261202 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("long clean runs with one doubt at every position around the kernel's chunk and sink edges", () => {
    const d = mkdtempSync(join(tmpdir(), "scid-kernel-edge-"));
    try {
      const good: Rec = { dt: 1, open: 0, price: 0, quote: 0, volume: 0, side: 0 };
      const doubts: Partial<Rec>[] = [{ dt: 7 }, { dt: 8 }, { dt: 9 }, { dt: 6 }, { price: 3 }, { volume: 1 }, { open: 3 }, { dt: 9, price: 1 }];
      for (const [k, doubt] of doubts.entries()) {
        for (const pos of [0, 1, 2, 3, 62, 63, 64, 65, 66, 127, 128, 129, 199]) {
          const recs = Array.from({ length: 200 }, (_, i) => (i === pos || i === pos + 2 * k + 1 ? { ...good, ...doubt } : { ...good, side: i % 3 }));
          const path = join(d, "e.scid");
          writeFileSync(path, scidOf(recs, 0.25, pos));
          for (const lenient of [true, false]) {
            for (const [chunkRecords, chunkTicks] of [[64, 64], [65, undefined], [16384, 3], [16384, 64], [1, 2], [7, 65]] as const) {
              const [kernel, , full] = modes.map((m) => streamed(path, 0.25, lenient, m, chunkRecords, chunkTicks));
              expect(kernel, `doubt ${k} at ${pos}, lenient ${lenient}, ${chunkRecords}/${chunkTicks}`).toEqual(full);
            }
          }
        }
      }
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
