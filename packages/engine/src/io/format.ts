import type { BarTable } from "../barTable.js";
import type { SkippedRow } from "../errors.js";
import type { TickTable } from "../tickTable.js";
import type { ColumnMap, MissingRole } from "./columnMap.js";
import type { TickSink } from "./tickBuilder.js";

/**
 * What a format holds once read: bars, trades ("ticks"), either of the two (told by the file itself:
 * a .scid of tick or of bar records, an Arrow table of bars or of trades), or a signals table.
 */
export type FormatKind = "bars" | "ticks" | "either" | "signals";

/** Everything a reader may need; each format takes what applies to it. */
export interface ReadContext {
  tickSize: number;
  /** Zone of Sierra text exports' times; undefined = the exchange zone. Binary and tick formats carry UTC. */
  sourceTimeZone: string | undefined;
  exchangeTimeZone: string;
  lenient: boolean;
  /** Study export column map (default: the sierra-8tick-103 preset, or by name). */
  columnMap?: ColumnMap;
  /** Tick formats: stream the trades to this sink in chunks (the result's `ticks` is then empty). */
  sink?: TickSink;
}

/** A market file read: bars, or trades (`bars` absent — the integrator builds them). */
export interface MarketRead {
  kind: "bars" | "ticks";
  bars?: BarTable;
  ticks?: TickTable;
  skipped: SkippedRow[];
  notices: string[];
  /** Study export only: roles the column map could not bind, with their effect. */
  missing?: MissingRole[];
}

/** Columns of a signals file: numbers (NaN = empty) or text (null = empty), by column name. */
export type SignalsColumns = Record<string, Float64Array | (string | null)[]>;

export interface SignalsRead {
  kind: "signals";
  columns: SignalsColumns;
  rows: number;
  skipped: SkippedRow[];
  notices: string[];
}

export interface WriteContext {
  tickSize: number;
  /** Zone a text format writes its times in (formats that write UTC ignore it). */
  timeZone: string;
}

interface FormatBase<Id extends string> {
  /** The name users give to --format and config.inputFormat. */
  id: Id;
  /** What the unrecognised-input message lists for it: `a .scid file ("SCID")`, `a trade CSV (time,price,size,side)`. */
  expected: string;
  /** Binary formats are named first in that message, text formats after "or a text header of". */
  binary: boolean;
  /**
   * Is this file in the format? Sees the first 64 KiB and the file's base name; must not claim another
   * registered format's files (the registry test checks every sample against every sniffer).
   */
  sniff(head: Uint8Array, name: string): boolean;
}

export interface MarketFormat<Id extends string = string> extends FormatBase<Id> {
  kind: "bars" | "ticks" | "either";
  read(path: string, ctx: ReadContext): MarketRead;
  /** The zone the reader takes the file's wall-clock times in (default "UTC": absolute times); the time-zone check names it. */
  readZone?(ctx: ReadContext): string;
  /** Writers the format has (a format may be read-only). */
  write?: {
    bars?(path: string, bars: BarTable, ctx: WriteContext): void;
    ticks?(path: string, ticks: TickTable, ctx: WriteContext): void;
  };
}

export interface SignalsFormat<Id extends string = string> extends FormatBase<Id> {
  kind: "signals";
  read(path: string, ctx: Partial<ReadContext>): SignalsRead;
}

/** One input format: one file under io/ exports it, io/registry.ts lists it. */
export type FormatDescriptor<Id extends string = string> = MarketFormat<Id> | SignalsFormat<Id>;

/** Keeps a descriptor's id as a literal type, so the registry can derive the union of ids. */
export function defineFormat<const Id extends string, F extends FormatDescriptor<Id>>(format: F & { id: Id }): F {
  return Object.freeze(format);
}

export const isMarketFormat = (f: FormatDescriptor): f is MarketFormat => f.kind !== "signals";

/** The first line of a file's head as text (UTF-8, BOM and CR stripped): what text sniffers look at. */
export function headerLine(head: Uint8Array): string {
  let text = new TextDecoder("utf-8").decode(head.subarray(0, 65536));
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nl = text.indexOf("\n");
  return (nl >= 0 ? text.slice(0, nl) : text).replace(/\r$/, "");
}

/** `head` starts with these ASCII bytes. */
export function startsWithAscii(head: Uint8Array, magic: string): boolean {
  if (head.length < magic.length) return false;
  for (let k = 0; k < magic.length; k++) if (head[k] !== magic.charCodeAt(k)) return false;
  return true;
}
