import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../errors.js";
import { makeConfig } from "../config.js";
import { readInput } from "./readInput.js";
import { emptyBarTable, type BarTable } from "../barTable.js";
import { writeArrowBars } from "./arrowIpc.js";
import { readLines } from "./lines.js";
import { timeZone } from "../timeZone.js";

/**
 * The corpus of bad files: each case is a file's content and the exact message reading it must
 * give (strict mode). A lenient read of the same file skips the row with the same reason.
 */
const TAS_HEAD = "Date;Time;Sequence;DepthSequence;Price;Volume;TradeType;AskPrice;BidPrice";
const BAR_HEAD = "Date, Time, Open, High, Low, Last, Volume, NumberOfTrades, BidVolume, AskVolume";
const tas = (...rows: string[]) => [TAS_HEAD, ...rows].join("\n") + "\n";

const STUDY_HEAD = "Date, Time, Open, High, Low, Last, Volume, # of Trades, OHLC Avg, HLC Avg, HL Avg, Bid Volume, Ask Volume, Max Delta, Min Delta, Ask Vol High, Bid Vol Low";
const T0 = Date.UTC(2024, 2, 5, 14, 30) * 1000;
interface Case {
  name: string;
  file: string;
  /** Text, or the bytes of a binary file (or a writer that makes it). */
  content: string | Uint8Array | ((path: string) => void);
  message: string;
  /** Read with --lenient (the message is then the skip-share stop). */
  lenient?: boolean;
}

const CASES: Case[] = [
  {
    name: "a 1 MiB price field (once quadratic): fails fast with the quoted text capped",
    file: "big-field.txt",
    content: tas(`2022-01-24;13:30:00.5000;1;1;${"1".repeat(1 << 20)}x;1;2;4347.75;4347.5`),
    message: `big-field.txt:2:30: Price: expected a number, got "${"1".repeat(60)}…" (1048577 characters)`,
  },
  {
    name: "a repeated Sequence: a duplicated trade",
    file: "dup.txt",
    content: tas("2022-01-24;13:30:00.5000;7;1;4347.75;1;2;4347.75;4347.5", "2022-01-24;13:30:00.5001;7;1;4347.75;1;2;4347.75;4347.5"),
    message: "dup.txt:3:26: duplicate trade: Sequence 7 repeats line 2",
  },
  {
    name: "lenient, every row skipped: the run stops (never exit 0 on nothing)",
    file: "all-bad.txt",
    lenient: true,
    content: tas("2022-01-24;13:30:00.5000;1;1;abc;1;2;4347.75;4347.5", "2022-01-24;13:30:00.5001;2;1;abc;1;2;4347.75;4347.5"),
    message: 'all-bad.txt: 2 of 2 data rows skipped (100 %), more than lenientMaxSkipShare allows (1 %); the first, line 2:30: Price: expected a number, got "abc"',
  },
  {
    name: "a block of NUL bytes inside a row",
    file: "nul.txt",
    content: tas("2022-01-24;13:30:00.5000;1;1;4347.75;1;2;4347.75;4347.5", `2022-01-24;13:30:00.50${"\0".repeat(300)}`, "2022-01-24;13:30:00.5002;3;1;4347.75;1;2;4347.75;4347.5"),
    message: "nul.txt:3:23: expected text, got 300 NUL byte(s) from column 23 — a block of zeros (a crash or an unfinished copy) replaced the data here",
  },
  // plausibility (issue 12): every reader refuses impossible data, naming the field
  ...plausibility(),
  ...studyExport(),
  ...scid(),
  ...arrow(),
  ...timeOrder(),
];

