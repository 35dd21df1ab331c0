// Packing @tda/cli ships the embedded demo data: `prepack` copies the repository's data/ (es-5m, ticks, the
// licence notice that must travel with it) into packages/cli/data/ (git-ignored), `postpack` removes the copy again, so the
// repository keeps one copy of the data. `tda run` without inputs looks there first (embeddedData.ts).
import { cpSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const pkg = join(dirname(fileURLToPath(import.meta.url)), "..");
const repoData = join(pkg, "..", "..", "data");
const shipped = join(pkg, "data");

const step = process.argv[2];
if (step === "copy") {
  rmSync(shipped, { recursive: true, force: true });
  cpSync(repoData, shipped, { recursive: true });
} else if (step === "clean") {
  rmSync(shipped, { recursive: true, force: true });
} else {
  console.error("usage: node scripts/demoData.mjs copy|clean");
  process.exit(2);
}
