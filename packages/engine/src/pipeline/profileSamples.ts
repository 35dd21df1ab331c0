import type { Market } from "../barTable.js";
import type { Config } from "../config.js";
import { sessionProfiles, type RthRules } from "../levels/sessionProfiles.js";
import type { LevelColumns } from "../levels/types.js";

/**
 * The TPO profile of one session for the report's picture (SPEC §6), prices in ticks: each 30-minute
 * RTH period's low and high (the period puts one TPO in every row between them, so the picture's
 * letters add up to the profile's TPO counts), the profile's POC, value area and single prints, the
 * levels known at the session's start (no look-ahead) and the sample signals of the session.
 */
export interface ProfileSample {
  session: string;
  contract: string;
  tickSize: number;
  /** Profile row height in ticks (levels.rowTicks); a row's price is its lowest tick. */
  rowTicks: number;
  /** Minutes of a TPO period (levels.periodMinutes) and the RTH start ("08:30"), to label periods. */
  periodMinutes: number;
  sessionStart: string;
  /** One per RTH period that has bars, in time order; `id` 0 is the period starting at sessionStart. */
  periods: { id: number; low: number; high: number }[];
  high: number; low: number; poc: number; vah: number; val: number;
  shape: string;
  tpoTotal: number;
  /** Row prices (ticks) with exactly one TPO. */
  singlePrints: number[];
  initialBalanceHigh: number; initialBalanceLow: number;
  /** Levels known at the session's start: kind, price, strength, composite length and value area. */
  levels: { kind: string; price: number; strength: number; sessions: number; val: number; vah: number }[];
  /** Sample signals of the session: entry price (ticks), RTH period id (−1 outside RTH), direction. */
  signals: { price: number; period: number; direction: number; title: string }[];
}

/**
 * Profiles of the sessions holding `bars` (sample signals) and of the contract's last `lastSessions`
 * profiled sessions, in session order, each with its sample signals.
 * Uses the same profile builder as the levels stage, so POC, value area and TPO counts agree with
 * sessions.csv.
 */
export function profileSamples(
  market: Market, levels: LevelColumns, cfg: Config["levels"], rules: RthRules,
  bars: readonly { bar: number; name: string; d: number }[], entry: Float64Array, lastSessions = 3,
): ProfileSample[] {
  if (!bars.length && lastSessions <= 0) return [];
  const profiles = sessionProfiles(market, cfg, rules);
  const b = market.bars;
  const bySession = new Map<number, { bar: number; name: string; d: number }[]>();
  for (const x of bars) {
    const s = b.session[x.bar]!;
    if (!profiles.bySession[s]) continue;
    if (!bySession.has(s)) bySession.set(s, []);
    bySession.get(s)!.push(x);
  }
  for (let s = profiles.bySession.length - 1, k = 0; s >= 0 && k < lastSessions; s--) {
    if (!profiles.bySession[s] || market.sessions[s]!.partial) continue;
    if (!bySession.has(s)) bySession.set(s, []);
    k++;
  }
  const known = new Map(levels.sessions.map((s) => [s.session, s.levels]));
  const out: ProfileSample[] = [];
  for (const s of [...bySession.keys()].sort((x, y) => x - y)) {
    const p = profiles.bySession[s]!;
    const session = market.sessions[s]!;
    const rowPrice = (r: number) => (p.baseRow + r) * p.rowTicks;
    const singlePrints: number[] = [];
    for (let r = 0; r < p.tpo.length; r++) if (p.tpo[r] === 1) singlePrints.push(rowPrice(r));
    out.push({
      session: session.name,
      contract: market.contracts[session.contract]!.name,
      tickSize: market.tickSize,
      rowTicks: p.rowTicks,
      periodMinutes: cfg.periodMinutes,
      sessionStart: rules.sessionStart,
      periods: p.periods.map((q) => {
        let lo = Infinity, hi = -Infinity;
        for (let i = q.first; i <= q.last; i++) { lo = Math.min(lo, b.low[i]!); hi = Math.max(hi, b.high[i]!); }
        return { id: q.id, low: lo, high: hi };
      }),
      high: p.high, low: p.low, poc: p.poc, vah: p.vah, val: p.val, shape: p.shape, tpoTotal: p.tpoTotal,
      singlePrints,
      initialBalanceHigh: p.initialBalanceHigh, initialBalanceLow: p.initialBalanceLow,
      levels: (known.get(s) ?? []).map((l) => ({ kind: l.kind, price: l.price, strength: l.strength, sessions: l.sessions, val: l.val, vah: l.vah })),
      signals: bySession.get(s)!.map((x) => ({ price: entry[x.bar]!, period: profiles.periodOfBar[x.bar]!, direction: x.d, title: x.name })),
    });
  }
  return out;
}
