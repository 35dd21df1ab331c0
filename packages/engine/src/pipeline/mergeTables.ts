import type { OutputColumn, SignalsTable } from "./signalsTable.js";

/**
 * Merges tables with the same columns into one in time order (SPEC §9). Rows of equal time keep the
 * order of the tables given, then their own order, so the result does not depend on how the tables
 * were produced. Contract files that overlap in time (a roll week) interleave correctly.
 */
export function mergeTables(tables: SignalsTable[]): SignalsTable {
  if (tables.length === 0) return { length: 0, columns: [] };
  const joined = concatTables(tables);
  if (!joined.time) return joined;
  const t = joined.time;
  let sorted = true;
  for (let i = 1; i < t.length && sorted; i++) if (t[i]! < t[i - 1]!) sorted = false;
  if (sorted) return joined;
  const order = Array.from({ length: joined.length }, (_, i) => i).sort((a, b) => t[a]! - t[b]! || a - b);
  return {
    length: joined.length,
    time: Float64Array.from(order, (i) => t[i]!),
    columns: joined.columns.map((c) => (c.type === "string"
      ? { name: c.name, type: c.type, values: order.map((i) => c.values[i]!) }
      : { name: c.name, type: c.type, values: Float64Array.from(order, (i) => c.values[i]!) })),
  };
}

/** Concatenates tables with the same columns, in the given order. */
function concatTables(tables: SignalsTable[]): SignalsTable {
  const first = tables[0]!;
  const length = tables.reduce((s, t) => s + t.length, 0);
  const columns: OutputColumn[] = first.columns.map((c, k) => {
    for (const t of tables) {
      if (t.columns[k]?.name !== c.name) throw new Error(`mergeTables: column ${k} is ${t.columns[k]?.name}, expected ${c.name}`);
    }
    if (c.type === "string") return { name: c.name, type: "string", values: tables.flatMap((t) => t.columns[k]!.values as (string | null)[]) };
    const values = new Float64Array(length);
    let at = 0;
    for (const t of tables) {
      values.set(t.columns[k]!.values as Float64Array, at);
      at += t.length;
    }
    return { name: c.name, type: c.type, values };
  });
  const time = tables.every((t) => t.time) ? new Float64Array(length) : undefined;
  if (time) {
    let at = 0;
    for (const t of tables) { time.set(t.time!, at); at += t.length; }
  }
  return { length, columns, time };
}
