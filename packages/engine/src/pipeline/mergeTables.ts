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
  const n = joined.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => t[a]! - t[b]! || a - b);
  const at = Int32Array.from(order);
  const permuted = (from: Float64Array): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = from[at[i]!]!;
    return out;
  };
  return {
    length: n,
    time: permuted(t),
    columns: joined.columns.map((c) => {
      if (c.type !== "string") return { name: c.name, type: c.type, values: permuted(c.values) };
      const out: (string | null)[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = c.values[at[i]!]!;
      return { name: c.name, type: c.type, values: out };
    }),
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
    if (c.type === "string") {
      const values: (string | null)[] = new Array(length);
      let at = 0;
      for (const t of tables) {
        const from = t.columns[k]!.values as (string | null)[];
        for (let i = 0; i < t.length; i++) values[at++] = from[i]!;
      }
      return { name: c.name, type: "string", values };
    }
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
