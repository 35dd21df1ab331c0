// Runs the pinned pnpm from the npm registry (no global install needed): node scripts/pnpm.mjs <args…>
import { spawnSync } from "node:child_process";

export const PNPM = "pnpm@12.4.2";

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };

export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", shell: process.platform === "win32", env, ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

export function pnpm(args, opts) {
  return run("npx", ["-y", PNPM, ...args], opts);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(pnpm(process.argv.slice(2)));
}
