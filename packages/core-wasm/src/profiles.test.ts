import { describe, expect, it } from "vitest";
import { makeVector } from "apache-arrow";
import { buildProfiles, profileRow, type ProfileBarsInput } from "./profiles.js";

/** Plain reference: the obvious per-row loops, in the same order of additions as the kernel. */
function reference(x: Plain, nProfiles: number, rowTicks: number) {
  const n = x.high.length;
  const low = new Int32Array(nProfiles).fill(2147483647), high = new Int32Array(nProfiles).fill(-2147483648);
  for (let i = 0; i < n; i++) {
    const p = x.profile[i]!;
    if (p < 0 || p >= nProfiles) continue;
    low[p] = Math.min(low[p]!, x.low[i]!);
    high[p] = Math.max(high[p]!, x.high[i]!);
  }
  const rowBase = new Int32Array(nProfiles), rowOffset = new Int32Array(nProfiles + 1);
  for (let p = 0; p < nProfiles; p++) {
    const has = low[p]! <= high[p]!;
    rowBase[p] = has ? Math.floor(low[p]! / rowTicks) : 0;
    rowOffset[p + 1] = rowOffset[p]! + (has ? Math.floor(high[p]! / rowTicks) - rowBase[p]! + 1 : 0);
  }
  const total = rowOffset[nProfiles]!;
  const tpo = new Float64Array(total), volume = new Float64Array(total);
  let periods = 0;
  for (let i = 0; i < n; ) {
    const p = x.profile[i]!;
    if (p < 0 || p >= nProfiles) { i++; continue; }
    let j = i, lo = Infinity, hi = -Infinity;
    while (j < n) {
      const q = x.profile[j]!;
      if (q < 0 || q >= nProfiles) { j++; continue; }
      if (q !== p || x.period[j] !== x.period[i]) break;
      lo = Math.min(lo, x.low[j]!); hi = Math.max(hi, x.high[j]!); j++;
    }
    for (let r = Math.floor(lo / rowTicks); r <= Math.floor(hi / rowTicks); r++) tpo[rowOffset[p]! + r - rowBase[p]!]! += 1;
    periods++;
    i = j;
  }
  for (let i = 0; i < n; i++) {
    const p = x.profile[i]!;
    if (p < 0 || p >= nProfiles) continue;
    if (x.footprint) {
      for (let k = x.footprint.offset[i]!; k < x.footprint.offset[i + 1]!; k++) {
        volume[rowOffset[p]! + Math.floor(x.footprint.price[k]! / rowTicks) - rowBase[p]!]! += x.footprint.bidVolume[k]! + x.footprint.askVolume[k]!;
      }
    } else {
      const share = x.volume[i]! / (x.high[i]! - x.low[i]! + 1);
      for (let t = x.low[i]!; t <= x.high[i]!; t++) volume[rowOffset[p]! + Math.floor(t / rowTicks) - rowBase[p]!]! += share;
    }
  }
  return { rowBase, rowOffset, low, high, tpo, volume, periods };
}

type Plain = {
  high: Int32Array; low: Int32Array; volume: Float64Array; profile: Int32Array; period: Int32Array;
  footprint?: { offset: Int32Array; price: Int32Array; bidVolume: Float64Array; askVolume: Float64Array };
};

function random(n: number, seed: number, withFootprint: boolean, negative = false): { x: Plain; nProfiles: number } {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
  const x: Plain = {
    high: new Int32Array(n), low: new Int32Array(n), volume: new Float64Array(n), profile: new Int32Array(n), period: new Int32Array(n),
  };
  let prof = 0, per = 0, mid = negative ? -37 : 18000;
  const fpPrice: number[] = [], bid: number[] = [], ask: number[] = [];
  const offset = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    if (rnd() < 0.05) { prof++; per = 0; }
    else if (rnd() < 0.2) per++;
    mid += Math.floor(rnd() * 9) - 4;
    const lo = mid - Math.floor(rnd() * 6), hi = lo + Math.floor(rnd() * 12);
    x.low[i] = lo; x.high[i] = hi;
    x.volume[i] = rnd() < 0.05 ? 0 : Math.floor(rnd() * 5000);
    x.profile[i] = rnd() < 0.15 ? -1 : prof;
    x.period[i] = per;
    for (let t = lo; t <= hi; t++) { fpPrice.push(t); bid.push(Math.floor(rnd() * 300)); ask.push(rnd() < 0.3 ? 0.5 : Math.floor(rnd() * 300)); }
    offset[i + 1] = fpPrice.length;
  }
  if (withFootprint) x.footprint = { offset, price: Int32Array.from(fpPrice), bidVolume: Float64Array.from(bid), askVolume: Float64Array.from(ask) };
  return { x, nProfiles: prof + 2 }; // the last profile id has no bars
}

const same = (what: string, a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) throw new Error(`${what}[${i}]: wasm ${a[i]} vs reference ${b[i]}`);
};

