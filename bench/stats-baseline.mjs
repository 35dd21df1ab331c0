// The baseline of bench/stats.bench.mjs: the @tda/stats package as it stood before the speed-up
// (commit b416bc6 = main at the start of session 3; TDA_STATS_BASELINE=c4054f6 for the first speed-up; other benches name their own commit), taken from git and compiled with the repository's TypeScript into
// $TMPDIR/tda-bench-stats/baseline-<commit>, so old and new code run in the same process.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { DATA_DIR, repo } from "./stats-data.mjs";

export const BASELINE_COMMIT = process.env.TDA_STATS_BASELINE ?? "b416bc6";

export async function loadBaseline(commit = BASELINE_COMMIT) {
  const dir = join(DATA_DIR, `baseline-${commit}`);
  const entry = join(dir, "packages/stats/dist/index.js");
  if (!existsSync(entry)) {
    mkdirSync(dir, { recursive: true });
    const tar = execFileSync("git", ["archive", commit, "packages/stats", "tsconfig.base.json"], { cwd: repo, maxBuffer: 1 << 28 });
    execFileSync("tar", ["-x", "-C", dir], { input: tar });
    // the compiler and jstat resolve from the real repository's node_modules
    if (!existsSync(join(dir, "node_modules"))) symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"));
    if (!existsSync(join(dir, "packages/stats/node_modules")))
      symlinkSync(join(repo, "packages/stats/node_modules"), join(dir, "packages/stats/node_modules"));
    execFileSync(process.execPath, [join(repo, "node_modules/typescript/bin/tsc"), "-p", join(dir, "packages/stats/tsconfig.json")], { stdio: "inherit" });
  }
  return import(pathToFileURL(entry).href);
}
