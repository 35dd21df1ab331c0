import { checkLengths, kernels, withArena, type Column } from "./arena.js";

export interface BarMetricsInput {
  high: Column<Int32Array>;
  low: Column<Int32Array>;
  close: Column<Int32Array>;
  volume: Column<Float64Array>;
  delta: Column<Float64Array>;
  /** NaN where unknown (plain bar exports carry no max/min delta). */
  maxDelta: Column<Float64Array>;
  minDelta: Column<Float64Array>;
  /** Group id per bar (the contract): the volume mean restarts where it changes. */
  group: Column<Int32Array>;
}

export interface BarMetrics {
  deltaPct: Float64Array;
  trappedPct: Float64Array;
  volStar: Float64Array;
  /** close / low: the seed's TD% for a long. */
  tdLong: Float64Array;
  /** close / high: the seed's TD% for a short. */
  tdShort: Float64Array;
  closeLocation: Float64Array;
}

type Kernels = {
  barMetrics(n: number, high: number, low: number, close: number, volume: number, delta: number,
    maxDelta: number, minDelta: number, outDeltaPct: number, outTrapped: number, outTdLong: number,
    outTdShort: number, outCloseLoc: number): void;
  volStar(n: number, volume: number, group: number, window: number, out: number): void;
};

/** SPEC §5 bar metrics for whole columns; `window` is the volStar window (default 50). */
export function barMetrics(input: BarMetricsInput, window = 50): BarMetrics {
  if (!Number.isInteger(window) || window < 1) throw new Error(`volStar window must be a whole number ≥ 1, got ${window}`);
  const n = input.close.length;
  checkLengths("barMetrics", input, n);
  const k = kernels<Kernels>();
  const I = Int32Array, F = Float64Array;
  return withArena((a) => {
    const p = {
      high: a.allocOf(I, n), low: a.allocOf(I, n), close: a.allocOf(I, n), group: a.allocOf(I, n),
      volume: a.allocOf(F, n), delta: a.allocOf(F, n), maxDelta: a.allocOf(F, n), minDelta: a.allocOf(F, n),
      deltaPct: a.allocOf(F, n), trapped: a.allocOf(F, n), volStar: a.allocOf(F, n),
      tdLong: a.allocOf(F, n), tdShort: a.allocOf(F, n), closeLoc: a.allocOf(F, n),
    };
    // Every block is reserved: no more growth in this call, views taken now stay valid.
    a.write(I, p.high, input.high, n);
    a.write(I, p.low, input.low, n);
    a.write(I, p.close, input.close, n);
    a.write(I, p.group, input.group, n);
    a.write(F, p.volume, input.volume, n);
    a.write(F, p.delta, input.delta, n);
    a.write(F, p.maxDelta, input.maxDelta, n);
    a.write(F, p.minDelta, input.minDelta, n);
    k.barMetrics(n, p.high, p.low, p.close, p.volume, p.delta, p.maxDelta, p.minDelta,
      p.deltaPct, p.trapped, p.tdLong, p.tdShort, p.closeLoc);
    k.volStar(n, p.volume, p.group, window, p.volStar);
    const out: BarMetrics = {
      deltaPct: a.read(F, p.deltaPct, n),
      trappedPct: a.read(F, p.trapped, n),
      volStar: a.read(F, p.volStar, n),
      tdLong: a.read(F, p.tdLong, n),
      tdShort: a.read(F, p.tdShort, n),
      closeLocation: a.read(F, p.closeLoc, n),
    };
    return out;
  });
}