describe("buildProfiles (compiled wasm)", () => {
  it("hand-built TPO profile: three periods, one-tick rows", () => {
    // period 0: bars 100–103 and 102–105 → rows 100…105; period 1: 104–106; period 2: 99–99
    const input: ProfileBarsInput = {
      high: Int32Array.of(103, 105, 106, 99), low: Int32Array.of(100, 102, 104, 99),
      volume: Float64Array.of(40, 30, 9, 5), profile: Int32Array.of(0, 0, 0, 0), period: Int32Array.of(0, 0, 1, 2),
    };
    const p = buildProfiles(input, 1);
    expect(p.rowBase[0]).toBe(99);
    expect(Array.from(p.rowOffset)).toEqual([0, 8]);
    //                       99 100 101 102 103 104 105 106
    expect(Array.from(p.tpo)).toEqual([1, 1, 1, 1, 1, 2, 2, 1]);
    expect(p.periods).toBe(3);
    // spread: 40/4 on 100…103, 30/4 on 102…105, 9/3 on 104…106, 5 on 99
    expect(Array.from(p.volume)).toEqual([5, 10, 10, 17.5, 17.5, 10.5, 10.5, 3]);
    expect(p.volumeFromFootprint).toBe(false);
    expect([p.low[0], p.high[0]]).toEqual([99, 106]);
  });

  it("footprint volume and 2-tick rows (row = floor(price / 2))", () => {
    const input: ProfileBarsInput = {
      high: Int32Array.of(102, 103), low: Int32Array.of(101, 103), volume: Float64Array.of(0, 0),
      profile: Int32Array.of(0, 0), period: Int32Array.of(0, 1),
      footprint: { offset: Int32Array.of(0, 2, 3), price: Int32Array.of(101, 102, 103), bidVolume: Float64Array.of(1, 2, 3), askVolume: Float64Array.of(10, 20, 30) },
    };
    const p = buildProfiles(input, 1, 2);
    expect(p.rowBase[0]).toBe(50); // 101 → row 50 (prices 100–101), 102–103 → row 51
    expect(Array.from(p.tpo)).toEqual([1, 2]);
    expect(Array.from(p.volume)).toEqual([11, 22 + 33]);
    expect(p.volumeFromFootprint).toBe(true);
    expect(profileRow(-3, 2)).toBe(-2);
  });

  it("a bar in no profile does not split a period", () => {
    const p = buildProfiles({
      high: Int32Array.of(10, 99, 12), low: Int32Array.of(9, 90, 11), volume: Float64Array.of(0, 0, 0),
      profile: Int32Array.of(0, -1, 0), period: Int32Array.of(4, 4, 4),
    }, 1);
    expect(Array.from(p.tpo)).toEqual([1, 1, 1, 1]);
    expect(p.periods).toBe(1);
  });

  it("bars in no profile (−1) are ignored; an empty profile owns no rows", () => {
    const p = buildProfiles({
      high: Int32Array.of(10, 50), low: Int32Array.of(8, 40), volume: Float64Array.of(3, 99),
      profile: Int32Array.of(1, -1), period: Int32Array.of(0, 0),
    }, 2);
    expect(Array.from(p.rowOffset)).toEqual([0, 0, 3]);
    expect(Array.from(p.tpo)).toEqual([1, 1, 1]);
    expect(Array.from(p.volume)).toEqual([1, 1, 1]);
  });

  it("accepts Arrow vectors", () => {
    const p = buildProfiles({
      high: makeVector(Int32Array.of(3, 4)), low: makeVector(Int32Array.of(1, 4)), volume: makeVector(Float64Array.of(3, 1)),
      profile: makeVector(Int32Array.of(0, 0)), period: makeVector(Int32Array.of(0, 0)),
    }, 1);
    expect(Array.from(p.tpo)).toEqual([1, 1, 1, 1]);
  });

  for (const [seed, fp, rowTicks, negative] of [[1, false, 1, false], [2, true, 1, false], [3, false, 3, false], [4, true, 4, true], [5, false, 2, true], [6, false, 1, true]] as const) {
    it(`matches the reference on random bars (seed ${seed}, footprint ${fp}, rowTicks ${rowTicks}${negative ? ", negative prices" : ""})`, () => {
      const { x, nProfiles } = random(3000 + seed * 17, seed, fp, negative);
      const got = buildProfiles(x, nProfiles, rowTicks);
      const want = reference(x, nProfiles, rowTicks);
      same("rowBase", got.rowBase, want.rowBase);
      same("rowOffset", got.rowOffset, want.rowOffset);
      same("low", got.low, want.low);
      same("high", got.high, want.high);
      same("tpo", got.tpo, want.tpo);
      same("volume", got.volume, want.volume);
      expect(got.periods).toBe(want.periods);
      expect(got.footprintRowsOutside).toBe(0);
    });
  }

  it("rejects bad parameters and ragged columns", () => {
    const ok = { high: Int32Array.of(1), low: Int32Array.of(1), volume: Float64Array.of(1), profile: Int32Array.of(0), period: Int32Array.of(0) };
    expect(() => buildProfiles(ok, 1, 0)).toThrow(/rowTicks/);
    expect(() => buildProfiles({ ...ok, low: Int32Array.of(1, 2) }, 1)).toThrow(/column low/);
  });
});
