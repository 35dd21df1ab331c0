import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { manifestTask, readManifest, taskIndex } from "./manifest.js";
import { runQuietly as quietly } from "./testing.js";

function manifest(text: string): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), "tda-mf-"));
  const path = join(dir, "tasks.txt");
  writeFileSync(path, text);
  return { dir, path };
}

describe("readManifest", () => {
  it("one task per path line or JSON line, numbered from 0; comments and blank lines skipped; relative to the manifest", () => {
    const { dir, path } = manifest([
      "# ES 2024",
      "data/ESH24-CME.scid",
      "",
      '{"input": "/abs/ES M24.txt", "format": "bar-export", "contract": "ES M24"}',
      "  data/ESU24-CME.scid  ",
    ].join("\n"));
    expect(readManifest(path)).toEqual([
      { index: 0, line: 2, input: join(dir, "data/ESH24-CME.scid"), contract: "ESH24-CME" },
      { index: 1, line: 4, input: "/abs/ES M24.txt", contract: "ES M24", format: "bar-export" },
      { index: 2, line: 5, input: join(dir, "data/ESU24-CME.scid"), contract: "ESU24-CME" },
    ]);
  });

  it("names the manifest, the line and what was expected", () => {
    const bad = (text: string) => () => readManifest(manifest(text).path);
    expect(bad("a.txt\n{oops")).toThrow(/tasks.txt:2: expected a JSON object \{"input": "<path>"/);
    expect(bad('{"input": "a.txt", "size": 3}')).toThrow(/tasks.txt:1: unknown key "size" \(expected input, format, contract\)/);
    expect(bad('{"format": "scid"}')).toThrow(/tasks.txt:1: "input": expected the path of one contract file/);
    expect(bad('{"input": "a.txt", "format": "xls"}')).toThrow(/tasks.txt:1: "format": expected one of .*scid.*, got "xls"/);
    expect(bad('# x\n{"input": "ESZ24-CME.scid", "contract": "ESZ24"}')).toThrow(/tasks.txt:2: "contract": the file names contract "ESZ24-CME" \(its name up to the first dot\), not "ESZ24"/);
    expect(bad("a/ESZ24.scid\nb/ESZ24.txt")).toThrow(/tasks.txt:2: contract ESZ24 is already task 0 \(line 1\)/);
    expect(bad("# nothing\n\n")).toThrow(/tasks.txt: expected at least one task/);
    expect(() => readManifest(join(tmpdir(), "no-such-manifest.txt"))).toThrow(/cannot read the manifest/);
  });
});

describe("taskIndex", () => {
  it("takes --index, else JOB_COMPLETION_INDEX, else AWS_BATCH_JOB_ARRAY_INDEX, and says which", () => {
    expect(taskIndex("2", { JOB_COMPLETION_INDEX: "0" }, 3, "m")).toEqual({ index: 2, from: "--index" });
    expect(taskIndex(undefined, { JOB_COMPLETION_INDEX: "1" }, 3, "m")).toEqual({ index: 1, from: "JOB_COMPLETION_INDEX" });
    expect(taskIndex(undefined, { AWS_BATCH_JOB_ARRAY_INDEX: "0" }, 3, "m")).toEqual({ index: 0, from: "AWS_BATCH_JOB_ARRAY_INDEX" });
    expect(taskIndex(undefined, { JOB_COMPLETION_INDEX: "1", AWS_BATCH_JOB_ARRAY_INDEX: "1" }, 3, "m")).toEqual({ index: 1, from: "JOB_COMPLETION_INDEX" });
  });

  it("refuses a missing, malformed, out-of-range or ambiguous index", () => {
    expect(() => taskIndex(undefined, {}, 3, "m")).toThrow(/--manifest needs the task's index: --index <i>, or JOB_COMPLETION_INDEX/);
    expect(() => taskIndex("1.5", {}, 3, "m")).toThrow(/--index: expected a whole number ≥ 0, got "1.5"/);
    expect(() => taskIndex("-1", {}, 3, "m")).toThrow(/--index: expected a whole number ≥ 0, got "-1"/);
    expect(() => taskIndex(undefined, { AWS_BATCH_JOB_ARRAY_INDEX: "3" }, 3, "tasks.txt")).toThrow(/AWS_BATCH_JOB_ARRAY_INDEX: task 3 is out of range: tasks.txt has 3 task\(s\), numbered 0 to 2/);
    expect(() => taskIndex(undefined, { JOB_COMPLETION_INDEX: "0", AWS_BATCH_JOB_ARRAY_INDEX: "1" }, 3, "m")).toThrow(/disagree: give --index/);
  });

  it("the task's input must be a file", () => {
    const { dir, path } = manifest("sub\nmissing.txt\n");
    mkdirSync(join(dir, "sub"));
    expect(() => manifestTask(path, "0", {})).toThrow(/tasks.txt:1: task 0: .*sub: expected an input file \(one contract\), found a folder/);
    expect(() => manifestTask(path, "1", {})).toThrow(/tasks.txt:2: task 1: .*missing.txt: expected an input file \(one contract\), found nothing there/);
  });
});

describe("tda run --manifest", () => {
  it("refuses --index without --manifest, inputs beside --manifest, an index past the last task — each as one line", async () => {
    const { path } = manifest("a.txt\n");
    const r1 = await quietly(["run", "--index", "0", "--out", join(tmpdir(), "tda-mf-x")]);
    expect([r1.code, r1.err]).toEqual([1, "tda: --index: only with --manifest (it picks a task of the manifest)\n"]);
    const r2 = await quietly(["run", "b.txt", "--manifest", path, "--index", "0", "--out", join(tmpdir(), "tda-mf-x")]);
    expect(r2.code).toBe(1);
    expect(r2.err).toMatch(/^tda: --manifest: the inputs come from the manifest; got input paths as well \(b.txt\)\n$/);
    process.env.JOB_COMPLETION_INDEX = "5";
    try {
      const r3 = await quietly(["run", "--manifest", path, "--out", join(tmpdir(), "tda-mf-x")]);
      expect([r3.code, r3.err]).toEqual([1, `tda: JOB_COMPLETION_INDEX: task 5 is out of range: ${path} has 1 task(s), numbered 0 to 0\n`]);
    } finally {
      delete process.env.JOB_COMPLETION_INDEX;
    }
  });
});
