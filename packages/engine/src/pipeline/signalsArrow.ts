import { Field, Float64, Int32, Schema, Table, Utf8, makeData, makeVector, tableToIPC, vectorFromArray, type Data } from "apache-arrow";
import { isTextColumn, signalColumn } from "../signalsSchema.js";
import type { OutputColumn, SignalsTable } from "./signalsTable.js";

/** Validity bitmap (1 = present) for a float column whose NaN means empty. */
function validity(values: Float64Array): { bitmap: Uint8Array; nulls: number } {
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nulls = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i]!)) nulls++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return { bitmap, nulls };
}

/** The Arrow type family of a column, from the schema (signalsSchema.ts); a column outside it keeps its own. */
function logicalType(c: OutputColumn): OutputColumn["type"] {
  const type = signalColumn(c.name)?.type;
  if (type === undefined) return c.type;
  const t = isTextColumn(type) ? "string" : type === "float" ? "float" : "int";
  if (t !== c.type) throw new Error(`signals.arrow: column ${c.name} holds ${c.type} values, the schema says ${type}`);
  return t;
}

function columnData(c: OutputColumn): Data {
  const type = logicalType(c);
  if (c.type === "string") return vectorFromArray(c.values, new Utf8()).data[0]!;
  const { bitmap, nulls } = validity(c.values);
  // an "int" column holding a fraction (a fractional volume from some export) stays Float64: never truncate
  if (type === "int" && c.values.every((v) => Number.isNaN(v) || Number.isInteger(v))) {
    const ints = new Int32Array(c.values.length);
    for (let i = 0; i < ints.length; i++) ints[i] = Number.isNaN(c.values[i]!) ? 0 : c.values[i]!;
    return makeData({ type: new Int32(), length: ints.length, nullCount: nulls, nullBitmap: nulls ? bitmap : null, data: ints });
  }
  const data = c.values.slice();
  for (let i = 0; i < data.length; i++) if (Number.isNaN(data[i]!)) data[i] = 0;
  return makeData({ type: new Float64(), length: data.length, nullCount: nulls, nullBitmap: nulls ? bitmap : null, data });
}

/** The signals table as an Arrow IPC file (`signals.arrow`): nullable Float64 / Int32 / Utf8 columns. */
export function signalsArrow(table: SignalsTable): Uint8Array {
  const fields: Field[] = [];
  const vectors: Record<string, ReturnType<typeof makeVector>> = {};
  for (const c of table.columns) {
    const data = columnData(c);
    fields.push(new Field(c.name, data.type, true));
    vectors[c.name] = makeVector(data);
  }
  const t = new Table(new Schema(fields), vectors as never);
  return tableToIPC(t, "file");
}
