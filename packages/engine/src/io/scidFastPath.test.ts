import { describe, expect, it } from "vitest";
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

function outcome(path: string, tick: number, lenient: boolean, fastPath: boolean, chunkRecords: number) {
  try {
    const r = readScid(path, { tickSize: tick, lenient, fastPath, chunkRecords });
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
