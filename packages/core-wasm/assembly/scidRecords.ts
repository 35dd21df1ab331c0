// Sierra Chart `.scid` tick records (40 bytes: i64 DateTime µs since 1899-12-30, f32 Open, High,
// Low, Close, u32 NumTrades, TotalVolume, BidVolume, AskVolume) checked where they were read, in linear
// memory, and written as trade columns. The kernel decides only the common case — a tick record that
// passes every check of the TypeScript reader (engine io/scid.ts) and is not earlier than the trade
// before it — and stops at the first record it doubts: the reader sends that one through its own
// checks and time-order look-ahead, which name every problem. So the kernel holds no message and no
// rule of its own beyond "this record is certainly fine".
//
// Every value is computed with the very operations of the TypeScript reader (the time as hi · 2^32 + lo
// in f64, prices as x · (1 / tickSize) or x / tickSize, the same comparisons), so the columns are
// bit-identical to it; the reader's tests compare the two on random damaged records.

/** Open of a single trade and of the first / last sub-trade of an unbundled trade (engine io/scid.ts). */
const SINGLE: f32 = 0;
const FIRST_SUB: f32 = -1.99900095e37;
const LAST_SUB: f32 = -1.99900197e37;

// state block (f64 slots) written by scidTrades
const S_TRADES = 0; // trades written
const S_QUOTES = 1; // quote updates (TotalVolume = 0) passed over
const S_BOTH = 2; // trades with both BidVolume and AskVolume set
const S_QUOTE = 3; // 1 when a trade carried a quote (High or Low ≠ 0)
const S_REC1 = 4; // record index (from `recs`) of the last trade written, −1 if none
const S_REC2 = 5; // … of the trade before it, −1 if none
const S_LAST = 6; // time of the last trade written (or `prev`)

/**
 * Checks records `recs[0 … n)` and writes the trades it is sure of to the columns at index 0, 1, …
 * (at most `cap`). Returns how many records it consumed (trades and quote updates); it stops before
 * the first record that is not a plainly good tick record later than or at the same time as the one
 * before it (`prev` for the first), and before a trade once `cap` are written. A record is taken when
 * it is a tick record (Open = 0 or a sub-trade marker) with TotalVolume > 0 and
 *   minUs ≤ DateTime ≤ maxUs, prev ≤ time,
 *   0 < Close ≤ maxPrice on the tick grid (|x/ts − round| ≤ grid), the same for High and Low when
 *   either is ≠ 0 with Low ≤ High, the price in ticks within ±(2^31 − 1),
 *   TotalVolume, BidVolume, AskVolume ≤ maxSize, BidVolume + AskVolume ∈ {TotalVolume, 0};
 * a tick record with TotalVolume = 0 is a quote update, counted and passed over.
 * `byInverse` ≠ 0: prices are x · inverse (exact when the tick size is a power of two), else x / ts.
 */
export function scidTrades(
  recs: usize, n: i32, tickSize: f64, inverse: f64, byInverse: i32,
  epochUs: f64, minUs: f64, maxUs: f64, maxPrice: f64, grid: f64, maxSize: f64, prev: f64,
  oTime: usize, oPrice: usize, oSize: usize, oSide: usize, oBid: usize, oAsk: usize, oMark: usize,
  cap: i32, state: usize,
): i32 {
  // one loop for each way of scaling prices: with `mul` a run-time value, the compiler turns
  // `mul ? x · inverse : x / ts` into a select and divides every price anyway
  return byInverse != 0
    ? records(true, recs, n, tickSize, inverse, epochUs, minUs, maxUs, maxPrice, grid, maxSize, prev, oTime, oPrice, oSize, oSide, oBid, oAsk, oMark, cap, state)
    : records(false, recs, n, tickSize, inverse, epochUs, minUs, maxUs, maxPrice, grid, maxSize, prev, oTime, oPrice, oSize, oSide, oBid, oAsk, oMark, cap, state);
}

