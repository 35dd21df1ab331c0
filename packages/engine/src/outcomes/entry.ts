import type { BarTable } from "../barTable.js";

/**
 * Entry price in ticks per bar (SPEC §7): the bar's close, or the next bar's open within the same
 * session (NaN on a session's last bar).
 */
export function entryPrices(bars: Pick<BarTable, "length" | "close" | "open" | "session">, mode: "close" | "nextOpen"): Float64Array {
  const n = bars.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (mode === "close") out[i] = bars.close[i]!;
    else out[i] = i + 1 < n && bars.session[i + 1] === bars.session[i] ? bars.open[i + 1]! : NaN;
  }
  return out;
}
