import { Command, CommanderError } from "commander";
import { errorLine } from "./errors.js";
import { TDA_VERSION } from "./version.js";
import { applyHelpExamples } from "./helpExamples.js";
import { registerRun } from "./commands/run.js";
import { registerAnalyze } from "./commands/analyze.js";
import { registerInspect } from "./commands/inspect.js";
import { registerSynth } from "./commands/synth.js";
import { registerBars } from "./commands/bars.js";
import { registerSweep } from "./commands/sweep.js";

export function buildProgram(): Command {
  const program = new Command("tda")
    .description("Footprint and auction-market analytics for ES futures (Sierra Chart exports, .scid, time and sales)")
    .version(TDA_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerRun(program);
  registerAnalyze(program);
  registerInspect(program);
  registerSynth(program);
  registerBars(program);
  registerSweep(program);
  applyHelpExamples(program);
  return program;
}

/** Runs the CLI; returns the exit code. Errors are printed as one line — never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    const message = errorLine(err);
    process.stderr.write(`tda: ${message}\n`);
    if (process.env.TDA_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
