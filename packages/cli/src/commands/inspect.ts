import { Command, Option } from "commander";
import { formatInspectReport, INPUT_FORMATS, inspectInput, loadColumnMap, makeConfig, type InputFormat } from "@tda/engine";

/** `tda inspect <file> [--format <f>] [--column-map <preset|file>] [--json]`: what a file is and holds. */
export function registerInspect(program: Command): void {
  program
    .command("inspect")
    .description("say what an input file is and what it holds: format, contract, first/last time, sessions, rows, missing features")
    .argument("<file>", "input file (Sierra bar or study export, .scid, time and sales, trade CSV, Arrow IPC)")
    .addOption(new Option("--format <format>", "skip detection and read as this format").choices([...INPUT_FORMATS]))
    .option("--column-map <presetOrFile>", "study export column map: a preset name or a JSON file")
    .option("--instrument <symbol>", "ES, MES, NQ, MNQ", "ES")
    .option("--source-time-zone <zone>", "zone of Sierra text exports (default: the exchange zone)")
    .option("--json", "print the report as JSON")
    .action((file: string, o: { format?: InputFormat; columnMap?: string; instrument: string; sourceTimeZone?: string; json?: boolean }) => {
      const config = makeConfig({ instrument: o.instrument, sourceTimeZone: o.sourceTimeZone });
      const report = inspectInput(file, config, { format: o.format, columnMap: o.columnMap ? loadColumnMap(o.columnMap) : undefined });
      process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatInspectReport(report)}\n`);
    });
}
