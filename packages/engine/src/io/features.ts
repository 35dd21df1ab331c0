import type { BarTable } from "../barTable.js";
import type { TickTable } from "../tickTable.js";

/** Something the input lacks, and which signal features it costs (SPEC §3: degrade, never silently). */
export interface FeatureGap {
  missing: string;
  unavailable: string;
}

const allNaN = (x: Float64Array | undefined) => !x || x.every(Number.isNaN);

/**
 * What an input cannot support. Ticks lack nothing the range-bar builder needs unless no trade has
 * an aggressor side. Bars need max/min delta (trapped %, strong inversion) and a footprint or the
 * edge-volume roles (exhaustion).
 */
export function featureGaps(input: { bars?: BarTable; ticks?: TickTable }): FeatureGap[] {
  const gaps: FeatureGap[] = [];
  const t = input.ticks;
  if (t) {
    if (t.length > 0 && t.side.every((s) => s === 0)) {
      gaps.push({ missing: "aggressor side of every trade", unavailable: "delta, inversion, exhaustion" });
    }
    return gaps;
  }
  const b = input.bars;
  if (!b || b.length === 0) return gaps;
  if (b.bidVolume.every((v) => v === 0) && b.askVolume.every((v) => v === 0)) {
    gaps.push({ missing: "bid/ask volume", unavailable: "delta, inversion, trapped %" });
  }
  const noMaxMin = allNaN(b.maxDelta) || allNaN(b.minDelta);
  const fp = !!b.footprint;
  const high = fp || !(allNaN(b.study.get("askVolHigh0")) || allNaN(b.study.get("askVolHigh1")));
  const low = fp || !(allNaN(b.study.get("bidVolLow0")) || allNaN(b.study.get("bidVolLow1")));
  if (noMaxMin && !high && !low) {
    gaps.push({ missing: "footprint and max/min delta", unavailable: "exhaustion and strong inversion (trapped %)" });
    return gaps;
  }
  if (noMaxMin) gaps.push({ missing: "max/min delta", unavailable: "strong inversion (trapped %)" });
  if (!high && !low) gaps.push({ missing: "footprint (or edge-volume columns)", unavailable: "exhaustion" });
  else if (!high) gaps.push({ missing: "ask volumes at the bar's high", unavailable: "short exhaustion" });
  else if (!low) gaps.push({ missing: "bid volumes at the bar's low", unavailable: "long exhaustion" });
  return gaps;
}

/** "no footprint and max/min delta → exhaustion and strong inversion (trapped %) unavailable". */
export function featureGapText(g: FeatureGap): string {
  return `no ${g.missing} → ${g.unavailable} unavailable`;
}
