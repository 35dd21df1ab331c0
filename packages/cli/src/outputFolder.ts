import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { EnvironmentError, environmentMessage } from "./errors.js";
import { TDA_VERSION } from "./version.js";

/**
 * A run's outputs are one unit (issue 12): they are written into a staging folder beside `--out`
 * (same file system, so the final move is a rename), and only a complete run moves them into place:
 * the previous folder is renamed aside, the new one renamed in, the old one removed. A killed or
 * failed run leaves the previous complete outputs (or none) — never a mix, never a stale file.
 *
 *   <parent>/.<name>.tda-<pid>.tmp   the outputs being written
 *   <parent>/.<name>.tda-<pid>.old   the previous outputs, for the instant between the two renames
 *
 * Leftovers of killed runs (their process gone) are cleaned up by the next run on the same folder;
 * an `.old` folder left while `--out` is missing is the previous complete output and is put back.
 */

/** The completion marker every complete output folder carries in its run.json. */
export function completionMarker(command: string): { command: string; complete: true; tdaVersion: string } {
  return { command, complete: true, tdaVersion: TDA_VERSION };
}

/** Files tda writes into an output folder: a folder holding only these (older versions had no marker) is a tda output. */
const TDA_FILES = new Set(["signals.csv", "signals.arrow", "signals.parquet", "sessions.csv", "sessions.parquet", "levels.parquet", "skipped.csv", "stats.json", "report.md", "report.html", "run.json"]);

export interface StagedFolder {
  /** The final output folder (absolute). */
  readonly out: string;
  /** Where the outputs are written until commit(). */
  readonly dir: string;
  /** Moves the staged outputs into place (replacing the previous ones). */
  commit(): void;
  /** Removes the staged outputs (the previous folder stays as it was). */
  abort(): void;
}

/**
 * Checks that `--out` may be replaced and creates the staging folder beside it. `inputs` are the
 * files the command reads: an output folder holding one of them is refused (replacing it would
 * delete the input).
 */
export function stageOutputFolder(outGiven: string, inputs: string[] = []): StagedFolder {
  const out = resolve(outGiven);
  const parent = dirname(out), name = basename(out);
  if (parent === out) throw new EnvironmentError(out, "cannot replace the root folder: name a folder to write the outputs into");
  makeFolders(parent, outGiven);
  sweepLeftovers(parent, name, out);
  checkReplaceable(out, outGiven, inputs);
  const dir = join(parent, `.${name}.tda-${process.pid}.tmp`);
  const old = join(parent, `.${name}.tda-${process.pid}.old`);
  rmSync(dir, { recursive: true, force: true });
  try {
    mkdirSync(dir);
  } catch (err) {
    throw cannotCreate(err, parent, outGiven);
  }
  let open = true;
  return {
    out,
    dir,
    commit() {
      if (!open) throw new Error("the output folder was already committed or dropped");
      syncFolder(dir);
      const hadOld = existsSync(out);
      if (hadOld) renameSync(out, old);
      try {
        renameSync(dir, out);
      } catch (err) {
        if (hadOld) renameSync(old, out);
        throw err;
      }
      open = false;
      syncFolder(parent);
      if (hadOld) rmSync(old, { recursive: true, force: true });
    },
    abort() {
      if (!open) return;
      open = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `body` on a staged output folder: committed when it returns, dropped when it throws. */
export async function withOutputFolder<T>(out: string, inputs: string[], body: (dir: string) => T | Promise<T>): Promise<T> {
  const staged = stageOutputFolder(out, inputs);
  try {
    const r = await body(staged.dir);
    staged.commit();
    return r;
  } finally {
    staged.abort();
  }
}

/** Whether `dir` holds a complete tda output: run.json with `"complete": true`. */
export function isCompleteOutput(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, "run.json"), "utf8")) as { complete?: unknown }).complete === true;
  } catch {
    return false;
  }
}

