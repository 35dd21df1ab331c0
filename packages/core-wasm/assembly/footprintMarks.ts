// Footprint imbalances and auctions (SPEC §5) over the CSR footprint: bar i owns rows
// offset[i] … offset[i + 1] − 1, one per tick from low to high, with f64 bid and ask volume.
//
// Two passes. The first compares every row with its diagonal neighbours over the whole row array,
// bars ignored, two rows per f64x2 step, and packs the answers into bitsets (bit r = row r): buy, sell,
// and "traded on both sides". The second takes each bar's bits as one 64-bit word, drops the rows whose
// neighbour lies in another bar (bottom row for buy, top row for sell), and counts them (popcnt) and
// finds stacks (shift-and) without a loop over rows. It reads only offsets and bits, never the volumes
// again: the volumes are by far the largest input, and a second sweep over them costs more than the
// whole per-bar logic. The comparison is the IEEE f64 product ratio·volume, rounded once, against the
// other volume — the same expression the TypeScript reference evaluates, hence identical results.

import { ldI, ldF, stB, stI } from "./memory";

/** Bars up to this many rows take the one-word path: their bits, at any bit offset, fit in a u64 load. */
const WORD_ROWS: i32 = 57;

/**
 * buyBits bit r: row r has a buy imbalance over row r − 1, ask[r] ≥ ratio·bid[r − 1] and
 * ask[r] ≥ minVolume. sellBits bit r: bid[r] ≥ ratio·ask[r + 1] and bid[r] ≥ minVolume. Bit 0 of
 * buyBits and bit nRows − 1 of sellBits are left 0 (no neighbour at all); a neighbour in another bar is
 * dropped by the per-bar pass. bothBits bit r: bid[r] > 0 and ask[r] > 0. `bitBytes` bytes of each
 * bitset are zeroed first.
 */
function imbalanceBits(
  nRows: i32, bid: usize, ask: usize, ratio: f64, minVolume: f64,
  buyBits: usize, sellBits: usize, bothBits: usize, bitBytes: i32,
): void {
  memory.fill(buyBits, 0, <usize>bitBytes);
  memory.fill(sellBits, 0, <usize>bitBytes);
  memory.fill(bothBits, 0, <usize>bitBytes);
  const vr = f64x2.splat(ratio), vm = f64x2.splat(minVolume), zero = f64x2.splat(0);
  // Groups of 8 rows (one byte per bitset) whose last row still has a row above it. The first group
  // reads bid[−1] (the 8 bytes below the block, always inside memory): that lane is bit 0, never used.
  const groups = nRows > 0 ? (nRows - 1) >> 3 : 0;
  for (let g = 0; g < groups; g++) {
    let buy = 0, sell = 0, both = 0;
    for (let j = 0; j < 4; j++) {
      const o = <usize>((g << 3) + (j << 1)) << 3;
      const a = v128.load(ask + o), b = v128.load(bid + o);
      const bBelow = v128.load(bid + o - 8), aAbove = v128.load(ask + o + 8);
      const isBuy = v128.and(f64x2.ge(a, f64x2.mul(vr, bBelow)), f64x2.ge(a, vm));
      const isSell = v128.and(f64x2.ge(b, f64x2.mul(vr, aAbove)), f64x2.ge(b, vm));
      buy |= i64x2.bitmask(isBuy) << (j << 1);
      sell |= i64x2.bitmask(isSell) << (j << 1);
      both |= i64x2.bitmask(v128.and(f64x2.gt(a, zero), f64x2.gt(b, zero))) << (j << 1);
    }
    store<u8>(buyBits + <usize>g, <u8>buy);
    store<u8>(sellBits + <usize>g, <u8>sell);
    store<u8>(bothBits + <usize>g, <u8>both);
  }
  for (let r = groups << 3; r < nRows; r++) {
    const a = ldF(ask, r), b = ldF(bid, r);
    const isBuy = r > 0 && a >= ratio * ldF(bid, r - 1) && a >= minVolume;
    const isSell = r < nRows - 1 && b >= ratio * ldF(ask, r + 1) && b >= minVolume;
    const at = <usize>(r >> 3), bit: u32 = 1 << <u32>(r & 7);
    if (isBuy) store<u8>(buyBits + at, <u32>load<u8>(buyBits + at) | bit);
    if (isSell) store<u8>(sellBits + at, <u32>load<u8>(sellBits + at) | bit);
    if (a > 0 && b > 0) store<u8>(bothBits + at, <u32>load<u8>(bothBits + at) | bit);
  }
}

