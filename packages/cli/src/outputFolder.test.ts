import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawn, spawnSync } from "node:child_process";
import { runQuietly } from "./testing.js";
import { isCompleteOutput, stageOutputFolder } from "./outputFolder.js";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const bin = join(repo, "packages/cli/bin/tda.js");

/** A small contract: the first `lines` lines of a real 5-minute export. */
function smallInput(dir: string, name: string, lines: number): string {
  const text = readFileSync(join(repo, "data/es-5m/ESH24-CME.scid_BarData__5m.txt"), "utf8").split("\n").slice(0, lines).join("\n") + "\n";
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** { file: sha256 } of a folder's files (hidden leftovers included, so an orphan shows up). */
function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    out[f] = statSync(p).isFile() ? createHash("sha256").update(f === "run.json" ? withoutTimings(readFileSync(p, "utf8")) : readFileSync(p)).digest("hex") : "<folder>";
  }
  return out;
}

/** run.json without its wall-clock "timings" (they differ from run to run; every other byte must not). */
function withoutTimings(text: string): string {
  try {
    const { timings: _t, ...rest } = JSON.parse(text);
    return JSON.stringify(rest);
  } catch {
    return text;
  }
}

/** Deterministic kill times spread over (0, 1): the golden-ratio sequence from a seed. */
function prng(seed: number): () => number {
  let x = (seed * 0.6180339887498949) % 1;
  return () => (x = (x + 0.6180339887498949) % 1);
}

