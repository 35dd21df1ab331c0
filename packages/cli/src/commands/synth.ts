import { Command, Option } from "commander";
import { resolve } from "node:path";
import { SYNTH_FORMATS, synthesizeFiles, type SynthFilesResult, type SynthFormat } from "@tda/engine";
import { loadConfig, type CommonOptions } from "../options.js";
import { sharedOptions } from "../sharedOptions.js";
import { Progress, say } from "../progress.js";

interface SynthOptions extends CommonOptions {
  from?: string[];
  out: string;
  format: SynthFormat;
  seed?: string;
  volumeScale: string;
  scenario?: boolean;
}

/**
 * `tda synth --from <5m files…> --out <dir> [--format scid|tas|csv|study] [--seed N] [--volume-scale x] [--scenario]`:
 * synthetic ES trades that reproduce real 5-minute bars exactly, or the planted-signal scenario.
 */
export function registerSynth(program: Command): void {
  program
    .command("synth")
    .description("synthesise ES trades inside real 5-minute bars (aggregating them back reproduces every bar), or a scenario with planted signals")
    .option("--from <files...>", "Sierra 5-minute bar exports, one contract each")
    .addOption(sharedOptions.outFolder())
    .addOption(new Option("--format <format>", "format written: scid | tas (time and sales) | csv (time,price,size,side) | study (ES_8tick_<N>D.csv)").choices([...SYNTH_FORMATS]).default("scid"))
    .addOption(sharedOptions.seed())
    .option("--volume-scale <x>", "multiply volumes (e.g. 0.1 for smaller files); the reproduced bars carry the scaled volumes", "1")
    .option("--scenario", "write the planted-signal scenario and scenario-truth.json instead")
    .addOption(sharedOptions.config())
    .addOption(sharedOptions.instrument())
    .addOption(sharedOptions.tz())
    .addOption(sharedOptions.sourceTz())
    .addOption(sharedOptions.lenient())
    .addOption(sharedOptions.quiet())
    .addOption(sharedOptions.json())
    .action((opts: SynthOptions) => {
      synthCommand(opts);
    });
}

export function synthCommand(opts: SynthOptions): SynthFilesResult {
  const config = loadConfig(opts);
  const seed = config.stats.seed; // --seed, else the config's (1), as in every command
  const volumeScale = Number(opts.volumeScale);
  if (!(volumeScale > 0) || !Number.isFinite(volumeScale)) throw new Error(`--volume-scale: expected a number > 0, got "${opts.volumeScale}"`);
  const progress = new Progress(opts);
  const result = synthesizeFiles({
    from: (opts.from ?? []).map((f) => resolve(f)), outDir: resolve(opts.out), format: opts.format, seed, volumeScale,
    scenario: opts.scenario, config, onProgress: (t) => progress.update(t, true),
  });
  progress.done();
  const summary = {
    out: resolve(opts.out),
    files: result.files.map((f) => ({ ...f, source: f.source?.split(/[\\/]/).pop() })),
    truth: result.truth, signals: result.signals?.length,
  };
  if (opts.json) process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
  for (const f of result.files) {
    say(opts, `tda synth: ${f.trades} trades${f.bars ? `, ${f.bars} bars` : ""} → ${f.output}`);
    if (f.stats && (f.stats.gapTrades || f.stats.sideForced)) {
      say(opts, `  ${f.stats.gapTrades} trade(s) jump more than a tick (bars with too few trades for a tick-by-tick path), ${f.stats.sideForced} side(s) forced by the bid/ask split`);
    }
  }
  if (result.truth) say(opts, `planted truth (${result.signals!.length} signals, balance area) → ${result.truth}`);
  return result;
}
