import { Field, Float64, Int32, List, makeData, RecordBatch, Schema, Struct, Table, tableToIPC, type Data, type DataType } from "apache-arrow";
import type { BarTable, Session } from "../barTable.js";
import { AtomicBinaryWriter, withAtomic } from "../io/atomicWrite.js";
import { toArrowTable } from "./arrowTable.js";
import { TableValueError, typedColumns, type ColumnSpec, type ColumnValues, type TableMeta, type TypedTable } from "./typedTable.js";

/**
 * `bars` (what `tda bars --out x.arrow` writes): one row per bar, in the convention of every typed
 * table (typedTable.ts) — `time` / `lastTime` Timestamp(µs) in the exchange zone, `session` a Date32,
 * `contract` dictionary text, counts Int32 (Float64 when scaled volumes hold fractions), every field
 * nullable with its unit and doc, and the schema metadata `tda.kind` = "bars", `tda.timeZone`,
 * `tda.version`, `tda.config`, `tda.columns`. Prices stay in integer ticks (`tda.tickSize` says the
 * size), so the file reads back as an input exactly (io/arrowIpc's reader keeps the column names it
 * always had). A footprint, when the bars carry one, follows as three List columns
 * `footprint.price` (ticks), `footprint.bidVolume`, `footprint.askVolume` — one list per bar, low →
 * high — the one column shape the flat convention has no type for.
 */
export const BARS_SCHEMA: readonly ColumnSpec[] = Object.freeze([
  { name: "time", type: "timestamp", unit: "", doc: "the bar's first trade (SPEC §1: bars are stamped with their start)" },
  { name: "lastTime", type: "timestamp", unit: "", doc: "the bar's last trade" },
  { name: "session", type: "date", unit: "", doc: "trading day (SPEC §1)" },
  { name: "contract", type: "text", unit: "", doc: "contract of the bar (the input's contract name)" },
  { name: "open", type: "int", unit: "ticks", doc: "open price" },
  { name: "high", type: "int", unit: "ticks", doc: "high price" },
  { name: "low", type: "int", unit: "ticks", doc: "low price" },
  { name: "close", type: "int", unit: "ticks", doc: "close price" },
  { name: "volume", type: "int", unit: "contracts", doc: "volume" },
  { name: "trades", type: "int", unit: "", doc: "number of trades" },
  { name: "bidVolume", type: "int", unit: "contracts", doc: "volume traded at the bid (sells)" },
  { name: "askVolume", type: "int", unit: "contracts", doc: "volume traded at the ask (buys)" },
  { name: "delta", type: "int", unit: "contracts", doc: "askVolume − bidVolume" },
  { name: "maxDelta", type: "int", unit: "contracts", doc: "highest running delta inside the bar" },
  { name: "minDelta", type: "int", unit: "contracts", doc: "lowest running delta inside the bar" },
].map((c) => Object.freeze(c as ColumnSpec)));

export const BARS_TICK_SIZE_KEY = "tda.tickSize";

export interface BarsTableMeta extends Omit<TableMeta, "kind"> {
  tickSize: number;
}

/** The flat columns of a bar table (study values as `study.<role>` floats), typed. */
export function barsTable(bars: BarTable, sessions: readonly Session[], contracts: readonly string[], meta: Omit<TableMeta, "kind">): TypedTable {
  const n = bars.length;
  const session: (string | null)[] = new Array(n);
  const contract: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = sessions[bars.session[i]!];
    if (!s) throw new TableValueError("session", i, `bar ${i + 1} has no session (index ${bars.session[i]})`);
    session[i] = s.name;
    contract[i] = contracts[s.contract] ?? null;
  }
  const values: Record<string, ColumnValues> = {
    time: bars.time.subarray(0, n), lastTime: bars.lastTime.subarray(0, n), session, contract,
    open: bars.open.subarray(0, n), high: bars.high.subarray(0, n), low: bars.low.subarray(0, n), close: bars.close.subarray(0, n),
    volume: bars.volume.subarray(0, n), trades: bars.trades.subarray(0, n), bidVolume: bars.bidVolume.subarray(0, n),
    askVolume: bars.askVolume.subarray(0, n), delta: bars.delta.subarray(0, n), maxDelta: bars.maxDelta.subarray(0, n), minDelta: bars.minDelta.subarray(0, n),
  };
  const schema: ColumnSpec[] = [...BARS_SCHEMA];
  for (const role of [...bars.study.keys()].sort()) {
    schema.push({ name: `study.${role}`, type: "float", unit: "", doc: `study export column (role ${role})` });
    values[`study.${role}`] = bars.study.get(role)!.subarray(0, n);
  }
  return typedColumns(schema, values, { ...meta, kind: "bars" });
}

function listData<T extends Int32 | Float64>(type: T, offsets: Int32Array, values: Int32Array | Float64Array): { field: DataType; data: Data } {
  const child = makeData({ type, data: values } as never) as unknown as Data<T>;
  const field = new List(new Field("item", type, false));
  return { field, data: makeData({ type: field, valueOffsets: offsets, child }) as unknown as Data };
}

/** The bars as an apache-arrow Table: the typed columns, then the footprint lists, tda.tickSize in the metadata. */
export function barsArrowTable(bars: BarTable, sessions: readonly Session[], contracts: readonly string[], meta: BarsTableMeta): Table {
  const { tickSize, ...rest } = meta;
  const flat = toArrowTable(barsTable(bars, sessions, contracts, rest));
  const fields = [...flat.schema.fields];
  const batch = flat.batches[0]!;
  const children = fields.map((_, k) => batch.data.children[k]!);
  const fp = bars.footprint;
  if (fp) {
    const offsets = fp.offset.subarray(0, bars.length + 1);
    const rows = offsets[bars.length]!;
    for (const [name, type, v] of [["price", new Int32(), fp.price], ["bidVolume", new Float64(), fp.bidVolume], ["askVolume", new Float64(), fp.askVolume]] as const) {
      const l = listData(type, offsets, v.subarray(0, rows));
      const unit = name === "price" ? "ticks" : "contracts";
      fields.push(new Field(`footprint.${name}`, l.field, false, new Map([["tda.type", "list"], ["tda.unit", unit], ["tda.doc", `footprint ${name} per price row, low → high`]])));
      children.push(l.data);
    }
  }
  const metadata = new Map(flat.schema.metadata);
  metadata.set(BARS_TICK_SIZE_KEY, String(tickSize));
  const schema = new Schema(fields, metadata);
  return new Table(schema, [new RecordBatch(schema, makeData({ type: new Struct(fields), length: bars.length, nullCount: 0, children }))]);
}

/** Writes the bars as an Arrow IPC file, atomically. */
export function writeBarsArrow(path: string, bars: BarTable, sessions: readonly Session[], contracts: readonly string[], meta: BarsTableMeta): void {
  const bytes = tableToIPC(barsArrowTable(bars, sessions, contracts, meta), "file");
  withAtomic(new AtomicBinaryWriter(path), (w) => w.write(bytes));
}
