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

  constructor(studyNames: string[] = [], capacity = 4096) {
    this.studyNames = studyNames;
    this.t = this.alloc(capacity);
  }

  get length(): number {
    return this.n;
  }

  private alloc(cap: number): BarTable {
    const t = emptyBarTable(cap);
    for (const s of this.studyNames) t.study.set(s, new Float64Array(cap).fill(NaN));
    return t;
  }

  private grow(): void {
    const bigger = this.alloc(this.t.length * 2);
    for (const key of COLUMNS) (bigger[key] as Float64Array).set(this.t[key] as Float64Array);
    for (const [k, v] of this.t.study) bigger.study.get(k)!.set(v);
    this.t = bigger;
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
    if (study) for (let k = 0; k < this.studyNames.length; k++) t.study.get(this.studyNames[k]!)![i] = study[k]!;
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