function checkReplaceable(out: string, given: string, inputs: string[]): void {
  let st;
  try {
    st = statSync(out);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    throw err;
  }
  if (!st.isDirectory()) throw new EnvironmentError(given, "is a file, expected a folder (--out names the output folder)");
  const real = realpathSync(out);
  const cwd = process.cwd();
  if (isInside(cwd, real)) throw new EnvironmentError(given, "is the current folder or holds it; tda replaces its output folder whole — name another folder");
  for (const input of inputs) {
    let p: string;
    try { p = realpathSync(input); } catch { continue; }
    if (isInside(p, real)) throw new EnvironmentError(given, `holds the input ${input}; tda replaces its output folder whole, which would delete it — name another folder`);
  }
  const entries = readdirSync(out);
  if (entries.length === 0 || isCompleteOutput(out)) return;
  const foreign = entries.filter((f) => !TDA_FILES.has(f) && !/^\..+\.\d+\.tmp$/.test(f));
  if (foreign.length === 0 && entries.some((f) => f === "run.json" || f === "stats.json")) return; // written by an earlier version
  throw new EnvironmentError(given, `is not empty and is not a tda output folder (no run.json marked complete; it holds ${foreign.slice(0, 3).join(", ")}${foreign.length > 3 ? ", …" : ""}); tda replaces its output folder whole, so it will not replace this one — name a new or empty folder`);
}

function isInside(path: string, folder: string): boolean {
  const r = relative(folder, path);
  return r === "" || (!r.startsWith("..") && !r.startsWith(sep) && !/^[A-Za-z]:/.test(r));
}

/**
 * Removes what killed runs left beside `out` (their process gone); if `out` is missing and a killed
 * run had just moved the previous outputs aside, puts them back.
 */
function sweepLeftovers(parent: string, name: string, out: string): void {
  const prefix = `.${name}.tda-`;
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return;
  }
  for (const f of entries) {
    if (!f.startsWith(prefix)) continue;
    const m = /^(\d+)\.(tmp|old)$/.exec(f.slice(prefix.length));
    if (!m || isRunning(Number(m[1]))) continue;
    const p = join(parent, f);
    if (m[2] === "old" && !existsSync(out) && isCompleteOutput(p)) renameSync(p, out);
    else rmSync(p, { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * mkdir -p that fails fast: Node's recursive mkdir loops forever under /proc (every mkdir there
 * answers ENOENT), so each level is created on its own and a refusal is reported at once.
 */
export function makeFolders(path: string, given = path): void {
  const missing: string[] = [];
  let p = resolve(path);
  for (;;) {
    let st;
    try {
      st = statSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOENT") throw err;
      missing.push(p);
      const up = dirname(p);
      if (up === p) break;
      p = up;
      continue;
    }
    if (!st.isDirectory()) throw new EnvironmentError(p, `is a file, so ${given} cannot be created inside it`);
    break;
  }
  for (const m of missing.reverse()) {
    try {
      mkdirSync(m);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "EEXIST" && statSync(m).isDirectory()) continue;
      throw cannotCreate(err, dirname(m), given);
    }
  }
}

/** Why a folder could not be created in `parent`, in words (a read-only disk is not "no such file"). */
function cannotCreate(err: unknown, parent: string, given: string): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT" && existsSync(parent)) {
    return new EnvironmentError(given, `cannot create a folder in ${parent} (the file system does not allow it)`);
  }
  const env = environmentMessage(err);
  if (!env) return err as Error;
  const sentence = env.slice(env.indexOf(": ") + 2);
  return new EnvironmentError(given, `cannot create the output folder: ${sentence}`);
}

/** fsync a folder so the renames inside it survive a power cut (no-op where folders cannot be opened). */
function syncFolder(dir: string): void {
  let fd = -1;
  try {
    fd = openSync(dir, "r");
    fsyncSync(fd);
  } catch {
    // some platforms (Windows) cannot fsync a folder; the rename is still atomic
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}
