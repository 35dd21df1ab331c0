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
  const rowIndex = Int32Array.from(rows);
  const dir = (i: number) => (signals ? signals.direction[i]! : DIRECTION.none);
  const directional = (i: number) => dir(i) === DIRECTION.long || dir(i) === DIRECTION.short;
  // per row: 1 where the signal is long or short (level and outcome fields apply)
  const directionalRow = new Uint8Array(n);
  for (let r = 0; r < n; r++) directionalRow[r] = directional(rowIndex[r]!) ? 1 : 0;
  /**
   * A number column read straight from a bar-indexed array: `from[i] × scale` (no scale: `from[i]`),
   * NaN where `gate` is 0 and everywhere when `from` is absent — a loop per column instead of a
   * closure call per value.
   */
  interface Gather { from: ArrayLike<number> | undefined; scale?: number; gate?: Uint8Array | null }
  const gathered = (g: Gather): Float64Array => {
    const values = new Float64Array(n);
    const { from, scale, gate } = g;
    if (!from || gate === null) return values.fill(NaN);
    // the rows' values first, by a loop for the source's array type (each one monomorphic), then
    // the scale and the gate: the same doubles as from[i] × scale per row
    if (from instanceof Float64Array) pickFloat64(values, from, rowIndex);
    else if (from instanceof Int32Array) pickInt32(values, from, rowIndex);
    else if (from instanceof Uint8Array) pickUint8(values, from, rowIndex);
    else pickAny(values, from, rowIndex);
    if (scale !== undefined) for (let r = 0; r < n; r++) values[r] = values[r]! * scale;
    if (gate) for (let r = 0; r < n; r++) if (!gate[r]) values[r] = NaN;
    return values;
  };
  const num = (name: string, f: ((i: number) => number) | Gather, type: "float" | "int" = "float"): OutputColumn => {
    if (typeof f !== "function") return { name, type, values: gathered(f) };
    const values = new Float64Array(n);
    for (let r = 0; r < n; r++) values[r] = f(rows[r]!);
    return { name, type, values };
  };
  const str = (name: string, f: (i: number) => string | null): OutputColumn => ({ name, type: "string", values: rows.map(f) });
  const flag = (a: Uint8Array | Int32Array | undefined): Gather => ({ from: a });
  const levelGate = levels ? directionalRow : null, outcomeGate = outcomes ? directionalRow : null;
  const level = (from: ArrayLike<number> | undefined, scale?: number): Gather => ({ from, gate: levelGate, ...(scale !== undefined ? { scale } : {}) });
  const outcome = (from: ArrayLike<number> | undefined, scale?: number): Gather => ({ from, gate: outcomeGate, ...(scale !== undefined ? { scale } : {}) });
  const byKey = (key: keyof OutcomeColumns) => outcome(outcomes?.[key] as Float64Array | undefined);
  // each column's value; its name, order and type come from the schema (signalsSchema.ts)
  const value: Record<string, ((i: number) => number | string | null) | Gather> = {
    time: (i) => isoExchangeTime(b.time[i]!, market.clock.offsetMinutes[i]!),
    session: (i) => market.sessions[b.session[i]!]!.name,
    open: { from: b.open, scale: ts }, high: { from: b.high, scale: ts }, low: { from: b.low, scale: ts }, close: { from: b.close, scale: ts },
    volume: { from: b.volume }, delta: { from: b.delta }, max_delta: { from: b.maxDelta }, min_delta: { from: b.minDelta },
    delta_pct: { from: metrics.deltaPct }, trapped_pct: { from: metrics.trappedPct }, vol_star: { from: metrics.volStar },
    // TD% follows the signal's direction: close / low for a long, close / high for a short.
    td_ratio: (i) => (dir(i) === DIRECTION.long ? metrics.tdLong[i]! : dir(i) === DIRECTION.short ? metrics.tdShort[i]! : NaN),
    close_location: { from: metrics.closeLocation },
    inv_long: flag(signals?.invLong), inv_short: flag(signals?.invShort), inv_strong: flag(signals?.invStrong),
    exh_long: flag(signals?.exhLong), exh_short: flag(signals?.exhShort), exh_accel: flag(signals?.exhAccel),
    direction: (i) => (signals ? directionName(dir(i)) : null),
    level_kind: (i) => (levels && directional(i) ? levels.levelKind[i] ?? null : null),
    level_price: level(levels?.levelPrice, ts),
    level_strength: level(levels?.levelStrength),
    level_distance: level(levels?.levelDistance),
    // With no level known a directional row has near_level 0 and scenario none; none/conflict rows
    // have every level field empty (SPEC §9).
    near_level: level(levels?.nearLevel),
    scenario: (i) => (levels && directional(i) ? SCENARIO_NAMES[levels.scenario[i]!] ?? "none" : null),
    entry: outcome(outcomes?.entry, ts),
    stop: outcome(outcomes?.stop, ts),
    stopped: byKey("stopped"), stop_bar: byKey("stopBar"), mfe: byKey("mfe"), mae: byKey("mae"),
    mfe_bar: byKey("mfeBar"), win: byKey("win"), bracket_ticks: byKey("bracketTicks"), bracket_usd: byKey("bracketUsd"),
    contract: (i) => market.contracts[contractOf[i]!]?.name ?? null,
    imb_buy: flag(marks?.imbBuy), imb_sell: flag(marks?.imbSell),
    stacked_buy: flag(marks?.stackedBuy), stacked_sell: flag(marks?.stackedSell),
    unfinished_high: flag(marks?.unfinishedHigh), unfinished_low: flag(marks?.unfinishedLow),
  };
  const horizons = outcomes?.horizons ?? horizonsIn ?? DEFAULT_HORIZONS;
  horizons.forEach((h, k) => { value[returnColumn(h)] = outcome(outcomes?.returns[k]); });
  const schema = signalsSchema(horizons);
  const unknown = Object.keys(value).filter((name) => !schema.some((c) => c.name === name));
  if (unknown.length) throw new Error(`signals table: ${unknown.join(", ")} not in the schema (signalsSchema.ts)`);
  const cols = schema.map((c): OutputColumn => {
    const f = value[c.name];
    if (!f) throw new Error(`signals table: no value for the schema's column ${c.name}`);
    if (isTextColumn(c.type)) {
      if (typeof f !== "function") throw new Error(`signals table: the text column ${c.name} has a number source`);
      return str(c.name, f as (i: number) => string | null);
    }
    return num(c.name, f as ((i: number) => number) | Gather, c.type === "float" ? "float" : "int");
  });
  return { length: n, columns: cols, time: Float64Array.from(rows, (i) => b.time[i]!) };
}

