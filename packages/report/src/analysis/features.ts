/**
 * The signal features the regressions and the threshold search use: the direction and family as
 * 0/1 flags, the strength and near-level flags, and the continuous bar metrics (|delta_pct| and
 * |level_distance| as magnitudes, since their sign only repeats the direction).
 */
import { SIGNAL_COLUMNS as C } from "@tda/engine";
import { numeric, type SignalClassification, type SignalsTable } from "./signals-table.js";

/** Regression flags; `exhaustion` is 0/1 with inversion as the reference. */
export const FLAGS = ["is_long", "exhaustion", C.invStrong, C.exhAccel, C.nearLevel] as const;
/** Continuous regression features (centred in the design). */
export const CONTINUOUS = [C.volStar, "abs_delta_pct", C.trappedPct, C.closeLocation] as const;
/** Features swept by the percentile threshold search. */
export const THRESHOLD_FEATURES = [C.volStar, "abs_delta_pct", C.trappedPct, C.closeLocation, "abs_level_distance"] as const;

export type Features = Record<string, Float64Array | undefined>;

export function signalFeatures(table: SignalsTable, n: number, cls: SignalClassification): Features {
  const num = (name: string) => numeric(table, name, n);
  const abs = (c: Float64Array | undefined) => (c ? c.map(Math.abs) : undefined);
  return {
    is_long: Float64Array.from(cls.direction, (d) => (d === "long" ? 1 : d === "short" ? 0 : NaN)),
    exhaustion: table[C.exhLong] || table[C.exhShort] ? cls.isExhaustion : undefined,
    [C.invStrong]: num(C.invStrong),
    [C.exhAccel]: num(C.exhAccel),
    [C.nearLevel]: num(C.nearLevel),
    [C.volStar]: num(C.volStar),
    abs_delta_pct: abs(num(C.deltaPct)),
    [C.trappedPct]: num(C.trappedPct),
    [C.closeLocation]: num(C.closeLocation),
    abs_level_distance: abs(num(C.levelDistance)),
  };
}
