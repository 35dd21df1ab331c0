import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// @tda/stats is a general statistics library: the footprint vocabulary belongs to @tda/report.
const SRC = fileURLToPath(new URL(".", import.meta.url));
const WORDS = /signal|direction|scenario|bracket|inv_|exh_/i;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [join(dir, e.name)] : [],
  );
}

describe("@tda/stats names no signal column", () => {
  it("no non-test source file speaks of signals, directions, scenarios or brackets", () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(30);
    const hits = files.flatMap((f) =>
      readFileSync(f, "utf8")
        .split("\n")
        .map((line, i) => ({ line, at: `${relative(SRC, f)}:${i + 1}` }))
        .filter((l) => WORDS.test(l.line))
        .map((l) => `${l.at}: ${l.line.trim()}`),
    );
    expect(hits).toEqual([]);
  });
});
