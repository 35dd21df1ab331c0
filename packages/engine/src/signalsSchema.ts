/**
 * The signals table of SPEC §9, described once: every column's name, logical type, unit and the
 * stage it comes from. The CSV and Arrow writers, the reader of a signals file, the analysis and the
 * report take their column names and types from here; nothing else types them out.
 *
 * Forward-return columns depend on the configured horizons (`outcomes.horizons`), so the schema is
 * made for a list of horizons; `returnColumn(h)` / `horizonOf(name)` convert between the two.
 */

/** Logical type of a column (the CSV writes every one as text; typed formats map them). */
export type SignalColumnType =
  /** exchange time with its UTC offset (CSV: ISO 8601 to the millisecond) */
  | "timestamp"
  /** the session's date, YYYY-MM-DD */
  | "date"
  | "float"
  /** whole numbers (ticks, contracts, bars); empty where missing */
  | "int"
  /** 0/1 */
  | "flag"
  /** a word from a small set (direction, kind, scenario) */
  | "text";

export type SignalColumnSource = "bars" | "metrics" | "signals" | "levels" | "outcomes" | "input";

export interface SignalColumn {
  name: string;
  type: SignalColumnType;
  /** "points", "ticks", "bars", "usd", "contracts", "ratio" or "" */
  unit: string;
  source: SignalColumnSource;
  /** One line for people (docs, schema metadata). */
  doc: string;
}

export const DEFAULT_HORIZONS: readonly number[] = Object.freeze([5, 10, 20, 30, 40, 50, 75, 100]);

const col = (name: string, type: SignalColumnType, unit: string, source: SignalColumnSource, doc: string): SignalColumn =>
  Object.freeze({ name, type, unit, source, doc });

const HEAD: readonly SignalColumn[] = [
  col("time", "timestamp", "", "bars", "bar time (its first trade) in exchange time"),
  col("session", "date", "", "bars", "trading day the bar belongs to (SPEC §1)"),
  col("open", "float", "points", "bars", "open"),
  col("high", "float", "points", "bars", "high"),
  col("low", "float", "points", "bars", "low"),
  col("close", "float", "points", "bars", "close"),
  col("volume", "int", "contracts", "bars", "volume"),
  col("delta", "int", "contracts", "bars", "ask volume − bid volume"),
  col("max_delta", "int", "contracts", "bars", "highest running delta after a trade of the bar"),
  col("min_delta", "int", "contracts", "bars", "lowest running delta after a trade of the bar"),
  col("delta_pct", "float", "ratio", "metrics", "delta / volume"),
  col("trapped_pct", "float", "ratio", "metrics", "delta / its extreme on the same side"),
  col("vol_star", "float", "ratio", "metrics", "volume / mean volume of the last volStarWindow bars"),
  col("td_ratio", "float", "ratio", "metrics", "close / low (long) or close / high (short)"),
  col("close_location", "float", "ratio", "metrics", "(close − low) / (high − low)"),
  col("inv_long", "flag", "", "signals", "long inversion"),
  col("inv_short", "flag", "", "signals", "short inversion"),
  col("inv_strong", "flag", "", "signals", "strong inversion (trapped_pct ≥ strongTrappedPct)"),
  col("exh_long", "flag", "", "signals", "long exhaustion"),
  col("exh_short", "flag", "", "signals", "short exhaustion"),
  col("exh_accel", "flag", "", "signals", "accelerated exhaustion"),
  col("direction", "text", "", "signals", "long, short, none or conflict"),
  col("level_kind", "text", "", "levels", "kind of the nearest known level"),
  col("level_price", "float", "points", "levels", "price of the nearest known level"),
  col("level_strength", "float", "", "levels", "strength of the nearest known level"),
  col("level_distance", "int", "ticks", "levels", "level − entry"),
  col("near_level", "flag", "", "levels", "|level_distance| ≤ nearTicks"),
  col("scenario", "text", "", "levels", "SC1, SC2, SC3 or none"),
  col("entry", "float", "points", "outcomes", "entry price"),
  col("stop", "float", "points", "outcomes", "stop price"),
];

