// Golden outputs: runs `tda` on the embedded data and on synthesised footprint data (ticks → 8-tick
// range bars, and the 103-column study export built from them) and prints the SHA-256 of every
// output file. `node scripts/golden.mjs --update` rewrites test/golden/outputs.json; the test
// `test/golden/golden.test.ts` compares a fresh run with it. A change that moves code must leave
// every hash as it is; a change that alters outputs on purpose updates the file in the same commit
// and says why in its message.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = join(repo, "packages/cli/bin/tda.js");
export const GOLDEN = join(repo, "test/golden/outputs.json");

function tda(args) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tda ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}

/** SHA-256 of every file of an output folder, run.json without its timings (also used by the tarball test). */
export function hashes(dir) {
  const out = {};
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isFile()) out[f] = createHash("sha256").update(f === "run.json" ? withoutTimings(p) : readFileSync(p)).digest("hex");
  }
  return out;
}

/**
 * run.json's bytes without its "timings" (wall times differ from run to run; they are the last key,
 * so the rest re-serialises to the bytes a run without timings writes).
 */
function withoutTimings(p) {
  const text = readFileSync(p, "utf8");
  const json = JSON.parse(text);
  if (!("timings" in json)) return text;
  delete json.timings;
  return JSON.stringify(json, null, 2) + "\n";
}

/** Every golden case, run into a temporary folder; returns { case: { file: sha256 } }. */
export function goldenOutputs() {
  const tmp = mkdtempSync(join(tmpdir(), "tda-golden-"));
  try {
    const result = {};
    tda(["run", "--out", join(tmp, "embedded"), "--quiet"]);
    result.embedded = hashes(join(tmp, "embedded"));
    tda(["synth", "--from", "data/es-5m/ESH24-CME.scid_BarData__5m.txt", "--out", join(tmp, "synth"), "--volume-scale", "0.02", "--quiet"]);
    result.synth = hashes(join(tmp, "synth"));
    const scid = join(tmp, "synth", readdirSync(join(tmp, "synth")).find((f) => f.endsWith(".scid")));
    tda(["run", scid, "--out", join(tmp, "ticks"), "--quiet"]);
    result.ticks = hashes(join(tmp, "ticks"));
    tda(["bars", scid, "--out", join(tmp, "ESH24-study.csv"), "--quiet"]);
    result.bars = hashes(tmp);
    tda(["run", join(tmp, "ESH24-study.csv"), "--column-map", "sierra-8tick-103", "--out", join(tmp, "study"), "--quiet"]);
    result.study = hashes(join(tmp, "study"));
    tda(["analyze", join(tmp, "study", "signals.csv"), "--out", join(tmp, "analyze"), "--quiet"]);
    result.analyze = hashes(join(tmp, "analyze"));
    return result;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const now = goldenOutputs();
  if (process.argv.includes("--update")) {
    writeFileSync(GOLDEN, JSON.stringify(now, null, 2) + "\n");
    console.log(`wrote ${GOLDEN}`);
  } else {
    console.log(JSON.stringify(now, null, 2));
  }
}
