import type { RowErrors } from "./rowReader.js";

/** What the buffer hands on: one trade in Sequence order, its time checked. */
export type TradeOut = (time: number, price: number, size: number, side: number, bid: number, ask: number) => void;

/**
 * Puts time-and-sales trades back in Sequence order (SPEC §3.4) with bounded memory: rows wait in a
 * window of `window` rows kept sorted by Sequence (insertion from the back — files are nearly sorted,
 * so a row moves a few places at most), and the lowest Sequence leaves when the window is full.
 *
 * Leaving, a trade's time is checked against the last trade taken (not the last row seen), so one
 * bad row never makes the good rows after it "backwards". A trade later than the trade after it in
 * Sequence order, when that one fits after the last taken, is itself the bad row (a far-future time)
 * and is the one blamed (at the file's start, when the two trades after it are both earlier). A repeated Sequence is a duplicated trade.
 */
export class SequenceOrder {
  private readonly seq: Float64Array;
  private readonly time: Float64Array;
  private readonly price: Int32Array;
  private readonly size: Float64Array;
  private readonly side: Int8Array;
  private readonly bid: Int32Array;
  private readonly ask: Int32Array;
  private readonly line: Float64Array;
  private head = 0;
  private count = 0;
  private maxSeq = -Infinity;
  /** Rows whose Sequence is below an earlier row's: out of file order. */
  outOfFileOrder = 0;
  lastTime = -Infinity;
  private lastSeq = -Infinity;
  private lastLine = 0;

  /** 1-based columns of each waiting row's Time and Sequence fields, for the messages. */
  private readonly timeCol: Int32Array;
  private readonly seqCol: Int32Array;

  constructor(
    private readonly errors: RowErrors,
    private readonly take: TradeOut,
    readonly window = 1 << 16,
  ) {
    this.seq = new Float64Array(window);
    this.time = new Float64Array(window);
    this.price = new Int32Array(window);
    this.size = new Float64Array(window);
    this.side = new Int8Array(window);
    this.bid = new Int32Array(window);
    this.ask = new Int32Array(window);
    this.line = new Float64Array(window);
    this.timeCol = new Int32Array(window);
    this.seqCol = new Int32Array(window);
  }

  push(seq: number, line: number, timeCol: number, seqCol: number, time: number, price: number, size: number, side: number, bid: number, ask: number): void {
    if (seq < this.lastSeq) {
      this.errors.reject(line, seqCol, `Sequence ${seq} comes more than ${this.window} rows after the later Sequence ${this.lastSeq} (line ${this.lastLine}): expected rows within ${this.window} rows of their Sequence place`);
      return;
    }
    if (seq < this.maxSeq) this.outOfFileOrder++;
    else this.maxSeq = seq;
    if (this.count === this.window) this.emit();
    const n = this.window;
    let k = (this.head + this.count) % n;
    this.count++;
    // insertion from the back; equal Sequences stay in file order so the later one is the duplicate
    for (let j = this.count - 1; j > 0; j--) {
      const p = (k - 1 + n) % n;
      if (this.seq[p]! <= seq) break;
      this.move(p, k);
      k = p;
    }
    this.seq[k] = seq; this.time[k] = time; this.price[k] = price; this.size[k] = size;
    this.side[k] = side; this.bid[k] = bid; this.ask[k] = ask; this.line[k] = line;
    this.timeCol[k] = timeCol; this.seqCol[k] = seqCol;
  }

  /** Hands on every waiting trade (end of file). */
  finish(): void {
    while (this.count > 0) this.emit();
  }

  private move(from: number, to: number): void {
    this.seq[to] = this.seq[from]!; this.time[to] = this.time[from]!; this.price[to] = this.price[from]!;
    this.size[to] = this.size[from]!; this.side[to] = this.side[from]!; this.bid[to] = this.bid[from]!;
    this.ask[to] = this.ask[from]!; this.line[to] = this.line[from]!;
    this.timeCol[to] = this.timeCol[from]!; this.seqCol[to] = this.seqCol[from]!;
  }

  private emit(): void {
    const k = this.head;
    this.head = (this.head + 1) % this.window;
    this.count--;
    const seq = this.seq[k]!, time = this.time[k]!, line = this.line[k]!;
    if (seq === this.lastSeq) {
      this.errors.reject(line, this.seqCol[k]!, `duplicate trade: Sequence ${seq} repeats line ${this.lastLine}`);
      return;
    }
    if (time < this.lastTime) {
      this.errors.reject(line, this.timeCol[k]!, `time goes backwards in Sequence order: Sequence ${seq} at ${utcText(time)} comes after Sequence ${this.lastSeq} (line ${this.lastLine}) at ${utcText(this.lastTime)}`);
      return;
    }
    if (this.count > 0) {
      const next = this.time[this.head]!;
      // evidence that this row, not the next, is wrong: the next fits after the last trade taken, or
      // (at the start, nothing taken yet) the two trades after it are both earlier
      const second = this.count > 1 ? this.time[(this.head + 1) % this.window]! : Infinity;
      if (next < time && next >= this.lastTime && this.seq[this.head] !== seq && (this.lastTime > -Infinity || second < time)) {
        this.errors.reject(line, this.timeCol[k]!, `time jumps ahead: Sequence ${seq} at ${utcText(time)} is later than the next Sequence ${this.seq[this.head]} (line ${this.line[this.head]}) at ${utcText(next)}`);
        return;
      }
    }
    this.lastSeq = seq;
    this.lastLine = line;
    this.lastTime = time;
    this.take(time, this.price[k]!, this.size[k]!, this.side[k]!, this.bid[k]!, this.ask[k]!);
  }
}

/** "2022-01-24 13:30:00.005000 UTC" (µs padded: a message reads as a clock, unlike the file's count). */
function utcText(us: number): string {
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${String(us - Math.floor(us / 1e6) * 1e6).padStart(6, "0")} UTC`;
}
