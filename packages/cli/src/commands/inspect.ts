import { Command, Option } from "commander";
import { formatInspectReport, inspectInput, loadColumnMap, type InputFormat } from "@tda/engine";
import { loadConfig, type CommonOptions } from "../options.js";
import { sharedOptions, withExamples } from "../sharedOptions.js";

interface InspectOptions extends CommonOptions { inputFormat?: InputFormat; columnMap?: string; sourceTimeZone?: string }

/** `tda inspect <file> [--input-format <f>] [--column-map <preset|file>] [--json]`: what a file is and holds. */
export function registerInspect(program: Command): void {
  const cmd = program
    .command("inspect")
    .description("say what an input file is and what it holds: format, contract, first/last time, sessions, rows, missing features")
    .argument("<file>", "input file (Sierra bar or study export, .scid, time and sales, trade CSV, Arrow IPC)")
    .addOption(sharedOptions.inputFormat())
    .addOption(sharedOptions.columnMap())
    .addOption(sharedOptions.config())
    .addOption(sharedOptions.instrument())
    .addOption(sharedOptions.tz())
    .addOption(sharedOptions.sourceTz())
    // the earlier spelling, kept working but out of --help: one name per meaning (docs/decisions.md)
    .addOption(new Option("--source-time-zone <zone>", "the earlier name of --source-tz").hideHelp())
    .addOption(sharedOptions.json())
    .action((file: string, o: InspectOptions) => {
      const config = loadConfig({ ...o, sourceTz: o.sourceTz ?? o.sourceTimeZone });
      const report = inspectInput(file, config, { format: o.inputFormat, columnMap: o.columnMap ? loadColumnMap(o.columnMap) : undefined });
      process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatInspectReport(report)}\n`);
    });
  withExamples(cmd, [
    "tda inspect data/ticks/ES-2022-01-24-tas.txt",
    "tda inspect ES_8tick_103.csv --column-map sierra-8tick-103 --json",
  ]);
}
