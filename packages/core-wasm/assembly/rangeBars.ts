// Bars from ticks (SPEC §2, §4): 8-tick range bars (Sierra Chart "Range per bar – standard"), N trades,
// N volume and N-second bars, with OHLC, volume, bid/ask volume, delta, running-delta extremes and the
// CSR footprint. Ticks: time f64 µs, price i32 ticks, size f64, side i8 (+1 ask, −1 bid, 0 unknown),
// session i32 per tick.
//
// Memory plan (the kernels never allocate): `tickBarsCount` walks the ticks once with the same bar
// boundary rule as `tickBarsFill` and reports how many bars and footprint rows there will be; the
// TypeScript face then reserves exactly that much and `tickBarsFill` writes everything in one pass
// over the ticks (each bar's footprint is summed when the bar closes, over its own ticks, which are
// still in cache).

import { ldB, ldI, ldF, stI, stF } from "./memory";

/** Bar kinds (the TypeScript face maps names to these codes). */
export const BAR_RANGE: i32 = 0;
export const BAR_TRADES: i32 = 1;
export const BAR_VOLUME: i32 = 2;
export const BAR_SECONDS: i32 = 3;

/**
 * Does tick i start a new bar, given the open bar's state? A session change always does. Range: the
 * trade would make high − low exceed `size` ticks. Trades: the bar already holds `size` trades. Volume:
 * the bar already holds ≥ `size` volume (a trade is never split, so a bar can end above `size`).
 * Seconds: the trade falls in another `size`-second bucket (buckets aligned on the Unix epoch).
 */
@inline function startsBar(
  kind: i32, size: f64, p: i32, sess: i32, bucket: f64,
  curSess: i32, hi: i32, lo: i32, trades: f64, vol: f64, curBucket: f64,
): bool {
  if (sess != curSess) return true;
  if (kind == BAR_RANGE) {
    const h = p > hi ? p : hi;
    const l = p < lo ? p : lo;
    return <f64>(h - l) > size;
  }
  if (kind == BAR_TRADES) return trades >= size;
  if (kind == BAR_VOLUME) return vol >= size;
  return bucket != curBucket;
}

@inline function bucketOf(kind: i32, t: f64, width: f64): f64 {
  return kind == BAR_SECONDS ? Math.floor(t / width) : 0.0;
}

/**
 * Counting pass: returns the number of bars and writes the number of footprint rows (Σ high − low + 1)
 * as an f64 at `outRows`.
 */
export function tickBarsCount(
  n: i32, kind: i32, size: f64,
  time: usize, price: usize, vol: usize, session: usize, outRows: usize,
): i32 {
  // range bars get a loop of their own: with `kind` a run-time value the compiler evaluates
  // bucketOf's division for every trade (a select, not a branch)
  return kind == BAR_RANGE
    ? countBars(BAR_RANGE, n, size, time, price, vol, session, outRows)
    : countBars(kind, n, size, time, price, vol, session, outRows);
}

@inline function countBars(
  kind: i32, n: i32, size: f64,
  time: usize, price: usize, vol: usize, session: usize, outRows: usize,
): i32 {
  const width = size * 1e6;
  let bars = 0;
  let rows: f64 = 0;
  let hi = 0, lo = 0, curSess = 0;
  let trades: f64 = 0, v: f64 = 0, curBucket: f64 = 0;
  for (let i = 0; i < n; i++) {
    const p = ldI(price, i);
    const s = ldI(session, i);
    const b = bucketOf(kind, ldF(time, i), width);
    if (i == 0 || startsBar(kind, size, p, s, b, curSess, hi, lo, trades, v, curBucket)) {
      if (i > 0) rows += <f64>(hi - lo + 1);
      bars++;
      hi = p; lo = p; curSess = s; curBucket = b;
      trades = 0; v = 0;
    }
    if (p > hi) hi = p;
    if (p < lo) lo = p;
    trades += 1;
    v += ldF(vol, i);
  }
  if (n > 0) rows += <f64>(hi - lo + 1);
  stF(outRows, 0, rows);
  return bars;
}

/**
 * Fill pass: one walk over the ticks writes every bar column and the footprint. Bar time is the first
 * trade's time, except N-second bars, stamped with their bucket's start (as Sierra Chart stamps time
 * bars). maxDelta / minDelta are the extremes of the running delta after each trade of the bar (the
 * first trade included, so a one-trade bar has max = min = its delta). Trades of unknown side (0)
 * count in volume and trades, in neither bid nor ask volume. Returns the number of bars written.
 */
