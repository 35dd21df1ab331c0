/** Per-bar forward outcomes (SPEC §7, §9). NaN = missing / not applicable (written empty). */
export interface OutcomeColumns {
  /** Entry and stop in ticks. */
  entry: Float64Array;
  stop: Float64Array;
  /** One column per horizon, in the order of config.outcomes.horizons (ticks). */
  returns: Float64Array[];
  horizons: number[];
  stopped: Float64Array; // 0/1, NaN when no outcome
  stopBar: Float64Array; // bars after entry; NaN if not stopped
  mfe: Float64Array;
  mae: Float64Array;
  mfeBar: Float64Array;
  win: Float64Array; // 0/1
  bracketTicks: Float64Array;
  bracketUsd: Float64Array;
  /**
   * Index of the last bar the forward scan looked at (the stop bar when stopped); −1 when nothing was
   * scanned. Not an output column: it lets tests and audits check that no window leaves its session.
   */
  lastScannedBar?: Int32Array;
  notices: string[];
}