@inline function records(
  mul: bool, recs: usize, n: i32, tickSize: f64, inverse: f64,
  epochUs: f64, minUs: f64, maxUs: f64, maxPrice: f64, grid: f64, maxSize: f64, prev: f64,
  oTime: usize, oPrice: usize, oSize: usize, oSide: usize, oBid: usize, oAsk: usize, oMark: usize,
  cap: i32, state: usize,
): i32 {
  let w = 0, quotes = 0, both = 0, anyQuote = 0;
  let rec1 = -1, rec2 = -1;
  let r = 0;
  for (; r < n; r++) {
    const p = recs + (<usize>r) * 40;
    const open = load<f32>(p, 8);
    const isTick = open == SINGLE || open == FIRST_SUB || open == LAST_SUB;
    if (!isTick) break;
    const volume = load<u32>(p, 28);
    if (volume == 0) { quotes++; continue; }
    if (w >= cap) break;
    const unixUs = <f64>load<i32>(p, 4) * 4294967296.0 + <f64>load<u32>(p) - epochUs;
    const sierraUs = unixUs + epochUs;
    if (!(sierraUs >= minUs && sierraUs <= maxUs) || !(unixUs >= prev)) break;
    const high = <f64>load<f32>(p, 12), low = <f64>load<f32>(p, 16), close = <f64>load<f32>(p, 20);
    const c = mul ? close * inverse : close / tickSize, cr = Math.round(c);
    if (!(close > 0 && close <= maxPrice && Math.abs(c - cr) <= grid && cr <= 2147483647.0)) break;
    const quote = high != 0 || low != 0;
    let ar: f64 = 0, br: f64 = 0;
    if (quote) {
      const a = mul ? high * inverse : high / tickSize;
      const b = mul ? low * inverse : low / tickSize;
      ar = Math.round(a); br = Math.round(b);
      if (!(high > 0 && high <= maxPrice && Math.abs(a - ar) <= grid && ar <= 2147483647.0
        && low > 0 && low <= maxPrice && Math.abs(b - br) <= grid && low <= high)) break;
    }
    const bidVol = load<u32>(p, 32), askVol = load<u32>(p, 36);
    const vol = <f64>volume, bv = <f64>bidVol, av = <f64>askVol;
    if (!(vol <= maxSize && bv <= maxSize && av <= maxSize)) break;
    const sum = bv + av;
    if (!(sum == vol || sum == 0)) break;
    // the reader's askVol > 0 ? (bidVol > 0 ? 0 : 1) : bidVol > 0 ? −1 : 0, without a branch on
    // the side (random from trade to trade)
    const onAsk = <i32>(askVol > 0), onBid = <i32>(bidVol > 0);
    const side = onAsk - onBid;
    both += onAsk & onBid;
    anyQuote |= <i32>quote;
    const mark: i32 = open == FIRST_SUB ? 1 : open == LAST_SUB ? 2 : 0;
    store<f64>(oTime + (<usize>w << 3), unixUs);
    store<i32>(oPrice + (<usize>w << 2), <i32>cr);
    store<f64>(oSize + (<usize>w << 3), vol);
    store<i8>(oSide + <usize>w, <i8>side);
    store<i32>(oBid + (<usize>w << 2), <i32>br);
    store<i32>(oAsk + (<usize>w << 2), <i32>ar);
    store<i8>(oMark + <usize>w, <i8>mark);
    rec2 = rec1; rec1 = r;
    prev = unixUs;
    w++;
  }
  store<f64>(state + (S_TRADES << 3), <f64>w);
  store<f64>(state + (S_QUOTES << 3), <f64>quotes);
  store<f64>(state + (S_BOTH << 3), <f64>both);
  store<f64>(state + (S_QUOTE << 3), <f64>anyQuote);
  store<f64>(state + (S_REC1 << 3), <f64>rec1);
  store<f64>(state + (S_REC2 << 3), <f64>rec2);
  store<f64>(state + (S_LAST << 3), prev);
  return r;
}
