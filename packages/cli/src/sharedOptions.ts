import { Option, type Command } from "commander";
import { INPUT_FORMATS } from "@tda/engine";

/**
 * The flags that several commands share, defined once so that a flag has one name, one argument
 * form and one meaning everywhere (issue 13; checked by sharedOptions.test.ts over every command).
 * A command adds the ones it understands; defaults that differ per command are set by the command.
 */
export const sharedOptions = {
  /** `--out` of the commands that write a folder of outputs (run, analyze, synth). */
  outFolder: () => new Option("-o, --out <folder>", "output folder (required); tda run and tda analyze replace it whole when the run completes").makeOptionMandatory(),
  /** `--out` of the commands that write one file, its format named by the extension (bars). */
  outFile: () => new Option("-o, --out <file>", "output file (required); its extension names the format written").makeOptionMandatory(),
  config: () => new Option("-c, --config <file>", "JSON config with any subset of the settings (docs/config.md); flags override it"),
  instrument: () => new Option("--instrument <symbol>", "instrument: ES, MES, NQ or MNQ (default: the config's, ES)"),
  tz: () => new Option("--tz <zone>", "exchange time zone, IANA name (default: the config's, America/Chicago)"),
  sourceTz: () => new Option("--source-tz <zone>", "time zone of the times in text inputs (default: the exchange zone)"),
  inputFormat: () => new Option("--input-format <format>", "read every input as this format instead of detecting it").choices([...INPUT_FORMATS]),
  columnMap: () => new Option("--column-map <presetOrFile>", "study export column map: a preset name (sierra-8tick-103) or a JSON file"),
  entry: () => new Option("--entry <mode>", "entry at the signal bar's close or the next bar's open: close | next-open (the config's \"nextOpen\" is accepted too)"),
  seed: () => new Option("--seed <n>", "seed of the random draws (default: the config's stats.seed, 1): the same seed gives the same output"),
  threads: () => new Option("-j, --threads <n>", "worker threads (0 = run in this thread); output is identical for any value").default("0"),
  lenient: () => new Option("--lenient", "skip bad rows instead of stopping, reporting each with its reason"),
  groupBy: () => new Option("--group-by <columns...>", "extra grouping columns of the signals table for the statistics (e.g. level_kind)"),
  quiet: () => new Option("-q, --quiet", "print nothing but errors"),
  json: () => new Option("--json", "print a JSON summary on stdout instead of the text lines (its \"out\" is the --out path, absolute)"),
} as const;

/**
 * The flags of the commands that run the pipeline over market inputs (run, sweep), in their help
 * order: config, instrument, zones, input format and column map, entry, seed, threads, lenient.
 */
export function addPipelineOptions(cmd: Command): Command {
  return cmd
    .addOption(sharedOptions.config())
    .addOption(sharedOptions.instrument())
    .addOption(sharedOptions.tz())
    .addOption(sharedOptions.sourceTz())
    .addOption(sharedOptions.inputFormat())
    .addOption(sharedOptions.columnMap())
    .addOption(sharedOptions.entry())
    .addOption(sharedOptions.seed())
    .addOption(sharedOptions.threads())
    .addOption(sharedOptions.lenient());
}
