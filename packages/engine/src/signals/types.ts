import type { SignalClassification } from "@tda/core-wasm";
/** Direction codes of a bar (SPEC §5): the Int8Array `direction` column holds these. */
export const DIRECTION = { none: 0, long: 1, short: -1, conflict: 2 } as const;
export type DirectionName = keyof typeof DIRECTION;
export function directionName(code: number): DirectionName {
  return code === 1 ? "long" : code === -1 ? "short" : code === 2 ? "conflict" : "none";
}

/**
 * Per-bar signal flags after the hierarchy (SPEC §5, §9), one entry per bar of the market: the WASM
 * classification (invLong, invShort, invStrong — the inversion that fired is strong, exhLong,
 * exhShort, exhAccel — the exhaustion that fired is accelerated, direction — DIRECTION codes) plus
 * what could not be computed.
 */
export interface SignalColumns extends Omit<SignalClassification, "conflicts"> {
  /** What could not be computed and why (e.g. "exhaustion: no footprint in ESH24 …"). */
  notices: string[];
}

/** Where each family's flags came from, per contract (see docs/signals.md). */
export interface SignalSources {
  contract: number; // index into Market.contracts
  /** "detected": our rules on the bars; "export": the input's own study flag columns. */
  inversion: "detected" | "export";
  /** "trappedPct": strong inversion assessed; "unavailable": no max/min delta (all reported standard). */
  strength: "trappedPct" | "partial" | "unavailable" | "export";
  exhaustion: "footprint" | "edges" | "export" | "none";
}

/** SignalColumns plus the provenance of every family (what detectSignals returns). */
export interface DetectedSignals extends SignalColumns {
  sources: SignalSources[];
  /** Bars with a long and a short flag (direction conflict). */
  conflicts: number;
}
