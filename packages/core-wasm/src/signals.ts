// TypeScript face of the "signals" kernel family (SPEC §5): inversion, exhaustion, hierarchy.
import { callKernel, type Block } from "./abi.js";
import { checkLengths, withArena, type Column } from "./arena.js";
import { EXHAUSTION_FLAGS, FOOTPRINT_EDGES, INVERSION_FLAGS, SIGNAL_HIERARCHY } from "./kernels.js";

/** The six footprint edge volumes, named as the study roles of a bar + study export. */
export interface EdgeVolumes {
  /** askVolume at the bar's high, one tick below, two ticks below. */
  askVolHigh0: Float64Array;
  askVolHigh1: Float64Array;
  askVolHigh2: Float64Array;
  /** bidVolume at the bar's low, one tick above, two ticks above. */
  bidVolLow0: Float64Array;
  bidVolLow1: Float64Array;
  bidVolLow2: Float64Array;
}
export const EDGE_ROLES = ["askVolHigh0", "askVolHigh1", "askVolHigh2", "bidVolLow0", "bidVolLow1", "bidVolLow2"] as const;

/** CSR footprint (bar i owns rows offset[i] … offset[i+1]−1, one per tick from low to high). */
export interface FootprintColumns {
  offset: Column<Int32Array>; // bars + 1
  price: Column<Int32Array>;
  bidVolume: Column<Float64Array>;
  askVolume: Column<Float64Array>;
}

/** Thresholds of SPEC §5 (the same names as Config["signals"]). */
export interface SignalParams {
  minAbsDeltaPct: number;
  strongTrappedPct: number;
  minRefVolume: number;
  exhaustionRatio: number;
  accelRatio1: number;
  accelRatio2: number;
}

export interface RawSignalInput {
  open: Column<Int32Array>;
  high: Column<Int32Array>;
  low: Column<Int32Array>;
  close: Column<Int32Array>;
  delta: Column<Float64Array>;
  /** From barMetrics(). */
  deltaPct: Column<Float64Array>;
  /** From barMetrics(); NaN where max/min delta is unknown. */
  trappedPct: Column<Float64Array>;
  /** Exhaustion source, first choice. */
  footprint?: FootprintColumns;
  /** Exhaustion source without a footprint; a missing column counts as NaN (never qualifies). */
  edges?: Partial<Record<keyof EdgeVolumes, Column<Float64Array>>>;
}

/** Flags as detected (or as an export supplies them), before the hierarchy; 1 = fired. */
export interface RawSignalFlags {
  invLong: Uint8Array;
  invShort: Uint8Array;
  invStrongLong: Uint8Array;
  invStrongShort: Uint8Array;
  exhLong: Uint8Array;
  exhShort: Uint8Array;
  exhAccelLong: Uint8Array;
  exhAccelShort: Uint8Array;
}
export const RAW_FLAG_NAMES = [
  "invLong", "invShort", "invStrongLong", "invStrongShort", "exhLong", "exhShort", "exhAccelLong", "exhAccelShort",
] as const satisfies readonly (keyof RawSignalFlags)[];

export interface DetectedFlags extends RawSignalFlags {
  /** Inversions whose trappedPct was NaN: their strength could not be assessed (reported standard). */
  strengthUnknown: number;
  /** Where exhaustion came from; "none" = no footprint and no edge columns (exhaustion flags all 0). */
  exhaustionFrom: "footprint" | "edges" | "none";
}

/** The per-bar classification after the hierarchy. */
export interface SignalClassification {
  invLong: Uint8Array;
  invShort: Uint8Array;
  invStrong: Uint8Array;
  exhLong: Uint8Array;
  exhShort: Uint8Array;
  exhAccel: Uint8Array;
  /** 1 long, −1 short, 0 none, 2 conflict. */
  direction: Int8Array;
  conflicts: number;
}

/** Rejects thresholds that are not finite numbers ≥ 0 (a NaN threshold would silently disable a rule). */
export function checkSignalParams(p: SignalParams): void {
  for (const key of ["minAbsDeltaPct", "strongTrappedPct", "minRefVolume", "exhaustionRatio", "accelRatio1", "accelRatio2"] as const) {
    const v = p[key];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
      throw new Error(`signals.${key} must be a finite number ≥ 0, got ${JSON.stringify(v)}`);
    }
  }
}

function footprintRows(fp: FootprintColumns, n: number): number {
  if (fp.offset.length !== n + 1) throw new Error(`footprint offset has ${fp.offset.length} entries, expected ${n + 1} (bars + 1)`);
  const rows = fp.price.length;
  checkLengths("footprint", { bidVolume: fp.bidVolume, askVolume: fp.askVolume }, rows);
  return rows;
}