function pickFloat64(out: Float64Array, from: Float64Array, rows: Int32Array): void {
  for (let r = 0; r < rows.length; r++) out[r] = from[rows[r]!]!;
}
function pickInt32(out: Float64Array, from: Int32Array, rows: Int32Array): void {
  for (let r = 0; r < rows.length; r++) out[r] = from[rows[r]!]!;
}
function pickUint8(out: Float64Array, from: Uint8Array, rows: Int32Array): void {
  for (let r = 0; r < rows.length; r++) out[r] = from[rows[r]!]!;
}
function pickAny(out: Float64Array, from: ArrayLike<number>, rows: Int32Array): void {
  for (let r = 0; r < rows.length; r++) out[r] = from[rows[r]!]!;
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

const COMMA = 44, NEWLINE = 10, MINUS = 45, ZERO = 48;
const BLOCK_BYTES = 1 << 20;

/** A byte buffer the CSV rows are written into, handed on in blocks of about BLOCK_BYTES. */
class CsvBytes {
  buf = new Uint8Array(BLOCK_BYTES + 4096);
  n = 0;

  ensure(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
  }

  /** The bytes so far (a copy), the buffer emptied. */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.n);
    this.n = 0;
    return out;
  }

  /** formatNumber(x)'s characters: digits written directly for 32-bit whole numbers (−0 as 0). */
  number(x: number): void {
    if (x !== x) return;
    if ((x | 0) === x) {
      this.ensure(11);
      const b = this.buf;
      let v = x;
      if (v < 0) { b[this.n++] = MINUS; v = -v; }
      if (v < 10) { b[this.n++] = ZERO + v; return; }
      let digits = 1;
      for (let p = 10; p <= v && digits < 10; p *= 10) digits++;
      let at = this.n + digits;
      this.n = at;
      while (v > 0) { b[--at] = ZERO + (v % 10); v = (v / 10) | 0; }
      return;
    }
    this.ascii(String(x));
  }

  /** A string of code units below 0x80 (what String(number) gives). */
  ascii(s: string): void {
    this.ensure(s.length);
    const b = this.buf;
    let at = this.n;
    for (let i = 0; i < s.length; i++) b[at++] = s.charCodeAt(i);
    this.n = at;
  }

  /** csvField(s) in UTF-8: ASCII without a quote, comma or line break copied as is. */
  text(s: string): void {
    this.ensure(s.length);
    const b = this.buf;
    let at = this.n;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80 || c === 34 || c === COMMA || c === NEWLINE || c === 13) { this.utf8(s); return; }
      b[at++] = c;
    }
    this.n = at;
  }

  private utf8(s: string): void {
    const f = csvField(s);
    this.ensure(f.length * 3); // at most 3 bytes a UTF-16 code unit
    this.n += encoder.encodeInto(f, this.buf.subarray(this.n)).written;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The table as CSV bytes (UTF-8; header first, then blocks of about 1 MiB of whole rows): the text
 * of signalsCsv, without a string per field or per line.
 */
export function* signalsCsvBytes(table: SignalsTable): Generator<Uint8Array> {
  yield encoder.encode(table.columns.map((c) => c.name).join(",") + "\n");
  const out = new CsvBytes();
  const cols = table.columns, last = cols.length - 1;
  for (let r = 0; r < table.length; r++) {
    if (last < 0) { out.ensure(1); out.buf[out.n++] = NEWLINE; } // a row of no columns: an empty line
    for (let k = 0; k <= last; k++) {
      const c = cols[k]!;
      if (c.type === "string") {
        const v = c.values[r];
        if (v !== null && v !== undefined) out.text(v);
      } else {
        out.number(c.values[r]!);
      }
      out.ensure(1);
      out.buf[out.n++] = k === last ? NEWLINE : COMMA;
    }
    if (out.n >= BLOCK_BYTES) yield out.take();
  }
  if (out.n) yield out.take();
}

/** The table as CSV text chunks (header first), in blocks of whole rows. */
export function* signalsCsv(table: SignalsTable): Generator<string> {
  for (const bytes of signalsCsvBytes(table)) yield decoder.decode(bytes);
}
