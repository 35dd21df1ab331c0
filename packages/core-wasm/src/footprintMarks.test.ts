import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Float64, Int32, makeVector } from "apache-arrow";
import {
  FOOTPRINT_MARK_DEFAULTS, footprintMarks, type FootprintMarkParams, type FootprintMarks,
} from "./footprintMarks.js";

// ---------------------------------------------------------------------------------------------
// Plain TypeScript reference of SPEC §5 "Footprint imbalances and auctions", written the obvious way:
// one bar at a time, one row at a time, each rule as SPEC states it.
// ---------------------------------------------------------------------------------------------

interface Fp { offset: Int32Array; bidVolume: Float64Array; askVolume: Float64Array }

function refMarks(fp: Fp, p: FootprintMarkParams): FootprintMarks {
  const n = fp.offset.length - 1;
  const out: FootprintMarks = {
    imbBuy: new Int32Array(n), imbSell: new Int32Array(n), stackedBuy: new Uint8Array(n), stackedSell: new Uint8Array(n),
    unfinishedHigh: new Uint8Array(n), unfinishedLow: new Uint8Array(n),
  };
  const bid = (r: number) => fp.bidVolume[r]!, ask = (r: number) => fp.askVolume[r]!;
  for (let i = 0; i < n; i++) {
    const low = fp.offset[i]!, high = fp.offset[i + 1]! - 1; // row indices of the bar's low and high
    let runBuy = 0, runSell = 0, longestBuy = 0, longestSell = 0;
    for (let r = low; r <= high; r++) {
      // a row whose diagonal neighbour lies outside the bar is not tested
      const buy = r - 1 >= low && ask(r) >= p.imbalanceRatio * bid(r - 1) && ask(r) >= p.minImbalanceVolume;
      const sell = r + 1 <= high && bid(r) >= p.imbalanceRatio * ask(r + 1) && bid(r) >= p.minImbalanceVolume;
      if (buy) out.imbBuy[i]!++;
      if (sell) out.imbSell[i]!++;
      runBuy = buy ? runBuy + 1 : 0;
      runSell = sell ? runSell + 1 : 0;
      longestBuy = Math.max(longestBuy, runBuy);
      longestSell = Math.max(longestSell, runSell);
    }
    out.stackedBuy[i] = longestBuy >= p.stackedRows ? 1 : 0;
    out.stackedSell[i] = longestSell >= p.stackedRows ? 1 : 0;
    if (high >= low) {
      out.unfinishedHigh[i] = bid(high) > 0 && ask(high) > 0 ? 1 : 0;
      out.unfinishedLow[i] = bid(low) > 0 && ask(low) > 0 ? 1 : 0;
    }
  }
  return out;
}

/** A footprint from bars given as rows low → high of [bid, ask]. */
function fpOf(...bars: [number, number][][]): Fp {
  const offset = new Int32Array(bars.length + 1);
  bars.forEach((rows, i) => { offset[i + 1] = offset[i]! + rows.length; });
  const all = bars.flat();
  return {
    offset,
    bidVolume: Float64Array.from(all.map((r) => r[0])),
    askVolume: Float64Array.from(all.map((r) => r[1])),
  };
}

const KEYS = ["imbBuy", "imbSell", "stackedBuy", "stackedSell", "unfinishedHigh", "unfinishedLow"] as const;

type Plain = Record<(typeof KEYS)[number], number[]>;
const plain = (m: FootprintMarks): Plain => Object.fromEntries(KEYS.map((k) => [k, Array.from(m[k])])) as Plain;

/**
 * Kernel and reference agree exactly; returns the kernel's answer as plain arrays of numbers. The bars
 * are also run shifted behind a filler bar of 0 … 13 empty rows and before one of 16, so that their rows
 * pass through the kernel's 8-row SIMD groups at every alignment, not only its scalar tail.
 */