const TAIL: readonly SignalColumn[] = [
  col("stopped", "flag", "", "outcomes", "the stop was hit within the scan"),
  col("stop_bar", "int", "bars", "outcomes", "bars after entry when the stop was hit"),
  col("mfe", "int", "ticks", "outcomes", "maximum favourable excursion before the stop"),
  col("mae", "int", "ticks", "outcomes", "maximum adverse excursion (the stop distance when stopped)"),
  col("mfe_bar", "int", "bars", "outcomes", "first bar that reached the MFE"),
  col("win", "flag", "", "outcomes", "MFE ≥ targetTicks before the stop"),
  col("bracket_ticks", "int", "ticks", "outcomes", "bracket trade result"),
  col("bracket_usd", "float", "usd", "outcomes", "bracket trade result after costs"),
];

/**
 * After the fixed columns (SPEC §9): the contract, then the §5 footprint imbalance and auction marks.
 * The marks are empty where the input has no per-price footprint (the 5-minute bar exports).
 */
const EXTRA: readonly SignalColumn[] = [
  col("contract", "text", "", "input", "the input's contract name (tells overlapping contracts apart)"),
  col("imb_buy", "int", "", "signals", "rows with a diagonal buy imbalance (ask ≥ imbalanceRatio · bid one tick below)"),
  col("imb_sell", "int", "", "signals", "rows with a diagonal sell imbalance (bid ≥ imbalanceRatio · ask one tick above)"),
  col("stacked_buy", "flag", "", "signals", "at least stackedRows consecutive buy-imbalance rows"),
  col("stacked_sell", "flag", "", "signals", "at least stackedRows consecutive sell-imbalance rows"),
  col("unfinished_high", "flag", "", "signals", "the high row traded on both sides (bid > 0 and ask > 0)"),
  col("unfinished_low", "flag", "", "signals", "the low row traded on both sides (bid > 0 and ask > 0)"),
];

/** Name of the forward-return column at horizon h. */
export const returnColumn = (h: number): string => `ret_${h}`;

/** Horizon of a forward-return column name, or undefined for any other name. */
export function horizonOf(name: string): number | undefined {
  const m = /^ret_([1-9]\d*)$/.exec(name);
  return m ? Number(m[1]) : undefined;
}

/** The columns of SPEC §9 in output order (the fixed ones, then contract and the §5 marks), for the given horizons. */
export function signalsSchema(horizons: readonly number[] = DEFAULT_HORIZONS): SignalColumn[] {
  const returns = horizons.map((h) => col(returnColumn(h), "int", "ticks", "outcomes", `forward return after ${h} bars`));
  return [...HEAD, ...returns, ...TAIL, ...EXTRA];
}

/** Column names whose values are text in a signals file (everything else reads as numbers). */
export function isTextColumn(type: SignalColumnType): boolean {
  return type === "timestamp" || type === "date" || type === "text";
}

/** The schema entry of a column name (any horizon), or undefined for a column SPEC §9 does not fix. */
export function signalColumn(name: string): SignalColumn | undefined {
  const h = horizonOf(name);
  if (h !== undefined) return signalsSchema([h])[HEAD.length];
  return HEAD.find((c) => c.name === name) ?? TAIL.find((c) => c.name === name) ?? EXTRA.find((c) => c.name === name);
}

/** Names used by the analysis and the report, so that no other file spells them. */
export const SIGNAL_COLUMNS = Object.freeze({
  time: "time", session: "session", direction: "direction",
  invLong: "inv_long", invShort: "inv_short", invStrong: "inv_strong",
  exhLong: "exh_long", exhShort: "exh_short", exhAccel: "exh_accel",
  deltaPct: "delta_pct", trappedPct: "trapped_pct", volStar: "vol_star", tdRatio: "td_ratio", closeLocation: "close_location",
  levelKind: "level_kind", levelPrice: "level_price", levelStrength: "level_strength", levelDistance: "level_distance",
  nearLevel: "near_level", scenario: "scenario", entry: "entry", stop: "stop",
  stopped: "stopped", stopBar: "stop_bar", mfe: "mfe", mae: "mae", mfeBar: "mfe_bar", win: "win",
  bracketTicks: "bracket_ticks", bracketUsd: "bracket_usd",
  contract: "contract", imbBuy: "imb_buy", imbSell: "imb_sell", stackedBuy: "stacked_buy", stackedSell: "stacked_sell",
  unfinishedHigh: "unfinished_high", unfinishedLow: "unfinished_low",
} as const);
