import { describe, expect, it } from "vitest";
import type { Command, Option } from "commander";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildProgram } from "./main.js";
import { exampleArgv, HELP_EXAMPLES } from "./helpExamples.js";
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

  it("a long flag has the same default, choices and arity in every command (--format aside, above)", () => {
    const seen = new Map<string, { cmd: string; semantics: unknown }>();
    for (const [c, o] of allOptions()) {
      if (o.long === "--format" || (o.long === "--out" && c.name() === "bars")) continue;
      const semantics = { default: o.defaultValue, choices: o.argChoices, required: o.required, optional: o.optional, variadic: o.variadic, negate: o.negate, mandatory: o.mandatory };
      const first = seen.get(o.long!);
      if (!first) seen.set(o.long!, { cmd: c.name(), semantics });
      else expect({ long: o.long, cmd: c.name(), ...semantics }).toEqual({ long: o.long, cmd: c.name(), ...(first.semantics as object) });
    }
  });

  it("one short flag, one long flag: -o is --out, -c is --config, -q is --quiet everywhere", () => {
    const longOf = new Map<string, Set<string>>();
    for (const [, o] of allOptions()) {
      if (!o.short) continue;
      longOf.set(o.short, (longOf.get(o.short) ?? new Set()).add(o.long!));
    }
    for (const [short, longs] of longOf) expect({ short, longs: [...longs] }).toEqual({ short, longs: [[...longs][0]] });
    expect([...longOf.get("-o")!]).toEqual(["--out"]);
  });

  it("no near-duplicate flag names: one is not an abbreviation, a prefix or a respelling of another", () => {
    const longs = [...new Set(allOptions().map(([, o]) => o.long!.slice(2)))].sort();
    const words = (l: string) => l.split("-");
    const initials = (w: string[]) => w.map((x) => x[0]).join("");
    const near = (a: string, b: string): boolean => {
      const [wa, wb] = [words(a), words(b)];
      const flat = (w: string[]) => w.join("");
      if (flat(wa) === flat(wb)) return true; // --groupby / --group-by
      if (flat(wb).startsWith(flat(wa)) && wa.length === wb.length) return true; // --out / --output
      // --source-tz / --source-time-zone: the same first words, the rest abbreviated to initials
      for (let k = 1; k < Math.min(wa.length, wb.length) + 1; k++) {
        const [ha, hb] = [wa.slice(0, k).join("-"), wb.slice(0, k).join("-")];
        if (ha !== hb) break;
        const [ra, rb] = [wa.slice(k), wb.slice(k)];
        if (ra.length === 1 && rb.length > 1 && ra[0] === initials(rb)) return true;
      }
      return false;
    };
    const pairs: string[] = [];
    for (const a of longs) for (const b of longs) if (a !== b && near(a, b)) pairs.push(`--${a} / --${b}`);
    expect(pairs).toEqual([]);
    // the check itself catches the pairs issue 13 found
    expect(near("source-tz", "source-time-zone")).toBe(true);
    expect(near("out", "output")).toBe(true);
    expect(near("group-by", "groupby")).toBe(true);
  });

  it("an option is mandatory exactly when its description says (required)", () => {
    for (const [c, o] of allOptions()) expect({ cmd: c.name(), long: o.long, mandatory: o.mandatory }).toEqual({ cmd: c.name(), long: o.long, mandatory: /\(required\)/.test(o.description) });
  });

  it("every registered command has its examples in helpExamples.ts, shown once in its --help, and each one parses", async () => {
    const program = buildProgram();
    const names = ["tda", ...program.commands.map((c) => c.name())];
    expect(Object.keys(HELP_EXAMPLES).sort()).toEqual([...names].sort());
    for (const c of [program, ...program.commands]) expect(help(c).split("\nExamples:\n").length, c.name()).toBe(2);
    for (const [name, examples] of Object.entries(HELP_EXAMPLES)) {
      expect(examples.length, name).toBeGreaterThan(0);
      for (const example of examples) {
        const argv = exampleArgv(example);
        if (name !== "tda") expect(argv[0], example).toBe(name);
        // parse with the real options and arguments, but an action that does nothing
        const p = buildProgram();
        let ran = "";
        for (const c of p.commands) {
          c.configureOutput({ writeErr: () => {}, writeOut: () => {} });
          c.action(() => { ran = c.name(); });
        }
        p.configureOutput({ writeErr: () => {}, writeOut: () => {} });
        try {
          await p.parseAsync(argv, { from: "user" });
        } catch (err) {
          // `tda help run` prints the help and stops, as it should
          if ((err as { code?: string }).code !== "commander.help") throw new Error(`${example}: ${(err as Error).message}`);
          ran = argv[1] ?? "";
        }
        expect(ran, example).toBe(argv[0] === "help" ? argv[1] : argv[0]);
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
