// TypeScript face of the "forwardScan" kernel family (SPEC §7 forward outcomes).
import { checkLengths, kernels, withArena, type Column } from "./arena.js";

export interface ForwardScanInput {
  high: Column<Int32Array>;
  low: Column<Int32Array>;
  close: Column<Int32Array>;
  /** Session id per bar; bars of one session are contiguous and no scan leaves a session. */
  session: Column<Int32Array>;
  /** 1 long, −1 short; 0 none and 2 conflict get no outcome. */
  direction: Column<Int8Array>;
  /** Entry price per bar in whole ticks (close, or the next bar's open); NaN = no entry. */
  entry: Column<Float64Array>;
}

export interface ForwardScanParams {
  /** Forward-return horizons in bars, each a whole number in 1 … maxHorizon. */
  horizons: readonly number[];
  /** Bars scanned after the signal bar (within its session). */
  maxHorizon: number;
  /** Win / bracket target in ticks (whole number ≥ 1). */
  targetTicks: number;
}

/** Per-bar results in ticks / bars; NaN = no outcome (written empty). */
export interface ForwardScan {
  entry: Float64Array;
  stop: Float64Array;
  /** One column per horizon, in the order of `horizons`. */
  returns: Float64Array[];
  stopped: Float64Array;
  stopBar: Float64Array;
  mfe: Float64Array;
  mae: Float64Array;
  mfeBar: Float64Array;
  win: Float64Array;
  bracketTicks: Float64Array;
  /** Index of the last bar scanned (the stop bar when stopped); −1 when nothing was scanned. */
  lastBar: Int32Array;
  /** Signals with an entry at or beyond their stop (stopTicks ≤ 0): no outcome. */
  skipped: number;
}

type Kernels = {
  forwardScan(n: number, high: number, low: number, close: number, session: number, direction: number,
    entry: number, horizons: number, nh: number, maxHorizon: number, target: number,
    outEntry: number, outStop: number, outReturns: number, outStopped: number, outStopBar: number,
    outMfe: number, outMae: number, outMfeBar: number, outWin: number, outBracket: number, outLast: number): number;
};

/** Throws a message naming the parameter when the scan parameters are not usable. */
export function checkForwardScanParams(p: ForwardScanParams): void {
  const whole = (x: number) => Number.isInteger(x) && x >= 1 && x <= 1_000_000;
  if (!whole(p.maxHorizon)) throw new Error(`outcomes.maxHorizon: expected a whole number of bars ≥ 1, got ${p.maxHorizon}`);
  if (!whole(p.targetTicks)) throw new Error(`outcomes.targetTicks: expected a whole number of ticks ≥ 1, got ${p.targetTicks}`);
  for (const h of p.horizons) {
    if (!whole(h) || h > p.maxHorizon) {
      throw new Error(`outcomes.horizons: expected whole numbers of bars in 1 … maxHorizon (${p.maxHorizon}), got ${h}`);
    }
  }
}

/** Forward outcomes of every directional bar over whole columns (one kernel call). */
export function forwardScan(input: ForwardScanInput, params: ForwardScanParams): ForwardScan {
  checkForwardScanParams(params);
  const n = input.close.length;
  checkLengths("forwardScan", input, n);
  const nh = params.horizons.length;
  const k = kernels<Kernels>();
  const I = Int32Array, F = Float64Array, B = Int8Array;
  return withArena((a) => {
    const p = {
      high: a.allocOf(I, n), low: a.allocOf(I, n), close: a.allocOf(I, n), session: a.allocOf(I, n),
      direction: a.allocOf(B, n), entry: a.allocOf(F, n), horizons: a.allocOf(I, nh),
      outEntry: a.allocOf(F, n), outStop: a.allocOf(F, n), outReturns: a.allocOf(F, n * nh),
      outStopped: a.allocOf(F, n), outStopBar: a.allocOf(F, n), outMfe: a.allocOf(F, n),
      outMae: a.allocOf(F, n), outMfeBar: a.allocOf(F, n), outWin: a.allocOf(F, n),
      outBracket: a.allocOf(F, n), outLast: a.allocOf(I, n),
    };
    // Every block is reserved: no more growth in this call, views taken now stay valid.
    a.write(I, p.high, input.high, n);
    a.write(I, p.low, input.low, n);
    a.write(I, p.close, input.close, n);
    a.write(I, p.session, input.session, n);
    a.write(B, p.direction, input.direction, n);
    a.write(F, p.entry, input.entry, n);
    a.write(I, p.horizons, Int32Array.from(params.horizons), nh);
    const entries = a.view(F, p.entry, n);
    for (let i = 0; i < n; i++) {
      const e = entries[i]!;
      if (!Number.isNaN(e) && !Number.isInteger(e)) throw new Error(`forwardScan: entry of bar ${i} is ${e}, expected whole ticks or NaN`);
    }
    const skipped = k.forwardScan(n, p.high, p.low, p.close, p.session, p.direction, p.entry, p.horizons, nh,
      params.maxHorizon, params.targetTicks, p.outEntry, p.outStop, p.outReturns, p.outStopped, p.outStopBar,
      p.outMfe, p.outMae, p.outMfeBar, p.outWin, p.outBracket, p.outLast);
    const out: ForwardScan = {
      entry: a.read(F, p.outEntry, n),
      stop: a.read(F, p.outStop, n),
      returns: params.horizons.map((_, h) => a.read(F, p.outReturns + h * n * 8, n)),
      stopped: a.read(F, p.outStopped, n),
      stopBar: a.read(F, p.outStopBar, n),
      mfe: a.read(F, p.outMfe, n),
      mae: a.read(F, p.outMae, n),
      mfeBar: a.read(F, p.outMfeBar, n),
      win: a.read(F, p.outWin, n),
      bracketTicks: a.read(F, p.outBracket, n),
      lastBar: a.read(I, p.outLast, n),
      skipped,
    };
    return out;
  });
}
