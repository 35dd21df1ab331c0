import type { ExtraLevelKind } from "../config.js";

/** Level kinds in tie-break order (SPEC §6), then the export's own levels, then the extra kinds (EXTRA_LEVEL_KINDS). */
export const LEVEL_KINDS = ["cva_high", "cva_low", "cva_poc", "prior_vah", "prior_val", "prior_poc"] as const;
export type LevelKind = (typeof LEVEL_KINDS)[number] | `export_${string}` | ExtraLevelKind;
export { EXTRA_LEVEL_KINDS, type ExtraLevelKind } from "../config.js";

export const SCENARIO = { none: 0, SC1: 1, SC2: 2, SC3: 3 } as const;
export type ScenarioName = keyof typeof SCENARIO;

/** Per-bar level columns (SPEC §6, §9). Only directional bars get values; others are empty. */
export interface LevelColumns {
  /** Kind of the nearest level, or null (no level known / not directional). */
  levelKind: (string | null)[];
  /** Level price in ticks (NaN when none). */
  levelPrice: Float64Array;
  levelStrength: Float64Array; // NaN when none
  /** Signed distance level − entry in ticks (NaN when none). */
  levelDistance: Float64Array;
  nearLevel: Uint8Array;
  /** SCENARIO codes. */
  scenario: Int8Array;
  /** Per-session facts for the report: profile, value area, shape, levels known at its start. */
  sessions: SessionLevels[];
  notices: string[];
}

export interface SessionLevels {
  session: number; // index into Market.sessions
  profile?: {
    high: number; low: number; poc: number; vah: number; val: number; // ticks
    volumePoc: number; volumeVah: number; volumeVal: number;
    shape: "D" | "P" | "b" | "thin";
    tpoTotal: number;
    /** High / low of the first hour of RTH (sessionStart … +60 min); NaN when no bar traded in it. */
    initialBalanceHigh: number; initialBalanceLow: number;
    /** Rows with exactly one TPO (tails included). */
    singlePrints: number;
    /** Volume profile total; from the footprint, or estimated by spreading each bar's volume evenly. */
    volumeTotal: number;
    volumeFromFootprint: boolean;
  };
  /** Levels known at the start of the session (no look-ahead), by price then the SPEC tie order. */
  levels: {
    kind: string; price: number; strength: number;
    /** Sessions in the composite (1 for prior-session levels). */
    sessions: number;
    /** Session index of the composite's last session (the prior session for prior_ levels). */
    lastSession: number;
    /** The value area [val, vah] the level belongs to (ticks). */
    val: number; vah: number;
  }[];
}
