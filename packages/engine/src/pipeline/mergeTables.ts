import type { OutputColumn, SignalsTable } from "./signalsTable.js";

/** Concatenates tables with the same columns, in the given order. */
export function mergeTables(tables: SignalsTable[]): SignalsTable {
  if (tables.length === 0) return { length: 0, columns: [] };
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
  return { length, columns };
}
