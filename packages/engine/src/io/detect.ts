import { basename } from "node:path";
import { closeSync, openSync, readSync } from "node:fs";
import { InputError } from "../errors.js";
import { FORMATS, marketFormats, type FormatRegistry, type InputFormat } from "./registry.js";

export { INPUT_FORMATS, type InputFormat } from "./registry.js";

/**
 * Recognises a market-data format from a file's first bytes by asking each registered format's
 * sniffer in registry order (binary magics — "SCID", "ARROW1" — or the first text line's header).
 * Undefined when none claims it.
 */
export function detectFormatFromBytes(head: Uint8Array, name = "", registry: FormatRegistry = FORMATS): InputFormat | undefined {
  return marketFormats(registry).find((f) => f.sniff(head, name))?.id as InputFormat | undefined;
}

/** Reads the first 64 KiB of a file and detects its format; an InputError says what was expected. */
export function detectFormat(path: string, registry: FormatRegistry = FORMATS): InputFormat {
  const fd = openSync(path, "r");
  let head: Uint8Array;
  try {
    const buf = new Uint8Array(65536);
    head = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
  } finally {
    closeSync(fd);
  }
  const f = detectFormatFromBytes(head, basename(path), registry);
  if (f) return f;
  const sample = head.subarray(0, 120);
  const binary = sample.some((b) => b === 0 || (b < 32 && b !== 9 && b !== 10 && b !== 13));
  const first = binary
    ? `binary data starting ${Array.from(sample.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join(" ")}`
    : new TextDecoder("utf-8").decode(sample).split("\n")[0]!.replace(/[^\x20-\x7e]/g, "?");
  throw new InputError(path, 1, 1, `unrecognised input: expected ${expectedFormats(registry)}; got ${binary ? first : `"${first}"`}`);
}

/** "a .scid file (…), an Arrow IPC file (…), or a text header of a Sierra bar export (…), … or a trade CSV (…)". */
function expectedFormats(registry: FormatRegistry): string {
  const formats = marketFormats(registry);
  const binary = formats.filter((f) => f.binary).map((f) => f.expected);
  const text = formats.filter((f) => !f.binary).map((f) => f.expected);
  const textList = text.length > 1 ? `${text.slice(0, -1).join(", ")} or ${text[text.length - 1]}` : text.join("");
  return [...binary, ...(text.length ? [`or a text header of ${textList}`] : [])].join(", ");
}