function plausibility(): Case[] {
  const bars = (row: string) => `${BAR_HEAD}\n2024/3/5, 08:30:00, 5000.25, 5001.00, 5000.00, 5000.50, 10, 5, 4, 6\n${row}\n`;
  const t = (price: string, size = "1", ask = "4347.75", bid = "4347.5") => tas(`2022-01-24;13:30:00.5000;1;1;${price};${size};2;${ask};${bid}`);
  return [
    { name: "trade price 0", file: "p0.txt", content: t("0"), message: "p0.txt:2:30: Price: expected a price above 0 and at most 1000000 points, got 0" },
    { name: "negative trade price", file: "pneg.txt", content: t("-4347.75"), message: "pneg.txt:2:30: Price: expected a price above 0 and at most 1000000 points, got -4347.75" },
    { name: "absurd trade price", file: "p308.txt", content: t("1e308"), message: "p308.txt:2:30: Price: expected a price above 0 and at most 1000000 points, got 1e+308" },
    { name: "off-grid trade price (not rounded)", file: "grid.txt", content: t("4347.6"), message: "grid.txt:2:30: Price: expected a multiple of the tick size 0.25, got 4347.6" },
    { name: "2^32-1 size", file: "size.txt", content: t("4347.75", "4294967295"), message: "size.txt:2:38: Volume: expected a whole number from 1 to 4294967294, got 4294967295" },
    { name: "bid above ask", file: "cross.txt", content: t("4347.75", "1", "4347.5", "4347.75"), message: "cross.txt:2:49: expected BidPrice ≤ AskPrice, got BidPrice 4347.75 > AskPrice 4347.5" },
    { name: "bar: bid + ask volume ≠ volume", file: "sum.txt", content: bars("2024/3/5, 08:35:00, 5000.25, 5001.00, 5000.00, 5000.50, 10, 5, 4, 5"), message: "sum.txt:3:64: expected BidVolume + AskVolume = Volume, got 4 + 5 ≠ 10" },
    { name: "bar: more trades than volume", file: "trades.txt", content: bars("2024/3/5, 08:35:00, 5000.25, 5001.00, 5000.00, 5000.50, 10, 11, 4, 6"), message: "trades.txt:3:61: expected NumberOfTrades ≤ Volume, got 11 > 10" },
    { name: "bar: fractional volume", file: "frac.txt", content: bars("2024/3/5, 08:35:00, 5000.25, 5001.00, 5000.00, 5000.50, 10.5, 5, 4, 6.5"), message: "frac.txt:3:57: Volume: expected a whole number from 0 to 4294967294, got 10.5" },
    { name: "bar: high below low", file: "hl.txt", content: bars("2024/3/5, 08:35:00, 5000.25, 4999.00, 5000.00, 5000.50, 10, 5, 4, 6"), message: "hl.txt:3:30: expected Low ≤ Open, Last ≤ High, got O=5000.25 H=4999 L=5000 Last=5000.5" },
    { name: "bar: price 0", file: "bar0.txt", content: bars("2024/3/5, 08:35:00, 0, 5001.00, 5000.00, 5000.50, 10, 5, 4, 6"), message: "bar0.txt:3:21: Open: expected a price above 0 and at most 1000000 points, got 0" },
  ];
}

