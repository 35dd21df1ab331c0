// TypeScript face of the "profiles" kernel family (SPEC §6 market profiles).
import { callKernel, place } from "./abi.js";
import { withArena, type Column } from "./arena.js";
import { FOOTPRINT_VOLUME_HISTOGRAM, PROFILE_BOUNDS, SPREAD_VOLUME_HISTOGRAM, TPO_HISTOGRAM } from "./kernels.js";

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
  return withArena((a) => {
    // high, low and profile are read by three kernels: copied in once
    const high = place(a, "i32", input.high, n), low = place(a, "i32", input.low, n);
    const profile = place(a, "i32", input.profile, n);
    const bounds = callKernel(a, PROFILE_BOUNDS, { n, nProfiles }, { high, low, profile }).read();
    const rowBase = new Int32Array(nProfiles), rowOffset = new Int32Array(nProfiles + 1);
    for (let j = 0; j < nProfiles; j++) {
      const has = bounds.low[j]! <= bounds.high[j]!;
      rowBase[j] = has ? profileRow(bounds.low[j]!, rowTicks) : 0;
      const rows = has ? profileRow(bounds.high[j]!, rowTicks) - rowBase[j]! + 1 : 0;
      rowOffset[j + 1] = rowOffset[j]! + rows;
    }
    const rows = { n, nProfiles, rowTicks, totalRows: rowOffset[nProfiles]!, nRows: nFp };
    const base = place(a, "i32", rowBase, nProfiles), offset = place(a, "i32", rowOffset, nProfiles + 1);
    const tpo = callKernel(a, TPO_HISTOGRAM, rows, { high, low, profile, period: input.period, rowBase: base, rowOffset: offset });
    const volume = fp
      ? callKernel(a, FOOTPRINT_VOLUME_HISTOGRAM, rows, { profile, ...fp, rowBase: base, rowOffset: offset })
      : callKernel(a, SPREAD_VOLUME_HISTOGRAM, rows, { high, low, volume: input.volume, profile, rowBase: base, rowOffset: offset });
    return {
      nProfiles, rowTicks, rowBase, rowOffset, low: bounds.low, high: bounds.high,
      tpo: tpo.out.tpo.read(), volume: volume.out.volume.read(),
      volumeFromFootprint: !!fp, periods: tpo.result, footprintRowsOutside: fp ? volume.result : 0,
    };
  });
}
