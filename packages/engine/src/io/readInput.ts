import { basename } from "node:path";
import { emptyBarTable, type BarTable } from "../barTable.js";
import { emptyTickTable, type TickTable } from "../tickTable.js";
import { InputError, type SkippedRow } from "../errors.js";
import type { MissingRole } from "./columnMap.js";
import { detectFormat } from "./detect.js";
import { isMarketFormat, type ReadContext } from "./format.js";
import type { TickSink } from "./tickBuilder.js";
import { TradingHoursCheck } from "./tradingHours.js";
import { FORMATS, formatById, marketFormats, type FormatRegistry, type InputFormat } from "./registry.js";

export type { InputFormat } from "./registry.js";

export interface InputOptions extends ReadContext {
  /** Overrides detection from the file's first bytes. */
  format?: InputFormat;
  /** Lenient reads stop when more than this share of the data rows is skipped (config.lenientMaxSkipShare, default 0.01). */
  lenientMaxSkipShare?: number;
}

/**
 * One read input. `kind` says what it holds: "bars" (bars filled) or "ticks" (`ticks` filled, `bars`
 * an empty table — the integrator turns ticks into bars with the range-bar builder).
 */
export interface InputBars {
  file: string;
  format: InputFormat;
  kind: "bars" | "ticks";
  bars: BarTable;
  ticks?: TickTable;
  skipped: SkippedRow[];
  notices: string[];
  /** Study export only: roles the column map could not bind, with their effect. */
  missing?: MissingRole[];
  /** Trades read (for tick formats; with a sink the trades themselves went to the sink). */
  trades?: number;
}

/**
 * Reads any supported input, dispatching on `opts.format` or the detected format. A file without a
 * single bar or trade (a header alone, or every row skipped) is not an error, but it is noticed.
 */
export function readInput(path: string, opts: InputOptions, registry: FormatRegistry = FORMATS): InputBars {
  let streamed = 0;
  const hours = new TradingHoursCheck();
  const sink: TickSink | undefined = opts.sink && {
    chunkTicks: opts.sink.chunkTicks,
    onChunk: (c) => {
      streamed += c.length;
      hours.addTimes(c.time, 0, c.length);
      opts.sink!.onChunk(c);
    },
  };
  const { readZone, ...r } = readAny(path, { ...opts, sink }, registry);
  if (r.kind === "ticks" && !sink) hours.addTimes(r.ticks!.time, 0, r.ticks!.length);
  if (r.kind === "ticks" && sink) {
    // a reader without streaming (Arrow) returned its trades whole: hand them on in chunks too
    const t = r.ticks!;
    for (let s = 0; s < t.length; s += sink.chunkTicks) {
      const e = Math.min(t.length, s + sink.chunkTicks);
      sink.onChunk({ length: e - s, time: t.time.subarray(s, e), price: t.price.subarray(s, e), size: t.size.subarray(s, e),
        side: t.side.subarray(s, e), bid: t.bid.subarray(s, e), ask: t.ask.subarray(s, e), hasQuote: t.hasQuote });
    }
    if (t.length) r.ticks = emptyTickTable(0);
  }
  if (r.kind === "bars") for (let i = 0; i < r.bars.length; i++) if (r.bars.volume[i]! > 0) hours.add(r.bars.time[i]!);
  if (r.kind === "ticks") r.trades = sink ? streamed : r.ticks!.length;
  const rows = r.kind === "ticks" ? r.trades! : r.bars.length;
  checkSkipShare(path, r.skipped, rows, opts.lenientMaxSkipShare ?? 0.01);
  const shifted = hours.notice(r.file, r.kind === "ticks" ? "trades" : "bars", readZone);
  if (shifted) r.notices = [...r.notices, shifted];
  if (rows === 0) {
    const what = r.kind === "ticks" ? "trades" : "bars";
    r.notices = [...r.notices, `${r.file}: no ${what} — ${r.skipped.length ? `all ${r.skipped.length} data rows were skipped` : "the file holds no data rows"}`];
  }
  return r;
}

/**
 * A lenient read that skipped more than `share` of its rows is not a read of the file: it stops, with
 * the first reason, so a run that skipped everything never ends well.
 */
function checkSkipShare(path: string, skipped: readonly SkippedRow[], kept: number, share: number): void {
  if (!(share >= 0 && share <= 1)) throw new Error(`lenientMaxSkipShare: expected a share from 0 to 1, got ${share}`);
  const total = kept + skipped.length;
  if (skipped.length === 0 || skipped.length <= share * total) return;
  const first = skipped[0]!;
  const pct = (x: number) => `${+(x * 100).toFixed(2)} %`;
  throw new InputError(path, 0, 0, `${skipped.length} of ${total} data rows skipped (${pct(skipped.length / total)}), more than lenientMaxSkipShare allows (${pct(share)}); the first, line ${first.line}:${first.column}: ${first.reason}`);
}

function readAny(path: string, opts: InputOptions, registry: FormatRegistry): InputBars & { readZone: string } {
  const format = opts.format ?? detectFormat(path, registry);
  const descriptor = formatById(format, registry);
  if (!descriptor || !isMarketFormat(descriptor)) {
    throw new Error(`unknown input format "${String(format)}" (known: ${marketFormats(registry).map((f) => f.id).join(", ")})`);
  }
  const r = descriptor.read(path, opts);
  const out: InputBars & { readZone: string } = { readZone: descriptor.readZone?.(opts) ?? "UTC", file: basename(path), format, kind: r.kind, bars: r.bars ?? emptyBarTable(0), skipped: r.skipped, notices: r.notices };
  if (r.kind === "ticks") out.ticks = r.ticks;
  if (r.missing) out.missing = r.missing;
  return out;
}