/** The 103-column layout's fixed columns and the roles these cases need, bound by name. */
function studyExport(): Case[] {
  // volume 10 = bid 4 + ask 6, delta 2 within [−1, 3]; edge volumes within their side's volume
  const ok = "2024/3/5, 08:30:00, 5000.25, 5001.00, 5000.00, 5000.50, 10, 5, 5000.4375, 5000.5, 5000.5, 4, 6, 3, -1, 2, 1";
  const f = (row: string) => `${STUDY_HEAD}\n${ok}\n${row}\n`;
  const r = (fields: Record<number, string>) => ok.replace("08:30:00", "08:35:00").split(", ").map((v, k) => fields[k] ?? v).join(", ");
  return [
    { name: "study: price 0", file: "s0.csv", content: f(r({ 2: "0" })), message: "s0.csv:3:21: Open: expected a price above 0 and at most 1000000 points, got 0" },
    { name: "study: off-grid price", file: "sgrid.csv", content: f(r({ 3: "5001.1" })), message: "sgrid.csv:3:30: High: expected a multiple of the tick size 0.25, got 5001.1" },
    { name: "study: bid + ask volume above volume", file: "ssum.csv", content: f(r({ 12: "7" })), message: "ssum.csv:3:91: expected Bid Volume + Ask Volume ≤ Volume, got 4 + 7 > 10" },
    { name: "study: more trades than volume", file: "strades.csv", content: f(r({ 7: "11" })), message: "strades.csv:3:61: expected # of Trades ≤ Volume, got 11 > 10" },
    { name: "study: an edge volume above its side's volume", file: "sedge.csv", content: f(r({ 15: "7" })), message: "sedge.csv:3:104: Ask Vol High (askVolHigh0): expected at most the bar's Ask Volume 6, got 7" },
    { name: "study: an edge volume above the bar's volume", file: "sedge2.csv", content: f(r({ 16: "11" })), message: "sedge2.csv:3:107: Bid Vol Low (bidVolLow0): expected at most the bar's Bid Volume 4, got 11" },
    { name: "study: maxDelta below minDelta", file: "sdelta.csv", content: f(r({ 13: "-2" })), message: "sdelta.csv:3:97: expected Max Delta ≥ Min Delta, got -2 < -1" },
    { name: "study: maxDelta below the bar's delta", file: "sdelta2.csv", content: f(r({ 13: "1" })), message: "sdelta2.csv:3:97: expected Max Delta ≥ the bar's delta (ask − bid volume) 2, got 1" },
    { name: "study: the same bar twice", file: "sdup.csv", content: `${STUDY_HEAD}\n${ok}\n${ok}\n`, message: "sdup.csv:3:1: duplicate bar: repeats line 2" },
  ];
}

