import type { Market } from "../barTable.js";
import type { BarMetrics } from "@tda/core-wasm";
import { isoExchangeTime } from "../timeZone.js";
import { directionName, DIRECTION, type SignalColumns } from "../signals/types.js";
import type { LevelColumns } from "../levels/types.js";
import { SCENARIO } from "../levels/types.js";
import type { OutcomeColumns } from "../outcomes/types.js";

/** A column of the output table: numbers (NaN = empty) or strings (null = empty). */
export type OutputColumn =
  | { name: string; type: "float"; values: Float64Array }
  | { name: string; type: "int"; values: Float64Array }
  | { name: string; type: "string"; values: (string | null)[] };

/** The signals table of SPEC §9, columnar, in output order. */
export interface SignalsTable {
  length: number;
  columns: OutputColumn[];
  /** Each row's bar time, µs UTC (orders rows across contracts; not an output column). */
  time?: Float64Array;
}

export interface TableInputs {
  market: Market;
  metrics: BarMetrics;
  signals?: SignalColumns;
  levels?: LevelColumns;
  outcomes?: OutcomeColumns;
}

const SCENARIO_NAMES = Object.fromEntries(Object.entries(SCENARIO).map(([k, v]) => [v, k])) as Record<number, string>;

/**
 * Builds the SPEC §9 table. Rows: every bar with any §5 flag when signals were detected, in time
 * order; every bar when the run has no signal stage. Level and outcome fields are empty (NaN / null)
 * where they do not apply: all of them for direction none/conflict.
 */
export function buildSignalsTable({ market, metrics, signals, levels, outcomes }: TableInputs): SignalsTable {
  const b = market.bars, ts = market.tickSize;
  const rows: number[] = [];
  for (let i = 0; i < b.length; i++) {
    if (!signals || signals.invLong[i] || signals.invShort[i] || signals.exhLong[i] || signals.exhShort[i]) rows.push(i);
  }
  const n = rows.length;
  const num = (name: string, f: (i: number) => number, type: "float" | "int" = "float"): OutputColumn => {
    const values = new Float64Array(n);
    for (let r = 0; r < n; r++) values[r] = f(rows[r]!);
    return { name, type, values };
  };
  const str = (name: string, f: (i: number) => string | null): OutputColumn => ({ name, type: "string", values: rows.map(f) });
  const dir = (i: number) => (signals ? signals.direction[i]! : DIRECTION.none);
  const directional = (i: number) => dir(i) === DIRECTION.long || dir(i) === DIRECTION.short;
  const flag = (a: Uint8Array | undefined) => (i: number) => (a ? a[i]! : NaN);

  const cols: OutputColumn[] = [
    str("time", (i) => isoExchangeTime(b.time[i]!, market.clock.offsetMinutes[i]!)),
    str("session", (i) => market.sessions[b.session[i]!]!.name),
    num("open", (i) => b.open[i]! * ts), num("high", (i) => b.high[i]! * ts),
    num("low", (i) => b.low[i]! * ts), num("close", (i) => b.close[i]! * ts),
    num("volume", (i) => b.volume[i]!, "int"), num("delta", (i) => b.delta[i]!, "int"),
    num("max_delta", (i) => b.maxDelta[i]!, "int"), num("min_delta", (i) => b.minDelta[i]!, "int"),
    num("delta_pct", (i) => metrics.deltaPct[i]!), num("trapped_pct", (i) => metrics.trappedPct[i]!),
    num("vol_star", (i) => metrics.volStar[i]!),
    // TD% follows the signal's direction: close / low for a long, close / high for a short.
    num("td_ratio", (i) => (dir(i) === DIRECTION.long ? metrics.tdLong[i]! : dir(i) === DIRECTION.short ? metrics.tdShort[i]! : NaN)),
    num("close_location", (i) => metrics.closeLocation[i]!),
    num("inv_long", flag(signals?.invLong), "int"), num("inv_short", flag(signals?.invShort), "int"),
    num("inv_strong", flag(signals?.invStrong), "int"), num("exh_long", flag(signals?.exhLong), "int"),
    num("exh_short", flag(signals?.exhShort), "int"), num("exh_accel", flag(signals?.exhAccel), "int"),
    str("direction", (i) => (signals ? directionName(dir(i)) : null)),
    str("level_kind", (i) => (levels && directional(i) ? levels.levelKind[i] ?? null : null)),
    num("level_price", (i) => (levels && directional(i) ? levels.levelPrice[i]! * ts : NaN)),
    num("level_strength", (i) => (levels && directional(i) ? levels.levelStrength[i]! : NaN)),
    num("level_distance", (i) => (levels && directional(i) ? levels.levelDistance[i]! : NaN), "int"),
    // With no level known a directional row has near_level 0 and scenario none; none/conflict rows
    // have every level field empty (SPEC §9).
    num("near_level", (i) => (levels && directional(i) ? levels.nearLevel[i]! : NaN), "int"),
    str("scenario", (i) => (levels && directional(i) ? SCENARIO_NAMES[levels.scenario[i]!] ?? "none" : null)),
    num("entry", (i) => (outcomes && directional(i) ? outcomes.entry[i]! * ts : NaN)),
    num("stop", (i) => (outcomes && directional(i) ? outcomes.stop[i]! * ts : NaN)),
  ];
  const horizons = outcomes?.horizons ?? [5, 10, 20, 30, 40, 50, 75, 100];
  horizons.forEach((h, k) => cols.push(num(`ret_${h}`, (i) => (outcomes && directional(i) ? outcomes.returns[k]![i]! : NaN), "int")));
  const out = (name: string, key: keyof OutcomeColumns, type: "float" | "int" = "int") =>
    num(name, (i) => (outcomes && directional(i) ? (outcomes[key] as Float64Array)[i]! : NaN), type);
  cols.push(
    out("stopped", "stopped"), out("stop_bar", "stopBar"), out("mfe", "mfe"), out("mae", "mae"),
    out("mfe_bar", "mfeBar"), out("win", "win"), out("bracket_ticks", "bracketTicks"), out("bracket_usd", "bracketUsd", "float"),
  );
  return { length: n, columns: cols, time: Float64Array.from(rows, (i) => b.time[i]!) };
}

/** Formats a number in full precision ("." decimal, shortest round-trip form); NaN → empty. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return "";
  if (Object.is(x, -0)) return "0";
  return String(x);
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The table as CSV text chunks (header first), streamed in blocks of rows. */
export function* signalsCsv(table: SignalsTable, blockRows = 4096): Generator<string> {
  yield table.columns.map((c) => c.name).join(",") + "\n";
  for (let start = 0; start < table.length; start += blockRows) {
    const end = Math.min(table.length, start + blockRows);
    const lines: string[] = [];
    for (let r = start; r < end; r++) {
      const fields = table.columns.map((c) => (c.type === "string" ? csvField(c.values[r] ?? "") : formatNumber(c.values[r]!)));
      lines.push(fields.join(","));
    }
    yield lines.join("\n") + "\n";
  }
}
