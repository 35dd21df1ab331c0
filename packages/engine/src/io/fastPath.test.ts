import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { InputError } from "../errors.js";
import { STUDY_ROLES } from "../studyRoles.js";
import { lineText, readLines, scanLines } from "./lines.js";
import { byteFastPath } from "./rowReader.js";
import { readSierraBarExport } from "./sierraBarExport.js";
import { readSierraStudyExport } from "./sierraStudyExport.js";
import { readTimeAndSales } from "./timeAndSales.js";
import { readTickCsv } from "./tickCsv.js";
import { writeSierraStudyExport } from "./writeStudyExport.js";
import { writeTickCsv } from "./tickCsv.js";
import { parseColumnMap } from "./columnMap.js";

/**
 * The byte fast path (rowReader.ts RowHandler.fast) against the string path it stands in for: on the
 * real files and on random and edge lines, the same columns (bit for bit) and the same messages,
 * strict and lenient, whatever the chunk size.
 */
const DATA = new URL("../../../../data/", import.meta.url).pathname;
const ES = { tickSize: 0.25, sourceTimeZone: "America/Chicago" };
const RUNS = { numRuns: 150, seed: 11 };
const dir = mkdtempSync(join(tmpdir(), "tda-fast-"));
let fileNo = 0;
const fileOf = (content: string | Uint8Array): string => {
  const p = join(dir, `f${fileNo++}.txt`);
  writeFileSync(p, content);
  return p;
};

/** A value as text, typed arrays by their bytes (−0 and NaN payloads included). */
function digest(v: unknown): string {
  if (ArrayBuffer.isView(v)) return createHash("sha1").update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).digest("hex");
  if (v instanceof Map) return `Map{${[...v].map(([k, x]) => `${String(k)}:${digest(x)}`).join(",")}}`;
  if (Array.isArray(v)) return `[${v.map(digest).join(",")}]`;
  if (v && typeof v === "object") return `{${Object.keys(v).sort().map((k) => `${k}:${digest((v as Record<string, unknown>)[k])}`).join(",")}}`;
  return Object.is(v, -0) ? "-0" : typeof v === "number" ? String(v) : JSON.stringify(v) ?? String(v);
}

function outcome(read: () => unknown): string {
  try {
    return digest(read());
  } catch (e) {
    if (e instanceof InputError) return `InputError ${e.message}`;
    throw e;
  }
}

/** The read by the string path, then by the byte fast path (chunks of `chunk` bytes): the same outcome. */
function same(read: () => unknown, chunk = 1 << 20): void {
  byteFastPath.enabled = false;
  const slow = outcome(read);
  byteFastPath.enabled = true;
  byteFastPath.chunkBytes = chunk;
  const fast = outcome(read);
  byteFastPath.chunkBytes = 1 << 20;
  expect(fast).toBe(slow);
}

afterEach(() => {
  byteFastPath.enabled = true;
  byteFastPath.chunkBytes = 1 << 20;
});

describe("scanLines", () => {
  const piece = fc.constantFrom("a", "1", ",", " ", "\n", "\r", "\r\n", "\uFEFF", "é", "€", "\0", "\xEF", "\xBB", "\xBF", "\x80", "\xE2", "\xFF");
  it("splits and decodes exactly like readLines (any bytes, BOMs, CR, broken UTF-8, any chunk size)", () => {
    fc.assert(fc.property(fc.array(piece, { maxLength: 60 }), fc.boolean(), fc.integer({ min: 1, max: 17 }), (pieces, raw, chunk) => {
      // `raw`: \xNN pieces as single bytes (broken UTF-8); else every piece UTF-8 encoded
      const bytes = Buffer.concat(pieces.map((p) => (raw && p.length === 1 && p.charCodeAt(0) >= 0x80 && p.charCodeAt(0) <= 0xff ? Buffer.from([p.charCodeAt(0)]) : Buffer.from(p, "utf8"))));
      const path = fileOf(bytes);
      const want = [...readLines(path)];
      const got: [string, number][] = [];
      scanLines(path, (b, s, e, n) => { got.push([lineText(b, s, e), n]); }, chunk);
      expect(got).toEqual(want);
    }), RUNS);
  });
});

