import { closeSync, openSync, readSync } from "node:fs";

/**
 * Reads a text file line by line in 1 MiB chunks, so memory stays bounded by a chunk plus one line
 * whatever the file's size. Handles \n, \r\n and a lone \r; strips a UTF-8 BOM. Line numbers are 1-based.
 */
export function* readLines(path: string, chunkBytes = 1 << 20): Generator<[line: string, lineNo: number]> {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.allocUnsafe(chunkBytes);
    let carry = "";
    let lineNo = 0;
    let first = true;
    const decoder = new TextDecoder("utf-8");
    for (;;) {
      const got = readSync(fd, buf, 0, chunkBytes, null);
      if (got === 0) break;
      let text = carry + decoder.decode(buf.subarray(0, got), { stream: true });
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      let at = 0;
      // a lone CR ends a line too (old Mac line ends, or one line of a file edited there): read as one
      // line it would swallow every row after it (issue 12)
      let cr = text.indexOf("\r");
      for (;;) {
        const nl = text.indexOf("\n", at);
        if (cr >= 0 && cr < at) cr = text.indexOf("\r", at);
        if (cr >= 0 && (nl < 0 || cr < nl - 1)) {
          // a CR that is not the CR of a CRLF; at the chunk's end, wait for the next byte
          if (cr === text.length - 1) break;
          yield [text.slice(at, cr), ++lineNo];
          at = cr + 1;
          continue;
        }
        if (nl < 0) break;
        let end = nl;
        if (end > at && text.charCodeAt(end - 1) === 13) end--;
        yield [text.slice(at, end), ++lineNo];
        at = nl + 1;
      }
      carry = text.slice(at);
    }
    carry += decoder.decode();
    if (carry.endsWith("\r")) carry = carry.slice(0, -1);
    if (carry.length > 0) yield [carry, ++lineNo];
  } finally {
    closeSync(fd);
  }
}

/** The 1-based column (character position) where field `index` of a separated line starts. */
export function fieldColumn(line: string, sep: string, index: number): number {
  let at = 0;
  for (let k = 0; k < index; k++) {
    const next = line.indexOf(sep, at);
    if (next < 0) return line.length + 1;
    at = next + sep.length;
  }
  while (line[at] === " ") at++;
  return at + 1;
}

/**
 * readLines on bytes, for the readers' byte fast path: calls `onLine(buf, start, end, lineNo)` with
 * each line's bytes `buf[start, end)` (no line end), split exactly where readLines splits (\n, \r\n,
 * a lone \r; a UTF-8 BOM stripped, and a second one as readLines strips it; a last line without a
 * line end, a final lone \r dropped), so line numbers and — decoded with `lineText` — line texts
 * are readLines' own. Every chunk is a new buffer, never overwritten: a line's bytes stay valid
 * after the call (the time-order queue quotes a row's time from them only when a message needs it).
 */
export function scanLines(path: string, onLine: (buf: Buffer, start: number, end: number, lineNo: number) => void, chunkBytes = 1 << 20): void {
  const fd = openSync(path, "r");
  try {
    let buf = Buffer.allocUnsafe(0);
    let len = 0;
    let at = 0;
    let lineNo = 0;
    let first = true;
    for (;;) {
      // the unfinished line moves to the start of a fresh buffer; a long one doubles it (linear overall)
      const rest = len - at;
      const next = Buffer.allocUnsafe(rest + Math.max(chunkBytes, rest));
      buf.copy(next, 0, at, len);
      const got = readSync(fd, next, rest, next.length - rest, null);
      buf = next;
      len = rest + got;
      at = 0;
      if (got === 0) break;
      if (first) {
        // the decoder's BOM, then the one readLines strips from the decoded text
        // (the first read is a whole chunk: at least 6 bytes unless the file is shorter)
        if (isBom(buf, at, len)) at += 3;
        if (isBom(buf, at, len)) at += 3;
        first = false;
      }
      const view = buf.subarray(0, len);
      let cr = view.indexOf(13, at);
      for (;;) {
        const nl = view.indexOf(10, at);
        if (cr >= 0 && cr < at) cr = view.indexOf(13, at);
        if (cr >= 0 && (nl < 0 || cr < nl - 1)) {
          if (cr === len - 1) break;
          onLine(buf, at, cr, ++lineNo);
          at = cr + 1;
          continue;
        }
        if (nl < 0) break;
        let end = nl;
        if (end > at && buf[end - 1] === 13) end--;
        onLine(buf, at, end, ++lineNo);
        at = nl + 1;
      }
    }
    let end = len;
    if (end > at && buf[end - 1] === 13) end--;
    if (end > at) onLine(buf, at, end, ++lineNo);
  } finally {
    closeSync(fd);
  }
}

const isBom = (b: Uint8Array, at: number, len: number): boolean => len - at >= 3 && b[at] === 0xef && b[at + 1] === 0xbb && b[at + 2] === 0xbf;

const lineDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
/** The text of a line scanLines gave: what readLines yields for it (malformed UTF-8 as U+FFFD alike). */
export function lineText(buf: Uint8Array, start: number, end: number): string {
  return lineDecoder.decode(buf.subarray(start, end));
}
