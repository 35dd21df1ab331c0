// TypeScript face of the "forwardScan" kernel family (SPEC §7 forward outcomes).
import { callKernel, place } from "./abi.js";
import { checkLengths, withArena, type Column } from "./arena.js";
import { FORWARD_SCAN } from "./kernels.js";

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
  return withArena((a) => {
    const entry = place(a, "f64", input.entry, n);
    const entries = entry.view();
    for (let i = 0; i < n; i++) {
      const e = entries[i]!;
      if (!Number.isNaN(e) && !Number.isInteger(e)) throw new Error(`forwardScan: entry of bar ${i} is ${e}, expected whole ticks or NaN`);
    }
    const { maxHorizon, targetTicks } = params;
    const call = callKernel(a, FORWARD_SCAN, { n, nh, maxHorizon, targetTicks }, {
      ...input, entry, horizons: Int32Array.from(params.horizons),
    });
    const o = call.out;
    const out: ForwardScan = {
      entry: o.entry.read(),
      stop: o.stop.read(),
      // horizon-major: horizon h of bar t at h·n + t
      returns: params.horizons.map((_, h) => o.returns.read(h * n, n)),
      stopped: o.stopped.read(),
      stopBar: o.stopBar.read(),
      mfe: o.mfe.read(),
      mae: o.mae.read(),
      mfeBar: o.mfeBar.read(),
      win: o.win.read(),
      bracketTicks: o.bracketTicks.read(),
      lastBar: o.lastBar.read(),
      skipped: call.result,
    };
    return out;
  });
}
