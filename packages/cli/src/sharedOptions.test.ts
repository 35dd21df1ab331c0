import { describe, expect, it } from "vitest";
import type { Command, Option } from "commander";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildProgram } from "./main.js";
import { runQuietly } from "./testing.js";

const repo = fileURLToPath(new URL("../../../", import.meta.url));

/** Every visible option of every command, as [command, option]. */
function allOptions(): [Command, Option][] {
  const program = buildProgram();
  return program.commands.flatMap((c) => c.options.filter((o) => !o.hidden).map((o) => [c, o] as [Command, Option]));
}

/** The help text of one command, as commander prints it. */
function help(cmd: Command): string {
  let text = "";
  cmd.configureOutput({ writeOut: (s) => { text += s; } });
  cmd.outputHelp();
  return text;
}

describe("one set of flag names and meanings across commands", () => {
  it("a long flag has the same short name, argument form and description in every command", () => {
    const byLong = new Map<string, { cmd: string; flags: string; description: string }[]>();
    for (const [c, o] of allOptions()) {
      const list = byLong.get(o.long!) ?? [];
      list.push({ cmd: c.name(), flags: o.flags, description: o.description });
      byLong.set(o.long!, list);
    }
    // --out names a folder in the commands that write several files and the file in tda bars, which
    // writes one (its extension names the format) — the one documented difference (docs/config.md)
    const outs = byLong.get("--out")!;
    expect(outs.filter((o) => o.cmd === "bars").map((o) => o.flags)).toEqual(["-o, --out <file>"]);
    byLong.set("--out", outs.filter((o) => o.cmd !== "bars"));
    // --format is what a command writes (synth, bars); choices and their explanations differ by command
    const formats = byLong.get("--format")!;
    expect(formats.map((f) => f.cmd).sort()).toEqual(["bars", "synth"]);
    for (const f of formats) expect(f.description).toMatch(/^format written: /);
    byLong.delete("--format");
    const shared = [...byLong].filter(([, list]) => list.length > 1);
    expect(shared.map(([l]) => l).sort()).toEqual(expect.arrayContaining(["--config", "--instrument", "--json", "--lenient", "--out", "--quiet", "--seed", "--source-tz", "--tz", "--input-format", "--column-map", "--group-by"]));
    for (const [long, list] of shared) {
      for (const o of list) {
        expect({ long, cmd: o.cmd, flags: o.flags, description: o.description }).toEqual({ long, cmd: o.cmd, flags: list[0]!.flags, description: list[0]!.description });
      }
    }
  });

  it("the old spellings are gone from --help: --source-time-zone, --format for what is read", () => {
    const longs = allOptions().map(([c, o]) => `${c.name()} ${o.long}`);
    expect(longs.filter((l) => l.endsWith("--source-time-zone"))).toEqual([]);
    expect(longs).not.toContain("run --format");
    expect(longs).not.toContain("inspect --format");
  });

  it("--out is marked required wherever it is, and every command's --help has examples", () => {
    for (const [c, o] of allOptions()) {
      if (o.long === "--out") {
        expect(o.mandatory, c.name()).toBe(true);
        expect(o.description).toMatch(/\(required\)/);
      }
    }
    const program = buildProgram();
    for (const c of [program, ...program.commands]) {
      const text = help(c);
      expect(text, c.name()).toMatch(/\nExamples:\n {2}\$ tda /);
      if (c !== program) expect(text).toContain(`$ tda ${c.name()} `);
    }
  });

  it("--entry takes close, next-open and the JSON config's nextOpen; anything else is refused", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tda-flags-"));
    const input = join(repo, "data/es-5m/ESH24-CME.scid_BarData__5m.txt");
    const r = await runQuietly(["run", input, "--out", join(dir, "o"), "--entry", "next_open", "-q"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`tda: --entry: expected close or next-open, got "next_open"\n`);
    const { loadConfig } = await import("./options.js");
    expect(loadConfig({ entry: "next-open" }).outcomes.entry).toBe("nextOpen");
    expect(loadConfig({ entry: "nextOpen" }).outcomes.entry).toBe("nextOpen");
    expect(loadConfig({ entry: "close" }).outcomes.entry).toBe("close");
    expect(() => loadConfig({ entry: "constructor" })).toThrow(/--entry/);
  });

  it("tda bars refuses an output extension it does not write, and an extension that contradicts --format", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tda-flags-"));
    const ticks = join(repo, "data/ticks/ES-2022-01-24-tas.txt");
    const r = await runQuietly(["bars", ticks, "--out", join(dir, "x.parquet"), "-q"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/--out .*x\.parquet: tda bars does not write \.parquet files; name the output \.csv \(study\)/);
    const r2 = await runQuietly(["bars", ticks, "--out", join(dir, "x.csv"), "--format", "arrow", "-q"]);
    expect(r2.err).toMatch(/the extension \.csv means study, but --format says arrow/);
  });

  it("--json summaries name the output path \"out\" (absolute) in every command", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tda-json-"));
    const stdout = async (args: string[]): Promise<Record<string, unknown>> => {
      const write = process.stdout.write.bind(process.stdout);
      let text = "";
      process.stdout.write = ((s: string) => { text += s; return true; }) as typeof process.stdout.write;
      try {
        const r = await runQuietly(args);
        expect(r.code, r.err).toBe(0);
      } finally {
        process.stdout.write = write;
      }
      return JSON.parse(text) as Record<string, unknown>;
    };
    const input = join(repo, "data/es-5m/ESH24-CME.scid_BarData__5m.txt");
    expect((await stdout(["run", input, "--out", join(dir, "run"), "--json"])).out).toBe(join(dir, "run"));
    expect((await stdout(["analyze", join(dir, "run", "signals.csv"), "--out", join(dir, "an"), "--json"])).out).toBe(join(dir, "an"));
    expect((await stdout(["bars", join(repo, "data/ticks/ES-2022-01-24-tas.txt"), "--out", join(dir, "b.csv"), "--json"])).out).toBe(join(dir, "b.csv"));
    expect((await stdout(["synth", "--scenario", "--out", join(dir, "syn"), "--json"])).out).toBe(join(dir, "syn"));
  });
});
