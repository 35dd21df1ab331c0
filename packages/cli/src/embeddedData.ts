import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

/**
 * Where the real ES 5-minute demo data is: in a checkout, the repository's `data/es-5m` (found by its
 * licence notice beside it); in an installed package, the package's own `data/es-5m` (copied in when
 * it is packed, notice included). The checkout comes first so that a `pnpm pack` running beside a
 * test (its copy appears and goes) is never read half-written.
 */
export function embeddedDataDir(): string | undefined {
  const candidates = [new URL("../../../data/", import.meta.url), new URL("../data/", import.meta.url)];
  const data = candidates.map((u) => fileURLToPath(u)).find((d) => existsSync(join(d, "es-5m")) && existsSync(join(d, "LICENSE-Orderflow-MIT.txt")));
  return data === undefined ? undefined : join(data, "es-5m");
}

/** The embedded demo data files, in name order. */
export function embeddedDataFiles(): string[] {
  const dir = embeddedDataDir();
  if (!dir) {
    throw new Error("no input files given and the embedded demo data is not installed: name the files to run on");
  }
  return readdirSync(dir).filter((f) => f.endsWith(".txt")).sort().map((f) => join(dir, f));
}
