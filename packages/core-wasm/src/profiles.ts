// TypeScript face of the "profiles" kernel family (SPEC §6 market profiles).
import { checkLengths, kernels, withArena, type Column } from "./arena.js";

export interface ProfileBarsInput {
  high: Column<Int32Array>;
  low: Column<Int32Array>;
  volume: Column<Float64Array>;
  /** Profile id of each bar, 0 … nProfiles − 1, or −1 when the bar is in no profile. */
  profile: Column<Int32Array>;
  /** TPO period id of each bar: consecutive bars with the same (profile, period) form one period. */
  period: Column<Int32Array>;
  /** Full footprint (CSR over all bars): when given, volume comes from it instead of being spread. */
  footprint?: {
    offset: Column<Int32Array>;
    price: Column<Int32Array>;
    bidVolume: Column<Float64Array>;
    askVolume: Column<Float64Array>;
  };
}

/**
 * Histograms of many profiles in CSR layout: profile p owns rows rowOffset[p] … rowOffset[p+1]−1 of
 * `tpo` and `volume`, the first of which is the absolute row rowBase[p] (row = floor(price / rowTicks)).
 * A profile without bars owns no rows.
 */
export interface Profiles {
  nProfiles: number;
  rowTicks: number;
  rowBase: Int32Array;
  rowOffset: Int32Array;
  /** Lowest low / highest high (ticks) of each profile's bars (i32 max / min when it has none). */
  low: Int32Array;
  high: Int32Array;
  tpo: Float64Array;
  volume: Float64Array;
  /** true: volume from the footprint; false: each bar's volume spread evenly over its ticks. */
  volumeFromFootprint: boolean;
  /** Number of TPO periods seen. */
  periods: number;
  /** Footprint rows outside their profile's price range (skipped; 0 for a consistent footprint). */
  footprintRowsOutside: number;
}

type Kernels = {
  profileBounds(n: number, high: number, low: number, profile: number, nProfiles: number, outLow: number, outHigh: number): number;
  tpoHistogram(n: number, high: number, low: number, period: number, profile: number, rowTicks: number,
    rowBase: number, rowOffset: number, nProfiles: number, out: number): number;
  footprintVolumeHistogram(n: number, profile: number, fpOffset: number, fpPrice: number, fpBid: number, fpAsk: number,
    rowTicks: number, rowBase: number, rowOffset: number, nProfiles: number, out: number): number;
  spreadVolumeHistogram(n: number, high: number, low: number, volume: number, profile: number,
    rowTicks: number, rowBase: number, rowOffset: number, nProfiles: number, out: number): number;
};

/** Absolute row of a price in ticks: floor(price / rowTicks). */
export function profileRow(price: number, rowTicks: number): number {
  return Math.floor(price / rowTicks);
}

/** TPO and volume histograms of `nProfiles` profiles in one pass over the bars. */
export function buildProfiles(input: ProfileBarsInput, nProfiles: number, rowTicks = 1): Profiles {
  if (!Number.isInteger(rowTicks) || rowTicks < 1) throw new Error(`profile rowTicks must be a whole number ≥ 1, got ${rowTicks}`);
  if (!Number.isInteger(nProfiles) || nProfiles < 0) throw new Error(`nProfiles must be a whole number ≥ 0, got ${nProfiles}`);
  const n = input.high.length;
  for (const name of ["low", "volume", "profile", "period"] as const) {
    if (input[name].length !== n) throw new Error(`buildProfiles: column ${name} has ${input[name].length} rows, expected ${n}`);
  }
  const fp = input.footprint;
  if (fp && fp.offset.length !== n + 1) throw new Error(`buildProfiles: footprint offset has ${fp.offset.length} rows, expected ${n + 1}`);
  const nFp = fp ? fp.price.length : 0;
  const k = kernels<Kernels>();
  const I = Int32Array, F = Float64Array;
  return withArena((a) => {
    const p = {
      high: a.allocOf(I, n), low: a.allocOf(I, n), volume: a.allocOf(F, n), profile: a.allocOf(I, n), period: a.allocOf(I, n),
      outLow: a.allocOf(I, nProfiles), outHigh: a.allocOf(I, nProfiles),
      fpOffset: a.allocOf(I, n + 1), fpPrice: a.allocOf(I, nFp), fpBid: a.allocOf(F, nFp), fpAsk: a.allocOf(F, nFp),
    };
    a.write(I, p.high, input.high, n);
    a.write(I, p.low, input.low, n);
    a.write(F, p.volume, input.volume, n);
    a.write(I, p.profile, input.profile, n);
    a.write(I, p.period, input.period, n);
    if (fp) {
      a.write(I, p.fpOffset, fp.offset, n + 1);
      a.write(I, p.fpPrice, fp.price, nFp);
      a.write(F, p.fpBid, fp.bidVolume, nFp);
      a.write(F, p.fpAsk, fp.askVolume, nFp);
    }
    k.profileBounds(n, p.high, p.low, p.profile, nProfiles, p.outLow, p.outHigh);
    const low = a.read(I, p.outLow, nProfiles), high = a.read(I, p.outHigh, nProfiles);
    const rowBase = new Int32Array(nProfiles), rowOffset = new Int32Array(nProfiles + 1);
    for (let j = 0; j < nProfiles; j++) {
      const has = low[j]! <= high[j]!;
      rowBase[j] = has ? profileRow(low[j]!, rowTicks) : 0;
      const rows = has ? profileRow(high[j]!, rowTicks) - rowBase[j]! + 1 : 0;
      rowOffset[j + 1] = rowOffset[j]! + rows;
    }
    const total = rowOffset[nProfiles]!;
    const q = { base: a.allocOf(I, nProfiles), offset: a.allocOf(I, nProfiles + 1), tpo: a.allocOf(F, total), vol: a.allocOf(F, total) };
    a.write(I, q.base, rowBase, nProfiles);
    a.write(I, q.offset, rowOffset, nProfiles + 1);
    const periods = k.tpoHistogram(n, p.high, p.low, p.period, p.profile, rowTicks, q.base, q.offset, nProfiles, q.tpo);
    const outside = fp
      ? k.footprintVolumeHistogram(n, p.profile, p.fpOffset, p.fpPrice, p.fpBid, p.fpAsk, rowTicks, q.base, q.offset, nProfiles, q.vol)
      : (k.spreadVolumeHistogram(n, p.high, p.low, p.volume, p.profile, rowTicks, q.base, q.offset, nProfiles, q.vol), 0);
    return {
      nProfiles, rowTicks, rowBase, rowOffset, low, high,
      tpo: a.read(F, q.tpo, total), volume: a.read(F, q.vol, total),
      volumeFromFootprint: !!fp, periods, footprintRowsOutside: outside,
    };
  });
}
