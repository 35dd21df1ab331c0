/**
 * Roles a study column of a bar + study export can be bound to (SPEC §3.2), by a column map or the
 * built-in 103-column preset. Readers store them in BarTable.study under these names; maxDelta and
 * minDelta go to the BarTable's own columns.
 */
export const STUDY_ROLES = {
  // footprint edge volumes (exhaustion without a full footprint)
  askVolHigh0: "ask volume at the bar's high",
  askVolHigh1: "ask volume one tick below the high",
  askVolHigh2: "ask volume two ticks below the high",
  bidVolLow0: "bid volume at the bar's low",
  bidVolLow1: "bid volume one tick above the low",
  bidVolLow2: "bid volume two ticks above the low",
  // levels the export carries (become level kinds export_poc, export_vah, …)
  poc: "point of control",
  vah: "value area high",
  val: "value area low",
  vwap: "volume-weighted average price",
  // signal flags of the user's own study (non-zero = fired)
  invLong: "inversion long flag",
  invShort: "inversion short flag",
  invStrongLong: "strong inversion long flag",
  invStrongShort: "strong inversion short flag",
  exhLong: "exhaustion long flag",
  exhShort: "exhaustion short flag",
  exhAccelLong: "accelerated exhaustion long flag",
  exhAccelShort: "accelerated exhaustion short flag",
} as const;

export type StudyRole = keyof typeof STUDY_ROLES;
/** Roles stored in the BarTable's own columns rather than `study`. */
export const BAR_ROLES = ["maxDelta", "minDelta"] as const;
/** Level roles: their values are prices in points in the file, stored in ticks. */
export const LEVEL_ROLES: readonly StudyRole[] = ["poc", "vah", "val", "vwap"];
