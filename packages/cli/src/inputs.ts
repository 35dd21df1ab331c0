import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * Input paths as given; a folder stands for the files directly inside it (sorted by name, hidden
 * files left out), so `tda run data/es-5m` runs every contract in it.
 */
export function expandInputs(inputs: string[]): string[] {
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
    if (files.length === 0) throw new Error(`${given}: the folder holds no input files`);
    out.push(...files.map((f) => join(p, f)));
  }
  return out;
}
