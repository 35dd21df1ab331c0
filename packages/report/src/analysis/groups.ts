/**
 * The first sections of the analysis: which rows are directional signals, their outcome columns,
 * the base win rate, and the group table direction × family × strength × near-level × scenario
 * (plus any user grouping), with the notes that say what could not be computed.
 */
import { returnColumn, SIGNAL_COLUMNS as C } from "@tda/engine";
import { type GroupSummary, groupTable, type GroupTable, summarizeGroup, type TradeColumns } from "@tda/stats";
import type { AnalysisSettings } from "./options.js";
import { numeric, type SignalClassification, type SignalsTable, text } from "./signals-table.js";

export interface SignalCounts {
  rows: number;
  directional: number;
  long: number;
  short: number;
  conflict: number;
  none: number;
  missingDirection: number;
  /** Directional rows with a known win/loss. */
  withOutcome: number;
}

/** Directional rows (long/short) in time order; conflict, none and missing directions are counted. */
export function directionalRows(cls: SignalClassification, n: number, notes: string[]): { rows: number[]; counts: SignalCounts } {
  const rows: number[] = [];
  const counts: SignalCounts = { rows: n, directional: 0, long: 0, short: 0, conflict: 0, none: 0, missingDirection: 0, withOutcome: 0 };
  for (let i = 0; i < n; i++) {
    const d = cls.direction[i];
    if (d === "long" || d === "short") {
      rows.push(i);
      counts[d]++;
    } else if (d === "conflict") counts.conflict++;
    else if (d === "none") counts.none++;
    else counts.missingDirection++;
  }
  counts.directional = rows.length;
  if (counts.conflict > 0) notes.push(`${counts.conflict} conflict signal(s) (long and short flags on one bar) counted but excluded`);
  return { rows, counts };
}

/** The outcome columns of SPEC §9 as the trade columns of a group summary. */
export function tradeColumns(table: SignalsTable, n: number, horizons: readonly number[], notes: string[]): TradeColumns {
  const returns: Record<number, Float64Array> = {};
  for (const h of horizons) {
    const c = numeric(table, returnColumn(h), n);
    if (c) returns[h] = c;
    else notes.push(`column ${returnColumn(h)} absent`);
  }
  const trades: TradeColumns = { returns };
  const win = numeric(table, C.win, n);
  if (win) trades.win = win;
  else notes.push(`column ${C.win} absent: no win rates, binomial tests or logit`);
  const assign = (key: keyof Omit<TradeColumns, "returns" | "win">, name: string) => {
    const c = numeric(table, name, n);
    if (c) trades[key] = c;
    else notes.push(`column ${name} absent: its statistics are empty`);
  };
  assign("stopped", C.stopped);
  assign("mfe", C.mfe);
  assign("mae", C.mae);
  assign("resultTicks", C.bracketTicks);
  assign("resultUsd", C.bracketUsd);
  return trades;
}

/** Win rate of every directional signal with a known outcome, and how many there are. */
export function baseWinRate(win: ArrayLike<number> | undefined, directional: readonly number[], notes: string[]): { rate: number | null; known: number } {
  const known = win ? directional.filter((r) => !Number.isNaN(win[r]!)) : [];
  if (directional.length > 0 && known.length === 0) notes.push("no directional signal has a known outcome (win is empty everywhere)");
  return { rate: known.length ? known.filter((r) => win![r] === 1).length / known.length : null, known: known.length };
}

export function signalGroups(
  table: SignalsTable,
  n: number,
  cls: SignalClassification,
  directional: readonly number[],
  trades: TradeColumns,
  base: number | null,
  settings: AnalysisSettings,
  notes: string[],
): { groups: GroupTable; overall: GroupSummary; keys: Record<string, readonly string[]> } {
  const keys: Record<string, readonly string[]> = {
    direction: cls.direction.map((d) => d ?? ""),
    family: cls.family,
    strength: cls.strength,
    nearLevel: cls.nearLevel,
    scenario: cls.scenario,
  };
  for (const name of settings.groupBy) {
    const c = text(table, name, n);
    if (!c) notes.push(`group by ${name}: column absent, dimension ignored`);
    else if (name in keys) notes.push(`group by ${name}: already a group dimension, ignored`);
    else keys[name] = c.map((v) => v ?? "n/a");
  }
  const groups = groupTable(keys, directional, trades, base, settings.minGroupSize);
  const overall: GroupSummary = { ...summarizeGroup(directional, trades, base), binomialP: null };
  if (groups.groups.length === 0 && directional.length > 0)
    notes.push(`no group reaches n ≥ ${settings.minGroupSize}: ${groups.unreported.groups} group(s) with ${groups.unreported.rows} signal(s) are too small to report`);

  // A strong inversion needs trapped_pct (SPEC §5); when it is empty on every inversion and
  // inv_strong is 0 throughout, "standard" means "could not be computed", not "not strong".
  const trapped = numeric(table, C.trappedPct, n);
  const invStrong = numeric(table, C.invStrong, n);
  const inversions = directional.filter((r) => cls.isInversion[r] === 1);
  if (
    inversions.length > 0 &&
    inversions.every((r) => !trapped || Number.isNaN(trapped[r]!)) &&
    inversions.every((r) => !invStrong || invStrong[r] !== 1)
  )
    notes.push(
      `${C.trappedPct} is empty for all ${inversions.length} inversions and none is flagged strong: inversion strength could not be computed, so "standard" in the groups means "unknown", not "not strong"`,
    );
  return { groups, overall, keys };
}
