import type { Market } from "../barTable.js";
import type { LevelColumns } from "../levels/types.js";
import { directionName, type SignalColumns } from "../signals/types.js";
import { isoExchangeTime } from "../timeZone.js";

/** One signal bar for the report's footprint pictures. Prices in ticks. */
export interface FootprintSample {
  title: string;
  direction: string;
  tickSize: number;
  open: number; high: number; low: number; close: number;
  rows: { price: number; bid: number; ask: number }[];
  level?: { kind: string; price: number };
}

/**
 * A few sample signals per contract, chosen deterministically: the first near-level signal of each
 * family × direction (then any signal of it), so the report shows what the detector saw.
 */
export function footprintSamples(market: Market, signals: SignalColumns, levels: LevelColumns, perKind = 1): FootprintSample[] {
  const b = market.bars;
  const out: FootprintSample[] = [];
  const kinds: [string, Uint8Array, number][] = [
    ["inversion long", signals.invLong, 1], ["inversion short", signals.invShort, -1],
    ["exhaustion long", signals.exhLong, 1], ["exhaustion short", signals.exhShort, -1],
  ];
  for (const [name, flags, d] of kinds) {
    const pick: number[] = [];
    for (const nearOnly of [true, false]) {
      for (let i = 0; i < b.length && pick.length < perKind; i++) {
        if (flags[i] && signals.direction[i] === d && (!nearOnly || levels.nearLevel[i]) && !pick.includes(i)) pick.push(i);
      }
    }
    for (const i of pick) {
      const rows: FootprintSample["rows"] = [];
      if (b.footprint) {
        const f = b.footprint;
        for (let r = f.offset[i]!; r < f.offset[i + 1]!; r++) rows.push({ price: f.price[r]!, bid: f.bidVolume[r]!, ask: f.askVolume[r]! });
      }
      const kind = levels.levelKind[i];
      out.push({
        title: `${name} · ${isoExchangeTime(b.time[i]!, market.clock.offsetMinutes[i]!).slice(0, 16).replace("T", " ")} · ${market.contracts[market.sessions[b.session[i]!]!.contract]!.name}`,
        direction: directionName(signals.direction[i]!),
        tickSize: market.tickSize,
        open: b.open[i]!, high: b.high[i]!, low: b.low[i]!, close: b.close[i]!,
        rows,
        level: kind ? { kind, price: levels.levelPrice[i]! } : undefined,
      });
    }
  }
  return out;
}
