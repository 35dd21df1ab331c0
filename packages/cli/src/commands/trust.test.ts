import { describe, expect, it, beforeAll } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runQuietly as quietly } from "../testing.js";

/** Issue 12 through the CLI: impossible data never ends with exit 0, inputs are checked as a set. */
const repo = fileURLToPath(new URL("../../../../", import.meta.url));

describe("tda run / inspect on untrustworthy inputs", () => {
  let dir: string, good: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tda-trust-"));
    good = join(dir, "ESH24-CME.txt");
    writeFileSync(good, readFileSync(join(repo, "data/es-5m/ESH24-CME.scid_BarData__5m.txt"), "utf8").split("\n").slice(0, 1201).join("\n") + "\n");
  });

  it("a lenient run that skipped every row exits 1, names the share and leaves no outputs", async () => {
    const bad = join(dir, "ESZ24-zero.txt");
    const lines = readFileSync(good, "utf8").trimEnd().split("\n");
    writeFileSync(bad, [lines[0], ...lines.slice(1).map((l) => l.replace(/^([^,]+, [^,]+, )[^,]+/, "$10"))].join("\n") + "\n");
    const out = join(dir, "zero");
    const r = await quietly(["run", bad, "--out", out, "--lenient", "-q"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/ESZ24-zero\.txt: 1200 of 1200 data rows skipped \(100 %\), more than lenientMaxSkipShare allows \(1 %\); the first, line 2:23: Open: expected a price above 0/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    // inspect refuses it the same way
    const i = await quietly(["inspect", bad, "--config", writeConfig({ lenient: true })]);
    expect(i.code).toBe(1);
    expect(i.err).toMatch(/1200 of 1200 data rows skipped \(100 %\)/);
  });

  it("the same file twice, or two files of one contract, is an error naming both", async () => {
    const twice = await quietly(["run", good, good, "--out", join(dir, "twice"), "-q"]);
    expect(twice.code).toBe(1);
    expect(twice.err).toMatch(/ESH24-CME\.txt: the same input file is given twice/);
    const part = join(dir, "ESH24-CME.part2.txt");
    writeFileSync(part, readFileSync(good, "utf8").split("\n").slice(0, 600).join("\n") + "\n");
    const contract = await quietly(["run", good, part, "--out", join(dir, "contract"), "-q"]);
    expect(contract.code).toBe(1);
    expect(contract.err).toMatch(/ESH24-CME\.part2\.txt: a second file of contract ESH24-CME/);
  });

  it("a folder with a README beside the data runs, and the README is named in a notice", async () => {
    const folder = join(dir, "folder");
    mkdirSync(folder);
    writeFileSync(join(folder, "ESH24-CME.txt"), readFileSync(good));
    writeFileSync(join(folder, "README.md"), "# where this data came from\n");
    const r = await quietly(["run", folder, "--out", join(dir, "folder-out"), "-q"]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`notice: ${folder}: 1 file(s) not in a format tda reads left out: README.md`);
    expect(existsSync(join(dir, "folder-out", "run.json"))).toBe(true);
  });

  function writeConfig(c: object): string {
    const p = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(p, JSON.stringify(c));
    return p;
  }
});
