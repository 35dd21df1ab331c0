import { readFileSync } from "node:fs";
import { wasmPath } from "./wasm.js";

/** The numbers of a `.scid` reader's checks, passed to the kernel (the reader owns them). */
export interface ScidTradeRules {
  tickSize: number;
  /** 1 / tickSize; used instead of dividing when `byInverse` (power-of-two tick sizes: exact). */
  inverse: number;
  byInverse: boolean;
  /** µs between Sierra's epoch (1899-12-30) and 1970-01-01. */
  epochUs: number;
  /** Plausible DateTime range, µs since 1899-12-30. */
  minUs: number;
  maxUs: number;
  /** Largest price in points, tolerance (in ticks) of a float32 price on the grid, largest size. */
  maxPrice: number;
  grid: number;
  maxSize: number;
}

/** What one `run` did. */
export interface ScidTradesRun {
  /** Records consumed (trades written and quote updates passed over). */
  records: number;
  trades: number;
  quoteUpdates: number;
  /** Trades with both BidVolume and AskVolume set. */
  bothSides: number;
  /** Whether a trade carried a quote (High or Low ≠ 0). */
  anyQuote: boolean;
  /** Index (from the run's first record) of the last trade written and of the one before it, −1 if none. */
  lastRecord: number;
  recordBefore: number;
  /** Time of the last trade written (µs since 1970), `prev` when none. */
  lastTime: number;
}

let module: WebAssembly.Module | undefined;

const PAGE = 65536;
const align = (x: number) => Math.ceil(x / 16) * 16;

/**
 * The `.scid` record kernel (assembly/scidRecords.ts; its ABI is SCID_TRADES in kernels.ts) on an instance of core.wasm of its own: the
 * reader reads its chunks straight into this instance's memory and hands out the trade columns as
 * views of it, so no other kernel (the range-bar builder the trades stream into) may grow or reuse
 * that memory. It is sized once here and never grows, so every view stays valid for the reader's life.
 */
export class ScidRecordKernel {
  private readonly exports: { memory: WebAssembly.Memory; heapBase(): number; scidTrades: (...a: number[]) => number };
  private readonly recPtr: number;
  private readonly statePtr: number;
  private readonly ptr: { time: number; price: number; size: number; side: number; bid: number; ask: number; mark: number };
  /** Room for this many records (40 bytes each) at `records`. */
  readonly recordCapacity: number;
  /** Room for this many trades in the columns. */
  readonly capacity: number;
  /** The record buffer and its views (the reader reads into `records`). */
  readonly records: Uint8Array;
  readonly u32: Uint32Array;
  readonly i32: Int32Array;
  readonly f32: Float32Array;
  readonly f64: Float64Array;
  /** The trade columns the kernel writes (index 0 … capacity − 1). */
  readonly time: Float64Array;
  readonly price: Int32Array;
  readonly size: Float64Array;
  readonly side: Int8Array;
  readonly bid: Int32Array;
  readonly ask: Int32Array;
  readonly mark: Int8Array;
  private readonly state: Float64Array;

  constructor(recordCapacity: number, capacity: number) {
    if (!(Number.isInteger(recordCapacity) && recordCapacity >= 1 && Number.isInteger(capacity) && capacity >= 1)) {
      throw new Error(`ScidRecordKernel: expected whole numbers ≥ 1, got ${recordCapacity} records, ${capacity} trades`);
    }
    module ??= new WebAssembly.Module(readFileSync(wasmPath));
    const instance = new WebAssembly.Instance(module, {
      env: { abort(_m: number, _f: number, line: number, column: number) { throw new Error(`WebAssembly core aborted at assembly line ${line}:${column}`); } },
    });
    const ex = instance.exports as unknown as ScidRecordKernel["exports"] & { _initialize?: () => void };
    ex._initialize?.();
    this.exports = ex;
    this.recordCapacity = recordCapacity;
    this.capacity = capacity;
    let at = align(ex.heapBase());
    const take = (bytes: number) => { const p = at; at = align(at + bytes); return p; };
    this.recPtr = take(recordCapacity * 40);
    this.statePtr = take(7 * 8);
    this.ptr = {
      time: take(capacity * 8), size: take(capacity * 8), price: take(capacity * 4), bid: take(capacity * 4),
      ask: take(capacity * 4), side: take(capacity), mark: take(capacity),
    };
    const have = ex.memory.buffer.byteLength;
    if (at > have) ex.memory.grow(Math.ceil((at - have) / PAGE));
    // memory is sized: from here on it never grows, so these views stay valid
    const buf = ex.memory.buffer;
    this.records = new Uint8Array(buf, this.recPtr, recordCapacity * 40);
    this.u32 = new Uint32Array(buf, this.recPtr, recordCapacity * 10);
    this.i32 = new Int32Array(buf, this.recPtr, recordCapacity * 10);
    this.f32 = new Float32Array(buf, this.recPtr, recordCapacity * 10);
    this.f64 = new Float64Array(buf, this.recPtr, recordCapacity * 5);
    this.state = new Float64Array(buf, this.statePtr, 7);
    this.time = new Float64Array(buf, this.ptr.time, capacity);
    this.price = new Int32Array(buf, this.ptr.price, capacity);
    this.size = new Float64Array(buf, this.ptr.size, capacity);
    this.side = new Int8Array(buf, this.ptr.side, capacity);
    this.bid = new Int32Array(buf, this.ptr.bid, capacity);
    this.ask = new Int32Array(buf, this.ptr.ask, capacity);
    this.mark = new Int8Array(buf, this.ptr.mark, capacity);
  }

  /**
   * Checks records `from … from + count − 1` of the record buffer and writes the trades it is sure of
   * to the columns from index `at` (at most `cap`), each not earlier than `prev` nor than the one
   * before it; stops before the first record it doubts (see assembly/scidRecords.ts).
   */
  run(from: number, count: number, rules: ScidTradeRules, prev: number, at: number, cap: number): ScidTradesRun {
    if (!(from >= 0 && count >= 0 && from + count <= this.recordCapacity && at >= 0 && cap >= 0 && at + cap <= this.capacity)) {
      throw new Error(`ScidRecordKernel.run: records ${from}+${count} of ${this.recordCapacity}, trades ${at}+${cap} of ${this.capacity}`);
    }
    const p = this.ptr;
    const records = this.exports.scidTrades(
      this.recPtr + from * 40, count, rules.tickSize, rules.inverse, rules.byInverse ? 1 : 0,
      rules.epochUs, rules.minUs, rules.maxUs, rules.maxPrice, rules.grid, rules.maxSize, prev,
      p.time + at * 8, p.price + at * 4, p.size + at * 8, p.side + at, p.bid + at * 4, p.ask + at * 4, p.mark + at,
      cap, this.statePtr,
    );
    const s = this.state;
    return {
      records, trades: s[0]!, quoteUpdates: s[1]!, bothSides: s[2]!, anyQuote: s[3] === 1,
      lastRecord: s[4]!, recordBefore: s[5]!, lastTime: s[6]!,
    };
  }
}
