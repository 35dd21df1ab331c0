import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expandInputs } from "./inputs.js";

describe("expandInputs", () => {
  it("keeps files, expands a folder to its files by name (no hidden files, no sub-folders)", () => {
    const d = mkdtempSync(join(tmpdir(), "tda-in-"));
    for (const f of ["b.txt", "a.txt", ".hidden"]) writeFileSync(join(d, f), "x");
    mkdirSync(join(d, "sub"));
    const single = join(d, "b.txt");
    expect(expandInputs([single, d])).toEqual([single, join(d, "a.txt"), join(d, "b.txt")]);
    expect(() => expandInputs([join(d, "nope")])).toThrow(/nope: no such file or folder/);
    expect(() => expandInputs([join(d, "sub")])).toThrow(/sub: the folder holds no input files/);
  });
});
