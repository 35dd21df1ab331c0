import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Writes bytes to `<dir>/.<name>.<pid>.tmp` and renames it over `path` on `close()` (after fsync):
 * a killed run never leaves a half file under the final name (SPEC §9). `abort()` drops the
 * temporary file. Every atomic write of the project goes through this class.
 */
export class AtomicBinaryWriter {
  private readonly tmp: string;
  private fd: number;

  constructor(readonly path: string) {
    makeFolders(dirname(path));
    removeOrphans(path);
    this.tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    this.fd = openSync(this.tmp, "w");
  }

  write(bytes: Uint8Array): void {
    let off = 0;
    while (off < bytes.length) off += writeSync(this.fd, bytes, off, bytes.length - off);
  }

  close(): void {
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
    renameSync(this.tmp, this.path);
  }

  /** Drops the temporary file (after an error). */
  abort(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
    rmSync(this.tmp, { force: true });
  }
}

/** The text face of AtomicBinaryWriter: strings are buffered and written as UTF-8 in large blocks. */
export class AtomicTextWriter extends AtomicBinaryWriter {
  private buf: string[] = [];
  private size = 0;

  constructor(path: string, private readonly flushChars = 1 << 20) {
    super(path);
  }

  override write(text: string | Uint8Array): void {
    if (typeof text !== "string") {
      this.flush();
      super.write(text);
      return;
    }
    this.buf.push(text);
    this.size += text.length;
    if (this.size >= this.flushChars) this.flush();
  }

  private flush(): void {
    if (this.buf.length === 0) return;
    super.write(Buffer.from(this.buf.join(""), "utf8"));
    this.buf = [];
    this.size = 0;
  }

  override close(): void {
    this.flush();
    super.close();
  }
}

/** Runs `body` on an atomic writer; on any error the temporary file is removed and the error rethrown. */
export function withAtomic<W extends { close(): void; abort(): void }>(w: W, body: (w: W) => void): void {
  try {
    body(w);
    w.close();
  } catch (e) {
    w.abort();
    throw e;
  }
}

/**
 * Writes a whole file atomically from a string, bytes, or an iterable of them (streamed, so large
 * outputs are not held in memory whole).
 */
export function writeFileAtomic(path: string, chunks: string | Uint8Array | Iterable<string | Uint8Array>): void {
  const parts = typeof chunks === "string" || chunks instanceof Uint8Array ? [chunks] : chunks;
  withAtomic(new AtomicTextWriter(path), (w) => {
    for (const part of parts) w.write(part);
  });
}

/**
 * mkdir -p, one level at a time: Node's recursive mkdir never returns under /proc (every mkdir
 * there answers ENOENT and it retries), so a refusal must surface at once as the error it is.
 */
function makeFolders(dir: string): void {
  try {
    if (statSync(dir).isDirectory()) return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    const up = dirname(dir);
    if (up !== dir) makeFolders(up);
  }
  mkdirSync(dir); // EEXIST (a file) or ENOTDIR is the caller's error to report
}

/** Removes `.<name>.<pid>.tmp` files of writers whose process is gone (a killed run's leftovers). */
function removeOrphans(path: string): void {
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const f of names) {
    if (!f.startsWith(prefix) || !f.endsWith(".tmp")) continue;
    const pid = Number(f.slice(prefix.length, -4));
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || alive(pid)) continue;
    rmSync(join(dirname(path), f), { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
