/**
 * Trades (SPEC §2 `ticks`): µs since epoch UTC in Float64Array (exact to 2^53), price in integer
 * ticks, size, aggressor side (+1 buyer at the ask, −1 seller at the bid, 0 unknown), and the quote
 * when the source has it (NaN-free Int32Array; `hasQuote` says whether it is meaningful).
 */
export interface TickTable {
  length: number;
  time: Float64Array;
  price: Int32Array;
  size: Float64Array;
  side: Int8Array;
  bid: Int32Array;
  ask: Int32Array;
  hasQuote: boolean;
}

export function emptyTickTable(n: number): TickTable {
  return {
    length: n, time: new Float64Array(n), price: new Int32Array(n), size: new Float64Array(n),
    side: new Int8Array(n), bid: new Int32Array(n), ask: new Int32Array(n), hasQuote: false,
  };
}