describe("the real files", () => {
  const bars = readdirSync(join(DATA, "es-5m")).filter((f) => f.endsWith(".txt")).map((f) => join(DATA, "es-5m", f));
  it.each(bars.map((f) => [f.split("/").pop()!, f]))("bar export %s: the same bars", (_n, f) => {
    same(() => readSierraBarExport(f, ES));
    same(() => readSierraBarExport(f, { ...ES, lenient: true }), 4099);
  });
  it("bar export read in another zone (spring-forward gaps refused, fall-back hours kept in order): the same", () => {
    same(() => readSierraBarExport(bars[0]!, { ...ES, sourceTimeZone: "Europe/Berlin", lenient: true }), 65536);
    same(() => readSierraBarExport(bars[0]!, { ...ES, sourceTimeZone: "Europe/Berlin" }));
  });
  it("time and sales data/ticks: the same trades", () => {
    const f = join(DATA, "ticks", "ES-2022-01-24-tas.txt");
    same(() => readTimeAndSales(f, { tickSize: 0.25 }));
    same(() => readTimeAndSales(f, { tickSize: 0.25, sourceTimeZone: "America/Chicago", lenient: true }), 777);
  });
  it("a 103-column study export written from data/es-5m (study cells filled, some empty): the same bars", () => {
    const f = studyFile(bars[0]!, 3);
    same(() => readSierraStudyExport(f, ES));
    same(() => readSierraStudyExport(f, { ...ES, lenient: true }), 5003);
  });
});

/** A 103-column study export of a bar export's bars, every role filled from a seeded generator (about a tenth of the cells NaN). */
function studyFile(barFile: string, seed: number): string {
  const bars = readSierraBarExport(barFile, ES).bars;
  let s = seed >>> 0;
  const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (const role of Object.keys(STUDY_ROLES)) {
    const col = new Float64Array(bars.length);
    for (let i = 0; i < bars.length; i++) {
      const x = r();
      col[i] = x < 0.1 ? NaN : /^askVolHigh/.test(role) ? Math.min(bars.askVolume[i]!, Math.floor(x * 20)) : /^bidVolLow/.test(role) ? Math.min(bars.bidVolume[i]!, Math.floor(x * 20)) : bars.low[i]! + x * 7;
    }
    bars.study.set(role, col);
  }
  for (let i = 0; i < bars.length; i++) {
    bars.lastTime[i] = bars.time[i]! + Math.floor(r() * 299e6);
    const d = bars.askVolume[i]! - bars.bidVolume[i]!;
    bars.maxDelta[i] = d + Math.floor(r() * 5);
    bars.minDelta[i] = d - Math.floor(r() * 5);
  }
  const p = join(dir, `study${fileNo++}.csv`);
  writeSierraStudyExport(p, bars, { tickSize: 0.25, timeZone: "America/Chicago" });
  return p;
}

/** Field texts the fast path must read as the string path does, or hand over to it. */
const NUMBER_EDGES = ["", " ", "  ", "0", "-0", "+0", "-1", "1.", ".5", "-.25", "+3880.50", " 3880.50 ", "3880.5", "3880.25", "3880.1", "3880.50x", "x",
  "1e3", "1E+3", "3880.5e0", "12345678901234567", "3880.2500000000000001", "0.00000000000000001", "1234567890123456.5", "3880,50", "\t3880.50",
  "\u00a03880.50", "3880.50\u2003", "é", "\0", "3880..5", "--1", "+-1", "4294967294", "4294967295", "758.5", "1000000", "1000000.25", "NaN", "Infinity"];
const DATE_EDGES = ["2022/12/19", "2022-12-19", " 2022/12/19 ", "2022/1/5", "2022/01/05", "0099/01/01", "0100/01/01", "2023/02/29", "2024/02/29", "2023/02/30",
  "2022/13/01", "2022/00/10", "2022/12/00", "2022/12/32", "22/12/19", "20221/12/19", "2022/012/19", "2022/12/019", "2022/12-19", "2022.12.19",
  "2023/03/12", "2022/11/06", "\t2022/12/19", "2022/12/19\u00a0", ""];
const TIME_EDGES = ["00:00:00", "0:00:00", " 08:35:00 ", "08:35:00.5", "08:35:00.25", "23:59:59.999999", "00:00:00.1234567", "00:00:00.", "24:00:00",
  "00:60:00", "00:00:60", "8:5:00", "08:35", "008:35:00", "02:30:00", "01:30:00", "01:59:59.999999", "03:00:00", "08:35:00 .5", "08:35:00.5 ",
  "\t08:35:00", "08:35:00\u2003", "08:35:00.x", ""];

