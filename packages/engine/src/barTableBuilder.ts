import { emptyBarTable, type BarTable } from "./barTable.js";

/** One bar as readers produce it (prices in ticks, times in µs UTC). */
export interface BarRow {
  time: number;
  lastTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  trades: number;
  bidVolume: number;
  askVolume: number;
  maxDelta: number; // NaN when unknown
  minDelta: number;
}

/** Appends bars into growing typed columns; `finish()` trims them to a BarTable. */
export class BarTableBuilder {
  private t: BarTable;
  private n = 0;
  private readonly studyNames: string[];
  /** The study columns in `studyNames` order (no Map look-up a row). */
  private studyCols: Float64Array[] = [];

  constructor(studyNames: string[] = [], capacity = 4096) {
    this.studyNames = studyNames;
    this.t = this.alloc(Math.max(1, capacity));
  }

  get length(): number {
    return this.n;
  }

  private alloc(cap: number): BarTable {
    const t = emptyBarTable(cap);
    for (const s of this.studyNames) t.study.set(s, new Float64Array(cap).fill(NaN));
    this.studyCols = this.studyNames.map((s) => t.study.get(s)!);
    return t;
  }

  private grow(cap = this.t.length * 2): void {
    const old = this.t;
    const bigger = this.alloc(cap);
    for (const key of COLUMNS) (bigger[key] as Float64Array).set((old[key] as Float64Array).subarray(0, this.n));
    for (const [k, v] of old.study) bigger.study.get(k)!.set(v.subarray(0, this.n));
    this.t = bigger;
  }

  /**
   * Room for `rows` bars in all (a reader's estimate from the file's size), so the columns are not
   * grown and copied while it reads; a smaller number than the room there is changes nothing.
   */
  reserve(rows: number): void {
    if (rows > this.t.length) this.grow(Math.ceil(rows));
  }

  push(row: BarRow, study?: ArrayLike<number>): void {
    if (this.n === this.t.length) this.grow();
    const t = this.t, i = this.n++;
    t.time[i] = row.time;
    t.lastTime[i] = row.lastTime;
    t.open[i] = row.open;
    t.high[i] = row.high;
    t.low[i] = row.low;
    t.close[i] = row.close;
    t.volume[i] = row.volume;
    t.trades[i] = row.trades;
    t.bidVolume[i] = row.bidVolume;
    t.askVolume[i] = row.askVolume;
    t.delta[i] = row.askVolume - row.bidVolume;
    t.maxDelta[i] = row.maxDelta;
    t.minDelta[i] = row.minDelta;
    if (study) {
      const cols = this.studyCols;
      for (let k = 0; k < cols.length; k++) cols[k]![i] = study[k]!;
    }
  }

  finish(): BarTable {
    const n = this.n, t = this.t;
    const out = emptyBarTable(0);
    out.length = n;
    for (const key of COLUMNS) (out as unknown as Record<string, unknown>)[key] = (t[key] as Float64Array).slice(0, n);
    for (const [k, v] of t.study) out.study.set(k, v.slice(0, n));
    return out;
  }
}

export const COLUMNS = [
  "time", "lastTime", "session", "open", "high", "low", "close", "volume", "trades",
  "bidVolume", "askVolume", "delta", "maxDelta", "minDelta",
] as const satisfies readonly (keyof BarTable)[];
