import { describe, expect, it } from "vitest";
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expandInputs } from "./inputs.js";

const BARS = "Date, Time, Open, High, Low, Last, Volume, NumberOfTrades, BidVolume, AskVolume\n2024/3/5, 08:30:00, 5000.25, 5001.00, 5000.00, 5000.50, 10, 5, 4, 6\n";
const bars = (k: number) => BARS.replace("08:30:00", `08:3${k}:00`);

describe("expandInputs", () => {
  it("keeps files, expands a folder to its files by name (no hidden files, no sub-folders)", () => {
    const d = mkdtempSync(join(tmpdir(), "tda-in-"));
    writeFileSync(join(d, "ESM24.txt"), bars(1));
    writeFileSync(join(d, "ESH24.txt"), bars(2));
    writeFileSync(join(d, ".hidden"), bars(3));
    mkdirSync(join(d, "sub"));
    const single = join(mkdtempSync(join(tmpdir(), "tda-in-")), "ESU24.txt");
    writeFileSync(single, bars(4));
    expect(expandInputs([single, d], { notice: () => {} })).toEqual([single, join(d, "ESH24.txt"), join(d, "ESM24.txt")]);
    expect(() => expandInputs([join(d, "nope")])).toThrow(/nope: no such file or folder/);
    expect(() => expandInputs([join(d, "sub")])).toThrow(/sub: the folder holds no input files$/);
    // a file named and its folder: the same file twice
    expect(() => expandInputs([join(d, "ESH24.txt"), d], { notice: () => {} })).toThrow(/ESH24\.txt: the same input file is given twice/);
  });

  it("a folder takes the files it recognises and lists the others in a notice (a README beside the data)", () => {
    const d = mkdtempSync(join(tmpdir(), "tda-in-"));
    writeFileSync(join(d, "ESH24.txt"), bars(1));
    writeFileSync(join(d, "README.md"), "# my data\n");
    writeFileSync(join(d, "LICENSE.txt"), "MIT\n");
    const notices: string[] = [];
    expect(expandInputs([d], { notice: (n) => notices.push(n) })).toEqual([join(d, "ESH24.txt")]);
    expect(notices).toEqual([`${d}: 2 file(s) not in a format tda reads left out: LICENSE.txt, README.md`]);
    const only = mkdtempSync(join(tmpdir(), "tda-in-"));
    writeFileSync(join(only, "README.md"), "# nothing here\n");
    expect(() => expandInputs([only])).toThrow(/the folder holds no input files \(none of README\.md is in a format tda reads\)/);
  });

  it("refuses the same file twice, a byte-identical copy and two files of one contract, naming both", () => {
    const d = mkdtempSync(join(tmpdir(), "tda-in-"));
    const a = join(d, "ESH24-CME.txt");
    writeFileSync(a, bars(1));
    expect(() => expandInputs([a, a])).toThrow(`${a}: the same input file is given twice (twice by this name)`);
    symlinkSync(a, join(d, "link.txt"));
    expect(() => expandInputs([a, join(d, "link.txt")])).toThrow(`${join(d, "link.txt")}: the same input file is given twice (also as ${a})`);
    copyFileSync(a, join(d, "copy.txt"));
    expect(() => expandInputs([a, join(d, "copy.txt")])).toThrow(`${join(d, "copy.txt")}: the same data as ${a} (a byte-identical copy) — give each file once`);
    writeFileSync(join(d, "ESH24-CME.part2.txt"), bars(2));
    expect(() => expandInputs([a, join(d, "ESH24-CME.part2.txt")])).toThrow(/ESH24-CME\.part2\.txt: a second file of contract ESH24-CME \(the first is .*ESH24-CME\.txt\)/);
    writeFileSync(join(d, "ESM24-CME.txt"), bars(2));
    expect(expandInputs([a, join(d, "ESM24-CME.txt")])).toHaveLength(2);
  });
});
