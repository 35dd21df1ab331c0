import { callKernel, place } from "./abi.js";
import { checkLengths, withArena, type Column } from "./arena.js";
import { BAR_METRICS, VOL_STAR } from "./kernels.js";

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

/** SPEC §5 bar metrics for whole columns; `window` is the volStar window (default 50). */
export function barMetrics(input: BarMetricsInput, window = 50): BarMetrics {
  if (!Number.isInteger(window) || window < 1) throw new Error(`volStar window must be a whole number ≥ 1, got ${window}`);
  const n = input.close.length;
  checkLengths("barMetrics", input, n);
  return withArena((a) => {
    const volume = place(a, "f64", input.volume, n); // read by both kernels: copied in once
    const m = callKernel(a, BAR_METRICS, { n }, { ...input, volume }).read();
    const { volStar } = callKernel(a, VOL_STAR, { n, window }, { volume, group: input.group }).read();
    return {
      deltaPct: m.deltaPct, trappedPct: m.trappedPct, volStar,
      tdLong: m.tdLong, tdShort: m.tdShort, closeLocation: m.closeLocation,
    };
  });
}
