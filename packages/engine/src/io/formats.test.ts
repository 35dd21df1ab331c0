import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { emptyBarTable } from "../barTable.js";
import { InputError } from "../errors.js";
import { readArrow, writeArrowBars, writeArrowTicks } from "./arrowIpc.js";
import { detectFormat } from "./detect.js";
import { readInput, type InputOptions } from "./readInput.js";
import { writeScidBars, writeScidTicks } from "./scid.js";
import { readSierraBarExport } from "./sierraBarExport.js";
import { writeTickCsv } from "./tickCsv.js";
import { readTimeAndSales } from "./timeAndSales.js";
import { writeSierraStudyExport } from "./writeStudyExport.js";

const DATA = new URL("../../../../data/", import.meta.url).pathname;
const ESH24 = join(DATA, "es-5m/ESH24-CME.scid_BarData__5m.txt");
const TAS = join(DATA, "ticks/ES-2022-01-24-tas.txt");
const tmp = () => mkdtempSync(join(tmpdir(), "tda-fmt-"));
const OPTS: InputOptions = { tickSize: 0.25, sourceTimeZone: undefined, exchangeTimeZone: "America/Chicago", lenient: false };

describe("Arrow IPC", () => {
  it("round-trips bars with footprint and study columns, µs timestamps as int64", () => {
    const b = emptyBarTable(3, true);
    const t0 = Date.UTC(2024, 2, 18, 13, 35) * 1000 + 7;
    b.footprint = {
      offset: Int32Array.from([0, 2, 3, 6]), price: Int32Array.from([10, 11, 11, 9, 10, 11]),
      bidVolume: Float64Array.from([1, 2, 3, 4, 5, 6]), askVolume: Float64Array.from([6, 5, 4, 3, 2, 1]),
    };
    // plausible bars (the reader checks them): footprint rows low → high summing to the bar's volumes
    const low = [10, 11, 9], high = [11, 11, 11], bid = [3, 3, 15], ask = [11, 4, 6], maxD = [8, 2, 5], minD = [-1, -1, -10];
    for (let i = 0; i < 3; i++) {
      b.time[i] = t0 + i * 1e6; b.lastTime[i] = b.time[i]! + 999_999; b.session[i] = i;
      b.open[i] = 11; b.high[i] = high[i]!; b.low[i] = low[i]!; b.close[i] = 11;
      b.bidVolume[i] = bid[i]!; b.askVolume[i] = ask[i]!; b.volume[i] = bid[i]! + ask[i]!; b.trades[i] = 3;
      b.delta[i] = ask[i]! - bid[i]!; b.maxDelta[i] = maxD[i]!; b.minDelta[i] = minD[i]!;
    }
    b.study.set("vwap", Float64Array.from([10.5, NaN, 9.25]));
    const p = join(tmp(), "bars.arrow");
    writeArrowBars(p, b, { tickSize: 0.25 });
    expect(readFileSync(p).subarray(0, 6).toString()).toBe("ARROW1");
    expect(detectFormat(p)).toBe("arrow");
    const raw = tableFromIPC(readFileSync(p));
    expect(String(raw.schema.fields[0]!.type)).toBe("Timestamp<MICROSECOND, UTC>");
    expect(raw.getChild("time")!.data[0]!.values[0]).toBe(BigInt(t0));
    const r = readArrow(p, { tickSize: 0.25 });
    expect(r.kind).toBe("bars");
    for (const k of ["time", "lastTime", "session", "open", "high", "low", "close", "volume", "trades", "bidVolume", "askVolume", "delta", "maxDelta", "minDelta"] as const) {
      expect(Array.from(r.bars![k]), k).toEqual(Array.from(b[k]));
    }
    expect(Array.from(r.bars!.study.get("vwap")!)).toEqual([10.5, NaN, 9.25]);
    const f = r.bars!.footprint!;
    expect([Array.from(f.offset), Array.from(f.price), Array.from(f.bidVolume), Array.from(f.askVolume)])
      .toEqual([[0, 2, 3, 6], [10, 11, 11, 9, 10, 11], [1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1]]);
    expect(() => readArrow(p, { tickSize: 0.1 })).toThrow(/prices are in ticks of 0.25/);
  });

  it("round-trips the real trades, and bars of a real file", () => {
    const dir = tmp();
    const t = readTimeAndSales(TAS, { tickSize: 0.25 }).ticks;
    writeArrowTicks(join(dir, "t.arrow"), t, { tickSize: 0.25 });
    const back = readInput(join(dir, "t.arrow"), OPTS);
    expect(back.kind).toBe("ticks");
    for (const k of ["time", "price", "size", "side", "bid", "ask"] as const) expect(Array.from(back.ticks![k]), k).toEqual(Array.from(t[k]));
    expect(back.ticks!.hasQuote).toBe(true);
    const bars = readSierraBarExport(ESH24, { tickSize: 0.25, sourceTimeZone: "America/Chicago" }).bars;
    writeArrowBars(join(dir, "b.arrow"), bars, { tickSize: 0.25 });
    const rb = readInput(join(dir, "b.arrow"), OPTS);
    expect(rb.kind).toBe("bars");
    expect(Array.from(rb.bars.time)).toEqual(Array.from(bars.time));
    expect(Array.from(rb.bars.close)).toEqual(Array.from(bars.close));
  });

  it("names a broken file", () => {
    const p = join(tmp(), "x.arrow");
    writeFileSync(p, "ARROW1\0\0garbage");
    expect(() => readArrow(p, { tickSize: 0.25 })).toThrow(InputError);
  });
});

