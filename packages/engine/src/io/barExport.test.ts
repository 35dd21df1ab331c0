import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../errors.js";
import { detectFormat } from "./detect.js";
import { readInput } from "./readInput.js";
import { readSierraBarExport } from "./sierraBarExport.js";
import { readSierraStudyExport } from "./sierraStudyExport.js";
import { STUDY_EXPORT_HEADER } from "./columnMap.js";
import { readTimeAndSales } from "./timeAndSales.js";
import { readTickCsv } from "./tickCsv.js";
import { readLines } from "./lines.js";

/** Sierra Chart bar export (SPEC §3.1) and odd real-world text a user may hand any text reader. */

const tmp = () => mkdtempSync(join(tmpdir(), "tda-barexp-"));
const CHI = { tickSize: 0.25, sourceTimeZone: "America/Chicago" };
const HEAD = "Date, Time, Open, High, Low, Last, Volume, NumberOfTrades, BidVolume, AskVolume";
const VALUES = "5000.25, 5001.00, 5000.00, 5000.50, 10, 5, 4, 6";
const row = (date: string, time: string, values = VALUES) => `${date}, ${time}, ${values}`;
const utc = (iso: string) => Date.parse(iso) * 1000;

function caught(f: () => unknown): InputError {
  try { f(); } catch (e) { if (e instanceof InputError) return e; throw e; }
  throw new Error("expected an InputError");
}

