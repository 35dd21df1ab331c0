import type { Config } from "../config.js";
import { symbolFromName } from "../instruments.js";
import { assembleMarket, contractName } from "./loadMarket.js";
import { SessionBarStream } from "./sessionBarStream.js";
import { emptyTickTable } from "../tickTable.js";
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

/**
 * Reads a file the way `run` would and summarises it: the same readers, checks and skip share
 * (`config.lenientMaxSkipShare`), trades streamed into bars one session at a time as `run` builds
 * them (so memory stays bounded on a tick file of any size, and sessions are counted on those bars
 * by SPEC §1, as `run` counts them).
 */
export function inspectInput(path: string, config: Config, opts: InspectOptions = {}): InspectReport {
  const spec = instrument(config.instrument);
  const stream = new SessionBarStream(config);
  let first = NaN, last = NaN, tradeVolume = 0, sided = false;
  const input = readInput(path, {
    tickSize: spec.tickSize, sourceTimeZone: config.sourceTimeZone, exchangeTimeZone: config.sessions.exchangeTimeZone,
    lenient: config.lenient, lenientMaxSkipShare: config.lenientMaxSkipShare, format: opts.format, columnMap: opts.columnMap,
    sink: {
      chunkTicks: 1 << 16,
      onChunk: (c) => {
        if (c.length === 0) return;
        if (Number.isNaN(first)) first = c.time[0]!;
        last = c.time[c.length - 1]!;
        for (let i = 0; i < c.length; i++) { tradeVolume += c.size[i]!; if (c.side[i] !== 0) sided = true; }
        stream.push(c);
      },
    },
  });
  const ticks = input.kind === "ticks";
  const bars = ticks ? stream.finish() : input.bars;
  const n = ticks ? input.trades ?? 0 : bars.length;
  const sessions = assembleMarket([{ ...input, bars, path }], config).market.sessions.length;
  const tz = timeZone(config.sessions.exchangeTimeZone);
  const iso = (us: number) => isoExchangeTime(us, tz.offsetAt(us / 1000));
  let volume = tradeVolume;
  if (!ticks) {
    first = bars.time[0] ?? NaN;
    last = bars.time[n - 1] ?? NaN;
    for (let i = 0; i < n; i++) volume += bars.volume[i]!;
  }
  // the trades themselves are gone (streamed): what featureGaps asks of them is whether any has a side
  const gaps = featureGaps(ticks ? { ticks: { ...emptyTickTable(1), length: n, side: Int8Array.of(sided ? 1 : 0) } } : input);
  return {
    path, file: input.file, format: input.format, kind: input.kind, contract: contractName(path), symbol: symbolFromName(input.file),
    rows: n, first: n ? iso(first) : undefined, last: n ? iso(last) : undefined, sessions, volume,
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