describe("format detection and readInput", () => {
  it("detects every format from its first bytes and dispatches", () => {
    const dir = tmp();
    const ticks = readTimeAndSales(TAS, { tickSize: 0.25 }).ticks;
    const bars = readSierraBarExport(ESH24, { tickSize: 0.25, sourceTimeZone: "America/Chicago" }).bars;
    writeScidTicks(join(dir, "t.scid"), ticks, { tickSize: 0.25 });
    writeScidBars(join(dir, "b.scid"), bars, { tickSize: 0.25 });
    writeTickCsv(join(dir, "t.csv"), ticks, { tickSize: 0.25 });
    writeSierraStudyExport(join(dir, "s.txt"), bars, { tickSize: 0.25, timeZone: "America/Chicago" });
    const cases: [string, string, "bars" | "ticks", number][] = [
      [ESH24, "bar-export", "bars", 17117], [TAS, "time-and-sales", "ticks", 2026], [join(dir, "t.scid"), "scid", "ticks", 2026],
      [join(dir, "b.scid"), "scid", "bars", 17117], [join(dir, "t.csv"), "tick-csv", "ticks", 2026], [join(dir, "s.txt"), "study-export", "bars", 17117],
    ];
    for (const [p, format, kind, n] of cases) {
      expect(detectFormat(p), p).toBe(format);
      const r = readInput(p, OPTS);
      expect([r.format, r.kind], p).toEqual([format, kind]);
      expect(kind === "ticks" ? r.ticks!.length : r.bars.length, p).toBe(n);
      if (kind === "ticks") expect(r.bars.length).toBe(0);
    }
    // the same bars whatever the container
    const fromScid = readInput(join(dir, "b.scid"), OPTS).bars;
    expect(Array.from(fromScid.time)).toEqual(Array.from(bars.time));
    expect(Array.from(fromScid.askVolume)).toEqual(Array.from(bars.askVolume));
    // override
    expect(() => readInput(TAS, { ...OPTS, format: "bar-export" })).toThrow(/expected the bar export header/);
  });

  it("rejects an unknown file with what it expected", () => {
    const p = join(tmp(), "what.txt");
    writeFileSync(p, "hello,world\n1,2\n");
    expect(() => detectFormat(p)).toThrow(/what.txt:1:1: unrecognised input: expected a .scid file .* got "hello,world"/);
  });
});
