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
