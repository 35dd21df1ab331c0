// Runs every benchmark script in this folder (after `npm run build`).
import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
for (const f of readdirSync(dir).filter((f) => f.endsWith(".bench.mjs")).sort()) {
  const r = spawnSync(process.execPath, [dir + f], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
  console.log();
}