describe("Sierra bar export reader", () => {
  it("reads one row field by field: unpadded date, fractional seconds, prices in ticks, Chicago → UTC", () => {
    const p = join(tmp(), "one.txt");
    // 2024/3/5 is CST (UTC−6): 08:30:00.25 CT = 14:30:00.250 UTC
    writeFileSync(p, `${HEAD}\n${row("2024/3/5", "8:30:00.25", "5000.25, 5001.00, 4999.75, 5000.50, 17, 9, 7, 10")}\n`);
    const b = readSierraBarExport(p, CHI).bars;
    expect(b.length).toBe(1);
    expect(b.time[0]).toBe(utc("2024-03-05T14:30:00.250Z"));
    expect(b.lastTime[0]).toBe(b.time[0]); // the export does not say when the bar ended
    // 5000.25 / 0.25 = 20001, 5001 → 20004, 4999.75 → 19999, 5000.5 → 20002
    expect([b.open[0], b.high[0], b.low[0], b.close[0]]).toEqual([20001, 20004, 19999, 20002]);
    expect([b.volume[0], b.trades[0], b.bidVolume[0], b.askVolume[0], b.delta[0]]).toEqual([17, 9, 7, 10, 3]);
    expect(Number.isNaN(b.maxDelta[0]!) && Number.isNaN(b.minDelta[0]!)).toBe(true); // unknown, never 0
  });

  it("accepts CRLF, a UTF-8 BOM, trailing blank lines and a header in other case and spacing", () => {
    const dir = tmp();
    const body = [row("2024/3/5", "08:30:00"), row("2024/3/5", "08:35:00")];
    const variants: [string, string][] = [
      ["crlf-bom", `\ufeff${HEAD}\r\n${body.join("\r\n")}\r\n\r\n`],
      ["lower-nospace", `${HEAD.toLowerCase().replace(/ /g, "")}\n${body.join("\n")}\n\n  \n`],
      ["spaced-names", `Date, Time, Open, High, Low, Last, Volume, Number Of Trades, Bid Volume, Ask Volume\n${body.join("\n")}`],
    ];
    for (const [name, text] of variants) {
      const p = join(dir, `${name}.txt`);
      writeFileSync(p, text);
      expect(detectFormat(p), name).toBe("bar-export");
      const r = readSierraBarExport(p, CHI);
      expect(r.skipped, name).toEqual([]);
      expect(Array.from(r.bars.time), name).toEqual([utc("2024-03-05T14:30:00Z"), utc("2024-03-05T14:35:00Z")]);
    }
  });

  it("a file with only a header gives no bars and says so", () => {
    const p = join(tmp(), "empty.txt");
    writeFileSync(p, `${HEAD}\r\n`);
    expect(readSierraBarExport(p, CHI).bars.length).toBe(0);
    const r = readInput(p, { tickSize: 0.25, sourceTimeZone: undefined, exchangeTimeZone: "America/Chicago", lenient: false });
    expect(r.bars.length).toBe(0);
    expect(r.notices).toEqual(["empty.txt: no bars — the file holds no data rows"]);
    writeFileSync(p, "");
    expect(caught(() => readSierraBarExport(p, CHI)).message).toMatch(/empty.txt:1:1: empty file: expected the bar export header/);
  });

  it("names file, line, column and what was expected; lenient mode records every skipped row", () => {
    const dir = tmp();
    const ok = row("2024/3/5", "08:30:00");
    // columns (1-based): "2024/3/5, 08:35:00, 5000.25, x…" → Date at 1, Time at 11, Open at 21, High at 30
    const cases: [string, string, number, number, RegExp][] = [
      ["count", "2024/3/5, 08:35:00, 5000.25, 5001.00, 5000.00, 5000.50, 10, 5, 4", 3, 1, /expected 10 comma-separated fields, got 9/],
      ["date", row("2024/13/5", "08:35:00"), 3, 1, /Date: expected a date like 2023\/12\/18 .*got "2024\/13\/5"/],
      ["time", row("2024/3/5", "08:3x:00"), 3, 11, /Time: expected a time like 08:35:00 .*got "08:3x:00"/],
      ["number", row("2024/3/5", "08:35:00", "5000.25, x, 5000.00, 5000.50, 10, 5, 4, 6"), 3, 30, /High: expected a number, got "x"/],
      ["ohlc", row("2024/3/5", "08:35:00", "5000.25, 5000.00, 5000.50, 5000.50, 10, 5, 4, 6"), 3, 30, /expected Low ≤ Open, Last ≤ High/],
      ["negative", row("2024/3/5", "08:35:00", "5000.25, 5001.00, 5000.00, 5000.50, 10, 5, -4, 6"), 3, 64, /BidVolume: expected a whole number from 0 to 4294967294, got -4/],
      ["back", row("2024/3/5", "08:25:00"), 3, 1, /time goes backwards: 2024\/3\/5 08:25:00 comes after a later bar/],
    ];
    for (const [name, bad, line, col, re] of cases) {
      const p = join(dir, `${name}.txt`);
      writeFileSync(p, `${HEAD}\n${ok}\n${bad}\n${row("2024/3/5", "08:40:00")}\n`);
      const e = caught(() => readSierraBarExport(p, CHI));
      expect([e.file, e.line, e.column], name).toEqual([p, line, col]);
      expect(e.problem, name).toMatch(re);
      expect(e.message, name).toBe(`${p}:${line}:${col}: ${e.problem}`);
      const l = readSierraBarExport(p, { ...CHI, lenient: true });
      expect(l.bars.length, name).toBe(2); // the rows before and after
      expect(l.skipped, name).toEqual([{ file: p, line, column: col, reason: e.problem }]);
    }
    const p = join(dir, "hdr.txt");
    writeFileSync(p, `Date, Time, Open, High, Low, Close, Volume\n${ok}\n`);
    const e = caught(() => readSierraBarExport(p, { ...CHI, lenient: true })); // a bad header always stops
    expect([e.line, e.column]).toEqual([1, 1]);
    expect(e.problem).toMatch(/expected the bar export header "Date, Time, Open, High, Low, Last, Volume, NumberOfTrades, BidVolume, AskVolume", got "Date, Time, Open, High, Low, Close, Volume"/);
  });

  it("keeps order through the repeated fall-back hour; equal times are allowed (fast range bars share a second)", () => {
    const p = join(tmp(), "fall.txt");
    // 2024-11-03 Chicago: 01:00–01:59 happens twice, first CDT (UTC−5), then CST (UTC−6).
    const times = ["01:55:00", "01:55:00", "01:00:00", "01:05:00", "02:00:00"];
    // the two 01:55 bars differ (an identical one would be the same bar written twice)
    writeFileSync(p, `${HEAD}\n${times.map((t, k) => row("2024/11/3", t, k === 1 ? "5000.25, 5001.00, 5000.00, 5000.75, 10, 5, 4, 6" : VALUES)).join("\n")}\n`);
    const b = readSierraBarExport(p, CHI).bars;
    expect(Array.from(b.time)).toEqual([
      utc("2024-11-03T06:55:00Z"), utc("2024-11-03T06:55:00Z"), // 01:55 CDT
      utc("2024-11-03T07:00:00Z"), utc("2024-11-03T07:05:00Z"), // the second 01:00, 01:05 (CST)
      utc("2024-11-03T08:00:00Z"), // 02:00 CST
    ]);
  });

  it("a time the source zone skips (spring forward) is an error naming the zone, not a silent shift", () => {
    const p = join(tmp(), "spring.txt");
    // 2024-03-10 Chicago: 02:00–02:59 does not exist. A file holding 02:30 was not written in Chicago time.
    writeFileSync(p, `${HEAD}\n${["01:55:00", "02:30:00", "03:00:00"].map((t) => row("2024/3/10", t)).join("\n")}\n`);
    const e = caught(() => readSierraBarExport(p, CHI));
    expect([e.line, e.column]).toEqual([3, 12]); // "2024/3/10, " is 11 characters
    expect(e.problem).toMatch(/2024\/3\/10 02:30:00 does not exist in America\/Chicago .*sourceTimeZone/);
    const l = readSierraBarExport(p, { ...CHI, lenient: true });
    // 01:55 CST = 07:55 UTC; 03:00 CDT = 08:00 UTC
    expect(Array.from(l.bars.time)).toEqual([utc("2024-03-10T07:55:00Z"), utc("2024-03-10T08:00:00Z")]);
    expect(l.skipped.map((s) => s.line)).toEqual([3]);
    // the same wall-clock times are fine in a zone without DST
    expect(readSierraBarExport(p, { tickSize: 0.25, sourceTimeZone: "UTC" }).bars.length).toBe(3);
  });
});