/** Lines of a real file, some of them with a field replaced, removed, added or repeated, and their order disturbed. */
function mutatedLines(base: string[], edges: (k: number) => string[], sep = ",") {
  const edit = fc.record({
    line: fc.nat(),
    kind: fc.constantFrom("field", "field", "field", "frac", "frac", "digits", "digits", "drop", "extra", "repeat", "swap", "blank", "nul", "sep"),
    field: fc.nat(),
    pick: fc.nat(),
  });
  return fc.tuple(fc.array(edit, { maxLength: 12 }), fc.integer({ min: 0, max: base.length - 40 }), fc.constantFrom("\n", "\r\n", "\r"), fc.boolean(), fc.integer({ min: 7, max: 300 }))
    .map(([edits, from, eol, bom, chunk]) => {
      const lines = base.slice(from, from + 40);
      for (const e of edits) {
        const i = e.line % lines.length;
        const fields = lines[i]!.split(sep);
        const k = e.field % fields.length;
        if (e.kind === "field") {
          const ed = edges(k);
          fields[k] = ed[e.pick % ed.length]!;
          lines[i] = fields.join(sep);
        } else if (e.kind === "frac" && fields.length > 2) {
          // a fraction of a second, 1–7 digits: the times stay in order
          fields[1] = `${fields[1]!.trimEnd()}.${String(e.pick).padStart(7, "3").slice(0, 1 + (e.pick % 7))}`;
          lines[i] = fields.join(sep);
        } else if (e.kind === "digits" && fields.length > 2) {
          // more digits after a number: long mantissas (Number's reading), zeros keep it on the tick grid
          const f = fields[Math.max(2, k)]!;
          fields[Math.max(2, k)] = `${f.trimEnd()}${f.includes(".") ? "" : "."}${"0".repeat(e.pick % 19)}${e.pick % 3 === 0 ? String(e.pick % 10) : ""}`;
          lines[i] = fields.join(sep);
        } else if (e.kind === "drop") lines[i] = fields.filter((_f, j) => j !== k).join(sep);
        else if (e.kind === "extra") lines[i] = [...fields, " 1"].join(sep);
        else if (e.kind === "repeat") lines.splice(i, 0, lines[i]!);
        else if (e.kind === "swap" && i + 1 < lines.length) [lines[i], lines[i + 1]] = [lines[i + 1]!, lines[i]!];
        else if (e.kind === "blank") lines.splice(i, 0, ["", " ", "\t", "\u00a0"][e.pick % 4]!);
        else if (e.kind === "nul") lines[i] = lines[i]!.slice(0, e.pick % (lines[i]!.length + 1)) + "\0".repeat(1 + (e.pick % 5));
        else if (e.kind === "sep") lines[i] = fields.join([sep, `${sep} `, ` ${sep}`, sep === "," ? ";" : ","][e.pick % 4]!);
      }
      return { lines, eol, bom, chunk };
    });
}

const fileFrom = (header: string, m: { lines: string[]; eol: string; bom: boolean }): string =>
  fileOf(`${m.bom ? "\uFEFF" : ""}${[header, ...m.lines].join(m.eol)}${m.eol}`);

