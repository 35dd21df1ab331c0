import type { Config, ExtraLevelKind } from "../config.js";
import type { Level } from "./composites.js";
import type { SessionProfile } from "./sessionProfiles.js";

/** A session's TPO POC not yet traded through by any bar of a later session (SPEC §6 `naked_poc`). */
interface OpenPoc {
  price: number; // ticks (the POC row's price)
  session: number;
  ordinal: number;
  val: number;
  vah: number;
}

/** The bars a session traded, as the tracker needs them: its bar range in a table of highs and lows (ticks). */
export interface CompletedSession {
  index: number;
  contract: number;
  start: number;
  end: number; // exclusive
}

/**
 * The extra level kinds of SPEC §6, online like the composites: `complete` each session in time order
 * (profiled or not — every bar of a later session can trade through a naked POC, RTH or overnight),
 * `known` gives the extra levels known at the start of the next one.
 *
 * - `naked_poc`: open POCs are kept sorted by price; each bar of a completed session removes those in
 *   [low, high] (a binary search, then the run of hits), so a session costs O(bars · log P + P) with
 *   P ≤ lookbackSessions open POCs, never a rescan of old sessions. A session's own POC joins after its
 *   own bars were checked: its own evening and night do not fill it ("a later session").
 * - `poor_high` / `poor_low`: the prior session's RTH high / low when its top / bottom TPO row holds ≥ 2.
 */
export class ExtraLevelTracker {
  private open: OpenPoc[] = [];
  private prior: SessionProfile | undefined;
  private contract = -1;
  private readonly naked: boolean;
  private readonly poorHigh: boolean;
  private readonly poorLow: boolean;

  constructor(private readonly cfg: Pick<Config["levels"], "lookbackSessions"> & { extraKinds: readonly ExtraLevelKind[] }) {
    this.naked = cfg.extraKinds.includes("naked_poc");
    this.poorHigh = cfg.extraKinds.includes("poor_high");
    this.poorLow = cfg.extraKinds.includes("poor_low");
  }

  startContract(contract: number): void {
    this.open = [];
    this.prior = undefined;
    this.contract = contract;
  }

  /**
   * Session `s` has completed: its bars `high[i]`, `low[i]` for i in [s.start, s.end) are final, and
   * `profile` is its RTH profile (undefined for a session without RTH bars).
   */
  complete(s: CompletedSession, high: ArrayLike<number>, low: ArrayLike<number>, profile: SessionProfile | undefined): void {
    if (s.contract !== this.contract) this.startContract(s.contract);
    if (this.naked) {
      const open = this.open;
      for (let i = s.start; i < s.end && open.length; i++) {
        const lo = low[i]!, hi = high[i]!;
        let a = 0, b = open.length; // first open POC with price ≥ lo
        while (a < b) { const m = (a + b) >> 1; if (open[m]!.price < lo) a = m + 1; else b = m; }
        let e = a;
        while (e < open.length && open[e]!.price <= hi) e++;
        if (e > a) open.splice(a, e - a);
      }
      if (profile) {
        // POCs older than the look-back of the next session can never be known again
        const oldest = profile.ordinal + 1 - this.cfg.lookbackSessions;
        if (open.some((x) => x.ordinal < oldest)) this.open = open.filter((x) => x.ordinal >= oldest);
        const poc: OpenPoc = { price: profile.poc, session: profile.session, ordinal: profile.ordinal, val: profile.val, vah: profile.vah };
        let k = this.open.length;
        while (k > 0 && this.open[k - 1]!.price > poc.price) k--;
        this.open.splice(k, 0, poc);
      }
    }
    if (profile) this.prior = profile;
  }

  /** Extra levels known at the start of the session with ordinal `ordinal` in `contract` (unsorted). */
  known(contract: number, ordinal: number): Level[] {
    if (contract !== this.contract) return [];
    const out: Level[] = [];
    if (this.naked) {
      for (const x of this.open) {
        if (x.ordinal > ordinal - 2 || x.ordinal < ordinal - this.cfg.lookbackSessions) continue;
        out.push({ kind: "naked_poc", price: x.price, strength: 1, sessions: 1, lastSession: x.session, val: x.val, vah: x.vah });
      }
    }
    const p = this.prior;
    if (p && p.ordinal === ordinal - 1) {
      const base = { strength: 1, sessions: 1, lastSession: p.session, val: p.val, vah: p.vah };
      if (this.poorHigh && p.tpo[p.tpo.length - 1]! >= 2) out.push({ kind: "poor_high", price: p.high, ...base });
      if (this.poorLow && p.tpo[0]! >= 2) out.push({ kind: "poor_low", price: p.low, ...base });
    }
    return out;
  }
}
