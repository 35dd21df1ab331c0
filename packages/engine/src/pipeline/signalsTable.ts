import { barContracts, type Market } from "../barTable.js";
import type { BarMetrics, FootprintMarks } from "@tda/core-wasm";
import { isoExchangeTime } from "../timeZone.js";
import { directionName, DIRECTION, type SignalColumns } from "../signals/types.js";
import type { LevelColumns } from "../levels/types.js";
import { SCENARIO } from "../levels/types.js";
import type { OutcomeColumns } from "../outcomes/types.js";
import { DEFAULT_HORIZONS, isTextColumn, returnColumn, signalsSchema } from "../signalsSchema.js";

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
  /** SPEC §5 footprint marks per bar; absent when the input has no footprint (their columns are then empty). */
  marks?: FootprintMarks;
  /** Forward-return horizons (config.outcomes.horizons) when the run has no outcome stage; default SPEC's. */
  horizons?: readonly number[];
}

const SCENARIO_NAMES = Object.fromEntries(Object.entries(SCENARIO).map(([k, v]) => [v, k])) as Record<number, string>;

/**
 * Builds the SPEC §9 table. Rows: every bar with any §5 flag when signals were detected, in time
 * order; every bar when the run has no signal stage. Level and outcome fields are empty (NaN / null)
 * where they do not apply: all of them for direction none/conflict.
 */
export function buildSignalsTable({ market, metrics, signals, levels, outcomes, marks, horizons: horizonsIn }: TableInputs): SignalsTable {
  const b = market.bars, ts = market.tickSize;
  if (marks && marks.imbBuy.length !== b.length) throw new Error(`signals table: footprint marks cover ${marks.imbBuy.length} bars, the market ${b.length}`);
  const contractOf = barContracts(market);
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
  const flag = (a: Uint8Array | Int32Array | undefined) => (i: number) => (a ? a[i]! : NaN);

  const level = (f: (i: number) => number) => (i: number) => (levels && directional(i) ? f(i) : NaN);
  const outcome = (f: (i: number) => number) => (i: number) => (outcomes && directional(i) ? f(i) : NaN);
  const byKey = (key: keyof OutcomeColumns) => outcome((i) => (outcomes![key] as Float64Array)[i]!);
  // each column's value; its name, order and type come from the schema (signalsSchema.ts)
  const value: Record<string, (i: number) => number | string | null> = {
    time: (i) => isoExchangeTime(b.time[i]!, market.clock.offsetMinutes[i]!),
    session: (i) => market.sessions[b.session[i]!]!.name,
    open: (i) => b.open[i]! * ts, high: (i) => b.high[i]! * ts, low: (i) => b.low[i]! * ts, close: (i) => b.close[i]! * ts,
    volume: (i) => b.volume[i]!, delta: (i) => b.delta[i]!, max_delta: (i) => b.maxDelta[i]!, min_delta: (i) => b.minDelta[i]!,
    delta_pct: (i) => metrics.deltaPct[i]!, trapped_pct: (i) => metrics.trappedPct[i]!, vol_star: (i) => metrics.volStar[i]!,
    // TD% follows the signal's direction: close / low for a long, close / high for a short.
    td_ratio: (i) => (dir(i) === DIRECTION.long ? metrics.tdLong[i]! : dir(i) === DIRECTION.short ? metrics.tdShort[i]! : NaN),
    close_location: (i) => metrics.closeLocation[i]!,
    inv_long: flag(signals?.invLong), inv_short: flag(signals?.invShort), inv_strong: flag(signals?.invStrong),
    exh_long: flag(signals?.exhLong), exh_short: flag(signals?.exhShort), exh_accel: flag(signals?.exhAccel),
    direction: (i) => (signals ? directionName(dir(i)) : null),
    level_kind: (i) => (levels && directional(i) ? levels.levelKind[i] ?? null : null),
    level_price: level((i) => levels!.levelPrice[i]! * ts),
    level_strength: level((i) => levels!.levelStrength[i]!),
    level_distance: level((i) => levels!.levelDistance[i]!),
    // With no level known a directional row has near_level 0 and scenario none; none/conflict rows
    // have every level field empty (SPEC §9).
    near_level: level((i) => levels!.nearLevel[i]!),
    scenario: (i) => (levels && directional(i) ? SCENARIO_NAMES[levels.scenario[i]!] ?? "none" : null),
    entry: outcome((i) => outcomes!.entry[i]! * ts),
    stop: outcome((i) => outcomes!.stop[i]! * ts),
    stopped: byKey("stopped"), stop_bar: byKey("stopBar"), mfe: byKey("mfe"), mae: byKey("mae"),
    mfe_bar: byKey("mfeBar"), win: byKey("win"), bracket_ticks: byKey("bracketTicks"), bracket_usd: byKey("bracketUsd"),
    contract: (i) => market.contracts[contractOf[i]!]?.name ?? null,
    imb_buy: flag(marks?.imbBuy), imb_sell: flag(marks?.imbSell),
    stacked_buy: flag(marks?.stackedBuy), stacked_sell: flag(marks?.stackedSell),
    unfinished_high: flag(marks?.unfinishedHigh), unfinished_low: flag(marks?.unfinishedLow),
  };
  const horizons = outcomes?.horizons ?? horizonsIn ?? DEFAULT_HORIZONS;
  horizons.forEach((h, k) => { value[returnColumn(h)] = outcome((i) => outcomes!.returns[k]![i]!); });
  const schema = signalsSchema(horizons);
  const unknown = Object.keys(value).filter((name) => !schema.some((c) => c.name === name));
  if (unknown.length) throw new Error(`signals table: ${unknown.join(", ")} not in the schema (signalsSchema.ts)`);
  const cols = schema.map((c): OutputColumn => {
    const f = value[c.name];
    if (!f) throw new Error(`signals table: no value for the schema's column ${c.name}`);
    return isTextColumn(c.type) ? str(c.name, f as (i: number) => string | null) : num(c.name, f as (i: number) => number, c.type === "float" ? "float" : "int");
  });
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
