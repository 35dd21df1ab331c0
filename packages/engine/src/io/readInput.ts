import { basename } from "node:path";
import { emptyBarTable, type BarTable } from "../barTable.js";
import { emptyTickTable, type TickTable } from "../tickTable.js";
import type { TickSink } from "./tickBuilder.js";
import type { SkippedRow } from "../errors.js";
import { readArrow } from "./arrowIpc.js";
import type { ColumnMap, MissingRole } from "./columnMap.js";
import { detectFormat, type InputFormat } from "./detect.js";
import { readScid } from "./scid.js";
import { readSierraBarExport } from "./sierraBarExport.js";
import { readSierraStudyExport } from "./sierraStudyExport.js";
import { readTickCsv } from "./tickCsv.js";
import { readTimeAndSales } from "./timeAndSales.js";

export type { InputFormat } from "./detect.js";

export interface InputOptions {
  tickSize: number;
  /** Zone of Sierra text exports' times; undefined = the exchange zone. Binary and tick formats carry UTC. */
  sourceTimeZone: string | undefined;
  exchangeTimeZone: string;
  lenient: boolean;
  /** Overrides detection from the file's first bytes. */
  format?: InputFormat;
  /** Study export column map (default: the sierra-8tick-103 preset, or by name). */
  columnMap?: ColumnMap;
  /** Tick formats: stream the trades to this sink in chunks (the result's `ticks` is then empty). */
  sink?: TickSink;
}

/**
 * One read input. `kind` says what it holds: "bars" (bars filled) or "ticks" (`ticks` filled, `bars`
 * an empty table — the integrator turns ticks into bars with the range-bar builder).
 */
export interface InputBars {
  file: string;
  format: InputFormat;
  kind: "bars" | "ticks";
  bars: BarTable;
  ticks?: TickTable;
  skipped: SkippedRow[];
  notices: string[];
  /** Study export only: roles the column map could not bind, with their effect. */
  missing?: MissingRole[];
  /** Trades read (for tick formats; with a sink the trades themselves went to the sink). */
  trades?: number;
}

/**
 * Reads any supported input, dispatching on `opts.format` or the detected format. A file without a
 * single bar or trade (a header alone, or every row skipped) is not an error, but it is noticed.
 */
export function readInput(path: string, opts: InputOptions): InputBars {
  let streamed = 0;
  const sink: TickSink | undefined = opts.sink && {
    chunkTicks: opts.sink.chunkTicks,
    onChunk: (c) => { streamed += c.length; opts.sink!.onChunk(c); },
  };
  const r = readAny(path, { ...opts, sink });
  if (r.kind === "ticks" && sink) {
    // a reader without streaming (Arrow) returned its trades whole: hand them on in chunks too
    const t = r.ticks!;
    for (let s = 0; s < t.length; s += sink.chunkTicks) {
      const e = Math.min(t.length, s + sink.chunkTicks);
      sink.onChunk({ length: e - s, time: t.time.subarray(s, e), price: t.price.subarray(s, e), size: t.size.subarray(s, e),
        side: t.side.subarray(s, e), bid: t.bid.subarray(s, e), ask: t.ask.subarray(s, e), hasQuote: t.hasQuote });
    }
    if (t.length) r.ticks = emptyTickTable(0);
  }
  if (r.kind === "ticks") r.trades = sink ? streamed : r.ticks!.length;
  const rows = r.kind === "ticks" ? r.trades! : r.bars.length;
  if (rows === 0) {
    const what = r.kind === "ticks" ? "trades" : "bars";
    r.notices = [...r.notices, `${r.file}: no ${what} — ${r.skipped.length ? `all ${r.skipped.length} data rows were skipped` : "the file holds no data rows"}`];
  }
  return r;
}

function readAny(path: string, opts: InputOptions): InputBars {
  const format = opts.format ?? detectFormat(path);
  const file = basename(path);
  const sierraZone = opts.sourceTimeZone ?? opts.exchangeTimeZone;
  const ticks = (t: TickTable, skipped: SkippedRow[], notices: string[]): InputBars =>
    ({ file, format, kind: "ticks", bars: emptyBarTable(0), ticks: t, skipped, notices });
  switch (format) {
    case "bar-export": {
      const r = readSierraBarExport(path, { tickSize: opts.tickSize, sourceTimeZone: sierraZone, lenient: opts.lenient });
      return { file, format, kind: "bars", bars: r.bars, skipped: r.skipped, notices: [] };
    }
    case "study-export": {
      const r = readSierraStudyExport(path, { tickSize: opts.tickSize, sourceTimeZone: sierraZone, lenient: opts.lenient, columnMap: opts.columnMap });
      return { file, format, kind: "bars", bars: r.bars, skipped: r.skipped, notices: r.notices, missing: r.missing };
    }
    case "scid": {
      const r = readScid(path, { tickSize: opts.tickSize, lenient: opts.lenient, sink: opts.sink });
      if (r.kind === "bars") return { file, format, kind: "bars", bars: r.bars!, skipped: r.skipped, notices: r.notices };
      return ticks(r.ticks!, r.skipped, r.notices);
    }
    case "time-and-sales": {
      // UTC by the format (SPEC §3.4); an explicit source zone overrides it for exports written otherwise.
      const r = readTimeAndSales(path, { tickSize: opts.tickSize, lenient: opts.lenient, sourceTimeZone: opts.sourceTimeZone, sink: opts.sink });
      return ticks(r.ticks, r.skipped, r.notices);
    }
    case "tick-csv": {
      const r = readTickCsv(path, { tickSize: opts.tickSize, lenient: opts.lenient, sink: opts.sink });
      return ticks(r.ticks, r.skipped, r.notices);
    }
    case "arrow": {
      const r = readArrow(path, { tickSize: opts.tickSize });
      if (r.kind === "bars") return { file, format, kind: "bars", bars: r.bars!, skipped: [], notices: r.notices };
      return ticks(r.ticks!, [], r.notices);
    }
    default:
      throw new Error(`unknown input format "${String(format)}" (known: bar-export, study-export, scid, time-and-sales, tick-csv, arrow)`);
  }
}