/** A .scid file of tick records (Open = 0): [µs since 1970, close, ask, bid, volume, bidVolume, askVolume]. */
function scidTicks(records: number[][], open = 0): Uint8Array {
  const buf = Buffer.alloc(56 + 40 * records.length);
  buf.write("SCID", 0, "latin1");
  buf.writeUInt32LE(56, 4); buf.writeUInt32LE(40, 8); buf.writeUInt16LE(1, 12);
  records.forEach(([t, close, ask, bid, vol, bidV, askV, trades], k) => {
    const o = 56 + 40 * k;
    buf.writeBigInt64LE(BigInt(t!) + 2209161600000000n, o);
    buf.writeFloatLE(open, o + 8); buf.writeFloatLE(ask!, o + 12); buf.writeFloatLE(bid!, o + 16); buf.writeFloatLE(close!, o + 20);
    buf.writeUInt32LE(trades ?? 1, o + 24); buf.writeUInt32LE(vol!, o + 28); buf.writeUInt32LE(bidV!, o + 32); buf.writeUInt32LE(askV!, o + 36);
  });
  return buf;
}
function scid(): Case[] {
  const good = [T0, 5000.25, 5000.25, 5000, 2, 0, 2];
  const one = (bad: number[]) => scidTicks([good, bad]);
  const at = (k: number, v: number, base = good) => base.map((x, j) => (j === k ? v : x)).map((x, j) => (j === 0 ? x + 1 : x));
  return [
    { name: ".scid: trade price 0", file: "c0.scid", content: one(at(1, 0)), message: "c0.scid:2:97: record 2: Close (the trade price): expected a price above 0 and at most 1000000 points, got 0" },
    { name: ".scid: negative trade price", file: "cneg.scid", content: one(at(1, -5000)), message: "cneg.scid:2:97: record 2: Close (the trade price): expected a price above 0 and at most 1000000 points, got -5000" },
    { name: ".scid: 1e308 trade price (float32 infinity)", file: "cinf.scid", content: one(at(1, 1e308)), message: "cinf.scid:2:97: record 2: expected finite prices, got O=0 H=5000.25 L=5000 C=Infinity" },
    { name: ".scid: NaN trade price", file: "cnan.scid", content: one(at(1, NaN)), message: "cnan.scid:2:97: record 2: expected finite prices, got O=0 H=5000.25 L=5000 C=NaN" },
    { name: ".scid: 1e30 trade price", file: "cbig.scid", content: one(at(1, 1e30)), message: "cbig.scid:2:97: record 2: Close (the trade price): expected a price above 0 and at most 1000000 points, got 1.0000000150474662e+30" },
    { name: ".scid: off-grid trade price", file: "cgrid.scid", content: one(at(1, 5000.1)), message: "cgrid.scid:2:97: record 2: Close (the trade price): expected a multiple of the tick size 0.25, got 5000.10009765625" },
    { name: ".scid: bid above ask", file: "ccross.scid", content: one(at(3, 5000.5)), message: "ccross.scid:2:97: record 2: expected Low (the bid) ≤ High (the ask), got bid 5000.5 > ask 5000.25" },
    { name: ".scid: 2^32 − 1 volume", file: "csize.scid", content: one([T0 + 1, 5000.25, 5000.25, 5000, 2 ** 32 - 1, 0, 2 ** 32 - 1]), message: "csize.scid:2:97: record 2: TotalVolume: expected a whole number from 1 to 4294967294, got 4294967295" },
    { name: ".scid: bid + ask volume ≠ total volume", file: "csum.scid", content: one(at(6, 1)), message: "csum.scid:2:97: record 2: expected BidVolume + AskVolume = TotalVolume (or both 0: side unknown), got 0 + 1 ≠ 2" },
    { name: ".scid: time backwards", file: "cback.scid", content: scidTicks([good, [T0 + 5, ...good.slice(1)], [T0 - 1, ...good.slice(1)], [T0 + 9, ...good.slice(1)]]), message: "cback.scid:3:137: record 3: time goes backwards: 2024-03-05T14:29:59.999Z comes after a later trade" },
    { name: ".scid: one far-future record is blamed, not the good one after it", file: "cfut.scid", content: scidTicks([good, [T0 + 365 * 86400e6, ...good.slice(1)], [T0 + 5, ...good.slice(1)], [T0 + 9, ...good.slice(1)]]), message: "cfut.scid:2:97: record 2: time jumps ahead: 2025-03-05T14:30:00.000Z is later than the next trade (record 3, 2024-03-05T14:30:00.000Z) and the one after it" },
    {
      name: ".scid bars: bid + ask volume above total volume", file: "cbar.scid",
      content: scidTicks([[T0, 5000.5, 5001, 5000, 10, 4, 6, 5], [T0 + 300e6, 5000.5, 5001, 5000, 10, 4, 7, 5]], 5000.25),
      message: "cbar.scid:2:97: record 2: expected BidVolume + AskVolume ≤ TotalVolume, got 4 + 7 > 10",
    },
    {
      name: ".scid bars: the same bar twice", file: "cbardup.scid",
      content: scidTicks([[T0, 5000.5, 5001, 5000, 10, 4, 6, 5], [T0, 5000.5, 5001, 5000, 10, 4, 6, 5]], 5000.25),
      message: "cbardup.scid:2:97: record 2: duplicate bar: repeats record 1",
    },
  ];
}

