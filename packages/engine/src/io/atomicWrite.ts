import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, join, basename } from "node:path";

/**
 * Writes a file atomically: into a temporary file beside it, flushed, then renamed over the target,
 * so a killed run never leaves a half file that looks complete. `chunks` may be a string, bytes, or
 * an iterable of them (streamed, so large outputs are not held in memory whole).
 */
export function writeFileAtomic(path: string, chunks: string | Uint8Array | Iterable<string | Uint8Array>): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(tmp, "w");
  try {
    const parts = typeof chunks === "string" || chunks instanceof Uint8Array ? [chunks] : chunks;
    for (const part of parts) {
      const buf = typeof part === "string" ? Buffer.from(part, "utf8") : part;
      let at = 0;
      while (at < buf.length) at += writeSync(fd, buf, at, buf.length - at);
    }
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, path);
  } catch (err) {
    try { closeSync(fd); } catch { /* already closed */ }
    rmSync(tmp, { force: true });
    throw err;
  }
}