function marks(fp: Fp, p: FootprintMarkParams = FOOTPRINT_MARK_DEFAULTS): Plain {
  const got = plain(footprintMarks(fp, p));
  expect(got).toEqual(plain(refMarks(fp, p)));
  const n = fp.offset.length - 1, rows = fp.bidVolume.length;
  for (const shift of [0, 1, 3, 8, 13]) {
    const offset = new Int32Array(n + 3);
    for (let i = 0; i <= n; i++) offset[i + 1] = shift + fp.offset[i]!;
    offset[n + 2] = shift + rows + 16;
    const pad = (v: Float64Array) => {
      const out = new Float64Array(shift + rows + 16);
      out.set(v, shift);
      return out;
    };
    const shifted = plain(footprintMarks({ offset, bidVolume: pad(fp.bidVolume), askVolume: pad(fp.askVolume) }, p));
    for (const k of KEYS) expect(shifted[k].slice(1, n + 1), `${k}, shifted ${shift} rows`).toEqual(got[k]);
  }
  return got;
}

describe("footprint marks: hand-worked SPEC §5 boundaries (ratio 3, min volume 10, 3 rows)", () => {
  it("buy imbalance at a ratio of exactly 3 (ask 30 over bid 10) but not at 29", () => {
    // rows low → high as [bid, ask]
    expect(marks(fpOf([[10, 0], [0, 30]])).imbBuy).toEqual([1]);
    expect(marks(fpOf([[10, 0], [0, 29]])).imbBuy).toEqual([0]);
  });

  it("sell imbalance at exactly 3 (bid 30 over the ask 10 one tick above) but not at 29", () => {
    expect(marks(fpOf([[30, 0], [0, 10]])).imbSell).toEqual([1]);
    expect(marks(fpOf([[29, 0], [0, 10]])).imbSell).toEqual([0]);
  });

  it("the imbalanced side needs volume ≥ 10: 10 qualifies, 9 does not, even over a zero neighbour", () => {
    // SPEC's literal reading: ask ≥ 3 · 0 holds, so 10 lots over an empty bid is an imbalance
    expect(marks(fpOf([[0, 0], [0, 10]])).imbBuy).toEqual([1]);
    expect(marks(fpOf([[0, 0], [0, 9]])).imbBuy).toEqual([0]);
    expect(marks(fpOf([[10, 0], [0, 0]])).imbSell).toEqual([1]);
    expect(marks(fpOf([[9, 0], [0, 0]])).imbSell).toEqual([0]);
  });

  it("edge rows: the top row is tested for buy (it has a row below), the bottom row is not", () => {
    // bottom row: ask 100 with no row below → no buy; top row: ask 100 over bid 1 → buy
    const m = marks(fpOf([[0, 100], [1, 0], [0, 100]]));
    expect(m.imbBuy).toEqual([1]);
    // top row: bid 100 with no row above → no sell; bottom row: bid 100 over ask 1 above → sell
    expect(marks(fpOf([[100, 0], [0, 1], [100, 0]])).imbSell).toEqual([1]);
  });

  it("a neighbour in the adjacent bar of the CSR layout is outside the bar and never compared", () => {
    // bar 0's top row would be a sell over bar 1's bottom ask, bar 1's bottom row a buy over bar 0's top bid
    const m = marks(fpOf([[0, 0], [50, 0]], [[0, 50], [0, 0]]));
    expect(m.imbSell).toEqual([0, 0]);
    expect(m.imbBuy).toEqual([0, 0]);
  });

  it("stacked: 3 consecutive buy rows stack, 2 do not, 2 + gap + 2 do not", () => {
    const two = marks(fpOf([[1, 0], [1, 20], [1, 20], [1, 0]]));
    expect(two.imbBuy).toEqual([2]);
    expect(two.stackedBuy).toEqual([0]);
    const three = marks(fpOf([[1, 0], [1, 20], [1, 20], [1, 20]]));
    expect(three.imbBuy).toEqual([3]);
    expect(three.stackedBuy).toEqual([1]);
    // row 3 (ask 5 < 10) breaks the run; row 4: 20 ≥ 3 · 6
    const gap = marks(fpOf([[1, 0], [1, 20], [1, 20], [6, 5], [1, 20], [1, 20]]));
    expect(gap.imbBuy).toEqual([4]);
    expect(gap.stackedBuy).toEqual([0]);
    // stackedRows 2 makes the pair a stack
    expect(marks(fpOf([[1, 0], [1, 20], [1, 20], [1, 0]]), { ...FOOTPRINT_MARK_DEFAULTS, stackedRows: 2 }).stackedBuy).toEqual([1]);
  });

  it("stacked sell: 3 consecutive sell rows stack, 2 do not", () => {
    expect(marks(fpOf([[20, 1], [20, 1], [20, 1], [0, 1]])).stackedSell).toEqual([1]);
    const two = marks(fpOf([[0, 1], [20, 1], [20, 1], [0, 1]]));
    expect(two.imbSell).toEqual([2]);
    expect(two.stackedSell).toEqual([0]);
  });

  it("one-row bars: no imbalance is tested; the row is both high and low for unfinished auctions", () => {
    expect(marks(fpOf([[5, 5]]))).toEqual({
      imbBuy: [0], imbSell: [0], stackedBuy: [0], stackedSell: [0], unfinishedHigh: [1], unfinishedLow: [1],
    });
    expect(marks(fpOf([[0, 500]]))).toEqual({
      imbBuy: [0], imbSell: [0], stackedBuy: [0], stackedSell: [0], unfinishedHigh: [0], unfinishedLow: [0],
    });
  });

  it("empty bars (no rows) get 0 everywhere, also between bars with marks", () => {
    const m = marks(fpOf([], [[1, 1], [0, 30], [1, 1]], []));
    expect(m).toEqual({
      imbBuy: [0, 1, 0], imbSell: [0, 0, 0], stackedBuy: [0, 0, 0], stackedSell: [0, 0, 0],
      unfinishedHigh: [0, 1, 0], unfinishedLow: [0, 1, 0],
    });
    expect(marks(fpOf())).toEqual({ imbBuy: [], imbSell: [], stackedBuy: [], stackedSell: [], unfinishedHigh: [], unfinishedLow: [] });
  });

  it("unfinished high / low: both sides traded at the extreme row; one side only is finished", () => {
    const m = marks(fpOf([[3, 4], [0, 0], [0, 7]], [[0, 2], [5, 5], [1, 1]]));
    expect(m.unfinishedLow).toEqual([1, 0]);
    expect(m.unfinishedHigh).toEqual([0, 1]);
  });

  it("a fractional ratio compares the f64 product: 15 ≥ 1.5 · 10 qualifies, 14 does not", () => {
    const p = { ...FOOTPRINT_MARK_DEFAULTS, imbalanceRatio: 1.5 };
    expect(marks(fpOf([[10, 0], [0, 15]]), p).imbBuy).toEqual([1]);
    expect(marks(fpOf([[10, 0], [0, 14]]), p).imbBuy).toEqual([0]);
  });

  it("bars longer than one 64-bit word of rows (the looping path) give the same answers", () => {
    const rows: [number, number][] = Array.from({ length: 130 }, (_, r) => (r % 7 < 4 ? [1, 20] : [40, 1]));
    const m = marks(fpOf(rows, [[1, 0], [1, 20], [1, 20], [1, 20]], rows.slice(0, 58)));
    expect(m.stackedBuy).toEqual([1, 1, 1]);
    expect(m.imbBuy[0]).toBeGreaterThan(50);
  });

  it("reads Arrow vectors (chunk values, not get(i))", () => {
    const fp = fpOf([[10, 0], [0, 30], [0, 30], [0, 30]]);
    const got = footprintMarks({
      offset: makeVector({ type: new Int32(), data: fp.offset }),
      bidVolume: makeVector({ type: new Float64(), data: fp.bidVolume }),
      askVolume: makeVector({ type: new Float64(), data: fp.askVolume }),
    });
    expect(Array.from(got.imbBuy)).toEqual([3]);
    expect(Array.from(got.stackedBuy)).toEqual([1]);
  });

  it("rejects inconsistent offsets and parameters outside their domain, naming them", () => {
    const fp = fpOf([[1, 1], [1, 1]]);
    expect(() => footprintMarks({ ...fp, offset: Int32Array.from([0, 3]) })).toThrow(/bar 0 .*leave the 2 rows/);
    expect(() => footprintMarks({ ...fp, offset: Int32Array.from([0, 1]) })).toThrow(/offset\[1\] does not equal its row count/);
    expect(() => footprintMarks({ ...fp, offset: Int32Array.from([0, 2, 1, 2]) })).toThrow(/bar 1 go backwards/);
    expect(() => footprintMarks({ ...fp, askVolume: new Float64Array(3) })).toThrow(/askVolume has 3 rows, expected 2/);
    expect(() => footprintMarks(fp, { ...FOOTPRINT_MARK_DEFAULTS, imbalanceRatio: 0 })).toThrow(/imbalanceRatio/);
    expect(() => footprintMarks(fp, { ...FOOTPRINT_MARK_DEFAULTS, imbalanceRatio: NaN })).toThrow(/imbalanceRatio/);
    expect(() => footprintMarks(fp, { ...FOOTPRINT_MARK_DEFAULTS, minImbalanceVolume: -1 })).toThrow(/minImbalanceVolume/);
    expect(() => footprintMarks(fp, { ...FOOTPRINT_MARK_DEFAULTS, stackedRows: 2.5 })).toThrow(/stackedRows/);
    expect(() => footprintMarks(fp, { ...FOOTPRINT_MARK_DEFAULTS, stackedRows: 0 })).toThrow(/stackedRows/);
  });
});

