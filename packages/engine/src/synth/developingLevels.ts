import type { BarTable } from "../barTable.js";
import { valueArea } from "../levels/valueArea.js";

/**
 * The level study columns of a Sierra Chart export (study roles `vwap`, `poc`, `vah`, `val`), as a
 * running study: value i is the session's developing value after bar i closed, from the session's
 * bars up to and including bar i (never a later one). Prices in ticks; NaN while the session has no
 * footprint volume yet.
 */
export interface DevelopingLevels {
  /** Σ price·volume / Σ volume over the session's footprint rows so far (fractional ticks). */
  vwap: Float64Array;
  /** Volume POC and value area of the session's developing volume profile (integer ticks). */
  poc: Float64Array;
  vah: Float64Array;
  val: Float64Array;
}

export interface DevelopingOptions {
  /** Session id of every bar (a change starts a new study); default `bars.session`. */
  session?: ArrayLike<number>;
  /** Value-area percentage (SPEC §6, param `levels.valueAreaPct`); default 70. */
  valueAreaPct?: number;
}

/** The study roles written by `addDevelopingLevels`, in their level-kind order. */
export const DEVELOPING_ROLES = ["poc", "vah", "val", "vwap"] as const;

/**
 * Developing session VWAP, volume POC, VAH and VAL per bar from the bars' CSR footprint (1-tick rows,
 * row volume = bid + ask; volume of unknown side is in no row, as in the footprint itself). The
 * profile spans the session's rows from its lowest low to its highest high so far (rows without
 * volume included, as a bar's footprint includes them), and POC / value area follow the project's
 * own rules (`pointOfControl` / `valueArea`: ties → nearest the profile's middle, then lower; Dalton's
 * two-row method). Each session keeps one histogram updated bar by bar; the value area is recomputed
 * per bar over the rows so far (O(session range) per bar).
 */
export function developingLevels(bars: BarTable, opts: DevelopingOptions = {}): DevelopingLevels {
  const fp = bars.footprint;
  if (!fp) throw new Error("developingLevels: the bars have no footprint (build them from ticks)");
  const n = bars.length;
  const session = opts.session ?? bars.session;
  if (session.length < n) throw new Error(`developingLevels: ${session.length} session ids for ${n} bars`);
  const pct = opts.valueAreaPct ?? 70;
  const out: DevelopingLevels = {
    vwap: new Float64Array(n).fill(NaN), poc: new Float64Array(n).fill(NaN),
    vah: new Float64Array(n).fill(NaN), val: new Float64Array(n).fill(NaN),
  };
  const { offset, price, bidVolume, askVolume } = fp;
  let hist = new Float64Array(0);
  for (let start = 0, end = 0; start < n; start = end) {
    end = start + 1;
    while (end < n && session[end] === session[start]) end++;
    // the whole session's row range only sizes the buffer; each bar's values read rows [runLo, runHi]
    let lo = Infinity, hi = -Infinity;
    for (let i = start; i < end; i++) {
      const a = offset[i]!, b = offset[i + 1]!;
      if (b > a) { lo = Math.min(lo, price[a]!); hi = Math.max(hi, price[b - 1]!); }
    }
    if (lo > hi) continue; // no footprint rows in the whole session
    const rows = hi - lo + 1;
    if (hist.length < rows) hist = new Float64Array(Math.max(rows, 2 * hist.length));
    else hist.fill(0, 0, rows);
    let pv = 0, v = 0, runLo = Infinity, runHi = -Infinity;
    for (let i = start; i < end; i++) {
      const a = offset[i]!, b = offset[i + 1]!;
      if (b > a) {
        runLo = Math.min(runLo, price[a]!);
        runHi = Math.max(runHi, price[b - 1]!);
        for (let r = a; r < b; r++) {
          const vol = bidVolume[r]! + askVolume[r]!;
          hist[price[r]! - lo] += vol;
          pv += price[r]! * vol; // integers: exact far beyond a session's volume
          v += vol;
        }
      }
      if (!(v > 0)) continue;
      out.vwap[i] = pv / v;
      const va = valueArea(hist.subarray(runLo - lo, runHi - lo + 1), pct);
      out.poc[i] = runLo + va.poc;
      out.vah[i] = runLo + va.vah;
      out.val[i] = runLo + va.val;
    }
  }
  return out;
}

/** Computes `developingLevels` and stores them in `bars.study` under `poc`, `vah`, `val`, `vwap`. */
export function addDevelopingLevels(bars: BarTable, opts: DevelopingOptions = {}): DevelopingLevels {
  const d = developingLevels(bars, opts);
  for (const role of DEVELOPING_ROLES) bars.study.set(role, d[role]);
  return d;
}
