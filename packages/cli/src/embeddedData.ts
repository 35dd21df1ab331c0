import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

/**
 * Where the real ES 5-minute demo data is: inside the installed package (`data/es-5m`, copied in
 * when it is packed, with the MIT notice of its source beside it), else the repository's `data/es-5m`.
 */
export function embeddedDataDir(): string | undefined {
  const candidates = [new URL("../data/es-5m", import.meta.url), new URL("../../../data/es-5m", import.meta.url)];
  return candidates.map((u) => fileURLToPath(u)).find((d) => existsSync(d));
}

/** The embedded demo data files, in name order. */
export function embeddedDataFiles(): string[] {
  const dir = embeddedDataDir();
  if (!dir) {
    throw new Error("no input files given and the embedded demo data is not installed: name the files to run on");
  }
  return readdirSync(dir).filter((f) => f.endsWith(".txt")).sort().map((f) => join(dir, f));
}