/** Arrow bars (writeArrowBars writes what it is given, so a bad table can be made). */
function arrowBars(edit: (b: BarTable) => void): (path: string) => void {
  return (path) => {
    const b = emptyBarTable(3, true);
    b.footprint = { offset: Int32Array.from([0, 2, 4, 6]), price: Int32Array.from([20000, 20001, 20000, 20001, 20000, 20001]), bidVolume: Float64Array.from([1, 3, 1, 3, 1, 3]), askVolume: Float64Array.from([2, 4, 2, 4, 2, 4]) };
    for (let i = 0; i < 3; i++) {
      b.time[i] = T0 + i * 60e6; b.lastTime[i] = b.time[i]! + 1e6;
      b.open[i] = 20000; b.high[i] = 20001; b.low[i] = 20000; b.close[i] = 20001;
      b.volume[i] = 10; b.trades[i] = 4; b.bidVolume[i] = 4; b.askVolume[i] = 6; b.delta[i] = 2; b.maxDelta[i] = 3; b.minDelta[i] = -1;
    }
    edit(b);
    writeArrowBars(path, b, { tickSize: 0.25 });
  };
}
function arrow(): Case[] {
  return [
    { name: "arrow: NaN volume", file: "anan.arrow", content: arrowBars((b) => { b.volume[1] = NaN; }), message: "anan.arrow:2: row 2: volume: expected a whole number from 0 to 4294967294, got NaN" },
    { name: "arrow: negative volume", file: "aneg.arrow", content: arrowBars((b) => { b.bidVolume[1] = -4; }), message: "aneg.arrow:2: row 2: bidVolume: expected a whole number from 0 to 4294967294, got -4" },
    { name: "arrow: price 0", file: "a0.arrow", content: arrowBars((b) => { b.low[2] = 0; }), message: "a0.arrow:3: row 3: low: expected a price above 0 and at most 1000000 points (in ticks of 0.25), got 0 ticks" },
    { name: "arrow: time backwards", file: "aback.arrow", content: arrowBars((b) => { b.time[2] = T0 - 60e6; b.lastTime[2] = T0; }), message: "aback.arrow:3: row 3: time goes backwards: 2024-03-05T14:29:00.000Z comes after a later bar" },
    { name: "arrow: footprint sums ≠ bar volumes", file: "afp.arrow", content: arrowBars((b) => { b.footprint!.askVolume[3] = 5; }), message: "afp.arrow:2: row 2: footprint.askVolume: expected the rows to sum to the bar's askVolume 6, got 7" },
    { name: "arrow: maxDelta < minDelta", file: "amax.arrow", content: arrowBars((b) => { b.maxDelta[0] = -2; }), message: "amax.arrow:1: row 1: expected maxDelta ≥ minDelta, got -2 < -1" },
    { name: "arrow: delta ≠ ask − bid", file: "adelta.arrow", content: arrowBars((b) => { b.delta[0] = 3; }), message: "adelta.arrow:1: row 1: delta: expected askVolume − bidVolume = 2, got 3" },
    { name: "arrow: more trades than volume", file: "atr.arrow", content: arrowBars((b) => { b.trades[0] = 11; }), message: "atr.arrow:1: row 1: expected trades ≤ volume, got 11 > 10" },
    { name: "arrow: bid + ask above volume", file: "asum.arrow", content: arrowBars((b) => { b.volume[0] = 9; }), message: "asum.arrow:1: row 1: expected bidVolume + askVolume ≤ volume, got 4 + 6 > 9" },
  ];
}

/** One bad time costs that row only (issue 12: one far-future row used to make every later row "backwards"). */
function timeOrder(): Case[] {
  const bar = (t: string) => `2024/3/5, ${t}, 5000.25, 5001.00, 5000.00, 5000.50, 10, 5, 4, 6`;
  const csv = (...times: string[]) => ["time,price,size,side", ...times.map((t) => `${t},5000.25,1,buy`)].join("\n") + "\n";
  return [
    { name: "bar export: a far-future bar is blamed, not the next valid one", file: "bfut.txt", content: [BAR_HEAD, bar("08:30:00"), bar("23:30:00"), bar("08:35:00"), bar("08:40:00")].join("\n") + "\n", message: "bfut.txt:3:1: time jumps ahead: 2024/3/5 23:30:00 is later than the next bar (line 4, 2024/3/5 08:35:00) and the one after it" },
    { name: "bar export: the same bar twice", file: "bdup.txt", content: [BAR_HEAD, bar("08:30:00"), bar("08:30:00")].join("\n") + "\n", message: "bdup.txt:3:1: duplicate bar: repeats line 2" },
    { name: "tick CSV: a far-future trade is blamed, not the next valid one", file: "tfut.csv", content: csv("2024-03-05T14:30:00Z", "2034-03-05T14:30:00Z", "2024-03-05T14:30:01Z", "2024-03-05T14:30:02Z"), message: 'tfut.csv:3:1: time jumps ahead: "2034-03-05T14:30:00Z" is later than the next trade (line 4, "2024-03-05T14:30:01Z") and the one after it' },
    { name: "tick CSV: a swapped pair: the second row goes backwards", file: "tswap.csv", content: csv("2024-03-05T14:30:00Z", "2024-03-05T14:30:02Z", "2024-03-05T14:30:01Z", "2024-03-05T14:30:03Z"), message: 'tswap.csv:4:1: time goes backwards: "2024-03-05T14:30:01Z" comes after a later trade' },
  ];
}

