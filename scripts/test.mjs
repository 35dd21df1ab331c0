// Every test of every package: builds first (the wasm core, and the dist the CLI end-to-end tests
// run), then vitest over all projects. Ends with one plain line "N passed, N failed".
import { readFileSync, rmSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pnpm, run } from "./pnpm.mjs";

if (!process.env.TDA_SKIP_BUILD) {
  const built = pnpm(["exec", "turbo", "run", "build", "--output-logs=errors-only"]);
  if (built !== 0) {
    console.error(`build failed (exit ${built})`);
    process.exit(built);
  }
}
const dir = mkdtempSync(join(tmpdir(), "tda-test-"));
const report = join(dir, "vitest.json");
const code = run("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)]);
let passed = 0, failed = 0, skipped = 0;
try {
  const r = JSON.parse(readFileSync(report, "utf8"));
  passed = r.numPassedTests;
  failed = r.numFailedTests;
  skipped = r.numPendingTests + r.numTodoTests;
} catch {
  failed = Math.max(failed, 1);
}
rmSync(dir, { recursive: true, force: true });
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(code !== 0 ? code : failed > 0 || passed === 0 ? 1 : 0);
