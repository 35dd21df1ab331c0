import { emptyTickTable, type TickTable } from "../tickTable.js";

/**
 * Sierra's `.scid` marks the sub-trades of one aggressive order that the exchange reported as a
 * single trade and Sierra unbundled: 1 = first sub-trade, 2 = last sub-trade, 0 = any other trade.
 * Only `.scid` carries it; the other tick formats drop it.
 */
export interface TickTableWithMarks extends TickTable {
  subTrade?: Int8Array;
}

/**
 * Where a streaming reader hands its trades: chunks of at most `chunkTicks`, in file order. A chunk's
 * arrays are views that are reused after `onChunk` returns — copy what you keep.
 */
export interface TickSink {
  chunkTicks: number;
  onChunk(chunk: TickTableWithMarks): void;
}

/**
 * Appends trades into growing typed columns; `finish()` trims them to a TickTable. With a sink the
 * trades go out in chunks instead (memory stays at one chunk) and `finish()` returns an empty table;
 * `total` counts every trade either way.
 */
export class TickTableBuilder {
  private t: TickTableWithMarks;
  private n = 0;
  private marks: Int8Array | undefined;
  total = 0;

  constructor(capacity = 4096, withMarks = false, private readonly sink?: TickSink) {
    this.t = emptyTickTable(Math.max(16, sink ? Math.max(1, sink.chunkTicks) : capacity));
    if (withMarks) this.marks = new Int8Array(this.t.length);
  }

  get length(): number {
    return this.n;
  }

  push(time: number, price: number, size: number, side: number, bid: number, ask: number, mark = 0): void {
    if (this.n === this.t.length) this.grow();
    const t = this.t, i = this.n++;
    t.time[i] = time;
    t.price[i] = price;
    t.size[i] = size;
    t.side[i] = side;
    t.bid[i] = bid;
    t.ask[i] = ask;
    if (this.marks) this.marks[i] = mark;
    this.total++;
    if (this.sink && this.n >= this.sink.chunkTicks) this.emit(false);
  }

  private emit(hasQuote: boolean): void {
    const n = this.n, t = this.t;
    if (n === 0) return;
    const chunk: TickTableWithMarks = {
      length: n, time: t.time.subarray(0, n), price: t.price.subarray(0, n), size: t.size.subarray(0, n),
      side: t.side.subarray(0, n), bid: t.bid.subarray(0, n), ask: t.ask.subarray(0, n), hasQuote,
    };
    if (this.marks) chunk.subTrade = this.marks.subarray(0, n);
    this.sink!.onChunk(chunk);
    this.n = 0;
  }

  private grow(): void {
    const old = this.t;
    const t = emptyTickTable(old.length * 2);
    t.time.set(old.time); t.price.set(old.price); t.size.set(old.size);
    t.side.set(old.side); t.bid.set(old.bid); t.ask.set(old.ask);
    this.t = t;
    if (this.marks) {
      const m = new Int8Array(t.length);
      m.set(this.marks);
      this.marks = m;
    }
  }

  finish(hasQuote: boolean): TickTableWithMarks {
    if (this.sink) {
      this.emit(hasQuote);
      return emptyTickTable(0);
    }
    const n = this.n, t = this.t;
    const out: TickTableWithMarks = {
      length: n,
      time: t.time.slice(0, n), price: t.price.slice(0, n), size: t.size.slice(0, n),
      side: t.side.slice(0, n), bid: t.bid.slice(0, n), ask: t.ask.slice(0, n), hasQuote,
    };
    if (this.marks) out.subTrade = this.marks.slice(0, n);
    return out;
  }
}
