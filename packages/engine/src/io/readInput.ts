import type { BarTable } from "../bars/barTable.js";
import type { SkippedRow } from "../errors.js";
import { readSierraBarExport } from "./sierraBarExport.js";

export type InputFormat = "bar-export";

export interface InputOptions {
  tickSize: number;
  /** Zone of the file's times; undefined = the format's default (exchange zone for Sierra text). */
  sourceTimeZone: string | undefined;
  exchangeTimeZone: string;
  lenient: boolean;
  format?: InputFormat;
}

export interface InputBars {
  file: string;
  format: InputFormat;
  bars: BarTable;
  skipped: SkippedRow[];
  notices: string[];
}

/** Reads any supported input into bars (ticks are built into bars first). */
export function readInput(path: string, opts: InputOptions): InputBars {
  const r = readSierraBarExport(path, {
    tickSize: opts.tickSize,
    sourceTimeZone: opts.sourceTimeZone ?? opts.exchangeTimeZone,
    lenient: opts.lenient,
  });
  return { file: r.file, format: "bar-export", bars: r.bars, skipped: r.skipped, notices: [] };
}
