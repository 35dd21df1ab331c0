import type { FootprintMarks } from "@tda/core-wasm";
import type { Market } from "../barTable.js";
import type { LevelColumns } from "../levels/types.js";
import type { OutcomeColumns } from "../outcomes/types.js";
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
  /** The signal's session (YYYY-MM-DD) and contract, to find its TPO profile (profileSamples). */
  session?: string;
  contract?: string;
  /**
   * SPEC §5 marks of the bar (absent without a footprint): the counts and flags of the signals table,
   * and the prices of the rows that carry a buy / sell imbalance (diagonal rule, same settings).
   */
  marks?: {
    imbBuy: number; imbSell: number; stackedBuy: boolean; stackedSell: boolean;
    unfinishedHigh: boolean; unfinishedLow: boolean;
    buyRows: number[]; sellRows: number[];
  };
  /**
   * The trade of SPEC §7 (absent on a session's last bar): entry, stop and target in ticks, the
   * outcome fields, and the bars the forward scan looked at up to the trade's exit (the stop bar,
   * the first bar at the target, or the last bar scanned).
   */
  outcome?: {
    entry: number; stop: number; target: number;
    stopped: boolean; stopBar: number | null; mfe: number; mae: number; mfeBar: number;
    win: boolean; bracketTicks: number;
    path: { open: number; high: number; low: number; close: number }[];
  };
}

/** Settings of the footprint marks, to name the imbalance rows of a sample (SPEC §5). */
export interface SampleMarkRules { imbalanceRatio: number; minImbalanceVolume: number; targetTicks: number }

/**
 * A few sample signals per contract, chosen deterministically: the first near-level signal of each
 * family × direction (then any signal of it), so the report shows what the detector saw.
 */
export function sampleBars(market: Market, signals: SignalColumns, levels: LevelColumns, perKind = 1): { name: string; bar: number; d: number }[] {
  const b = market.bars;
  const out: { name: string; bar: number; d: number }[] = [];
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
    for (const bar of pick) out.push({ name, bar, d });
  }
  return out;
}

/** The footprint pictures of `sampleBars`; with `extra`, their marks, trade path, session and contract. */
export function footprintSamples(
  market: Market, signals: SignalColumns, levels: LevelColumns, perKind = 1,
  extra?: { outcomes: OutcomeColumns; marks: FootprintMarks | undefined; rules: SampleMarkRules },
): FootprintSample[] {
  const b = market.bars;
  const out: FootprintSample[] = [];
  for (const { name, bar: i, d } of sampleBars(market, signals, levels, perKind)) {
    const rows: FootprintSample["rows"] = [];
    if (b.footprint) {
      const f = b.footprint;
      for (let r = f.offset[i]!; r < f.offset[i + 1]!; r++) rows.push({ price: f.price[r]!, bid: f.bidVolume[r]!, ask: f.askVolume[r]! });
    }
    const kind = levels.levelKind[i];
    const session = market.sessions[b.session[i]!]!;
    const contract = market.contracts[session.contract]!.name;
    const sample: FootprintSample = {
      title: `${name} · ${isoExchangeTime(b.time[i]!, market.clock.offsetMinutes[i]!).slice(0, 16).replace("T", " ")} · ${contract}`,
      direction: directionName(signals.direction[i]!),
      tickSize: market.tickSize,
      open: b.open[i]!, high: b.high[i]!, low: b.low[i]!, close: b.close[i]!,
      rows,
      level: kind ? { kind, price: levels.levelPrice[i]! } : undefined,
    };
    if (extra) {
      sample.session = session.name;
      sample.contract = contract;
      const m = extra.marks;
      if (m && rows.length) {
        sample.marks = {
          imbBuy: m.imbBuy[i]!, imbSell: m.imbSell[i]!, stackedBuy: m.stackedBuy[i] === 1, stackedSell: m.stackedSell[i] === 1,
          unfinishedHigh: m.unfinishedHigh[i] === 1, unfinishedLow: m.unfinishedLow[i] === 1,
          ...imbalanceRows(rows, extra.rules),
        };
      }
      const o = extra.outcomes;
      if (Number.isFinite(o.stopped[i]!)) {
        const last = o.lastScannedBar ? o.lastScannedBar[i]! : session.end - 1;
        const target = o.entry[i]! + d * extra.rules.targetTicks;
        const path: NonNullable<FootprintSample["outcome"]>["path"] = [];
        for (let j = i + 1; j <= last; j++) {
          path.push({ open: b.open[j]!, high: b.high[j]!, low: b.low[j]!, close: b.close[j]! });
          // the bracket ends at the stop (checked first, SPEC §7) or at the target
          if (d > 0 ? b.low[j]! <= o.stop[i]! || b.high[j]! >= target : b.high[j]! >= o.stop[i]! || b.low[j]! <= target) break;
        }
        sample.outcome = {
          entry: o.entry[i]!, stop: o.stop[i]!, target,
          stopped: o.stopped[i] === 1, stopBar: Number.isFinite(o.stopBar[i]!) ? o.stopBar[i]! : null,
          mfe: o.mfe[i]!, mae: o.mae[i]!, mfeBar: o.mfeBar[i]!, win: o.win[i] === 1, bracketTicks: o.bracketTicks[i]!,
          path,
        };
      }
    }
    out.push(sample);
  }
  return out;
}

/**
 * The prices of a bar's imbalance rows by SPEC §5's diagonal rule (rows low → high, one per tick):
 * buy at p when ask[p] ≥ ratio · bid[p − 1] and ask[p] ≥ minVolume; sell at p when bid[p] ≥ ratio ·
 * ask[p + 1] and bid[p] ≥ minVolume. A row whose neighbour lies outside the bar is not tested.
 */
export function imbalanceRows(rows: readonly { price: number; bid: number; ask: number }[], r: Pick<SampleMarkRules, "imbalanceRatio" | "minImbalanceVolume">): { buyRows: number[]; sellRows: number[] } {
  const buyRows: number[] = [], sellRows: number[] = [];
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    if (k > 0 && row.ask >= r.imbalanceRatio * rows[k - 1]!.bid && row.ask >= r.minImbalanceVolume) buyRows.push(row.price);
    if (k + 1 < rows.length && row.bid >= r.imbalanceRatio * rows[k + 1]!.ask && row.bid >= r.minImbalanceVolume) sellRows.push(row.price);
  }
  return { buyRows, sellRows };
}
