import { readFileSync } from "node:fs";
import { environmentMessage } from "./errors.js";
import { makeConfig, type Config, type ConfigInput } from "@tda/engine";

export interface CommonOptions {
  config?: string;
  instrument?: string;
  tz?: string;
  sourceTz?: string;
  lenient?: boolean;
  quiet?: boolean;
  json?: boolean;
}

const ENTRY_SPELLINGS: Record<string, Config["outcomes"]["entry"]> = { close: "close", "next-open": "nextOpen", nextOpen: "nextOpen" };

/** Config file (JSON, any subset of the settings) overlaid with the flags. */
export function loadConfig(opts: CommonOptions & { entry?: string; seed?: string }): Config {
  let input: ConfigInput = {};
  if (opts.config) {
    let text: string;
    try {
      text = readFileSync(opts.config, "utf8");
    } catch (err) {
      const why = environmentMessage(err);
      throw new Error(`cannot read the config file ${why ?? opts.config}`);
    }
    try {
      input = JSON.parse(text) as ConfigInput;
    } catch (e) {
      throw new Error(`${opts.config}: expected JSON (${(e as Error).message})`);
    }
  }
  const cfg = makeConfig(input, opts.config ?? "config");
  if (opts.instrument) cfg.instrument = opts.instrument.toUpperCase();
  if (opts.tz) cfg.sessions.exchangeTimeZone = opts.tz;
  if (opts.sourceTz) cfg.sourceTimeZone = opts.sourceTz;
  if (opts.lenient) cfg.lenient = true;
  if (opts.entry) {
    // the flag's spelling is next-open, the JSON config's "nextOpen"; each is accepted in the flag (docs/config.md)
    const entry = Object.hasOwn(ENTRY_SPELLINGS, opts.entry) ? ENTRY_SPELLINGS[opts.entry] : undefined;
    if (!entry) throw new Error(`--entry: expected close or next-open, got "${opts.entry}"`);
    cfg.outcomes.entry = entry;
  }
  if (opts.seed !== undefined) cfg.stats.seed = wholeNumber(opts.seed, "--seed");
  return cfg;
}

export function wholeNumber(text: string, what: string, min = 0): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < min) throw new Error(`${what}: expected a whole number ≥ ${min}, got "${text}"`);
  return v;
}