/** The offsets are checked in the kernel (no JS pass over them): `bar` is its answer. */
function badFootprint(bar: number, n: number): Error {
  if (bar === n) return new Error(`footprint offset[${n}] does not equal its row count (price/bidVolume/askVolume length)`);
  return new Error(`footprint of bar ${bar} does not hold one row per tick from its low to its high (or its offsets leave the rows)`);
}

/** Edge volumes of every bar from the CSR footprint (NaN for rows a one- or two-row bar lacks). */
export function footprintEdges(input: { high: Column<Int32Array>; low: Column<Int32Array> } & FootprintColumns): EdgeVolumes {
  const n = input.high.length;
  checkLengths("footprintEdges", { low: input.low }, n);
  const rows = footprintRows(input, n);
  return withArena((a) => {
    const call = callKernel(a, FOOTPRINT_EDGES, { n, nRows: rows }, input);
    if (call.result >= 0) throw badFootprint(call.result, n);
    return call.read();
  });
}

/**
 * Inversion and exhaustion flags of every bar (before the hierarchy). Exhaustion comes from the
 * footprint when given, else from the edge columns, else it is not computed (`exhaustionFrom: "none"`).
 */
export function detectRawSignals(input: RawSignalInput, params: SignalParams): DetectedFlags {
  checkSignalParams(params);
  const n = input.close.length;
  const { footprint, edges, ...bars } = input;
  checkLengths("detectRawSignals", bars, n);
  if (edges) checkLengths("detectRawSignals edges", edges, n);
  const rows = footprint ? footprintRows(footprint, n) : 0;
  const from: DetectedFlags["exhaustionFrom"] = footprint ? "footprint" : edges ? "edges" : "none";
  return withArena((a) => {
    const inv = callKernel(a, INVERSION_FLAGS, { n, ...params }, bars);
    let exh: Pick<RawSignalFlags, "exhLong" | "exhShort" | "exhAccelLong" | "exhAccelShort">;
    if (from === "none") {
      exh = { exhLong: new Uint8Array(n), exhShort: new Uint8Array(n), exhAccelLong: new Uint8Array(n), exhAccelShort: new Uint8Array(n) };
    } else {
      // The edge volumes stay in memory between the two kernels (blocks, not copies).
      let edgeVolumes: Record<keyof EdgeVolumes, Block<Float64Array> | Column<Float64Array> | number>;
      if (footprint) {
        const e = callKernel(a, FOOTPRINT_EDGES, { n, nRows: rows }, { high: bars.high, low: bars.low, ...footprint });
        if (e.result >= 0) throw badFootprint(e.result, n);
        edgeVolumes = e.out;
      } else {
        // a missing edge column is NaN: it never qualifies
        edgeVolumes = Object.fromEntries(EDGE_ROLES.map((role) => [role, edges![role] ?? NaN])) as typeof edgeVolumes;
      }
      exh = callKernel(a, EXHAUSTION_FLAGS, { n, ...params }, { high: bars.high, low: bars.low, ...edgeVolumes }).read();
    }
    const { invLong, invShort, invStrongLong, invStrongShort } = inv.read();
    return {
      invLong, invShort, invStrongLong, invStrongShort,
      exhLong: exh.exhLong, exhShort: exh.exhShort, exhAccelLong: exh.exhAccelLong, exhAccelShort: exh.exhAccelShort,
      strengthUnknown: inv.result, exhaustionFrom: from,
    };
  });
}

/**
 * The hierarchy of SPEC §5 over raw flags (detected or supplied by an export; non-zero = fired):
 * strong overrides standard inversion, accelerated overrides standard exhaustion, and direction is
 * long / short / none / conflict.
 */
export function signalHierarchy(raw: { [K in keyof RawSignalFlags]: Column<Uint8Array> }): SignalClassification {
  const n = raw.invLong.length;
  checkLengths("signalHierarchy", Object.fromEntries(RAW_FLAG_NAMES.map((k) => [k, raw[k]])), n);
  return withArena((a) => {
    const call = callKernel(a, SIGNAL_HIERARCHY, { n }, raw);
    const c = call.read();
    return {
      invLong: c.invLong, invShort: c.invShort, invStrong: c.invStrong,
      exhLong: c.exhLong, exhShort: c.exhShort, exhAccel: c.exhAccel,
      direction: c.direction, conflicts: call.result,
    };
  });
}
