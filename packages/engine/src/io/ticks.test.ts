import { mkdtempSync, readFileSync, writeFileSync, statSync, truncateSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { TickTable } from "../tickTable.js";
import { InputError } from "../errors.js";
import {
  readScid, writeScidBars, writeScidTicks, SCID_EPOCH_OFFSET_US, SCID_FIRST_SUB_TRADE, SCID_LAST_SUB_TRADE,
} from "./scid.js";
import { readTimeAndSales, writeTimeAndSales } from "./timeAndSales.js";
import { parseTimeOfDayMicros } from "./dateTime.js";
import { parseTickTime, readTickCsv, writeTickCsv } from "./tickCsv.js";
import { emptyBarTable } from "../barTable.js";
import type { TickTableWithMarks } from "./tickBuilder.js";

const TAS = new URL("../../../../data/ticks/ES-2022-01-24-tas.txt", import.meta.url).pathname;
const tmp = () => mkdtempSync(join(tmpdir(), "tda-io-"));
const ES = { tickSize: 0.25 };

/** Seeded LCG so random tests are reproducible. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function randomTicks(n: number, seed: number, hasQuote = true): TickTableWithMarks {
  const r = rng(seed);
  const t: TickTableWithMarks = {
    length: n, time: new Float64Array(n), price: new Int32Array(n), size: new Float64Array(n), side: new Int8Array(n),
    bid: new Int32Array(n), ask: new Int32Array(n), hasQuote, subTrade: new Int8Array(n),
  };
  let time = Date.UTC(2024, 2, 18, 13, 30) * 1000 + 1; // µs precision on purpose
  let price = 20000;
  for (let i = 0; i < n; i++) {
    time += Math.floor(r() * 3) === 0 ? 0 : Math.floor(r() * 2_000_000) + 1;
    price += Math.floor(r() * 5) - 2;
    t.time[i] = time;
    t.price[i] = price;
    t.size[i] = 1 + Math.floor(r() * 40);
    t.side[i] = Math.floor(r() * 3) - 1;
    t.bid[i] = hasQuote ? price - (t.side[i] === -1 ? 0 : 1) : 0;
    t.ask[i] = hasQuote ? t.bid[i]! + 1 : 0;
    t.subTrade![i] = Math.floor(r() * 6) < 4 ? 0 : Math.floor(r() * 2) + 1;
  }
  return t;
}

function expectSameTicks(a: TickTable, b: TickTable, what = "ticks"): void {
  expect(b.length, what).toBe(a.length);
  expect(b.hasQuote).toBe(a.hasQuote);
  for (const k of ["time", "price", "size", "side", "bid", "ask"] as const) {
    expect(Array.from(b[k]), `${what}.${k}`).toEqual(Array.from(a[k]));
  }
}

describe("time and sales", () => {
  it("reads the unpadded µs fraction as SPEC says", () => {
    const p = (s: string) => parseTimeOfDayMicros(s, 0, s.length, true);
    expect(p("13:30:00.5000")).toBe((13 * 3600 + 30 * 60) * 1e6 + 5000);
    expect(p("13:30:00.576015")).toBe((13 * 3600 + 30 * 60) * 1e6 + 576015);
    expect(p("00:00:00.001")).toBe(1);
    expect(p("00:00:01")).toBe(1e6);
    expect(p("00:00:00.1234567")).toBeNaN();
    expect(p("24:00:00")).toBeNaN();
  });

  it("reads the real file: 2026 trades, UTC times, sides from TradeType, quotes", () => {
    const r = readTimeAndSales(TAS, ES);
    const t = r.ticks;
    expect(t.length).toBe(2026);
    expect(r.skipped).toEqual([]);
    expect(t.hasQuote).toBe(true);
    // 2022-01-24;13:30:00.5000;…;4347.75;1;2;4347.75;4347.5
    expect(t.time[0]).toBe(Date.UTC(2022, 0, 24, 13, 30, 0) * 1000 + 5000);
    expect(t.price[0]).toBe(4347.75 * 4);
    expect(t.size[0]).toBe(1);
    expect(t.side[0]).toBe(1);
    expect(t.ask[0]).toBe(4347.75 * 4);
    expect(t.bid[0]).toBe(4347.5 * 4);
    expect(t.size[1]).toBe(3);
    // last: 13:31:00.955009
    expect(t.time[2025]).toBe(Date.UTC(2022, 0, 24, 13, 31, 0) * 1000 + 955009);
    // counts of TradeType 1 / 2 (awk: 1010 and 1016)
    let bid = 0, ask = 0;
    for (let i = 0; i < t.length; i++) (t.side[i] === -1 ? bid++ : t.side[i] === 1 ? ask++ : 0);
    expect([bid, ask]).toEqual([1010, 1016]);
    // ".6002" (6.002 ms) comes before ".47000" (47 ms): times never go backwards
    for (let i = 1; i < t.length; i++) expect(t.time[i]! >= t.time[i - 1]!).toBe(true);
  });

  it("round-trips ticks through its writer (µs times, missing quotes)", () => {
    const dir = tmp();
    for (const hasQuote of [true, false]) {
      const a = randomTicks(3000, 7, hasQuote);
      const p = join(dir, `t${hasQuote}.txt`);
      writeTimeAndSales(p, a, ES);
      expectSameTicks(a, readTimeAndSales(p, ES).ticks);
    }
    const real = readTimeAndSales(TAS, ES).ticks;
    writeTimeAndSales(join(dir, "real.txt"), real, ES);
    expectSameTicks(real, readTimeAndSales(join(dir, "real.txt"), ES).ticks);
  });

  it("reports bad rows with file, line, column, and skips them in lenient mode", () => {
    const dir = tmp();
    const head = "Date;Time;Sequence;DepthSequence;Price;Volume;TradeType;AskPrice;BidPrice\n";
    const ok = "2022-01-24;13:30:00.5;1;1;4347.75;1;2;4347.75;4347.5\n";
    const cases: [string, string, number, number, RegExp][] = [
      ["price", ok + "2022-01-24;13:30:00.6;2;2;abc;1;2;4347.75;4347.5\n", 3, 27, /Price: expected a number/],
      ["type", ok + "2022-01-24;13:30:00.6;2;2;4347.75;1;7;4347.75;4347.5\n", 3, 37, /TradeType/],
      ["back", ok + "2022-01-24;13:30:00.4;2;2;4347.75;1;1;4347.75;4347.5\n", 3, 12, /backwards/],
      ["count", ok + "2022-01-24;13:30:00.6;2;2;4347.75;1\n", 3, 1, /expected 9 ;-separated fields/],
      ["time", ok + "2022-01-24;13:3:00.6;2;2;4347.75;1;1;4347.75;4347.5\n", 3, 12, /expected a date/],
      ["vol", ok + "2022-01-24;13:30:00.6;2;2;4347.75;0;1;4347.75;4347.5\n", 3, 35, /Volume/],
    ];
    for (const [name, body, line, col, re] of cases) {
      const p = join(dir, `${name}.txt`);
      writeFileSync(p, head + body);
      let err: unknown;
      try { readTimeAndSales(p, ES); } catch (e) { err = e; }
      expect(err, name).toBeInstanceOf(InputError);
      const e = err as InputError;
      expect([e.file, e.line, e.column], name).toEqual([p, line, col]);
      expect(e.problem, name).toMatch(re);
      const lenient = readTimeAndSales(p, { ...ES, lenient: true });
      expect(lenient.ticks.length, name).toBe(1);
      expect(lenient.skipped.map((s) => [s.line, s.column]), name).toEqual([[line, col]]);
    }
    writeFileSync(join(dir, "hdr.txt"), "Time;Date\n");
    expect(() => readTimeAndSales(join(dir, "hdr.txt"), ES)).toThrow(/hdr.txt:1:1: expected the time-and-sales header/);
  });
});

describe("plain trade CSV", () => {
  it("parses ISO 8601 with offsets, Z, nanoseconds and integer µs", () => {
    const base = Date.UTC(2024, 2, 18, 13, 35) * 1000;
    expect(parseTickTime("2024-03-18T13:35:00Z")).toBe(base);
    expect(parseTickTime("2024-03-18T08:35:00.5-05:00")).toBe(base + 500000);
    expect(parseTickTime("2024-03-18 08:35:00.000001-0500")).toBe(base + 1);
    expect(parseTickTime("2024-03-18T14:35:00.123456789+01:00")).toBe(base + 123456);
    expect(parseTickTime(String(base + 7))).toBe(base + 7);
    expect(parseTickTime("2024-03-18T13:35:00")).toBeNaN(); // offset required
    expect(parseTickTime("2024-02-30T13:35:00Z")).toBeNaN();
  });

  it("reads every side spelling and optional quotes; round-trips through its writer", () => {
    const dir = tmp();
    const p = join(dir, "t.csv");
    writeFileSync(p, "Time,Price,Size,Side\n" + [
      "2024-03-18T13:35:00Z,5000.25,1,buy", "2024-03-18T13:35:00Z,5000.25,2,SELL", "2024-03-18T13:35:00Z,5000,3,B",
      "2024-03-18T13:35:00Z,5000,4,s", "2024-03-18T13:35:00Z,5000,5,1", "2024-03-18T13:35:00Z,5000,6,-1",
      "2024-03-18T13:35:00Z,5000,7,ask", "2024-03-18T13:35:01Z,5000,8,bid", "1710768901000000,5000,9,",
    ].join("\n"));
    const t = readTickCsv(p, ES).ticks;
    expect(Array.from(t.side)).toEqual([1, -1, 1, -1, 1, -1, 1, -1, 0]);
    expect(t.price[0]).toBe(20001);
    expect(t.hasQuote).toBe(false);
    for (const timeFormat of ["iso", "micros"] as const) {
      for (const hasQuote of [true, false]) {
        const a = randomTicks(2000, 3, hasQuote);
        const q = join(dir, `${timeFormat}${hasQuote}.csv`);
        writeTickCsv(q, a, { ...ES, timeFormat });
        expectSameTicks(a, readTickCsv(q, ES).ticks, `${timeFormat} ${hasQuote}`);
      }
    }
  });

  it("reports bad header, side and time with line and column", () => {
    const dir = tmp();
    const p = join(dir, "bad.csv");
    writeFileSync(p, "time,price,size\n");
    expect(() => readTickCsv(p, ES)).toThrow(/bad.csv:1:1: expected a header naming the columns time,price,size,side \(missing "side"\)/);
    writeFileSync(p, "time,price,size,side\n2024-03-18T13:35:00Z,5000,1,up\n");
    expect(() => readTickCsv(p, ES)).toThrow(/bad.csv:2:29: side: expected buy\/sell/);
    writeFileSync(p, "time,price,size,side\n2024-03-18T13:35:00,5000,1,buy\n");
    expect(() => readTickCsv(p, ES)).toThrow(/bad.csv:2:1: time: expected ISO 8601/);
    const r = readTickCsv(p, { ...ES, lenient: true });
    expect(r.ticks.length).toBe(0);
    expect(r.skipped[0]!.line).toBe(2);
  });
});

describe(".scid", () => {
  it("round-trips ticks losslessly (µs times, sides, quotes, sub-trade markers)", () => {
    const dir = tmp();
    for (const hasQuote of [true, false]) {
      const a = randomTicks(5000, 11, hasQuote);
      const p = join(dir, `t${hasQuote}.scid`);
      writeScidTicks(p, a, { ...ES, chunkRecords: 777 });
      expect(statSync(p).size).toBe(56 + 40 * 5000);
      const r = readScid(p, { ...ES, chunkRecords: 1000 });
      expect(r.kind).toBe("ticks");
      expect(r.timeEncoding).toBe("int64-us");
      expectSameTicks(a, r.ticks!);
      expect(Array.from(r.ticks!.subTrade!)).toEqual(Array.from(a.subTrade!));
    }
    const real = readTimeAndSales(TAS, ES).ticks;
    writeScidTicks(join(dir, "real.scid"), real, ES);
    expectSameTicks(real, readScid(join(dir, "real.scid"), ES).ticks!);
  });

  it("decodes a hand-made file byte by byte: header, µs DateTime, markers, quote updates", () => {
    const dir = tmp();
    const buf = Buffer.alloc(56 + 40 * 4);
    buf.write("SCID", 0, "latin1");
    buf.writeUInt32LE(56, 4); buf.writeUInt32LE(40, 8); buf.writeUInt16LE(1, 12);
    const t0 = Date.UTC(2024, 2, 18, 13, 30) * 1000 + 123456;
    const rec = (k: number, dt: number, open: number, hi: number, lo: number, close: number, vol: number, bidV: number, askV: number) => {
      const o = 56 + 40 * k;
      buf.writeBigInt64LE(BigInt(dt + SCID_EPOCH_OFFSET_US), o);
      buf.writeFloatLE(open, o + 8); buf.writeFloatLE(hi, o + 12); buf.writeFloatLE(lo, o + 16); buf.writeFloatLE(close, o + 20);
      buf.writeUInt32LE(vol > 0 ? 1 : 0, o + 24); buf.writeUInt32LE(vol, o + 28); buf.writeUInt32LE(bidV, o + 32); buf.writeUInt32LE(askV, o + 36);
    };
    rec(0, t0, 0, 5000.25, 5000, 5000.25, 3, 0, 3);
    rec(1, t0 + 1, 0, 5000.25, 5000, 0, 0, 0, 0); // quote update
    rec(2, t0 + 2, SCID_FIRST_SUB_TRADE, 5000.5, 5000.25, 5000.25, 2, 2, 0);
    rec(3, t0 + 2, SCID_LAST_SUB_TRADE, 5000.5, 5000.25, 5000, 1, 1, 0);
    const p = join(dir, "hand.scid");
    writeFileSync(p, buf);
    const r = readScid(p, ES);
    expect(r.records).toBe(4);
    expect(r.quoteUpdates).toBe(1);
    const t = r.ticks!;
    expect(Array.from(t.time)).toEqual([t0, t0 + 2, t0 + 2]);
    expect(Array.from(t.price)).toEqual([20001, 20001, 20000]);
    expect(Array.from(t.side)).toEqual([1, -1, -1]);
    expect(Array.from(t.ask)).toEqual([20001, 20002, 20002]);
    expect(Array.from(t.bid)).toEqual([20000, 20001, 20001]);
    expect(Array.from(t.subTrade!)).toEqual([0, 1, 2]);
    // rewrite → byte-identical except the skipped quote update
    writeScidTicks(join(dir, "again.scid"), t, ES);
    const again = readFileSync(join(dir, "again.scid"));
    expect(again.subarray(56, 96).equals(buf.subarray(56, 96))).toBe(true);
    expect(again.subarray(96, 176).equals(buf.subarray(136, 216))).toBe(true);

    // a truncated last record is ignored with a notice
    truncateSync(p, 56 + 40 * 4 - 13);
    const cut = readScid(p, ES);
    expect(cut.ticks!.length).toBe(2);
    expect(cut.notices.join("\n")).toMatch(/truncated last record \(27 of 40 bytes at byte 176\) ignored/);
  });

  it("seeks to the records by HeaderSize (not by 56), reads the side from Bid/AskVolume, notices both-sided records", () => {
    const dir = tmp();
    // A 64-byte header (8 bytes more than usual), then 3 tick records.
    const H = 64;
    const buf = Buffer.alloc(H + 40 * 3, 0xee); // reserved bytes full of junk: must not be read as a record
    buf.write("SCID", 0, "latin1");
    buf.writeUInt32LE(H, 4); buf.writeUInt32LE(40, 8); buf.writeUInt16LE(1, 12);
    const t0 = Date.UTC(2024, 2, 18, 13, 30) * 1000;
    const rec = (k: number, close: number, vol: number, bidV: number, askV: number) => {
      const o = H + 40 * k;
      buf.writeBigInt64LE(BigInt(t0 + k + SCID_EPOCH_OFFSET_US), o);
      buf.writeFloatLE(0, o + 8); buf.writeFloatLE(close + 0.25, o + 12); buf.writeFloatLE(close, o + 16); buf.writeFloatLE(close, o + 20);
      buf.writeUInt32LE(1, o + 24); buf.writeUInt32LE(vol, o + 28); buf.writeUInt32LE(bidV, o + 32); buf.writeUInt32LE(askV, o + 36);
    };
    rec(0, 5000, 4, 4, 0); // seller hit the bid → −1
    rec(1, 5000.25, 2, 0, 2); // buyer lifted the ask → +1
    rec(2, 5000.5, 3, 1, 2); // both set: side unknown, noticed
    const p = join(dir, "h64.scid");
    writeFileSync(p, buf);
    const r = readScid(p, ES);
    expect(r.records).toBe(3);
    const t = r.ticks!;
    expect(Array.from(t.time)).toEqual([t0, t0 + 1, t0 + 2]);
    expect(Array.from(t.price)).toEqual([20000, 20001, 20002]);
    expect(Array.from(t.size)).toEqual([4, 2, 3]);
    expect(Array.from(t.side)).toEqual([-1, 1, 0]);
    expect(r.notices).toEqual([
      "h64.scid: .scid header of 64 bytes (expected 56); records read from byte 64",
      "h64.scid: 1 tick records with both BidVolume and AskVolume set — side unknown (0)",
    ]);
    // a header that claims more bytes than the file has, and a file shorter than a header
    buf.writeUInt32LE(10_000, 4);
    writeFileSync(p, buf);
    expect(() => readScid(p, ES)).toThrow(/h64.scid:0:5: header byte 5: expected HeaderSize = 56, got 10000 \(file has 184 bytes\)/);
    writeFileSync(p, buf.subarray(0, 10));
    expect(() => readScid(p, ES)).toThrow(/h64.scid:0:1: header: expected a 56-byte .scid header, the file has 10 bytes/);
    // a header and nothing else: no trades, not an error
    const empty = Buffer.alloc(56);
    empty.write("SCID", 0, "latin1"); empty.writeUInt32LE(56, 4); empty.writeUInt32LE(40, 8); empty.writeUInt16LE(1, 12);
    writeFileSync(p, empty);
    expect(readScid(p, ES).ticks!.length).toBe(0);
  });

  it("detects the old double-of-days DateTime", () => {
    const dir = tmp();
    const buf = Buffer.alloc(56 + 40);
    buf.write("SCID", 0, "latin1");
    buf.writeUInt32LE(56, 4); buf.writeUInt32LE(40, 8); buf.writeUInt16LE(1, 12);
    const unixMs = Date.UTC(2010, 5, 1, 14, 30, 15, 250);
    buf.writeDoubleLE(unixMs / 86400000 + 25569, 56);
    buf.writeFloatLE(0, 64); buf.writeFloatLE(1100.5, 68); buf.writeFloatLE(1100.25, 72); buf.writeFloatLE(1100.5, 76);
    buf.writeUInt32LE(1, 80); buf.writeUInt32LE(5, 84); buf.writeUInt32LE(0, 88); buf.writeUInt32LE(5, 92);
    const p = join(dir, "old.scid");
    writeFileSync(p, buf);
    const r = readScid(p, ES);
    expect(r.timeEncoding).toBe("double-days");
    expect(r.ticks!.time[0]).toBe(unixMs * 1000);
  });

  it("reads aggregated records as bars and round-trips bars", () => {
    const dir = tmp();
    const b = emptyBarTable(3);
    const t0 = Date.UTC(2024, 2, 18, 13, 30) * 1000;
    [[20000, 20004, 19998, 20002, 100, 40, 55, 45], [20002, 20006, 20001, 20001, 80, 30, 50, 30], [20001, 20001, 20001, 20001, 0, 0, 0, 0]]
      .forEach(([o, h, l, c, v, n, bv, av], i) => {
        b.time[i] = b.lastTime[i] = t0 + i * 300e6;
        b.open[i] = o!; b.high[i] = h!; b.low[i] = l!; b.close[i] = c!;
        b.volume[i] = v!; b.trades[i] = n!; b.bidVolume[i] = bv!; b.askVolume[i] = av!; b.delta[i] = av! - bv!;
      });
    const p = join(dir, "bars.scid");
    writeScidBars(p, b, ES);
    const r = readScid(p, ES);
    expect(r.kind).toBe("bars");
    for (const k of ["time", "lastTime", "open", "high", "low", "close", "volume", "trades", "bidVolume", "askVolume", "delta"] as const) {
      expect(Array.from(r.bars![k]), k).toEqual(Array.from(b[k]));
    }
    expect(Array.from(r.bars!.maxDelta).every(Number.isNaN)).toBe(true);
  });

  it("rejects a bad magic, a wrong record size, a mixed file and backwards time", () => {
    const dir = tmp();
    const p = join(dir, "x.scid");
    writeFileSync(p, "NOPE" + "\0".repeat(60));
    expect(() => readScid(p, ES)).toThrow(/x.scid:0:1: expected the .scid magic "SCID" at byte 0, got "NOPE"/);
    const a = randomTicks(10, 5);
    writeScidTicks(p, a, ES);
    const buf = readFileSync(p);
    const bad = Buffer.from(buf); bad.writeUInt32LE(44, 8);
    writeFileSync(p, bad);
    expect(() => readScid(p, ES)).toThrow(/expected RecordSize = 40, got 44/);
    const mixed = Buffer.from(buf); mixed.writeFloatLE(5000, 56 + 40 * 3 + 8);
    writeFileSync(p, mixed);
    let err: InputError | undefined;
    try { readScid(p, ES); } catch (e) { err = e as InputError; }
    expect([err!.line, err!.column]).toEqual([4, 56 + 40 * 3 + 1]);
    expect(err!.problem).toMatch(/record 4: expected a tick record/);
    const lenient = readScid(p, { ...ES, lenient: true });
    expect(lenient.ticks!.length).toBe(9);
    expect(lenient.skipped).toHaveLength(1);
    const back = Buffer.from(buf); back.writeBigInt64LE(BigInt(a.time[0]! + SCID_EPOCH_OFFSET_US - 1), 56 + 40 * 5);
    writeFileSync(p, back);
    expect(() => readScid(p, ES)).toThrow(/record 6: time goes backwards/);
  });
});

describe("WallClock", () => {
  it("gives exactly localMicrosToUtc's answers through both DST changes (seeded random walks)", async () => {
    const { WallClock, localMicrosToUtc } = await import("./dateTime.js");
    const { timeZone } = await import("../timeZone.js");
    for (const zone of ["America/Chicago", "Australia/Lord_Howe", "Europe/London"]) {
      const tz = timeZone(zone);
      for (const [y, m, d] of [[2024, 2, 10], [2024, 10, 3], [2024, 3, 7], [2024, 9, 6], [2024, 2, 31]] as const) {
        const r = rng(y * 100 + m + d);
        const wc = new WallClock(tz);
        let local = Date.UTC(y, m, d - 1, 20) * 1000;
        let prevA = -Infinity, prevB = -Infinity;
        for (let k = 0; k < 3000; k++) {
          local += Math.floor(r() * 60e6);
          if (r() < 0.02) local -= 3600e6 * r(); // a jump back like the repeated hour
          const a = wc.toUtc(local, prevA), b = localMicrosToUtc(tz, local, prevB);
          expect(a, `${zone} ${local}`).toBe(b);
          prevA = Math.max(prevA, a); prevB = Math.max(prevB, b);
        }
      }
    }
  });
});
