// TypeScript face of the "signals" kernel family (SPEC §5): inversion, exhaustion, hierarchy.
import { checkLengths, kernels, withArena, type Column } from "./arena.js";

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

type Kernels = {
  footprintEdges(n: number, high: number, low: number, offset: number, nRows: number, price: number, bid: number, ask: number,
    a0: number, a1: number, a2: number, b0: number, b1: number, b2: number): number;
  inversionFlags(n: number, open: number, close: number, delta: number, deltaPct: number, trapped: number,
    minAbs: number, strong: number, outLong: number, outShort: number, outStrongLong: number, outStrongShort: number): number;
  exhaustionFlags(n: number, high: number, low: number, a0: number, a1: number, a2: number, b0: number, b1: number,
    b2: number, minRef: number, ratio: number, accel1: number, accel2: number,
    outLong: number, outShort: number, outAccelLong: number, outAccelShort: number): void;
  signalHierarchy(n: number, il: number, is: number, isl: number, iss: number, el: number, es: number, eal: number,
    eas: number, oil: number, ois: number, oistr: number, oel: number, oes: number, oacc: number, odir: number): number;
};

const I = Int32Array, F = Float64Array, U = Uint8Array;

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
    const p = {
      high: a.allocOf(I, n), low: a.allocOf(I, n), offset: a.allocOf(I, n + 1), price: a.allocOf(I, rows),
      bid: a.allocOf(F, rows), ask: a.allocOf(F, rows),
      edges: EDGE_ROLES.map(() => a.allocOf(F, n)),
    };
    a.write(I, p.high, input.high, n);
    a.write(I, p.low, input.low, n);
    a.write(I, p.offset, input.offset, n + 1);
    a.write(I, p.price, input.price, rows);
    a.write(F, p.bid, input.bidVolume, rows);
    a.write(F, p.ask, input.askVolume, rows);
    const e = p.edges as [number, number, number, number, number, number];
    const bad = kernels<Kernels>().footprintEdges(n, p.high, p.low, p.offset, rows, p.price, p.bid, p.ask, ...e);
    if (bad >= 0) throw badFootprint(bad, n);
    return Object.fromEntries(EDGE_ROLES.map((r, k) => [r, a.read(F, e[k]!, n)])) as unknown as EdgeVolumes;
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
  const k = kernels<Kernels>();
  return withArena((a) => {
    const p = {
      open: a.allocOf(I, n), high: a.allocOf(I, n), low: a.allocOf(I, n), close: a.allocOf(I, n),
      delta: a.allocOf(F, n), deltaPct: a.allocOf(F, n), trapped: a.allocOf(F, n),
      edges: EDGE_ROLES.map(() => a.allocOf(F, n)) as [number, number, number, number, number, number],
      fp: footprint
        ? { offset: a.allocOf(I, n + 1), price: a.allocOf(I, rows), bid: a.allocOf(F, rows), ask: a.allocOf(F, rows) }
        : undefined,
      flags: RAW_FLAG_NAMES.map(() => a.allocOf(U, n)),
    };
    // Every block is reserved: views taken from here on stay valid.
    a.write(I, p.open, bars.open, n);
    a.write(I, p.high, bars.high, n);
    a.write(I, p.low, bars.low, n);
    a.write(I, p.close, bars.close, n);
    a.write(F, p.delta, bars.delta, n);
    a.write(F, p.deltaPct, bars.deltaPct, n);
    a.write(F, p.trapped, bars.trappedPct, n);
    const [il, is, isl, iss, el, es, eal, eas] = p.flags as [number, number, number, number, number, number, number, number];
    const unknown = k.inversionFlags(n, p.open, p.close, p.delta, p.deltaPct, p.trapped,
      params.minAbsDeltaPct, params.strongTrappedPct, il, is, isl, iss);
    if (from === "none") {
      for (const ptr of [el, es, eal, eas]) a.view(U, ptr, n).fill(0);
    } else {
      if (p.fp) {
        a.write(I, p.fp.offset, footprint!.offset, n + 1);
        a.write(I, p.fp.price, footprint!.price, rows);
        a.write(F, p.fp.bid, footprint!.bidVolume, rows);
        a.write(F, p.fp.ask, footprint!.askVolume, rows);
        const bad = k.footprintEdges(n, p.high, p.low, p.fp.offset, rows, p.fp.price, p.fp.bid, p.fp.ask, ...p.edges);
        if (bad >= 0) throw badFootprint(bad, n);
      } else {
        EDGE_ROLES.forEach((role, j) => {
          const col = edges![role];
          if (col) a.write(F, p.edges[j]!, col, n);
          else a.view(F, p.edges[j]!, n).fill(NaN);
        });
      }
      k.exhaustionFlags(n, p.high, p.low, ...p.edges, params.minRefVolume, params.exhaustionRatio,
        params.accelRatio1, params.accelRatio2, el, es, eal, eas);
    }
    const out = Object.fromEntries(RAW_FLAG_NAMES.map((name, j) => [name, a.read(U, p.flags[j]!, n)])) as unknown as RawSignalFlags;
    return { ...out, strengthUnknown: unknown, exhaustionFrom: from };
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
    const inp = RAW_FLAG_NAMES.map(() => a.allocOf(U, n)) as [number, number, number, number, number, number, number, number];
    const out = ["invLong", "invShort", "invStrong", "exhLong", "exhShort", "exhAccel"].map(() => a.allocOf(U, n));
    const dir = a.allocOf(Int8Array, n);
    RAW_FLAG_NAMES.forEach((name, j) => a.write(U, inp[j], raw[name], n));
    const o = out as [number, number, number, number, number, number];
    const conflicts = kernels<Kernels>().signalHierarchy(n, ...inp, ...o, dir);
    return {
      invLong: a.read(U, o[0], n), invShort: a.read(U, o[1], n), invStrong: a.read(U, o[2], n),
      exhLong: a.read(U, o[3], n), exhShort: a.read(U, o[4], n), exhAccel: a.read(U, o[5], n),
      direction: a.read(Int8Array, dir, n), conflicts,
    };
  });
}
