import { existsSync } from "node:fs";
import { dirname } from "node:path";

/**
 * A problem of the machine the tool runs on (disk full, read-only, no permission, a file where a
 * folder should be), named by the path it concerns and a sentence; printed as `tda: <path>: <sentence>`.
 */
export class EnvironmentError extends Error {
  constructor(readonly path: string, readonly sentence: string) {
    super(`${path}: ${sentence}`);
    this.name = "EnvironmentError";
  }
}

/** What each system error means to a user, in words (the raw code stays out of the message). */
const SENTENCES: Record<string, string> = {
  ENOENT: "no such file or folder",
  EEXIST: "already exists",
  ENOTDIR: "a part of this path is a file, not a folder",
  EISDIR: "is a folder, expected a file",
  ENOTEMPTY: "the folder is not empty",
  ENOSPC: "no space left on the disk",
  EDQUOT: "the disk quota is used up",
  EFBIG: "the file is too large for this file system",
  EACCES: "permission denied",
  EPERM: "operation not permitted here",
  EROFS: "the file system is read-only",
  EMFILE: "too many open files",
  ENFILE: "too many open files on this machine",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many levels of symbolic links",
  EBUSY: "busy (in use by another program)",
  ETXTBSY: "busy (in use by another program)",
  EIO: "the disk reported an input/output error",
  EXDEV: "is on another file system",
  EINVAL: "this file system does not allow the operation",
};

const WRITES = new Set(["mkdir", "open", "write", "rename", "rmdir", "unlink", "fsync", "close", "copyfile", "symlink", "link"]);

/**
 * The user-facing path of a path the writers use internally: `.name.<pid>.tmp` (an atomic file
 * write) is shown as `name`, a staged output folder `.out.tda-<pid>.tmp` as `out`.
 */
export function shownPath(path: string): string {
  return path
    .replace(/(^|[\\/])\.([^\\/]+)\.tda-\d+\.(?:tmp|old)(?=$|[\\/])/g, "$1$2")
    .replace(/(^|[\\/])\.([^\\/]+)\.\d+\.tmp$/, "$1$2");
}

/** A Node system error as `<path>: <sentence>`, or undefined when `err` is not one. */
export function environmentMessage(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException | undefined;
  if (!e || typeof e !== "object" || typeof e.code !== "string" || !/^E[A-Z0-9]+$/.test(e.code)) return undefined;
  const sentence = SENTENCES[e.code] ?? (e.message ? e.message.replace(/^E[A-Z0-9]+:\s*/, "").replace(/,\s*\w+ '.*$/, "") : e.code);
  const path = e.path ? shownPath(e.path) : undefined;
  // creating a file where the folder cannot hold one (e.g. /proc) fails with ENOENT although the folder exists
  if (e.code === "ENOENT" && e.syscall && WRITES.has(e.syscall) && e.path && /\.\d+\.tmp$/.test(e.path)) {
    return `${path}: cannot create the file here (the file system does not allow it)`;
  }
  if (e.code === "ENOENT" && e.syscall === "mkdir" && e.path && existsSync(dirname(e.path))) {
    return `${path}: cannot create a folder here (the file system does not allow it)`;
  }
  if (e.code === "EEXIST" && e.syscall === "mkdir") return `${path}: is a file, expected a folder`;
  return path ? `${path}: ${sentence}` : sentence;
}

/** Longest value echoed back inside quotes in an error (a 1 MiB bad field is not printed whole). */
export const ECHO_CHARS = 60;

/** Caps every quoted value of a message at ECHO_CHARS characters, and the message at 20 such lengths. */
export function capEchoed(message: string, max = ECHO_CHARS): string {
  // one linear scan (a regex over a 1 MiB value with an unmatched quote backtracks quadratically)
  const parts: string[] = [];
  let k = 0;
  while (k < message.length) {
    const open = message.indexOf('"', k);
    if (open < 0) { parts.push(message.slice(k)); break; }
    let close = open + 1;
    while (close < message.length && message[close] !== '"') close += message[close] === "\\" ? 2 : 1;
    parts.push(message.slice(k, open + 1));
    const inner = message.slice(open + 1, Math.min(close, message.length));
    parts.push(inner.length > max ? `${inner.slice(0, max)}…` : inner);
    if (close < message.length) parts.push('"');
    k = close + 1;
  }
  let s = parts.join("");
  if (s.length > 20 * max) s = `${s.slice(0, 20 * max)}…`;
  // one line: a value with a line break or control characters must not break the message apart
  return s.replace(/[\r\n]+/g, " ").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "?");
}

/** The one line printed for an error (without the `tda: ` prefix): never a stack trace. */
export function errorLine(err: unknown): string {
  const env = environmentMessage(err);
  if (env) return capEchoed(env, 400);
  const message = err instanceof Error ? err.message : String(err);
  return capEchoed(message);
}
