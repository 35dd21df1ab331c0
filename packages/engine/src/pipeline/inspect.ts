import type { Config } from "../config.js";
import { symbolFromName } from "../instruments.js";
import { assembleMarket, contractName } from "./loadMarket.js";
import { assignSessions, barClock } from "../sessions/sessions.js";
import { isoExchangeTime } from "../timeZone.js";
import { timeZone } from "../timeZone.js";
import { instrument } from "../instruments.js";
import type { ColumnMap } from "../io/columnMap.js";
import type { InputFormat } from "../io/detect.js";
import { featureGapText, featureGaps, type FeatureGap } from "../io/features.js";
import { readInput } from "../io/readInput.js";

/** What `tda inspect` says about a file. */
export interface InspectReport {
  path: string;
  file: string;
  format: InputFormat;
  kind: "bars" | "ticks";
  contract: string;
  /** Root symbol guessed from the name (ES, MES, NQ, MNQ), if any. */
  symbol: string | undefined;
  /** Bars, or trades for tick inputs. */
  rows: number;
  /** Exchange time, ISO 8601 with offset (ms). */
  first: string | undefined;
  last: string | undefined;
  sessions: number;
  volume: number;
  hasFootprint: boolean;
  /** Study export: roles bound by the column map. */
  studyRoles: string[];
  gaps: FeatureGap[];
  /** Human-readable lines: degraded features, notices of the reader, skipped rows. */
  notes: string[];
  skipped: number;
}

export interface InspectOptions {
  format?: InputFormat;
  columnMap?: ColumnMap;
}

/** Reads a file the way `run` would and summarises it (sessions by SPEC §1 on bar or trade times). */
export function inspectInput(path: string, config: Config, opts: InspectOptions = {}): InspectReport {
  const spec = instrument(config.instrument);
  const input = readInput(path, {
    tickSize: spec.tickSize, sourceTimeZone: config.sourceTimeZone, exchangeTimeZone: config.sessions.exchangeTimeZone,
    lenient: config.lenient, format: opts.format, columnMap: opts.columnMap,
  });
  const times = input.kind === "ticks" ? input.ticks!.time : input.bars.time;
  const n = times.length;
  let sessions: number;
  if (input.kind === "bars") {
    sessions = assembleMarket([{ ...input, path }], config).market.sessions.length;
  } else {
    const clock = barClock(times, config.sessions.exchangeTimeZone);
    sessions = assignSessions({ session: new Int32Array(n) }, clock, 0, n, 0, config.sessions).length;
  }
  const tz = timeZone(config.sessions.exchangeTimeZone);
  const iso = (us: number) => isoExchangeTime(us, tz.offsetAt(us / 1000));
  let volume = 0;
  const sizes = input.kind === "ticks" ? input.ticks!.size : input.bars.volume;
  for (let i = 0; i < sizes.length; i++) volume += sizes[i]!;
  const gaps = featureGaps(input);
  return {
    path, file: input.file, format: input.format, kind: input.kind, contract: contractName(path), symbol: symbolFromName(input.file),
    rows: n, first: n ? iso(times[0]!) : undefined, last: n ? iso(times[n - 1]!) : undefined, sessions, volume,
    hasFootprint: !!input.bars.footprint,
    studyRoles: [...input.bars.study.keys()].filter((k) => !input.bars.study.get(k)!.every(Number.isNaN)),
    gaps,
    notes: [...gaps.map(featureGapText), ...input.notices, ...(input.skipped.length ? [`${input.skipped.length} rows skipped (lenient)`] : [])],
    skipped: input.skipped.length,
  };
}

/** Plain-text form of a report, one fact per line. */
export function formatInspectReport(r: InspectReport): string {
  const what = r.kind === "ticks" ? "trades" : "bars";
  const lines = [
    `${r.file}`,
    `  format     ${r.format} (${r.kind})`,
    `  contract   ${r.contract}${r.symbol ? ` (${r.symbol})` : ""}`,
    `  ${what.padEnd(10)} ${r.rows}`,
    `  volume     ${r.volume}`,
    `  first      ${r.first ?? "—"}`,
    `  last       ${r.last ?? "—"}`,
    `  sessions   ${r.sessions}`,
    `  footprint  ${r.kind === "ticks" ? "built from the trades" : r.hasFootprint ? "yes" : "no"}`,
  ];
  if (r.studyRoles.length) lines.push(`  study      ${r.studyRoles.join(", ")}`);
  if (r.notes.length) lines.push(...r.notes.map((n) => `  note       ${n}`));
  else lines.push("  note       every signal of SPEC §5 can be computed");
  return lines.join("\n");
}