describe("random and edge lines", () => {
  const barText = readFileSync(join(DATA, "es-5m", "ESH23-CME.scid_BarData__5m.txt"), "utf8").split(/\r?\n/);
  const barEdges = (k: number) => (k === 0 ? DATE_EDGES : k === 1 ? TIME_EDGES : NUMBER_EDGES);
  it("bar export: the same bars and messages, strict and lenient", () => {
    fc.assert(fc.property(mutatedLines(barText.slice(1, -1), barEdges), fc.boolean(), (m, berlin) => {
      const p = fileFrom(barText[0]!, m);
      const opts = { ...ES, sourceTimeZone: berlin ? "Europe/Berlin" : ES.sourceTimeZone };
      same(() => readSierraBarExport(p, opts), m.chunk);
      same(() => readSierraBarExport(p, { ...opts, lenient: true }), m.chunk);
    }), RUNS);
  });
  it("bar export around the clock changes (2022/11/06 fall back, 2023/03/12 spring forward), times out of order: the same", () => {
    const days = ["2022/11/06", "2023/03/12"];
    const line = fc.tuple(fc.constantFrom(...days), fc.integer({ min: 0, max: 4 * 60 - 1 }), fc.integer({ min: 0, max: 7 })).map(([d, min, p]) =>
      `${d}, ${String(Math.floor(min / 60)).padStart(2, "0")}:${String(min % 60).padStart(2, "0")}:00, 3880.50, ${3881 + p}.00, 3880.00, 3880.75, 10, 5, 4, 6`);
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 30 }), fc.boolean(), (lines, sorted) => {
      const p = fileOf([barText[0]!, ...(sorted ? [...lines].sort() : lines)].join("\n") + "\n");
      same(() => readSierraBarExport(p, ES));
      same(() => readSierraBarExport(p, { ...ES, lenient: true }), 64);
    }), RUNS);
  });
  const study = readFileSync(studyFile(join(DATA, "es-5m", "ESU23-CME.scid_BarData__5m.txt"), 9), "utf8").split(/\r?\n/);
  const studyEdges = (k: number) => (k === 0 ? DATE_EDGES : k === 1 ? TIME_EDGES : NUMBER_EDGES);
  it("103-column study export: the same bars and messages, strict and lenient", () => {
    fc.assert(fc.property(mutatedLines(study.slice(1, -1), studyEdges), (m) => {
      const p = fileFrom(study[0]!, m);
      same(() => readSierraStudyExport(p, ES), m.chunk);
      same(() => readSierraStudyExport(p, { ...ES, lenient: true }), m.chunk);
    }), RUNS);
  });
  it("a study export ending in unbound columns, non-ASCII or NUL bytes in passed-over cells, whole-file and small chunks: the same", () => {
    // the passed-over fields of a chunk of only ASCII without NUL are skipped by their separators alone:
    // a chunk holding one odd byte anywhere must read as the string path reads it
    const head = `${study[0]!}, Note, Extra`;
    const rows = study.slice(1, 300).filter((l) => l.length > 0).map((l, i) => `${l}, n${i % 7}, ${i % 3 === 0 ? "" : "x"}`);
    const odd = ["é", "\0", "\u00a0", "\u2003", "a,b", "", " ", "\t", "ÿ"];
    const edit = fc.record({ line: fc.nat(), field: fc.nat(), pick: fc.nat() });
    fc.assert(fc.property(fc.array(edit, { maxLength: 4 }), fc.constantFrom(1 << 20, 4096, 997, 64), fc.boolean(), (edits, chunk, crlf) => {
      const lines = [...rows];
      for (const e of edits) {
        const i = e.line % lines.length, f = lines[i]!.split(",");
        const k = 2 + (e.field % (f.length - 2));
        f[k] = odd[e.pick % odd.length]!;
        lines[i] = f.join(",");
      }
      const p = fileOf([head, ...lines].join(crlf ? "\r\n" : "\n") + "\n");
      same(() => readSierraStudyExport(p, ES), chunk);
      same(() => readSierraStudyExport(p, { ...ES, lenient: true }), chunk);
    }), { ...RUNS, numRuns: 40 });
  });
  it("a study export bound by name (17 columns), a user map onto the Date column: the same", () => {
    const head = "Date, Time, Open, High, Low, Last, Volume, # of Trades, OHLC Avg, HLC Avg, HL Avg, Bid Volume, Ask Volume, Max Delta, Min Delta, Ask Vol High, Bid Vol Low";
    const rows = study.slice(1, 200).filter((l) => l.length > 0).map((l) => {
      const f = l.split(",");
      return [...f.slice(0, 13), f[14], f[15], f[27], f[33]].join(",");
    });
    fc.assert(fc.property(mutatedLines(rows, studyEdges), (m) => {
      const p = fileFrom(head, m);
      same(() => readSierraStudyExport(p, ES), m.chunk);
      same(() => readSierraStudyExport(p, { ...ES, lenient: true }), m.chunk);
      same(() => readSierraStudyExport(p, { ...ES, lenient: true, columnMap: parseColumnMap({ vwap: { name: "Date" }, maxDelta: { name: "Max Delta" } }) }), m.chunk);
    }), { ...RUNS, numRuns: 60 });
  });
  const tas = readFileSync(join(DATA, "ticks", "ES-2022-01-24-tas.txt"), "utf8").split(/\r?\n/);
  const TAS_HEAD = tas[0]!.split(";").slice(0, 12).join(";");
  const tasRows = tas.slice(1, -1).map((l) => l.split(";").slice(0, 12).join(";"));
  const WHOLE_EDGES = [...NUMBER_EDGES, "1", "2", "3", "007", "123456789012345", "1234567890123456", "2314222 ", " 2314222"];
  const TAS_TIME_EDGES = [...TIME_EDGES, "13:30:00.5000", "13:30:00.576015", "13:30:00.001", "13:30:00.0000001", "13:30:00.1234567"];
  const tasEdges = (k: number) => (k === 0 ? [...DATE_EDGES, "2022-01-24", "2022-1-24"] : k === 1 ? TAS_TIME_EDGES : WHOLE_EDGES);
  it("time and sales: the same trades, notices and messages, strict and lenient, with and without quotes, Sequence or a source zone", () => {
    fc.assert(fc.property(mutatedLines(tasRows, tasEdges, ";"), fc.constantFrom("all", "noQuotes", "noSequence", "onlyAsk"), fc.boolean(), (m, shape, chicago) => {
      const keep = (names: string[]) => (shape === "noQuotes" ? names.slice(0, 7) : shape === "noSequence" ? [names[0]!, names[1]!, ...names.slice(3)] : shape === "onlyAsk" ? names.slice(0, 8) : names);
      const head = keep(TAS_HEAD.split(";")).join(";");
      const lines = m.lines.map((l) => { const f = l.split(";"); return f.length >= 12 ? keep(f).join(";") : l; });
      const p = fileFrom(head, { ...m, lines });
      const opts = { tickSize: 0.25, ...(chicago ? { sourceTimeZone: "America/Chicago" } : {}) };
      same(() => readTimeAndSales(p, opts), m.chunk);
      same(() => readTimeAndSales(p, { ...opts, lenient: true }), m.chunk);
    }), RUNS);
  });
  it("time and sales with empty quotes on some rows (quotes dropped for the file) and rows out of Sequence order: the same", () => {
    const lines = tasRows.slice(0, 60).map((l, i) => {
      const f = l.split(";");
      if (i % 17 === 5) { f[7] = ""; f[8] = ""; }
      if (i % 13 === 3) f[2] = String(Number(f[2]) + 40);
      return f.join(";");
    });
    const p = fileOf([TAS_HEAD, ...lines].join("\n") + "\n");
    same(() => readTimeAndSales(p, { tickSize: 0.25 }), 333);
    same(() => readTimeAndSales(p, { tickSize: 0.25, lenient: true }), 333);
  });
  // trade CSVs written from data/ticks (ISO times and integer µs, with and without quotes), columns in
  // any order with columns the reader passes over
  const tasTrades = readTimeAndSales(join(DATA, "ticks", "ES-2022-01-24-tas.txt"), { tickSize: 0.25 }).ticks;
  const csvOf = (timeFormat: "iso" | "micros", quotes: boolean): string[] => {
    const p = join(dir, `trades${fileNo++}.csv`);
    const t = quotes ? tasTrades : { ...tasTrades, hasQuote: false };
    writeTickCsv(p, t, { tickSize: 0.25, timeFormat });
    return readFileSync(p, "utf8").split("\n").slice(0, -1);
  };
  const TICK_TIME_EDGES = ["2022-01-24T13:30:00Z", "2022-01-24T13:30:00.5Z", "2022-01-24T13:30:00.123456789Z", "2022-01-24T13:30:00.1234567890Z",
    "2022-01-24T13:30:00.Z", "2022-01-24T13:30:00z", "2022-01-24t13:30:00Z", "2022-01-24 13:30:00Z", "2022/01/24T13:30:00Z", "2022-1-24T13:30:00Z",
    "2022-01-24T7:30:00Z", "2022-01-24T13:30:00-05:00", "2022-01-24T13:30:00.25+05:30", "2022-01-24T13:30:00+0530", "2022-01-24T13:30:00+05",
    "2022-01-24T13:30:00+19:00", "2022-01-24T13:30:00+18:60", "2022-01-24T13:30:00-18:00", "2022-01-24T13:30:00", "2022-01-24T24:00:00Z",
    "2022-02-29T13:30:00Z", "2024-02-29T13:30:00Z", "0099-01-24T13:30:00Z", "0100-01-24T13:30:00Z", "1979-12-31T23:59:59.999999Z", "2200-01-01T00:00:00Z",
    "2022-01-24T13:30:00Zx", " 2022-01-24T13:30:00Z", "2022-01-24T13:30:00Z ", "1643031000000000", "0001643031000000000", "1643031000", "1643031000000",
    "-1643031000000000", "9007199254740991", "9007199254740992", "9999999999999999", "+1643031000000000", "1643031000000000.5", "", "\u00e9",
    // every fraction length 1–10, in every zone shape
    ...["Z", "z", "-05:00", "+01:00", "+0100", "-06"].flatMap((z) => Array.from({ length: 10 }, (_v, k) => `2022-01-24T13:30:00.${"9876543210".slice(0, k + 1)}${z}`))];
  const SIDE_EDGES = ["buy", "sell", "b", "s", "B", "S", "1", "-1", "+1", "0", "", "unknown", "UNKNOWN", "ask", "bid", "Ask", " buy", "buy ", "x", "2", "sel", "buyy"];
  const csvEdges = (names: string[]) => (k: number) => (names[k] === "time" ? TICK_TIME_EDGES : names[k] === "side" ? SIDE_EDGES : NUMBER_EDGES);
  it("trade CSV: the same trades and messages, strict and lenient, ISO or µs times, with and without quotes, any column order", () => {
    const shapes = [csvOf("iso", true), csvOf("iso", false), csvOf("micros", true), csvOf("micros", false)];
    for (const [s, base] of shapes.entries()) {
      for (const how of ["asis", "reversed", "extra", "priceFirst", "onlyBid"] as const) {
        const lines = reorder(base, how);
        const names = lines[0]!.split(",");
        fc.assert(fc.property(mutatedLines(lines.slice(1), csvEdges(names)), (m) => {
          const p = fileFrom(lines[0]!, m);
          same(() => readTickCsv(p, { tickSize: 0.25 }), m.chunk);
          same(() => readTickCsv(p, { tickSize: 0.25, lenient: true }), m.chunk);
        }), { ...RUNS, numRuns: 30, seed: RUNS.seed + s });
      }
    }
  });
  it("trade CSV with its ISO times rewritten (fractions of 1–10 digits, Z, z, ±HH:MM, ±HHMM offsets): the same trades", () => {
    const base = csvOf("iso", true);
    const retime = (line: string, pick: number): string => {
      const f = line.split(",");
      const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}:\d{2})\.(\d{6})Z$/.exec(f[0]!);
      if (!m) return line;
      const frac = `${m[4]}7890`.slice(0, 1 + (pick % 10));
      const h = Number(m[2]);
      const zone = (pick >> 4) % 5;
      const [hh, z] = zone === 0 ? [h, "Z"] : zone === 1 ? [h, "z"] : zone === 2 ? [h, "+00:00"] : zone === 3 && h >= 5 ? [h - 5, "-05:00"] : [h, "+0000"];
      f[0] = `${m[1]}T${String(hh).padStart(2, "0")}:${m[3]}.${frac}${z}`;
      return f.join(",");
    };
    fc.assert(fc.property(fc.array(fc.nat(), { minLength: 60, maxLength: 60 }), fc.nat(base.length - 62), fc.integer({ min: 7, max: 300 }), (picks, from, chunk) => {
      const p = fileOf(`${[base[0], ...base.slice(1 + from, 61 + from).map((l, i) => retime(l, picks[i]!))].join("\n")}\n`);
      same(() => readTickCsv(p, { tickSize: 0.25 }), chunk);
      same(() => readTickCsv(p, { tickSize: 0.25, lenient: true }), chunk);
    }), RUNS);
  });
  it("trade CSV data/ticks as written, every chunk size: the same", () => {
    for (const fmt of ["iso", "micros"] as const) {
      const p = fileOf(`${csvOf(fmt, true).join("\n")}\n`);
      for (const chunk of [7, 100, 4099, 1 << 20]) same(() => readTickCsv(p, { tickSize: 0.25 }), chunk);
    }
  });
});

/** A trade CSV's lines (header first) with its columns reordered, a passed-over column added, or only a bid column. */
function reorder(lines: string[], how: "asis" | "reversed" | "extra" | "priceFirst" | "onlyBid"): string[] {
  const map = (f: string[]): string[] => {
    if (how === "reversed") return [...f].reverse();
    if (how === "extra") return [f[0]!, "x y", ...f.slice(1), "7"];
    if (how === "priceFirst") return [f[1]!, f[0]!, ...f.slice(2)];
    if (how === "onlyBid") return f.length > 4 ? f.slice(0, 5) : [...f, "3880.25"];
    return f;
  };
  return lines.map((l, i) => {
    const f = map(l.split(","));
    if (i === 0 && how === "extra") { f[1] = "note"; f[f.length - 1] = "venue"; }
    if (i === 0 && how === "onlyBid") f[4] = "bid";
    return f.join(",");
  });
}
