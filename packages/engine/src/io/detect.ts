import { closeSync, openSync, readSync } from "node:fs";
import { InputError } from "../errors.js";
import { STUDY_EXPORT_HEADER } from "./columnMap.js";
import { BAR_EXPORT_HEADER, isBarExportHeader, squash } from "./sierraBarExport.js";
import { TICK_CSV_COLUMNS } from "./tickCsv.js";
import { isTimeAndSalesHeader } from "./timeAndSales.js";

/** Every input format readInput understands. */
export type InputFormat = "bar-export" | "study-export" | "scid" | "time-and-sales" | "tick-csv" | "arrow";

export const INPUT_FORMATS: readonly InputFormat[] = ["bar-export", "study-export", "scid", "time-and-sales", "tick-csv", "arrow"];

/** What each format holds once read. */
export const FORMAT_KIND: Readonly<Record<InputFormat, "bars" | "ticks" | "either">> = {
  "bar-export": "bars", "study-export": "bars", scid: "either", "time-and-sales": "ticks", "tick-csv": "ticks", arrow: "either",
};

/**
 * Recognises a format from a file's first bytes: the "SCID" magic, the Arrow IPC magic "ARROW1"
 * (or a stream's 0xFFFFFFFF continuation marker), else the first text line — the bar export header,
 * the study export's 13 fixed columns, a time-and-sales header (Date;Time;…TradeType…), or a CSV
 * header naming time, price, size and side. Undefined when nothing matches.
 */
export function detectFormatFromBytes(head: Uint8Array): InputFormat | undefined {
  const ascii = (a: number, b: number) => String.fromCharCode(...head.subarray(a, Math.min(b, head.length)));
  if (ascii(0, 4) === "SCID") return "scid";
  if (ascii(0, 6) === "ARROW1") return "arrow";
  if (head.length >= 8 && head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff) return "arrow";
  let text = new TextDecoder("utf-8").decode(head.subarray(0, 65536));
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nl = text.indexOf("\n");
  const line = (nl >= 0 ? text.slice(0, nl) : text).replace(/\r$/, "");
  const comma = line.split(",").map((s) => s.trim().toLowerCase());
  if (isBarExportHeader(line)) return "bar-export";
  if (comma.length >= STUDY_EXPORT_HEADER.length && STUDY_EXPORT_HEADER.every((n, k) => squash(comma[k]!) === squash(n))) return "study-export";
  const semi = line.split(";").map((s) => s.trim());
  if (isTimeAndSalesHeader(semi)) return "time-and-sales";
  if (TICK_CSV_COLUMNS.every((c) => comma.includes(c))) return "tick-csv";
  return undefined;
}

/** Reads the first 64 KiB of a file and detects its format; an InputError says what was expected. */
export function detectFormat(path: string): InputFormat {
  const fd = openSync(path, "r");
  let head: Uint8Array;
  try {
    const buf = new Uint8Array(65536);
    head = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
  } finally {
    closeSync(fd);
  }
  const f = detectFormatFromBytes(head);
  if (f) return f;
  const sample = head.subarray(0, 120);
  const binary = sample.some((b) => b === 0 || (b < 32 && b !== 9 && b !== 10 && b !== 13));
  const first = binary
    ? `binary data starting ${Array.from(sample.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join(" ")}`
    : new TextDecoder("utf-8").decode(sample).split("\n")[0]!.replace(/[^\x20-\x7e]/g, "?");
  throw new InputError(path, 1, 1,
    `unrecognised input: expected a .scid file ("SCID"), an Arrow IPC file ("ARROW1"), or a text header of a Sierra bar export ` +
    `(${BAR_EXPORT_HEADER.join(", ")}), a study export (${STUDY_EXPORT_HEADER.slice(0, 3).join(", ")}, …), time and sales ` +
    `(Date;Time;…;TradeType;…) or a trade CSV (time,price,size,side); got ${binary ? first : `"${first}"`}`);
}