const ctx = { tickSize: 0.25, sourceTimeZone: undefined, exchangeTimeZone: "America/Chicago", lenient: false };

describe("bad-file corpus", () => {
  const dir = mkdtempSync(join(tmpdir(), "tda-corpus-"));
  for (const c of CASES) {
    it(c.name, () => {
      const path = join(dir, c.file);
      if (typeof c.content === "function") c.content(path);
      else writeFileSync(path, c.content);
      let err: unknown;
      try {
        readInput(path, { ...ctx, lenient: c.lenient ?? false });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).message.replace(dir + "/", "")).toBe(c.message);
    });
  }
});

describe("lenientMaxSkipShare", () => {
  it("is checked against its domain [0, 1]", () => {
    expect(makeConfig({}).lenientMaxSkipShare).toBe(0.01);
    expect(makeConfig({ lenientMaxSkipShare: 0.5 }).lenientMaxSkipShare).toBe(0.5);
    for (const bad of [-0.1, 1.5, Number.NaN, "1" as unknown as number]) {
      expect(() => makeConfig({ lenientMaxSkipShare: bad })).toThrow(/^config\.lenientMaxSkipShare: expected a share from 0 to 1/);
    }
  });

  it("lets a lenient read through while the skipped share stays at or below it", () => {
    const dir = mkdtempSync(join(tmpdir(), "tda-share-"));
    const path = join(dir, "half.txt");
    writeFileSync(path, tas("2022-01-24;13:30:00.5000;1;1;4347.75;1;2;4347.75;4347.5", "2022-01-24;13:30:00.5001;2;1;abc;1;2;4347.75;4347.5"));
    expect(readInput(path, { ...ctx, lenient: true, lenientMaxSkipShare: 0.5 }).skipped).toHaveLength(1);
    expect(() => readInput(path, { ...ctx, lenient: true, lenientMaxSkipShare: 0.49 })).toThrow(/1 of 2 data rows skipped \(50 %\), more than lenientMaxSkipShare allows \(49 %\)/);
  });
});

describe("line ends and NUL blocks lose no row silently", () => {
  const dir = mkdtempSync(join(tmpdir(), "tda-lines-"));
  const rows = Array.from({ length: 40 }, (_, k) => `2022-01-24;13:30:${String(k).padStart(2, "0")}.5000;${k + 1};1;4347.75;1;2;4347.75;4347.5`);

  it("reads CR-only, CRLF, LF and mixed line ends alike, whatever the chunk boundaries", () => {
    const lf = readLinesAll([TAS_HEAD, ...rows].join("\n") + "\n", 1 << 20);
    expect(lf).toHaveLength(41);
    for (const eol of ["\r", "\r\n", "\n"]) {
      for (const chunk of [1, 2, 7, 64, 1 << 20]) expect(readLinesAll([TAS_HEAD, ...rows].join(eol) + eol, chunk), `${JSON.stringify(eol)} / ${chunk}`).toEqual(lf);
    }
    const mixed = [TAS_HEAD, ...rows].map((l, k) => l + ["\r", "\r\n", "\n"][k % 3]).join("");
    for (const chunk of [1, 3, 5, 1 << 20]) expect(readLinesAll(mixed, chunk)).toEqual(lf);
    const path = join(dir, "cr.txt");
    writeFileSync(path, [TAS_HEAD, ...rows].join("\r") + "\r");
    expect(readInput(path, ctx).ticks!.length).toBe(40);
  });

  it("a NUL block is a skipped row with its reason under --lenient, never a silent loss", () => {
    const path = join(dir, "nul.txt");
    const withNul = [...rows];
    withNul[10] = "\0".repeat(4096);
    writeFileSync(path, [TAS_HEAD, ...withNul].join("\n") + "\n");
    const r = readInput(path, { ...ctx, lenient: true, lenientMaxSkipShare: 0.05 });
    expect(r.ticks!.length).toBe(39);
    expect(r.skipped.map((x) => [x.line, x.column, x.reason])).toEqual([[12, 1, "expected text, got 4096 NUL byte(s) from column 1 — a block of zeros (a crash or an unfinished copy) replaced the data here"]]);
  });

  function readLinesAll(text: string, chunk: number): [string, number][] {
    const path = join(dir, `l${chunk}.txt`);
    writeFileSync(path, text);
    return [...readLines(path, chunk)];
  }
});

