import { buildProfiles } from "@tda/core-wasm";
import type { Market } from "../barTable.js";
import { timeOfDay, type Config, type SessionRules } from "../config.js";
import { profileShape, valueArea, type ProfileShape, type ValueArea } from "./valueArea.js";

/** The part of the session rules (config.sessions) the profiles need. */
export type RthRules = Pick<SessionRules, "sessionStart" | "rthEnd">;

/** One 30-minute RTH period of a session: its id (0 = the one starting at sessionStart) and bars. */
export interface TpoPeriod {
  id: number;
  /** First and last bar (inclusive) of the period; every bar in between is an RTH bar of it. */
  first: number;
  last: number;
}

/** A session's RTH profile (SPEC §6). Prices in ticks; with rowTicks > 1 a row's price is its lowest tick. */
export interface SessionProfile {
  session: number;
  contract: number;
  /** Position among the profiled sessions of its contract (0, 1, 2 …). */
  ordinal: number;
  rowTicks: number;
  /** Absolute row of tpo[0] / volume[0]: row = floor(price / rowTicks). */
  baseRow: number;
  tpo: Float64Array;
  volume: Float64Array;
  /** Relative rows. */
  va: ValueArea;
  volumeVa: ValueArea;
  shape: ProfileShape;
  high: number; low: number; poc: number; vah: number; val: number;
  volumePoc: number; volumeVah: number; volumeVal: number;
  tpoTotal: number;
  volumeTotal: number;
  volumeFromFootprint: boolean;
  /** High and low of the first hour of RTH (sessionStart … sessionStart + 60 min); NaN without a bar in it. */
  initialBalanceHigh: number;
  initialBalanceLow: number;
  /** Rows with exactly one TPO. */
  singlePrints: number;
  /** The first RTH bar (the session's opening bar). */
  firstRthBar: number;
  periods: TpoPeriod[];
}

export interface SessionProfiles {
  /** Indexed by session index; undefined for sessions without RTH bars. */
  bySession: (SessionProfile | undefined)[];
  /** Per bar: the RTH period id, or −1 outside RTH. */
  periodOfBar: Int32Array;
  volumeFromFootprint: boolean;
  notices: string[];
}

/**
 * TPO and volume profiles of every session's RTH bars ([sessionStart, rthEnd) in exchange time),
 * built by the WASM histogram kernels in one call for the whole market.
 */
export function sessionProfiles(market: Market, cfg: Config["levels"], rules: RthRules): SessionProfiles {
  const { bars, clock, sessions } = market;
  const n = bars.length;
  const open = timeOfDay(rules.sessionStart, "sessionStart"), close = timeOfDay(rules.rthEnd, "rthEnd");
  const periodSec = cfg.periodMinutes * 60;
  if (!(periodSec > 0)) throw new Error(`levels.periodMinutes must be > 0, got ${cfg.periodMinutes}`);
  const periodOfBar = new Int32Array(n).fill(-1);
  const profileOfBar = new Int32Array(n).fill(-1);
  const profiled: number[] = []; // profile id → session index
  for (const s of sessions) {
    let id = -1;
    for (let i = s.start; i < s.end; i++) {
      const sod = clock.secondOfDay[i]!;
      if (sod < open || sod >= close) continue;
      if (id < 0) { id = profiled.length; profiled.push(s.index); }
      profileOfBar[i] = id;
      periodOfBar[i] = Math.floor((sod - open) / periodSec);
    }
  }
  const fp = bars.footprint;
  const built = buildProfiles({
    high: bars.high, low: bars.low, volume: bars.volume, profile: profileOfBar, period: periodOfBar, footprint: fp,
  }, profiled.length, cfg.rowTicks);
  const notices: string[] = [];
  if (!fp && profiled.length > 0) {
    notices.push("levels: no footprint — volume profiles spread each bar's volume evenly over its ticks (volume POC / value area are estimates)");
  }
  if (built.footprintRowsOutside > 0) notices.push(`levels: footprint rows outside their bar's range, left out of the volume profiles: ${built.footprintRowsOutside}`);

  const bySession: (SessionProfile | undefined)[] = new Array(sessions.length).fill(undefined);
  const ordinalInContract = new Map<number, number>();
  const rt = cfg.rowTicks;
  const ibEnd = open + 3600;
  for (let id = 0; id < profiled.length; id++) {
    const s = sessions[profiled[id]!]!;
    const a = built.rowOffset[id]!, b = built.rowOffset[id + 1]!;
    const tpo = built.tpo.slice(a, b), volume = built.volume.slice(a, b);
    const base = built.rowBase[id]!;
    const va = valueArea(tpo, cfg.valueAreaPct), volumeVa = valueArea(volume, cfg.valueAreaPct);
    const price = (rel: number) => (base + rel) * rt;
    let singles = 0;
    for (let r = 0; r < tpo.length; r++) if (tpo[r] === 1) singles++;
    let ibHigh = -Infinity, ibLow = Infinity, firstRth = -1;
    const periods: TpoPeriod[] = [];
    for (let i = s.start; i < s.end; i++) {
      const k = periodOfBar[i]!;
      if (k < 0) continue;
      if (firstRth < 0) firstRth = i;
      const last = periods[periods.length - 1];
      if (last && last.id === k) last.last = i;
      else periods.push({ id: k, first: i, last: i });
      if (clock.secondOfDay[i]! < ibEnd) { ibHigh = Math.max(ibHigh, bars.high[i]!); ibLow = Math.min(ibLow, bars.low[i]!); }
    }
    const ordinal = ordinalInContract.get(s.contract) ?? 0;
    ordinalInContract.set(s.contract, ordinal + 1);
    bySession[s.index] = {
      session: s.index, contract: s.contract, ordinal, rowTicks: rt, baseRow: base, tpo, volume, va, volumeVa,
      shape: profileShape(va, tpo.length, cfg),
      high: price(tpo.length - 1), low: price(0), poc: price(va.poc), vah: price(va.vah), val: price(va.val),
      volumePoc: price(volumeVa.poc), volumeVah: price(volumeVa.vah), volumeVal: price(volumeVa.val),
      tpoTotal: va.total, volumeTotal: volumeVa.total, volumeFromFootprint: !!fp,
      // NaN (empty) when no RTH bar fell in the first hour (a file that starts later in the day)
      initialBalanceHigh: ibHigh >= ibLow ? ibHigh : NaN, initialBalanceLow: ibHigh >= ibLow ? ibLow : NaN, singlePrints: singles, firstRthBar: firstRth, periods,
    };
  }
  return { bySession, periodOfBar, volumeFromFootprint: !!fp, notices };
}
