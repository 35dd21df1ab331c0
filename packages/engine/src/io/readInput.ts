import { basename } from "node:path";
import { emptyBarTable, type BarTable } from "../bars/barTable.js";
import type { TickTable } from "../bars/tickTable.js";
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
}

/**
 * Reads any supported input, dispatching on `opts.format` or the detected format. A file without a
 * single bar or trade (a header alone, or every row skipped) is not an error, but it is noticed.
 */
export function readInput(path: string, opts: InputOptions): InputBars {
  const r = readAny(path, opts);
  const rows = r.kind === "ticks" ? r.ticks!.length : r.bars.length;
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
      const r = readScid(path, { tickSize: opts.tickSize, lenient: opts.lenient });
      if (r.kind === "bars") return { file, format, kind: "bars", bars: r.bars!, skipped: r.skipped, notices: r.notices };
      return ticks(r.ticks!, r.skipped, r.notices);
    }
    case "time-and-sales": {
      // UTC by the format (SPEC §3.4); an explicit source zone overrides it for exports written otherwise.
      const r = readTimeAndSales(path, { tickSize: opts.tickSize, lenient: opts.lenient, sourceTimeZone: opts.sourceTimeZone });
      return ticks(r.ticks, r.skipped, r.notices);
    }
    case "tick-csv": {
      const r = readTickCsv(path, { tickSize: opts.tickSize, lenient: opts.lenient });
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