describe("lenient resynchronises after a bad row (issue 12: no cascade)", () => {
  const DATA = new URL("../../../../data/", import.meta.url).pathname;
  const dir = mkdtempSync(join(tmpdir(), "tda-resync-"));
  const lenient = { ...ctx, lenient: true };

  it("bar export: one far-future bar or one swapped pair costs one row of the real file", () => {
    const lines = readFileSync(join(DATA, "es-5m/ESH24-CME.scid_BarData__5m.txt"), "utf8").trimEnd().split("\n");
    const n = lines.length - 1;
    const future = [...lines];
    future[500] = future[500]!.replace(/^\d{4}\//, "2031/"); // one bar years ahead
    writeFileSync(join(dir, "ESH24-future.txt"), future.join("\n") + "\n");
    const f = readInput(join(dir, "ESH24-future.txt"), lenient);
    expect(f.bars.length).toBe(n - 1);
    expect(f.skipped).toEqual([{ file: join(dir, "ESH24-future.txt"), line: 501, column: 1, reason: expect.stringMatching(/^time jumps ahead: 2031\//) }]);
    const swapped = [...lines];
    [swapped[700], swapped[701]] = [swapped[701]!, swapped[700]!];
    writeFileSync(join(dir, "ESH24-swap.txt"), swapped.join("\n") + "\n");
    const s = readInput(join(dir, "ESH24-swap.txt"), lenient);
    expect(s.bars.length).toBe(n - 1);
    expect(s.skipped.map((x) => [x.line, x.reason.slice(0, 19)])).toEqual([[702, "time goes backwards"]]);
  });

  it("trade CSV: one far-future trade in the real trades costs that trade only, and strict mode blames it", () => {
    const tas = readInput(join(DATA, "ticks/ES-2022-01-24-tas.txt"), ctx).ticks!;
    const rows = ["time,price,size,side"];
    for (let i = 0; i < tas.length; i++) rows.push(`${tas.time[i]},${tas.price[i]! * 0.25},${tas.size[i]},${tas.side[i]}`);
    rows[1000] = rows[1000]!.replace(/^\d+/, String(Date.UTC(2030, 0, 1) * 1000));
    const path = join(dir, "ES-future.csv");
    writeFileSync(path, rows.join("\n") + "\n");
    const r = readInput(path, lenient);
    expect(r.ticks!.length).toBe(tas.length - 1);
    expect(r.skipped).toHaveLength(1);
    expect(r.skipped[0]!.line).toBe(1001);
    expect(() => readInput(path, ctx)).toThrow(/ES-future\.csv:1001:1: time jumps ahead: "1893456000000000" is later than the next trade \(line 1002/);
  });

  it("time and sales: one swapped pair or far-future row of the real file costs at most that row", () => {
    const lines = readFileSync(join(DATA, "ticks/ES-2022-01-24-tas.txt"), "utf8").trimEnd().split("\n");
    const n = lines.length - 1;
    const swapped = [...lines];
    [swapped[300], swapped[301]] = [swapped[301]!, swapped[300]!];
    writeFileSync(join(dir, "tas-swap.txt"), swapped.join("\n") + "\n");
    const s = readInput(join(dir, "tas-swap.txt"), lenient);
    expect(s.skipped).toEqual([]); // Sequence order puts the pair back
    expect(s.ticks!.length).toBe(n);
    const future = [...lines];
    future[300] = future[300]!.replace(/^2022/, "2029");
    writeFileSync(join(dir, "tas-future.txt"), future.join("\n") + "\n");
    const f = readInput(join(dir, "tas-future.txt"), lenient);
    expect(f.skipped.map((x) => x.line)).toEqual([301]);
    expect(f.ticks!.length).toBe(n - 1);
  });
});

describe("time-zone sanity check (issue 12)", () => {
  const DATA = new URL("../../../../data/", import.meta.url).pathname;
  const dir = mkdtempSync(join(tmpdir(), "tda-tz-"));

  it("says nothing about the real files, read in their zones", () => {
    for (const f of ["es-5m/ESH24-CME.scid_BarData__5m.txt", "es-5m/ESU23-CME.scid_BarData__5m.txt", "ticks/ES-2022-01-24-tas.txt"]) {
      expect(readInput(join(DATA, f), ctx).notices.filter((n) => /exchange is closed/.test(n)), f).toEqual([]);
    }
  });

  it("names the likely zone of a bar export written in UTC or New York time but read as Chicago time", () => {
    const path = join(DATA, "es-5m/ESH24-CME.scid_BarData__5m.txt");
    const bars = readInput(path, ctx).bars;
    for (const [zone, name] of [["UTC", "ESH24-utc.txt"], ["America/New_York", "ESH24-ny.txt"]] as const) {
      const out = join(dir, name);
      writeBarExport(out, bars, zone);
      const notices = readInput(out, ctx).notices;
      expect(notices, zone).toEqual([expect.stringMatching(new RegExp(`^${name}: \\d+(\\.\\d)? % of the bars fall when the exchange is closed \\(the daily 16:00–17:00 CT halt or the weekend\\) — the file's times look shifted: read as ${zone} instead of America/Chicago, 0 % would; if the file was written in ${zone}, give --source-tz ${zone} \\(config sourceTimeZone\\)$`))]);
      // read in the zone it was written in, the notice goes
      expect(readInput(out, { ...ctx, sourceTimeZone: zone }).notices.filter((n) => /exchange is closed/.test(n))).toEqual([]);
    }
  });

  it("samples a tick file's trades: the real trades moved into the halt are noticed", () => {
    const tas = readFileSync(join(DATA, "ticks/ES-2022-01-24-tas.txt"), "utf8");
    const out = join(dir, "tas-shifted.txt");
    // 22:30 UTC on a Monday in January = 16:30 CST, inside the daily halt
    writeFileSync(out, tas.replace(/;13:3(\d):/g, ";22:3$1:"));
    const n = readInput(out, ctx).notices.filter((x) => /exchange is closed/.test(x));
    expect(n).toEqual([expect.stringMatching(/^tas-shifted\.txt: 100 % of the trades fall when the exchange is closed .* look shifted: read as /)]);
  });
});

/** The bars as a Sierra bar export whose wall-clock times are in `zone`. */
function writeBarExport(path: string, b: BarTable, zone: string): void {
  const z = timeZone(zone);
  const lines = [BAR_HEAD];
  const p = (t: number) => (t * 0.25).toFixed(2);
  for (let i = 0; i < b.length; i++) {
    const local = new Date(z.toLocal(b.time[i]! / 1000));
    const d = `${local.getUTCFullYear()}/${local.getUTCMonth() + 1}/${local.getUTCDate()}`;
    const t = local.toISOString().slice(11, 19);
    lines.push(`${d}, ${t}, ${p(b.open[i]!)}, ${p(b.high[i]!)}, ${p(b.low[i]!)}, ${p(b.close[i]!)}, ${b.volume[i]}, ${b.trades[i]}, ${b.bidVolume[i]}, ${b.askVolume[i]}`);
  }
  writeFileSync(path, lines.join("\n") + "\n");
}
