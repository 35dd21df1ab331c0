import type { Market } from "../barTable.js";
import type { LevelColumns } from "../levels/types.js";
import type { ColumnSpec, ColumnValues, TableMeta, TypedTable } from "./typedTable.js";
import { typedColumns } from "./typedTable.js";
import type { OutputColumnsLike } from "./outputColumns.js";

/**
 * `levels` (SPEC §9): one row per session × level known at that session's start (no look-ahead,
 * SPEC §6) — what sessions.csv packs into `levels_known` as `kind@price×strength`, unpacked, with
 * what the packed string leaves out (the composite's length, its last session, its value area).
 * Rows in session order, within a session in the order computeLevels gives (by price, then the
 * SPEC tie order). A session that knows no level has no row.
 */
export const LEVELS_SCHEMA: readonly ColumnSpec[] = Object.freeze([
  { name: "contract", type: "text", unit: "", doc: "contract of the session (the input's contract name)" },
  { name: "session", type: "date", unit: "", doc: "session whose start the level is known at" },
  { name: "kind", type: "text", unit: "", doc: "cva_high, cva_low, cva_poc, prior_vah, prior_val, prior_poc or export_…" },
  { name: "price", type: "float", unit: "points", doc: "level price" },
  { name: "strength", type: "float", unit: "", doc: "level strength (SPEC §6)" },
  { name: "composite_sessions", type: "int", unit: "sessions", doc: "sessions in the composite (1 for prior-session levels)" },
  { name: "source_session", type: "date", unit: "", doc: "last session of the composite (the prior session for prior_ levels)" },
  { name: "value_area_low", type: "float", unit: "points", doc: "low of the value area the level belongs to" },
  { name: "value_area_high", type: "float", unit: "points", doc: "high of the value area the level belongs to" },
].map((c) => Object.freeze(c as ColumnSpec)));

/** The columns of LEVELS_SCHEMA from a run's market and its levels (prices in ticks → points). */
export function levelsValues(market: Pick<Market, "tickSize" | "sessions" | "contracts">, levels: Pick<LevelColumns, "sessions">): Record<string, ColumnValues> {
  const ts = market.tickSize;
  const byIndex = new Map(market.sessions.map((s) => [s.index, s]));
  const contract: string[] = [], session: (string | null)[] = [], kind: string[] = [], source: (string | null)[] = [];
  const price: number[] = [], strength: number[] = [], count: number[] = [], low: number[] = [], high: number[] = [];
  for (const s of levels.sessions) {
    const info = byIndex.get(s.session);
    for (const l of s.levels) {
      contract.push(info ? market.contracts[info.contract]!.name : "");
      session.push(info?.name ?? null);
      kind.push(l.kind);
      price.push(l.price * ts);
      strength.push(l.strength);
      count.push(l.sessions);
      source.push(byIndex.get(l.lastSession)?.name ?? null);
      low.push(l.val * ts);
      high.push(l.vah * ts);
    }
  }
  return {
    contract, session, kind, price, strength, composite_sessions: count, source_session: source,
    value_area_low: low, value_area_high: high,
  };
}

/** The levels table of a run, typed. */
export function levelsTable(market: Pick<Market, "tickSize" | "sessions" | "contracts">, levels: Pick<LevelColumns, "sessions">, meta: Omit<TableMeta, "kind">): TypedTable {
  return typedColumns(LEVELS_SCHEMA, levelsValues(market, levels), { ...meta, kind: "levels" });
}

/**
 * The levels of one contract in the engine's columnar form (numbers NaN-empty, strings null-empty),
 * so a worker can hand it back and contracts can be concatenated (mergeTables) before typing.
 */
export function levelsOutputColumns(market: Pick<Market, "tickSize" | "sessions" | "contracts">, levels: Pick<LevelColumns, "sessions">): OutputColumnsLike {
  const v = levelsValues(market, levels);
  const columns = LEVELS_SCHEMA.map((c) => (c.type === "text" || c.type === "date"
    ? { name: c.name, type: "string" as const, values: (v[c.name] as (string | null)[]).map((x) => (x === "" ? null : x)) }
    : { name: c.name, type: c.type === "int" ? ("int" as const) : ("float" as const), values: Float64Array.from(v[c.name] as number[]) }));
  return { length: columns[0]!.values.length, columns };
}

/** The levels table from levelsOutputColumns' form (several contracts' concatenated), typed. */
export function levelsTableFrom(table: OutputColumnsLike, meta: Omit<TableMeta, "kind">): TypedTable {
  const values: Record<string, ColumnValues> = {};
  for (const c of LEVELS_SCHEMA) values[c.name] = table.columns.find((x) => x.name === c.name)?.values ?? [];
  return typedColumns(LEVELS_SCHEMA, values, { ...meta, kind: "levels" });
}
