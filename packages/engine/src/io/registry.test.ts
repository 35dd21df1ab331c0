import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emptyTickTable } from "../tickTable.js";
import { InputError } from "../errors.js";
import { toTicks } from "../instruments.js";
import { writeArrowTicks } from "./arrowIpc.js";
import { detectFormat, detectFormatFromBytes } from "./detect.js";
import { defineFormat, headerLine, type MarketRead } from "./format.js";
import { readInput, type InputOptions } from "./readInput.js";
import { FORMATS, INPUT_FORMATS, type FormatRegistry } from "./registry.js";
import { columnOf, readRows } from "./rowReader.js";
import { writeScidTicks } from "./scid.js";
import { readSierraBarExport } from "./sierraBarExport.js";
import { readSignalsCsv } from "./signalsCsv.js";
import { writeTickCsv } from "./tickCsv.js";
import { readTimeAndSales } from "./timeAndSales.js";
import { writeSierraStudyExport } from "./writeStudyExport.js";
import { fieldStarts, parseNumber } from "./text.js";

const DATA = new URL("../../../../data/", import.meta.url).pathname;
const ESH24 = join(DATA, "es-5m/ESH24-CME.scid_BarData__5m.txt");
const TAS = join(DATA, "ticks/ES-2022-01-24-tas.txt");
const OPTS: InputOptions = { tickSize: 0.25, sourceTimeZone: undefined, exchangeTimeZone: "America/Chicago", lenient: false };
const tmp = () => mkdtempSync(join(tmpdir(), "tda-reg-"));

/**
 * A format as a contributor would add it: this one descriptor (in its own file under io/ in real
 * life) plus its line in the registry. Pipe-separated trades: `when|price|qty|aggressor`, µs UTC.
 */
const pipeTrades = defineFormat({
  id: "pipe-trades",
  kind: "ticks",
  expected: "pipe trades (when|price|qty|aggressor)",
  binary: false,
  sniff: (head) => headerLine(head) === "when|price|qty|aggressor",
  read(path, ctx): MarketRead {
    const t = emptyTickTable(16);
    const at: number[] = [];
    let n = 0;
    const rows = readRows(path, { lenient: ctx.lenient, emptyFile: "empty file: expected when|price|qty|aggressor" }, {
      header: () => {},
      row(line, _lineNo, rows) {
        fieldStarts(line, "|", at);
        const time = parseNumber(line, at[0]!, at[1]! - 1), price = parseNumber(line, at[1]!, at[2]! - 1);
        const qty = parseNumber(line, at[2]!, at[3]! - 1), side = line.slice(at[3]!) === "B" ? 1 : -1;
        if (!(qty > 0)) return rows.fail(columnOf(line, at, 2), `qty: expected a positive number, got "${line.slice(at[2]!, at[3]! - 1)}"`);
        if (!rows.inOrder(time, 1, String(time), "trade")) return;
        t.time[n] = time; t.price[n] = toTicks(price, ctx.tickSize); t.size[n] = qty; t.side[n] = side; n++;
      },
    });
    const ticks = { ...t, length: n, time: t.time.slice(0, n), price: t.price.slice(0, n), size: t.size.slice(0, n), side: t.side.slice(0, n), bid: t.bid.slice(0, n), ask: t.ask.slice(0, n) };
    return { kind: "ticks", ticks, skipped: rows.skipped, notices: [] };
  },
});