/** The `rows` bits of a bitset starting at bit `from`, as the low bits of a word (rows ≤ WORD_ROWS). */
@inline function bitsAt(bits: usize, from: i32, rows: i32): u64 {
  return (load<u64>(bits + <usize>(from >> 3)) >> <u64>(from & 7)) & ((<u64>1 << <u64>rows) - 1);
}

/**
 * Whether x holds `k` consecutive set bits (k ≥ 1): each step doubles the run length tested. The step
 * count depends on k only, never on the data, so the loop's branch is always predicted.
 */
@inline function hasRun(x: u64, k: i32): bool {
  let y = x;
  let len = 1;
  while (len < k) {
    // a step of 64 (wasm takes shifts mod 64) comes only after len = 64, when y (≤ 57 bits) is 0
    const step = min(len, k - len);
    y &= y >> <u64>step;
    len += step;
  }
  return y != 0;
}

@inline function bit(bits: usize, r: i32): bool {
  return ((load<u8>(bits + <usize>(r >> 3)) >> <u8>(r & 7)) & 1) != 0;
}

/**
 * Per bar: imbBuy / imbSell (i32) = rows with a buy / sell imbalance whose diagonal neighbour is in the
 * bar; stackedBuy / stackedSell (u8) = 1 when ≥ stackedRows consecutive rows carry one; unfinishedHigh
 * / unfinishedLow (u8) = 1 when the top / bottom row has bid > 0 and ask > 0. A bar without rows gets 0
 * everywhere. A bar whose offsets go backwards or leave the nRows rows gets 0 everywhere and nothing
 * outside the rows is read; returns the first such bar, n when only offset[n] ≠ nRows, else −1.
 * buyBits / sellBits / bothBits are scratch of bitBytes = ceil(nRows / 8) + 8 bytes each.
 */
export function footprintMarks(
  n: i32, offset: usize, nRows: i32, bid: usize, ask: usize,
  ratio: f64, minVolume: f64, stackedRows: i32,
  buyBits: usize, sellBits: usize, bothBits: usize,
  outImbBuy: usize, outImbSell: usize, outStackedBuy: usize, outStackedSell: usize,
  outUnfinishedHigh: usize, outUnfinishedLow: usize,
): i32 {
  const bitBytes = ((nRows + 7) >> 3) + 8;
  imbalanceBits(nRows, bid, ask, ratio, minVolume, buyBits, sellBits, bothBits, bitBytes);
  let firstBad = -1;
  for (let i = 0; i < n; i++) {
    const s = ldI(offset, i), e = ldI(offset, i + 1);
    const rows = e - s;
    let nBuy = 0, nSell = 0;
    let stackBuy = false, stackSell = false, high = false, low = false;
    if (s < 0 || e > nRows || rows < 0) {
      if (firstBad < 0) firstBad = i;
    } else if (rows > 0) {
      high = bit(bothBits, e - 1);
      low = bit(bothBits, s);
      if (rows <= WORD_ROWS) {
        // bit j = row s + j; the bottom row has no row below (buy), the top row none above (sell)
        const buy = bitsAt(buyBits, s, rows) & ~(<u64>1);
        const sell = bitsAt(sellBits, s, rows) & ~(<u64>1 << <u64>(rows - 1));
        nBuy = <i32>popcnt(buy);
        nSell = <i32>popcnt(sell);
        // a bar with fewer rows than stackedRows cannot hold such a run in its `rows` bits
        stackBuy = hasRun(buy, stackedRows);
        stackSell = hasRun(sell, stackedRows);
      } else {
        let runBuy = 0, runSell = 0;
        for (let r = s; r < e; r++) {
          const isBuy = r > s && bit(buyBits, r);
          const isSell = r < e - 1 && bit(sellBits, r);
          runBuy = isBuy ? runBuy + 1 : 0;
          runSell = isSell ? runSell + 1 : 0;
          nBuy += <i32>isBuy;
          nSell += <i32>isSell;
          if (runBuy >= stackedRows) stackBuy = true;
          if (runSell >= stackedRows) stackSell = true;
        }
      }
    }
    stI(outImbBuy, i, nBuy);
    stI(outImbSell, i, nSell);
    stB(outStackedBuy, i, stackBuy);
    stB(outStackedSell, i, stackSell);
    stB(outUnfinishedHigh, i, high);
    stB(outUnfinishedLow, i, low);
  }
  if (firstBad < 0 && ldI(offset, n) != nRows) firstBad = n;
  return firstBad;
}
