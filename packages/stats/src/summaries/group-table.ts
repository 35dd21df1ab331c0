/**
 * Split rows into groups by a composite key and summarise each group with n ≥ minN
 * (SPEC §8, default 30). Smaller groups are counted, not reported, so a reader sees how much of the
 * sample sits in groups too small to judge. Groups are ordered by key for deterministic output.
 */
import { type GroupSummary, type TradeColumns, summarizeGroup } from "./group-summary.js";

export interface GroupRow {
  key: Record<string, string>;
  summary: GroupSummary;
}

export interface GroupTable {
  dimensions: string[];
  minN: number;
  baseWinRate: number | null;
  groups: GroupRow[];
  /** Groups below minN: how many groups and how many rows they hold. */
  unreported: { groups: number; rows: number };
}

export function groupTable(
  keys: Record<string, readonly string[]>,
  rows: readonly number[],
  trades: TradeColumns,
  baseWinRate: number | null,
  minN = 30,
): GroupTable {
  const dimensions = Object.keys(keys);
  const buckets = new Map<string, number[]>();
  for (const r of rows) {
    const k = JSON.stringify(dimensions.map((d) => keys[d]![r]!));
    let b = buckets.get(k);
    if (!b) buckets.set(k, (b = []));
    b.push(r);
  }
  const groups: GroupRow[] = [];
  let unGroups = 0;
  let unRows = 0;
  for (const k of [...buckets.keys()].sort()) {
    const members = buckets.get(k)!;
    if (members.length < minN) {
      unGroups++;
      unRows += members.length;
      continue;
    }
    const parts = JSON.parse(k) as string[];
    groups.push({
      key: Object.fromEntries(dimensions.map((d, i) => [d, parts[i]!])),
      summary: summarizeGroup(members, trades, baseWinRate),
    });
  }
  return { dimensions, minN, baseWinRate, groups, unreported: { groups: unGroups, rows: unRows } };
}