export function tickBarsFill(
  n: i32, kind: i32, size: f64,
  time: usize, price: usize, vol: usize, side: usize, session: usize,
  oTime: usize, oLast: usize, oSession: usize,
  oOpen: usize, oHigh: usize, oLow: usize, oClose: usize,
  oVolume: usize, oTrades: usize, oBid: usize, oAsk: usize, oDelta: usize, oMax: usize, oMin: usize,
  fOffset: usize, fPrice: usize, fBid: usize, fAsk: usize,
): i32 {
  // range bars get a loop of their own (see tickBarsCount)
  return kind == BAR_RANGE
    ? fillBars(BAR_RANGE, n, size, time, price, vol, side, session, oTime, oLast, oSession, oOpen, oHigh, oLow, oClose,
      oVolume, oTrades, oBid, oAsk, oDelta, oMax, oMin, fOffset, fPrice, fBid, fAsk)
    : fillBars(kind, n, size, time, price, vol, side, session, oTime, oLast, oSession, oOpen, oHigh, oLow, oClose,
      oVolume, oTrades, oBid, oAsk, oDelta, oMax, oMin, fOffset, fPrice, fBid, fAsk);
}

@inline function fillBars(
  kind: i32, n: i32, size: f64,
  time: usize, price: usize, vol: usize, side: usize, session: usize,
  oTime: usize, oLast: usize, oSession: usize,
  oOpen: usize, oHigh: usize, oLow: usize, oClose: usize,
  oVolume: usize, oTrades: usize, oBid: usize, oAsk: usize, oDelta: usize, oMax: usize, oMin: usize,
  fOffset: usize, fPrice: usize, fBid: usize, fAsk: usize,
): i32 {
  const width = size * 1e6;
  let bar = -1;
  let row = 0; // next free footprint row
  let start = 0; // first tick of the open bar
  let hi = 0, lo = 0, curSess = 0, open = 0;
  let first: f64 = 0, last: f64 = 0, curBucket: f64 = 0;
  let trades: f64 = 0, v: f64 = 0, bid: f64 = 0, ask: f64 = 0, mx: f64 = 0, mn: f64 = 0;
  for (let i = 0; i <= n; i++) {
    let p = 0, s = 0;
    let t: f64 = 0, b: f64 = 0;
    let fresh = i == n;
    if (i < n) {
      p = ldI(price, i);
      s = ldI(session, i);
      t = ldF(time, i);
      b = bucketOf(kind, t, width);
      fresh = i == 0 || startsBar(kind, size, p, s, b, curSess, hi, lo, trades, v, curBucket);
    }
    if (fresh && i > 0) {
      // Close bar `bar` over ticks start … i − 1.
      stF(oTime, bar, kind == BAR_SECONDS ? curBucket * width : first);
      stF(oLast, bar, last);
      stI(oSession, bar, curSess);
      stI(oOpen, bar, open);
      stI(oHigh, bar, hi);
      stI(oLow, bar, lo);
      stI(oClose, bar, ldI(price, i - 1));
      stF(oVolume, bar, v);
      stF(oTrades, bar, trades);
      stF(oBid, bar, bid);
      stF(oAsk, bar, ask);
      stF(oDelta, bar, ask - bid);
      stF(oMax, bar, mx);
      stF(oMin, bar, mn);
      stI(fOffset, bar, row);
      const nRows = hi - lo + 1;
      for (let r = 0; r < nRows; r++) {
        stI(fPrice, row + r, lo + r);
        stF(fBid, row + r, 0);
        stF(fAsk, row + r, 0);
      }
      for (let j = start; j < i; j++) {
        const sd = ldB(side, j);
        if (sd == 0) continue;
        const r = row + ldI(price, j) - lo;
        const q = select<usize>(fAsk, fBid, sd > 0); // no branch on the side (random trade to trade)
        stF(q, r, ldF(q, r) + ldF(vol, j));
      }
      row += nRows;
    }
    if (i == n) break;
    if (fresh) {
      bar++;
      start = i;
      hi = p; lo = p; open = p; curSess = s; curBucket = b; first = t;
      trades = 0; v = 0; bid = 0; ask = 0;
    }
    if (p > hi) hi = p;
    if (p < lo) lo = p;
    last = t;
    const q = ldF(vol, i);
    const sd = ldB(side, i);
    trades += 1;
    v += q;
    // selects, not branches: the side changes at random from trade to trade (each value is exactly
    // the one the branches would keep)
    ask = select<f64>(ask + q, ask, sd > 0);
    bid = select<f64>(bid + q, bid, sd < 0);
    const d = ask - bid;
    mx = select<f64>(d, mx, fresh || d > mx);
    mn = select<f64>(d, mn, fresh || d < mn);
  }
  if (bar >= 0) stI(fOffset, bar + 1, row);
  else stI(fOffset, 0, 0);
  return bar + 1;
}
