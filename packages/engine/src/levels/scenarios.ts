import type { BarTable } from "../barTable.js";
import type { Config } from "../config.js";
import type { Level } from "./composites.js";
import type { SessionProfile, TpoPeriod } from "./sessionProfiles.js";
import { SCENARIO } from "./types.js";

/** Value-area edge kinds (SPEC §6 scenarios), high edges first. */
export const HIGH_EDGES: readonly string[] = ["cva_high", "prior_vah"];
export const LOW_EDGES: readonly string[] = ["cva_low", "prior_val"];
export const isEdgeKind = (kind: string) => HIGH_EDGES.includes(kind) || LOW_EDGES.includes(kind);

export interface ScenarioContext {
  bars: Pick<BarTable, "open" | "high" | "low" | "close" | "session">;
  /** Per bar: RTH period id, −1 outside RTH. */
  periodOfBar: Int32Array;
  /** Profile of the signal bar's session (its periods and opening bar); undefined without RTH bars. */
  profile: SessionProfile | undefined;
  cfg: Pick<Config["levels"], "nearTicks" | "balanceBars" | "balanceMaxTicks">;
}

/**
 * Scenario of a directional signal at bar t (SPEC §6), given the nearest value-area edge level
 * already found within nearTicks of the entry: SC2 > SC1 > SC3, else none.
 */
export function scenarioOf(ctx: ScenarioContext, t: number, direction: number, edge: Level): number {
  const { bars, profile } = ctx;
  const val = edge.val, vah = edge.vah;
  const high = HIGH_EDGES.includes(edge.kind);
  // periods that ended before the signal bar's period began (all of them after RTH)
  const own = ctx.periodOfBar[t]!;
  const periods: TpoPeriod[] = profile ? profile.periods.filter((p) => own < 0 || p.id < own) : [];

  // SC2 rejection
  if ((direction === -1 && high && bars.high[t]! >= vah) || (direction === 1 && !high && bars.low[t]! <= val)) {
    const beyond = (p: TpoPeriod) => {
      for (let i = p.first; i <= p.last; i++) if (high ? !(bars.low[i]! > vah) : !(bars.high[i]! < val)) return false;
      return true;
    };
    if (!twoConsecutive(periods, beyond)) return SCENARIO.SC2;
  }

  // SC1 return pullback (80% rule)
  if (profile) {
    const o = bars.open[profile.firstRthBar]!;
    const from = o > vah ? -1 : o < val ? 1 : 0; // the way price entered the value area
    const c = bars.close[t]!;
    if (from !== 0 && direction === from && c >= val && c <= vah) {
      const inside = (p: TpoPeriod) => {
        for (let i = p.first; i <= p.last; i++) if (bars.low[i]! <= vah && bars.high[i]! >= val) return true;
        return false;
      };
      if (twoConsecutive(periods, inside)) return SCENARIO.SC1;
    }
  }

  // SC3 balance break
  const k = ctx.cfg.balanceBars;
  if (k >= 1 && t - k >= 0) {
    const s = bars.session[t]!;
    let lo = Infinity, hi = -Infinity, same = true;
    for (let i = t - k; i < t; i++) {
      if (bars.session[i] !== s) { same = false; break; }
      lo = Math.min(lo, bars.low[i]!);
      hi = Math.max(hi, bars.high[i]!);
    }
    if (same && hi - lo <= ctx.cfg.balanceMaxTicks) {
      const e = edge.price;
      const gap = e < lo ? lo - e : e > hi ? e - hi : 0;
      const c = bars.close[t]!;
      if (gap <= ctx.cfg.nearTicks && ((direction === 1 && c > hi) || (direction === -1 && c < lo))) return SCENARIO.SC3;
    }
  }
  return SCENARIO.none;
}

/** Two periods adjacent in time (ids differ by one) that both satisfy `test`. */
function twoConsecutive(periods: TpoPeriod[], test: (p: TpoPeriod) => boolean): boolean {
  let prev: TpoPeriod | undefined, prevOk = false;
  for (const p of periods) {
    const ok = test(p);
    if (ok && prevOk && prev && p.id === prev.id + 1) return true;
    prev = p;
    prevOk = ok;
  }
  return false;
}
