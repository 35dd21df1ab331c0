import { basename } from "node:path";
import type { Contract, Market, Session } from "../barTable.js";
import { concatBarTables } from "../bars/concat.js";
import type { Config } from "../config.js";
import type { SkippedRow } from "../errors.js";
import { instrument } from "../instruments.js";
import { readInput, type InputBars } from "../io/readInput.js";
import { INPUT_FORMATS, type InputFormat } from "../io/detect.js";
import { loadColumnMap } from "../io/columnMap.js";
import { SessionBarStream } from "./sessionBarStream.js";
import { assignSessions, barClock } from "../sessions/sessions.js";
import { stageClock, type StageTimer } from "./timings.js";

/** Reports what a long step is doing (for a progress line; never part of the output). */
export type Progress = (what: string) => void;

export interface LoadedMarket {
  market: Market;
  skipped: SkippedRow[];
  inputs: Pick<InputBars, "file" | "format">[];
}

/** Contract name of a file: its base name up to the first dot ("ESH24-CME.scid_BarData__5m.txt" → "ESH24-CME"). */
export function contractName(path: string): string {
  return basename(path).split(".")[0]!;
}

/**
 * Reads every input file as its own contract (SPEC §1: never joined across a roll), computes the
 * exchange-time clock and the sessions. Files are ordered by their first bar's time.
 */
export function loadMarket(paths: string[], config: Config, onProgress?: Progress, timer?: StageTimer): LoadedMarket {
  const spec = instrument(config.instrument);
  const format = config.inputFormat as InputFormat | undefined;
  if (format !== undefined && !INPUT_FORMATS.includes(format)) {
    throw new Error(`input format "${format}" is not known (expected one of ${INPUT_FORMATS.join(", ")})`);
  }
  const columnMap = config.columnMap ? loadColumnMap(config.columnMap) : undefined;
  const read = paths.map((p) => {
    // Tick formats stream into bars one session at a time (SPEC §4: 8-tick range bars by default, never
    // spanning a session), so memory holds one session's trades whatever the file's size.
    const stream = new SessionBarStream(config);
    // timings: the whole read is "read" except the time spent building bars from the trades
    const started = stageClock();
    let building = 0;
    const r = readInput(p, {
      tickSize: spec.tickSize,
      sourceTimeZone: config.sourceTimeZone,
      exchangeTimeZone: config.sessions.exchangeTimeZone,
      lenient: config.lenient,
      lenientMaxSkipShare: config.lenientMaxSkipShare,
      format,
      columnMap,
      sink: {
        chunkTicks: 1 << 16,
        onChunk: (c) => {
          const t = stageClock();
          stream.push(c);
          building += stageClock() - t;
          onProgress?.(`${basename(p)}: ${stream.trades.toLocaleString("en-US")} trades read`);
        },
      },
    });
    timer?.add("read", stageClock() - started - building);
    timer?.add("bars", building);
    if (r.kind === "ticks") {
      const bars = timer ? timer.time("bars", () => stream.finish()) : stream.finish();
      return { ...r, bars, notices: [...r.notices, `${r.file}: ${r.trades} trades built into ${bars.length} ${config.bars.kind} bars of ${config.bars.size}`] };
    }
    return r;
  });
  const order = read.map((r, k) => k).sort((a, b) => (read[a]!.bars.time[0] ?? 0) - (read[b]!.bars.time[0] ?? 0) || a - b);
  return assembleMarket(order.map((k) => ({ ...read[k]!, path: paths[k]! })), config, timer);
}

/** Builds a Market from already-read parts, in the given order (one contract each). */
export function assembleMarket(parts: (InputBars & { path: string })[], config: Config, timer?: StageTimer): LoadedMarket {
  const spec = instrument(config.instrument);
  let t = stageClock();
  const bars = concatBarTables(parts.map((p) => p.bars));
  timer?.add("bars", stageClock() - t);
  t = stageClock();
  const clock = barClock(bars.time, config.sessions.exchangeTimeZone);
  const sessions: Session[] = [];
  const contracts: Contract[] = [];
  const notices: string[] = [];
  let at = 0;
  parts.forEach((p, c) => {
    contracts.push({ name: contractName(p.path), file: p.path });
    sessions.push(...assignSessions(bars, clock, at, at + p.bars.length, c, config.sessions, sessions.length));
    at += p.bars.length;
    notices.push(...p.notices);
  });
  timer?.add("sessions", stageClock() - t);
  return {
    market: { tickSize: spec.tickSize, timeZone: config.sessions.exchangeTimeZone, bars, clock, sessions, contracts, notices },
    skipped: parts.flatMap((p) => p.skipped),
    inputs: parts.map((p) => ({ file: p.file, format: p.format })),
  };
}
