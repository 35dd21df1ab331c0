import type { Command } from "commander";

/**
 * The examples at the end of every `--help`, in one place (issue 13), keyed by command name ("tda" is
 * the program's own help). buildProgram applies them; sharedOptions.test.ts checks that every
 * registered command has some, and that each one parses with the command's real options. A new
 * command adds its line here.
 */
export const HELP_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  tda: [
    "tda run --out out/demo                      # the whole pipeline on the embedded ES data",
    "tda inspect data/ticks/ES-2022-01-24-tas.txt",
    "tda bars ticks.scid --out bars.csv          # 8-tick range bars with footprints",
    "tda analyze out/demo/signals.csv --out out/again --group-by level_kind",
    "tda sweep --grid grid.json --out out/sweep     # a grid of settings as one batch job",
    "tda help run                                # every flag of one command",
  ],
  run: [
    "tda run --out out/demo                                   # the embedded ES 5-minute data",
    "tda run data/es-5m --out out/es --threads 2 --json       # every file of a folder, one contract each",
    "tda run ticks/ESZ24.scid --out out/z24 --entry next-open --lenient",
    "tda run ES_8tick_103.csv --column-map sierra-8tick-103 --out out/study",
    "tda run --manifest tasks.txt --index 3 --out out/dataset   # task 3 only → out/dataset/contract=<its contract>/",
  ],
  analyze: [
    "tda analyze out/demo/signals.csv --out out/demo-by-level --group-by level_kind",
    "tda analyze out/demo/signals.csv --out out/demo-seed7 --seed 7 --json",
    "tda analyze out/demo/signals.parquet --out out/demo-parquet   # the same stats.json as from signals.csv",
    "tda analyze out/dataset --out out/all   # every contract=…/ partition of tda run --manifest, as one run",
  ],
  sweep: [
    "tda sweep --grid grid.json --out out/sweep                  # the embedded ES 5-minute data",
    "tda sweep data/es-5m --grid grid.json --out out/sweep --threads 2 --json",
    "tda sweep ticks/ESZ24.scid --grid grid.json --config settings.json --out out/z24-sweep",
  ],
  inspect: [
    "tda inspect data/ticks/ES-2022-01-24-tas.txt",
    "tda inspect ES_8tick_103.csv --column-map sierra-8tick-103 --json",
    "tda inspect out/demo/signals.parquet             # a table tda wrote: kind, rows, typed columns",
  ],
  synth: [
    "tda synth --from data/es-5m/ESH24-CME.scid_BarData__5m.txt --out out/synth --volume-scale 0.1",
    "tda synth --scenario --format tas --seed 4 --out out/scenario",
  ],
  bars: [
    "tda bars ESZ24.scid --out ESZ24-8tick.csv                 # 8-tick range bars as the 103-column study export",
    "tda bars day.tas.txt --out day-10s.arrow --kind seconds --size 10",
  ],
};

/** Adds an "Examples:" section to a command's --help. */
export function withExamples(cmd: Command, examples: readonly string[]): Command {
  return cmd.addHelpText("after", `\nExamples:\n${examples.map((e) => `  $ ${e}`).join("\n")}\n`);
}

/** Adds its examples to the program's help and to every registered command's. */
export function applyHelpExamples(program: Command): void {
  for (const cmd of [program, ...program.commands]) {
    const examples = HELP_EXAMPLES[cmd === program ? "tda" : cmd.name()];
    if (examples) withExamples(cmd, examples);
  }
}

/** An example's argv: its words after `tda`, up to a `#` comment (examples use no quoting). */
export function exampleArgv(example: string): string[] {
  const words = example.replace(/\s#.*$/, "").trim().split(/\s+/);
  if (words[0] !== "tda") throw new Error(`an example starts with "tda": ${example}`);
  return words.slice(1);
}
