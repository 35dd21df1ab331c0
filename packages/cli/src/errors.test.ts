import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { capEchoed, environmentMessage, errorLine } from "./errors.js";
import { runQuietly } from "./testing.js";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const bin = join(repo, "packages/cli/bin/tda.js");
const real = join(repo, "data/es-5m/ESH24-CME.scid_BarData__5m.txt");

function sysError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: raw message, ${syscall} '${path}'`), { code, syscall, path, errno: -1 });
}

describe("environment errors are one line: tda: <path>: <sentence>", () => {
  it.each([
    ["EEXIST", "mkdir", "/data/out", "/data/out: is a file, expected a folder"],
    ["ENOTDIR", "open", "/data/file/x", "/data/file/x: a part of this path is a file, not a folder"],
    ["EISDIR", "open", "/data/folder", "/data/folder: is a folder, expected a file"],
    ["ENOSPC", "write", "/data/out/.signals.csv.42.tmp", "/data/out/signals.csv: no space left on the disk"],
    ["EACCES", "open", "/data/locked.txt", "/data/locked.txt: permission denied"],
    ["EROFS", "open", "/mnt/ro/.out.tda-42.tmp/.stats.json.42.tmp", "/mnt/ro/out/stats.json: the file system is read-only"],
  ])("%s", (code, syscall, path, expected) => {
    const line = errorLine(sysError(code, syscall, path));
    expect(line).toBe(expected);
    expect(line).not.toMatch(/E[A-Z]{3,}|raw message/);
  });

  it("leaves errors that are not system errors alone", () => {
    expect(environmentMessage(new Error("x.txt:3:4: Volume: expected a number"))).toBeUndefined();
  });

  it("caps an echoed value at 60 characters with …", () => {
    const capped = capEchoed(`f.txt:2:9: Volume: expected a number, got "${"9x".repeat(600_000)}"`);
    expect(capped).toBe(`f.txt:2:9: Volume: expected a number, got "${"9x".repeat(30)}…"`);
  });

  // 16 KiB, not 1 MiB: the engine's text reader takes quadratic time over one long line (8 s at 64 KiB,
  // minutes at 1 MiB) — reported to the reader's owners; the cap itself is shown on 1.2 MB above
  it("a 16 KiB bad field is not echoed whole (tda run)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tda-err-"));
    const lines = readFileSync(real, "utf8").split("\n").slice(0, 300);
    lines[5] = lines[5]!.replace(/, (\d+), (\d+), (\d+), (\d+)$/, `, ${"7".repeat(1 << 14)}x, $2, $3, $4`);
    const bad = join(dir, "ESH24-huge.txt");
    writeFileSync(bad, lines.join("\n"));
    const r = await runQuietly(["run", bad, "--out", join(dir, "o"), "-q"]);
    expect(r.code).toBe(1);
    expect(r.err.length).toBeLessThan(400);
    expect(r.err).toMatch(/ESH24-huge\.txt:6:\d+: .*"7{60}…"/);
    expect(r.err.split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("--out under /proc fails at once with a sentence, not a hang", () => {
    if (!existsSync("/proc/self")) return; // not Linux
    for (const out of ["/proc/tda-x", "/proc/tda-a/b"]) {
      const t0 = Date.now();
      const r = spawnSync(process.execPath, [bin, "run", real, "--out", out, "-q"], { encoding: "utf8", timeout: 20_000 });
      expect(r.status).toBe(1);
      expect(Date.now() - t0).toBeLessThan(15_000);
      expect(r.stderr).toBe(`tda: ${out}: cannot create a folder in /proc (the file system does not allow it)\n`);
    }
    const b = spawnSync(process.execPath, [bin, "bars", join(repo, "data/ticks/ES-2022-01-24-tas.txt"), "--out", "/proc/tda-a/x.csv", "-q"], { encoding: "utf8", timeout: 20_000 });
    expect(b.stderr).toBe("tda: /proc/tda-a: cannot create a folder here (the file system does not allow it)\n");
  });

  it("a file where the output folder should be, and a file in the path, are named", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tda-err-"));
    const file = join(dir, "file");
    writeFileSync(file, "x");
    expect((await runQuietly(["run", real, "--out", file, "-q"])).err).toBe(`tda: ${file}: is a file, expected a folder (--out names the output folder)\n`);
    expect((await runQuietly(["run", real, "--out", join(file, "sub"), "-q"])).err).toBe(`tda: ${file}: is a file, so ${join(file, "sub")} cannot be created inside it\n`);
    const folder = join(dir, "folder.csv");
    mkdirSync(folder);
    const r = await runQuietly(["bars", join(repo, "data/ticks/ES-2022-01-24-tas.txt"), "--out", folder, "-q"]);
    expect(r.err).toBe(`tda: ${folder}: is a folder, expected a file\n`);
  });

  it("a read-only disk reads 'read-only', not 'no such file' (needs root to mount a read-only tmpfs; skipped otherwise)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tda-ro-"));
    const ro = join(dir, "ro");
    mkdirSync(ro);
    if (spawnSync("mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", ro]).status !== 0) return;
    try {
      const r = await runQuietly(["run", real, "--out", join(ro, "out", "x"), "-q"]);
      expect(r.err).toBe(`tda: ${join(ro, "out", "x")}: cannot create the output folder: the file system is read-only\n`);
      const b = await runQuietly(["bars", join(repo, "data/ticks/ES-2022-01-24-tas.txt"), "--out", join(ro, "x.csv"), "-q"]);
      expect(b.err).toBe(`tda: ${join(ro, "x.csv")}: the file system is read-only\n`);
    } finally {
      spawnSync("umount", [ro]);
    }
  });

  it("of two bad files, the first in input order is reported for any --threads", () => {
    const dir = mkdtempSync(join(tmpdir(), "tda-order-"));
    const lines = readFileSync(real, "utf8").split("\n");
    // the second file is small and fails at once; the first is longer and fails near its end
    const first = lines.slice(0, 4001);
    first[3990] = first[3990]!.replace(/, (\d+), (\d+), (\d+), (\d+)$/, ", bad1, $2, $3, $4");
    const second = lines.slice(0, 40);
    second[2] = second[2]!.replace(/, (\d+), (\d+), (\d+), (\d+)$/, ", bad2, $2, $3, $4");
    writeFileSync(join(dir, "A-first.txt"), first.join("\n"));
    writeFileSync(join(dir, "B-second.txt"), second.join("\n"));
    for (const threads of ["0", "2"]) {
      const r = spawnSync(process.execPath, [bin, "run", join(dir, "A-first.txt"), join(dir, "B-second.txt"), "--out", join(dir, `o${threads}`), "--threads", threads, "-q"], { encoding: "utf8" });
      expect(r.status).toBe(1);
      expect(r.stderr, `--threads ${threads}`).toMatch(/^tda: .*A-first\.txt:3991:\d+: Volume: expected a number, got "bad1"\n$/);
    }
  });
});
