import { checkLengths, kernels, withArena, type Column } from "./arena.js";

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

type Kernels = {
  tickBarsCount(n: number, kind: number, size: number, time: number, price: number, vol: number,
    session: number, outRows: number): number;
  tickBarsFill(n: number, kind: number, size: number, time: number, price: number, vol: number,
    side: number, session: number, oTime: number, oLast: number, oSession: number, oOpen: number,
    oHigh: number, oLow: number, oClose: number, oVolume: number, oTrades: number, oBid: number,
    oAsk: number, oDelta: number, oMax: number, oMin: number, fOffset: number, fPrice: number,
    fBid: number, fAsk: number): number;
};

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
export function buildTickBars(input: TickBarInput, kind: TickBarKind, size: number): TickBars {
  checkBarSize(kind, size);
  const n = input.time.length;
  checkLengths("buildTickBars", input, n);
  const k = kernels<Kernels>();
  const I = Int32Array, F = Float64Array, B = Int8Array;
  return withArena((a) => {
    const p = {
      time: a.allocOf(F, n), price: a.allocOf(I, n), size: a.allocOf(F, n), side: a.allocOf(B, n),
      session: a.allocOf(I, n), rows: a.allocOf(F, 1),
    };
    a.write(F, p.time, input.time, n);
    a.write(I, p.price, input.price, n);
    a.write(F, p.size, input.size, n);
    a.write(B, p.side, input.side, n);
    a.write(I, p.session, input.session, n);
    const code = KIND_CODE[kind];
    const bars = k.tickBarsCount(n, code, size, p.time, p.price, p.size, p.session, p.rows);
    const rows = a.read(F, p.rows, 1)[0]!;
    if (rows > 0x7fffffff) throw new Error(`buildTickBars: ${rows} footprint rows do not fit in memory; use a smaller range or fewer ticks`);
    // Output blocks are reserved now that their sizes are known; pointers stay valid across growth,
    // and no view is taken until every block exists.
    const o = {
      time: a.allocOf(F, bars), last: a.allocOf(F, bars), session: a.allocOf(I, bars),
      open: a.allocOf(I, bars), high: a.allocOf(I, bars), low: a.allocOf(I, bars), close: a.allocOf(I, bars),
      volume: a.allocOf(F, bars), trades: a.allocOf(F, bars), bid: a.allocOf(F, bars), ask: a.allocOf(F, bars),
      delta: a.allocOf(F, bars), max: a.allocOf(F, bars), min: a.allocOf(F, bars),
      fOffset: a.allocOf(I, bars + 1), fPrice: a.allocOf(I, rows), fBid: a.allocOf(F, rows), fAsk: a.allocOf(F, rows),
    };
    const wrote = k.tickBarsFill(n, code, size, p.time, p.price, p.size, p.side, p.session,
      o.time, o.last, o.session, o.open, o.high, o.low, o.close, o.volume, o.trades, o.bid, o.ask,
      o.delta, o.max, o.min, o.fOffset, o.fPrice, o.fBid, o.fAsk);
    if (wrote !== bars) throw new Error(`buildTickBars: counting pass found ${bars} bars, fill pass wrote ${wrote}`);
    return {
      length: bars,
      time: a.read(F, o.time, bars), lastTime: a.read(F, o.last, bars), session: a.read(I, o.session, bars),
      open: a.read(I, o.open, bars), high: a.read(I, o.high, bars), low: a.read(I, o.low, bars),
      close: a.read(I, o.close, bars), volume: a.read(F, o.volume, bars), trades: a.read(F, o.trades, bars),
      bidVolume: a.read(F, o.bid, bars), askVolume: a.read(F, o.ask, bars), delta: a.read(F, o.delta, bars),
      maxDelta: a.read(F, o.max, bars), minDelta: a.read(F, o.min, bars),
      footprint: {
        offset: a.read(I, o.fOffset, bars + 1), price: a.read(I, o.fPrice, rows),
        bidVolume: a.read(F, o.fBid, rows), askVolume: a.read(F, o.fAsk, rows),
      },
    };
  });
}
