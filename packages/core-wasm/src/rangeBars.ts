import { callKernel, place } from "./abi.js";
import { checkLengths, withArena, type Column } from "./arena.js";
import { TICK_BARS_COUNT, TICK_BARS_FILL } from "./kernels.js";

/** How ticks are cut into bars (SPEC §4). */
export type TickBarKind = "range" | "trades" | "volume" | "seconds";

const KIND_CODE: Record<TickBarKind, number> = { range: 0, trades: 1, volume: 2, seconds: 3 };

/** Trades as the builder reads them (SPEC §2 `ticks`) plus the session of every tick. */
export interface TickBarInput {
  /** µs since the Unix epoch (UTC), non-decreasing. */
  time: Column<Float64Array>;
  /** Integer ticks. */
  price: Column<Int32Array>;
  size: Column<Float64Array>;
  /** +1 buyer at the ask, −1 seller at the bid, 0 unknown. */
  side: Column<Int8Array>;
  /** Session id of each tick: a change starts a new bar. */
  session: Column<Int32Array>;
}

/** The bars, column by column (the shape of the engine's BarTable without study columns). */
export interface TickBars {
  length: number;
  time: Float64Array;
  lastTime: Float64Array;
  session: Int32Array;
  open: Int32Array;
  high: Int32Array;
  low: Int32Array;
  close: Int32Array;
  volume: Float64Array;
  trades: Float64Array;
  bidVolume: Float64Array;
  askVolume: Float64Array;
  delta: Float64Array;
  maxDelta: Float64Array;
  minDelta: Float64Array;
  footprint: { offset: Int32Array; price: Int32Array; bidVolume: Float64Array; askVolume: Float64Array };
}

/** Checks the bar size for its kind; throws a message a user can act on. */
export function checkBarSize(kind: TickBarKind, size: number): void {
  if (!(kind in KIND_CODE)) throw new Error(`bar kind must be one of range, trades, volume, seconds, got "${kind}"`);
  const whole = kind === "range" || kind === "trades";
  if (!Number.isFinite(size) || size <= 0 || (whole && !Number.isInteger(size)) || (kind === "range" && size > 1_000_000)) {
    throw new Error(`${kind} bar size must be a ${whole ? "whole number" : "number"} > 0, got ${size}`);
  }
}

/**
 * Cuts ticks into bars of one kind with the WebAssembly builder (see assembly/rangeBars.ts for the
 * exact rules). Two kernel calls: a counting pass sizes every output block, then one fill pass writes
 * bars and footprint.
 */
export function buildTickBars(input: TickBarInput, kindName: TickBarKind, size: number): TickBars {
  checkBarSize(kindName, size);
  const n = input.time.length;
  checkLengths("buildTickBars", input, n);
  return withArena((a) => {
    // the ticks are read by both passes: copied in once
    const ticks = {
      time: place(a, "f64", input.time, n), price: place(a, "i32", input.price, n), size: place(a, "f64", input.size, n),
      side: place(a, "i8", input.side, n), session: place(a, "i32", input.session, n),
    };
    const kind = KIND_CODE[kindName];
    const count = callKernel(a, TICK_BARS_COUNT, { n, kind, barSize: size }, ticks);
    const bars = count.result;
    const rows = count.out.rows.read()[0]!;
    if (rows > 0x7fffffff) throw new Error(`buildTickBars: ${rows} footprint rows do not fit in memory; use a smaller range or fewer ticks`);
    // The fill pass's output blocks are sized by the counting pass.
    const fill = callKernel(a, TICK_BARS_FILL, { n, kind, barSize: size, bars, rows }, ticks);
    if (fill.result !== bars) throw new Error(`buildTickBars: counting pass found ${bars} bars, fill pass wrote ${fill.result}`);
    const { fpOffset, fpPrice, fpBid, fpAsk, ...columns } = fill.read();
    return {
      length: bars,
      time: columns.time, lastTime: columns.lastTime, session: columns.session,
      open: columns.open, high: columns.high, low: columns.low, close: columns.close,
      volume: columns.volume, trades: columns.trades, bidVolume: columns.bidVolume, askVolume: columns.askVolume,
      delta: columns.delta, maxDelta: columns.maxDelta, minDelta: columns.minDelta,
      footprint: { offset: fpOffset, price: fpPrice, bidVolume: fpBid, askVolume: fpAsk },
    };
  });
}