describe("a run's outputs are one unit", () => {
  const dir = mkdtempSync(join(tmpdir(), "tda-unit-"));
  const input = smallInput(dir, "ESH24-CME.txt", 600);

  it("run.json carries the completion marker; a clean rerun drops an old skipped.csv; nothing is left beside --out", async () => {
    const out = join(dir, "stale");
    const bad = join(dir, "ESH24-bad.txt");
    const lines = readFileSync(input, "utf8").split("\n");
    lines[7] = lines[7]!.replace(/, (\d+), (\d+), (\d+), (\d+)$/, ", 12x, $2, $3, $4");
    writeFileSync(bad, lines.join("\n"));
    expect((await runQuietly(["run", bad, "--out", out, "--lenient", "-q"])).code).toBe(0);
    expect(existsSync(join(out, "skipped.csv"))).toBe(true);
    writeFileSync(join(out, ".signals.csv.999999999.tmp"), "orphan of a killed writer");
    expect((await runQuietly(["run", input, "--out", out, "-q"])).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["levels.parquet", "report.html", "report.md", "run.json", "sessions.csv", "sessions.parquet", "signals.arrow", "signals.csv", "signals.parquet", "stats.json"]);
    const marker = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
    expect(marker.complete).toBe(true);
    expect(marker.command).toBe("run");
    expect(marker.tdaVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(readdirSync(dir).filter((f) => f.startsWith("."))).toEqual([]);
  });

  it("a failed run (--group-by an unknown column) leaves the previous outputs as they were", async () => {
    const out = join(dir, "failed");
    expect((await runQuietly(["run", input, "--out", out, "-q"])).code).toBe(0);
    const before = hashes(out);
    const r = await runQuietly(["run", input, "--out", out, "--seed", "9", "--group-by", "no_such_column", "-q"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--group-by: no column "no_such_column"/);
    expect(hashes(out)).toEqual(before);
    expect(readdirSync(dir).filter((f) => f.startsWith("."))).toEqual([]);
    // and a failed first run leaves no folder at all
    const fresh = join(dir, "never");
    expect((await runQuietly(["run", input, "--out", fresh, "--group-by", "no_such_column", "-q"])).code).toBe(1);
    expect(existsSync(fresh)).toBe(false);
  });

  it("refuses to replace a folder that is not a tda output, or one holding an input; an empty one is fine", async () => {
    const mine = join(dir, "mine");
    mkdirSync(mine);
    writeFileSync(join(mine, "notes.txt"), "my notes");
    const r = await runQuietly(["run", input, "--out", mine, "-q"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/mine: is not empty and is not a tda output folder .*notes\.txt/);
    expect(readdirSync(mine)).toEqual(["notes.txt"]);
    const holder = join(dir, "holder");
    expect((await runQuietly(["run", input, "--out", holder, "-q"])).code).toBe(0);
    const inside = smallInput(holder, "ESH24-inside.txt", 400);
    const r2 = await runQuietly(["run", inside, "--out", holder, "-q"]);
    expect(r2.code).toBe(1);
    expect(r2.err).toMatch(/holder: holds the input .*ESH24-inside\.txt/);
    const empty = join(dir, "empty");
    mkdirSync(empty);
    expect((await runQuietly(["run", input, "--out", empty, "-q"])).code).toBe(0);
    expect(isCompleteOutput(empty)).toBe(true);
    const analyzed = join(dir, "analyzed");
    expect((await runQuietly(["analyze", join(empty, "signals.csv"), "--out", analyzed, "-q"])).code).toBe(0);
    expect(readdirSync(analyzed).sort()).toEqual(["report.html", "report.md", "run.json", "stats.json"]);
    expect(JSON.parse(readFileSync(join(analyzed, "run.json"), "utf8")).command).toBe("analyze");
  });

  it("puts the previous outputs back when a run was killed between its two renames", () => {
    const out = join(dir, "between");
    const staged = stageOutputFolder(out);
    writeFileSync(join(staged.dir, "run.json"), JSON.stringify({ complete: true }));
    staged.commit();
    // what a kill between "rename old aside" and "rename new in" leaves: no --out, a complete .old
    const dead = 999999999;
    const aside = join(dir, `.between.tda-${dead}.old`), half = join(dir, `.between.tda-${dead}.tmp`);
    mkdirSync(half);
    writeFileSync(join(half, "signals.csv"), "half");
    spawnSync("mv", [out, aside]);
    stageOutputFolder(out).abort();
    expect(isCompleteOutput(out)).toBe(true);
    expect(existsSync(aside) || existsSync(half)).toBe(false);
  });

  it("killed at random points, a run leaves the previous complete outputs or the new complete ones, never a mix", async () => {
    expect(existsSync(join(repo, "packages/cli/dist/main.js"))).toBe(true);
    // two different complete outputs of the same input (another bootstrap seed changes stats.json and the reports)
    const variants = [["--seed", "1"], ["--seed", "2"]];
    const reference = variants.map((v, k) => {
      const ref = join(dir, `ref${k}`);
      const t0 = Date.now();
      const r = spawnSync(process.execPath, [bin, "run", input, "--out", ref, "-q", ...v], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      return { files: hashes(ref), ms: Date.now() - t0 };
    });
    expect(reference[0]!.files).not.toEqual(reference[1]!.files);
    const out = join(dir, "killed");
    expect(spawnSync(process.execPath, [bin, "run", input, "--out", out, "-q", ...variants[0]!]).status).toBe(0);
    let current = 0;
    const random = prng(12);
    const span = Math.max(...reference.map((r) => r.ms));
    const seen = new Set<string>();
    for (let kill = 0; kill < 14; kill++) {
      const next = 1 - current;
      const delay = Math.floor(random() * span * 1.1);
      const child = spawn(process.execPath, [bin, "run", input, "--out", out, "-q", ...variants[next]!], { stdio: "ignore" });
      const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
      await new Promise((res) => setTimeout(res, delay));
      child.kill("SIGKILL");
      const code = await exited;
      seen.add(code === 0 ? "finished" : "killed");
      // --out is missing only in the instant between the two renames; the next run puts the old one back
      if (!existsSync(out)) stageOutputFolder(out).abort();
      const now = hashes(out);
      const match = reference.findIndex((r) => JSON.stringify(r.files) === JSON.stringify(now));
      expect(match, `after a kill at ${delay} ms: ${JSON.stringify(now)}`).toBeGreaterThanOrEqual(0);
      expect(match === current || match === next).toBe(true);
      current = match;
    }
    expect(seen.has("killed")).toBe(true);
    // the next run cleans up whatever the killed ones left beside --out
    expect(spawnSync(process.execPath, [bin, "run", input, "--out", out, "-q"]).status).toBe(0);
    expect(readdirSync(dir).filter((f) => f.startsWith(".killed"))).toEqual([]);
  }, 120_000);
});