describe("footprint marks: kernel against the reference on random footprints (fast-check)", () => {
  const volume = fc.oneof(
    { weight: 3, arbitrary: fc.constant(0) },
    { weight: 6, arbitrary: fc.integer({ min: 0, max: 40 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 ** 31 }) },
    { weight: 1, arbitrary: fc.constantFrom(2 ** 53 - 1, 1e15, 3e15, 2 ** 52 + 1) },
  );
  // `tie` plants ask = ratio · bid below (or bid = ratio · ask above): the exact threshold
  const row = fc.record({ bid: volume, ask: volume, tie: fc.constantFrom("none", "none", "buy", "sell") });
  const bar = fc.oneof(
    { weight: 8, arbitrary: fc.array(row, { minLength: 0, maxLength: 12 }) },
    { weight: 2, arbitrary: fc.array(row, { minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.array(row, { minLength: 50, maxLength: 80 }) },
  );
  const params = fc.record({
    imbalanceRatio: fc.oneof(fc.constant(3), fc.constantFrom(1, 1.5, 2.5, 0.1), fc.double({ min: 0.01, max: 10, noNaN: true })),
    minImbalanceVolume: fc.oneof(fc.constant(10), fc.integer({ min: 0, max: 50 }), fc.double({ min: 0, max: 50, noNaN: true })),
    stackedRows: fc.oneof(fc.constant(3), fc.integer({ min: 1, max: 8 }), fc.constant(60)),
  });

  it("identical results on every output", () => {
    fc.assert(
      fc.property(fc.array(bar, { minLength: 0, maxLength: 40 }), params, (bars, p) => {
        const rows: [number, number][][] = bars.map((b) => b.map((r) => [r.bid, r.ask]));
        rows.forEach((b, j) => {
          bars[j]!.forEach((r, k) => {
            if (r.tie === "buy" && k > 0) b[k]![1] = p.imbalanceRatio * b[k - 1]![0];
            if (r.tie === "sell" && k + 1 < b.length) b[k]![0] = p.imbalanceRatio * b[k + 1]![1];
          });
        });
        const fp = fpOf(...rows);
        const got = footprintMarks(fp, p), want = refMarks(fp, p);
        for (const k of KEYS) {
          if (!got[k].every((v, i) => v === want[k][i])) return false;
        }
        return true;
      }),
      { numRuns: 400, seed: 20261201 },
    );
  });
});
