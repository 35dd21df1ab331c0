import { emptyBarTable, type BarTable } from "../barTable.js";
import { COLUMNS } from "../barTableBuilder.js";

/** Concatenates bar tables (footprints re-based; study columns missing in a part are NaN there). */
export function concatBarTables(parts: BarTable[]): BarTable {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const hasFootprint = parts.length > 0 && parts.every((p) => p.footprint);
  const out = emptyBarTable(n, hasFootprint);
  const studyNames = [...new Set(parts.flatMap((p) => [...p.study.keys()]))].sort();
  for (const s of studyNames) out.study.set(s, new Float64Array(n).fill(NaN));
  let at = 0;
  let rowAt = 0;
  const rows = hasFootprint ? parts.reduce((s, p) => s + p.footprint!.price.length, 0) : 0;
  if (hasFootprint) {
    out.footprint = { offset: new Int32Array(n + 1), price: new Int32Array(rows), bidVolume: new Float64Array(rows), askVolume: new Float64Array(rows) };
  }
  for (const p of parts) {
    for (const key of COLUMNS) (out[key] as Float64Array).set(p[key] as Float64Array, at);
    for (const [k, v] of p.study) out.study.get(k)!.set(v, at);
    if (hasFootprint) {
      const f = p.footprint!, o = out.footprint!;
      for (let i = 0; i < p.length; i++) o.offset[at + i] = f.offset[i]! + rowAt;
      o.price.set(f.price, rowAt);
      o.bidVolume.set(f.bidVolume, rowAt);
      o.askVolume.set(f.askVolume, rowAt);
      rowAt += f.price.length;
    }
    at += p.length;
  }
  if (hasFootprint) out.footprint!.offset[n] = rowAt;
  return out;
}
