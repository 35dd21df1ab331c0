import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

/** The real ES 5-minute demo data shipped in the repository (data/es-5m, MIT notice beside it). */
export function embeddedDataFiles(): string[] {
  const dir = fileURLToPath(new URL("../../../data/es-5m", import.meta.url));
  if (!existsSync(dir)) {
    throw new Error(`no input files given and the embedded demo data (${dir}) is not there: name the files to run on`);
  }
  return readdirSync(dir).filter((f) => f.endsWith(".txt")).sort().map((f) => join(dir, f));
}
