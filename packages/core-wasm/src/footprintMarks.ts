// TypeScript face of the "footprint marks" kernel family (SPEC §5 footprint imbalances and auctions).
import { callKernel } from "./abi.js";
import { checkLengths, withArena, type Column } from "./arena.js";
import { FOOTPRINT_MARKS } from "./kernels.js";

/** The CSR footprint the marks need: bar i owns rows offset[i] … offset[i+1]−1, one per tick from low to high. */
export interface FootprintVolumes {
  offset: Column<Int32Array>; // bars + 1
  bidVolume: Column<Float64Array>;
  askVolume: Column<Float64Array>;
}

/** SPEC §5 parameters, under their config names. */
export interface FootprintMarkParams {
  /** Diagonal ratio (3): ask[p] ≥ ratio · bid[p − 1] is a buy imbalance, bid[p] ≥ ratio · ask[p + 1] a sell one. */
  imbalanceRatio: number;
  /** The imbalanced side's own volume must reach this (10). */
  minImbalanceVolume: number;
  /** A stack is at least this many consecutive imbalance rows (3). */
  stackedRows: number;
}

export const FOOTPRINT_MARK_DEFAULTS: Readonly<FootprintMarkParams> = { imbalanceRatio: 3, minImbalanceVolume: 10, stackedRows: 3 };

/** Per bar, SPEC §9 columns imb_buy, imb_sell, stacked_buy, stacked_sell, unfinished_high, unfinished_low. */
export interface FootprintMarks {
  /** Rows with a buy imbalance (ask over the bid one tick below); the bottom row is never tested. */
  imbBuy: Int32Array;
  /** Rows with a sell imbalance (bid over the ask one tick above); the top row is never tested. */
  imbSell: Int32Array;
  /** 1 when ≥ stackedRows consecutive rows carry a buy / sell imbalance. */
  stackedBuy: Uint8Array;
  stackedSell: Uint8Array;
  /** 1 when the bar's high / low row traded on both sides (bid > 0 and ask > 0). */
  unfinishedHigh: Uint8Array;
  unfinishedLow: Uint8Array;
}

/** Throws, naming the setting, unless every parameter lies in its domain. */
export function checkFootprintMarkParams(p: FootprintMarkParams): void {
  const { imbalanceRatio: r, minImbalanceVolume: v, stackedRows: k } = p;
  if (typeof r !== "number" || !Number.isFinite(r) || r <= 0) {
    throw new Error(`signals.imbalanceRatio must be a finite number > 0, got ${JSON.stringify(r)}`);
  }
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw new Error(`signals.minImbalanceVolume must be a finite number ≥ 0, got ${JSON.stringify(v)}`);
  }
  if (typeof k !== "number" || !Number.isInteger(k) || k < 1 || k > 0x7fffffff) {
    throw new Error(`signals.stackedRows must be a whole number ≥ 1, got ${JSON.stringify(k)}`);
  }
}

/**
 * Diagonal imbalances, stacked imbalances and unfinished auctions of every bar of a CSR footprint
 * (see assembly/footprintMarks.ts for the exact rules). A bar without rows gets 0 everywhere.
 */
export function footprintMarks(footprint: FootprintVolumes, params: FootprintMarkParams = FOOTPRINT_MARK_DEFAULTS): FootprintMarks {
  checkFootprintMarkParams(params);
  const n = footprint.offset.length - 1;
  if (n < 0) throw new Error("footprintMarks: footprint offset is empty, expected bars + 1 entries");
  const nRows = footprint.bidVolume.length;
  checkLengths("footprintMarks", { askVolume: footprint.askVolume }, nRows);
  if (nRows > 0x7fffffff) throw new Error(`footprintMarks: ${nRows} footprint rows do not fit in memory`);
  return withArena((a) => {
    const call = callKernel(a, FOOTPRINT_MARKS, { n, nRows, bitBytes: ((nRows + 7) >> 3) + 8, ...params }, footprint);
    if (call.result === n) throw new Error(`footprint offset[${n}] does not equal its row count (bidVolume/askVolume length)`);
    if (call.result >= 0) throw new Error(`footprint offsets of bar ${call.result} go backwards or leave the ${nRows} rows`);
    return call.read();
  });
}