describe("odd real-world text in the other readers", () => {
  it("time and sales: CRLF, BOM, blank lines, lower-case header, no fraction; header only", () => {
    const dir = tmp();
    const head = "date;time;sequence;depthsequence;price;volume;tradetype;askprice;bidprice";
    const p = join(dir, "tas.txt");
    writeFileSync(p, `\ufeff${head}\r\n2022-01-24;13:30:00;1;1;4347.75;2;1;4348;4347.75\r\n2022-01-24;13:30:00.001;2;2;4348;1;2;4348;4347.75\r\n\r\n`);
    expect(detectFormat(p)).toBe("time-and-sales");
    const t = readTimeAndSales(p, { tickSize: 0.25 }).ticks;
    // ".001" is 1 µs (unpadded count of µs), not 1 ms
    expect(Array.from(t.time)).toEqual([utc("2022-01-24T13:30:00Z"), utc("2022-01-24T13:30:00Z") + 1]);
    expect(Array.from(t.side)).toEqual([-1, 1]);
    const h = join(dir, "head.txt");
    writeFileSync(h, `${head}\n`);
    const r = readInput(h, { tickSize: 0.25, sourceTimeZone: undefined, exchangeTimeZone: "America/Chicago", lenient: false });
    expect([r.kind, r.ticks!.length]).toEqual(["ticks", 0]);
    expect(r.notices).toEqual(["head.txt: no trades — the file holds no data rows"]);
  });

  it("study export: CRLF, BOM, fractional seconds, header in lower case without spaces", () => {
    const p = join(tmp(), "study.csv");
    writeFileSync(p, `\ufeff${STUDY_EXPORT_HEADER.join(",").toLowerCase().replace("# of trades", "#of trades")},Max Delta\r\n` +
      "2023/12/18,8:30:00.5,4781.50,4781.50,4780.75,4781.00,405,306,0,0,0,247,158,20\r\n\r\n");
    expect(detectFormat(p)).toBe("study-export");
    const b = readSierraStudyExport(p, CHI).bars;
    expect(Array.from(b.time)).toEqual([utc("2023-12-18T14:30:00.500Z")]);
    expect(b.maxDelta[0]).toBe(20);
  });

  it("trade CSV: an integer time in seconds or milliseconds is refused, not read as 1970", () => {
    const dir = tmp();
    const p = join(dir, "t.csv");
    for (const [t, when] of [["1710768900", "1970-01-01T00:28:30.768Z"], ["1710768900000", "1970-01-20T19:12:48.900Z"]] as const) {
      writeFileSync(p, `time,price,size,side\r\n${t},5000.25,1,buy\r\n`);
      const e = caught(() => readTickCsv(p, { tickSize: 0.25 }));
      expect([e.line, e.column]).toEqual([2, 1]);
      expect(e.problem).toBe(`time: "${t}" is ${when} — expected a time between 1980 and 2200; integer times must be µs since 1970 (16 digits today), not seconds or milliseconds`);
    }
    writeFileSync(p, "\ufeffTime, Price, Size, Side\r\n1710768900000000, 5000.25, 1, buy\r\n\r\n");
    expect(Array.from(readTickCsv(p, { tickSize: 0.25 }).ticks.time)).toEqual([1710768900000000]);
  });
});

describe("readLines (every text reader streams through it)", () => {
  it("gives the same lines whatever the chunk size: BOM, CRLF split across chunks, multi-byte characters, no final newline", () => {
    const p = join(tmp(), "lines.txt");
    writeFileSync(p, "\ufeffDate, Time\r\nµs → ok\r\n\r\nlast");
    const want = [["Date, Time", 1], ["µs → ok", 2], ["", 3], ["last", 4]];
    for (const chunk of [1, 2, 3, 5, 7, 1 << 20]) expect([...readLines(p, chunk)], `chunk ${chunk}`).toEqual(want);
    writeFileSync(p, "a\r\nb\r\n");
    for (const chunk of [1, 2, 3]) expect([...readLines(p, chunk)], `chunk ${chunk}`).toEqual([["a", 1], ["b", 2]]);
  });
});