describe("the format registry", () => {
  it("derives the --format choices from the registry (market formats, in registry order)", () => {
    expect(INPUT_FORMATS).toEqual(["bar-export", "study-export", "scid", "time-and-sales", "tick-csv", "arrow"]);
    expect(FORMATS.map((f) => f.id)).toEqual([...INPUT_FORMATS, "signals-csv"]);
    expect(new Set(FORMATS.map((f) => f.id)).size).toBe(FORMATS.length);
  });

  it("a new format is detected and dispatched once its descriptor is in the registry", () => {
    const p = join(tmp(), "day.trades");
    const t0 = Date.UTC(2024, 2, 18, 14, 30) * 1000;
    writeFileSync(p, `when|price|qty|aggressor\n${t0}|4350.25|2|B\n\n${t0 + 5}|4350.5|1|S\n${t0 + 9}|4350.75|0|B\n`);
    expect(() => detectFormat(p)).toThrow(/unrecognised input/); // not known yet
    const registry: FormatRegistry = [...FORMATS, pipeTrades];
    expect(detectFormat(p, registry)).toBe("pipe-trades");
    // the unrecognised message lists it too
    const other = join(tmp(), "x.txt");
    writeFileSync(other, "nothing\n");
    expect(() => detectFormat(other, registry)).toThrow(/time and sales \(.*\), a trade CSV \(time,price,size,side\) or pipe trades \(when\|price\|qty\|aggressor\); got "nothing"/);
    // the shared row reader: blank line passed over, strict error with file:line:column
    expect(() => readInput(p, OPTS, registry)).toThrow(/day\.trades:5:\d+: qty: expected a positive number, got "0"/);
    const r = readInput(p, { ...OPTS, lenient: true, lenientMaxSkipShare: 0.5 }, registry);
    expect(r).toMatchObject({ format: "pipe-trades", kind: "ticks", trades: 2, file: "day.trades" });
    expect(Array.from(r.ticks!.price)).toEqual([17401, 17402]);
    expect(Array.from(r.ticks!.side)).toEqual([1, -1]);
    expect(r.skipped).toEqual([{ file: p, line: 5, column: 26, reason: 'qty: expected a positive number, got "0"' }]);
    // and streams through a sink like every tick format
    let streamed = 0;
    readInput(p, { ...OPTS, lenient: true, lenientMaxSkipShare: 0.5, sink: { chunkTicks: 1, onChunk: (c) => { streamed += c.length; } } }, registry);
    expect(streamed).toBe(2);
  });

  it("each sample file is claimed by exactly one sniffer", () => {
    const dir = tmp();
    const ticks = readTimeAndSales(TAS, { tickSize: 0.25 }).ticks;
    const bars = readSierraBarExport(ESH24, { tickSize: 0.25, sourceTimeZone: "America/Chicago" }).bars;
    writeScidTicks(join(dir, "t.scid"), ticks, { tickSize: 0.25 });
    writeTickCsv(join(dir, "t.csv"), ticks, { tickSize: 0.25 });
    writeArrowTicks(join(dir, "t.arrow"), ticks, { tickSize: 0.25 });
    writeSierraStudyExport(join(dir, "s.txt"), bars, { tickSize: 0.25, timeZone: "America/Chicago" });
    writeFileSync(join(dir, "signals.csv"), "time,session,open,direction\n2024-03-18T08:35:00.000-05:00,2024-03-18,4350.25,long\n");
    const samples: [string, string][] = [
      [ESH24, "bar-export"], [join(dir, "s.txt"), "study-export"], [join(dir, "t.scid"), "scid"], [TAS, "time-and-sales"],
      [join(dir, "t.csv"), "tick-csv"], [join(dir, "t.arrow"), "arrow"], [join(dir, "signals.csv"), "signals-csv"],
    ];
    for (const [p, id] of samples) {
      const head = readFileSync(p).subarray(0, 65536);
      expect(FORMATS.filter((f) => f.sniff(head, p)).map((f) => f.id), p).toEqual([id]);
    }
    // a signals table is not market data: readInput's detection does not take it
    expect(detectFormatFromBytes(readFileSync(join(dir, "signals.csv")))).toBeUndefined();
  });

  it("an unknown forced format names the registered ones", () => {
    expect(() => readInput(TAS, { ...OPTS, format: "nope" as never })).toThrow(
      'unknown input format "nope" (known: bar-export, study-export, scid, time-and-sales, tick-csv, arrow)');
  });
});

describe("the signals file format", () => {
  it("reads text columns as text and the rest as numbers, by the schema", () => {
    const p = join(tmp(), "signals.csv");
    writeFileSync(p, 'time,session,direction,level_kind,ret_7,scenario,extra\n2024-03-18T08:35:00.000-05:00,2024-03-18,long,"poc, prior",-3,SC1,1.5\n\n,2024-03-19,short,,,none,\n');
    const { columns, rows } = readSignalsCsv(p);
    expect(rows).toBe(2);
    expect(columns.time).toEqual(["2024-03-18T08:35:00.000-05:00", null]);
    expect(columns.level_kind).toEqual(["poc, prior", null]);
    expect(Array.from(columns.ret_7 as Float64Array)).toEqual([-3, NaN]);
    expect(Array.from(columns.extra as Float64Array)).toEqual([1.5, NaN]);
  });

  it("stops at a bad number with file:line:column, and at a header without direction", () => {
    const p = join(tmp(), "bad.csv");
    writeFileSync(p, "session,direction,mfe\n2024-03-18,long,12\n2024-03-18,long,x\n");
    expect(() => readSignalsCsv(p)).toThrow(new InputError(p, 3, 17, 'mfe: expected a number or empty, got "x"'));
    writeFileSync(p, "session,mfe\n");
    expect(() => readSignalsCsv(p)).toThrow(/bad\.csv:1:1: expected a signals.csv header with a "direction" column/);
    writeFileSync(p, "");
    expect(() => readSignalsCsv(p)).toThrow(/bad\.csv:1:1: empty file: expected a signals.csv header/);
  });
});
