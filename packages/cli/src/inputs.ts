import { createHash } from "node:crypto";
import { closeSync, openSync, readdirSync, readSync, realpathSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { contractName, detectFormatFromBytes } from "@tda/engine";

export interface ExpandOptions {
  /** Where a notice goes (files of a folder left out); default: stderr as `notice: …`. */
  notice?: (text: string) => void;
}

/**
 * Input paths as given; a folder stands for the files directly inside it that hold a format tda
 * reads (sorted by name, hidden files left out), so `tda run data/es-5m` runs every contract in it
 * and a README or a licence beside the data is passed over with a notice naming it. A file named
 * explicitly is always taken (reading it says what is wrong with it).
 *
 * Then the inputs are checked as one set (issue 12): the same file twice (by its real path, or a
 * byte-identical copy) and two files of one contract (the file name up to its first dot, SPEC §1:
 * (contract, session) is the key of every output) are errors naming both files.
 */
export function expandInputs(inputs: string[], opts: ExpandOptions = {}): string[] {
  const notice = opts.notice ?? ((text: string) => process.stderr.write(`notice: ${text}\n`));
  const out: string[] = [];
  for (const given of inputs) {
    const p = resolve(given);
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      throw new Error(`${given}: no such file or folder`);
    }
    if (!isDir) { out.push(p); continue; }
    const files = readdirSync(p).filter((f) => !f.startsWith(".") && statSync(join(p, f)).isFile()).sort();
    const taken = files.filter((f) => recognised(join(p, f)));
    const left = files.filter((f) => !taken.includes(f));
    if (taken.length === 0) {
      throw new Error(`${given}: the folder holds no input files${left.length ? ` (none of ${listed(left)} is in a format tda reads)` : ""}`);
    }
    if (left.length) notice(`${given}: ${left.length} file(s) not in a format tda reads left out: ${listed(left)}`);
    out.push(...taken.map((f) => join(p, f)));
  }
  checkInputSet(out);
  return out;
}

const listed = (names: string[]) => (names.length > 8 ? `${names.slice(0, 8).join(", ")} and ${names.length - 8} more` : names.join(", "));

/** Does the file's head hold a market format (the same sniffers `run` detects with)? */
function recognised(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return true; // unreadable: reading it names the file and the reason
  }
  try {
    const buf = new Uint8Array(65536);
    const head = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0));
    return detectFormatFromBytes(head, basename(path)) !== undefined;
  } finally {
    closeSync(fd);
  }
}

/** The same file twice, a byte-identical copy, or two files of one contract: an error naming both. */
export function checkInputSet(files: readonly string[]): void {
  const real = new Map<string, string>();
  for (const f of files) {
    let r = f;
    try { r = realpathSync(f); } catch { /* a missing file is reported when it is read */ }
    const before = real.get(r);
    if (before !== undefined) throw new Error(`${f}: the same input file is given twice (${before === f ? "twice by this name" : `also as ${before}`})`);
    real.set(r, f);
  }
  // byte-identical copies: only files of equal size are hashed
  const bySize = new Map<number, string[]>();
  for (const f of files) {
    let size: number;
    try { size = statSync(f).size; } catch { continue; }
    bySize.set(size, [...(bySize.get(size) ?? []), f]);
  }
  for (const group of bySize.values()) {
    if (group.length < 2) continue;
    const seen = new Map<string, string>();
    for (const f of group) {
      const h = fileHash(f);
      const before = seen.get(h);
      if (before !== undefined) throw new Error(`${f}: the same data as ${before} (a byte-identical copy) — give each file once`);
      seen.set(h, f);
    }
  }
  const byContract = new Map<string, string>();
  for (const f of files) {
    const c = contractName(f);
    const before = byContract.get(c);
    if (before !== undefined) {
      throw new Error(`${f}: a second file of contract ${c} (the first is ${before}); one contract is one file (SPEC §1: a contract's sessions are its outputs' key) — join the two files, or rename one if they are different contracts`);
    }
    byContract.set(c, f);
  }
}

function fileHash(path: string): string {
  const h = createHash("sha256");
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let at = 0; ; ) {
      const n = readSync(fd, buf, 0, buf.length, at);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
      at += n;
    }
  } finally {
    closeSync(fd);
  }
  return h.digest("hex");
}
