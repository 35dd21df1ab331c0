import type { Market } from "../barTable.js";
import type { LevelColumns } from "../levels/types.js";
import type { OutputColumn, SignalsTable } from "./signalsTable.js";

/**
 * One row per session (`sessions.csv`): its auction facts (SPEC §6) — RTH TPO profile high/low, POC,
 * value area and shape, the volume profile's POC and value area, initial balance and single prints —
 * and the levels known at its start (no look-ahead), as `kind@price×strength` separated by spaces.
 * Prices in points; empty where a session has no RTH profile.
 */
export function buildSessionsTable(market: Market, levels: LevelColumns): SignalsTable {
  const ts = market.tickSize;
  const byIndex = new Map(levels.sessions.map((s) => [s.session, s]));
  const rows = market.sessions;
  const n = rows.length;
  const num = (name: string, f: (k: number) => number, type: "float" | "int" = "float"): OutputColumn =>
    ({ name, type, values: Float64Array.from({ length: n }, (_, k) => f(k)) });
  const str = (name: string, f: (k: number) => string | null): OutputColumn => ({ name, type: "string", values: rows.map((_, k) => f(k)) });
  const prof = (k: number) => byIndex.get(rows[k]!.index)?.profile;
  const pts = (f: (p: NonNullable<ReturnType<typeof prof>>) => number) => (k: number) => {
    const p = prof(k);
    return p ? f(p) * ts : NaN;
  };
  const columns: OutputColumn[] = [
    str("session", (k) => rows[k]!.name),
    str("contract", (k) => market.contracts[rows[k]!.contract]!.name),
    num("partial", (k) => (rows[k]!.partial ? 1 : 0), "int"),
    num("bars", (k) => rows[k]!.end - rows[k]!.start, "int"),
    num("rth_high", pts((p) => p.high)), num("rth_low", pts((p) => p.low)),
    num("poc", pts((p) => p.poc)), num("vah", pts((p) => p.vah)), num("val", pts((p) => p.val)),
    str("shape", (k) => prof(k)?.shape ?? null),
    num("tpo_total", (k) => prof(k)?.tpoTotal ?? NaN, "int"),
    num("ib_high", pts((p) => p.initialBalanceHigh)), num("ib_low", pts((p) => p.initialBalanceLow)),
    num("single_prints", (k) => prof(k)?.singlePrints ?? NaN, "int"),
    num("volume_poc", pts((p) => p.volumePoc)), num("volume_vah", pts((p) => p.volumeVah)), num("volume_val", pts((p) => p.volumeVal)),
    num("volume_from_footprint", (k) => { const p = prof(k); return p ? (p.volumeFromFootprint ? 1 : 0) : NaN; }, "int"),
    str("levels_known", (k) => {
      const s = byIndex.get(rows[k]!.index);
      return s && s.levels.length ? s.levels.map((l) => `${l.kind}@${l.price * ts}×${l.strength}`).join(" ") : null;
    }),
  ];
  return { length: n, columns };
}
