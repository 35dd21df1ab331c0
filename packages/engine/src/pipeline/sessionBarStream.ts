import type { BarTable } from "../barTable.js";
import { buildBars, type BarSpec } from "../bars/buildBars.js";
import { concatBarTables } from "../bars/concat.js";
import { emptyTickTable, type TickTable } from "../tickTable.js";
import { timeOfDay, type SessionRules } from "../config.js";
import { timeZone } from "../timeZone.js";

/** The session rules and the bar spec (a Config will do). */
export interface StreamRules {
  sessions: SessionRules;
  bars: BarSpec;
}

/**
 * Ticks → bars one session at a time, so memory holds one session's trades (plus the bars so far)
 * however long the tick file is. Trades arrive in chunks in time order; a session begins with the
 * first trade whose exchange time of day lies in [sessionStart, rthEnd) on a later date than the
 * current session's (SPEC §1, as `assignSessions` does for bars); when it begins, the trades of the
 * session before are built into bars and dropped. The result equals building all trades at once.
 */
export class SessionBarStream {
  private readonly open: number;
  private readonly close: number;
  private readonly tz;
  private pending: TickTable = emptyTickTable(1 << 12);
  private n = 0;
  private currentDay = -Infinity;
  private lastTime = -Infinity;
  private readonly parts: BarTable[] = [];
  /** Largest number of trades held at once (for tests and the run summary). */
  maxHeld = 0;
  trades = 0;

  constructor(private readonly rules: StreamRules) {
    this.open = timeOfDay(rules.sessions.sessionStart, "sessionStart");
    this.close = timeOfDay(rules.sessions.rthEnd, "rthEnd");
    this.tz = timeZone(rules.sessions.exchangeTimeZone);
  }

  /** Adds trades (in time order, continuing the previous chunk). */
  push(chunk: TickTable): void {
    for (let i = 0; i < chunk.length; i++) {
      const t = chunk.time[i]!;
      if (t < this.lastTime) throw new Error(`trades must be in time order: ${t} µs after ${this.lastTime} µs`);
      this.lastTime = t;
      const utcMs = t / 1000;
      const localMs = utcMs + this.tz.offsetAt(utcMs) * 60000;
      const day = Math.floor(localMs / 86400000);
      const sod = (localMs - day * 86400000) / 1000;
      if (sod >= this.open && sod < this.close && day > this.currentDay) {
        this.flush();
        this.currentDay = day;
      }
      this.append(chunk, i);
    }
    this.trades += chunk.length;
  }

  /** Bars of every trade pushed. */
  finish(): BarTable {
    this.flush();
    return concatBarTables(this.parts);
  }

  private append(c: TickTable, i: number): void {
    if (this.n === this.pending.length) {
      const bigger = emptyTickTable(this.pending.length * 2);
      for (const k of ["time", "price", "size", "side", "bid", "ask"] as const) (bigger[k] as Float64Array).set(this.pending[k] as Float64Array);
      this.pending = bigger;
    }
    const p = this.pending, j = this.n++;
    p.time[j] = c.time[i]!; p.price[j] = c.price[i]!; p.size[j] = c.size[i]!;
    p.side[j] = c.side[i]!; p.bid[j] = c.bid[i]!; p.ask[j] = c.ask[i]!;
    if (this.n > this.maxHeld) this.maxHeld = this.n;
  }

  private flush(): void {
    if (this.n === 0) return;
    const p = this.pending, n = this.n;
    const view: TickTable = {
      length: n, time: p.time.subarray(0, n), price: p.price.subarray(0, n), size: p.size.subarray(0, n),
      side: p.side.subarray(0, n), bid: p.bid.subarray(0, n), ask: p.ask.subarray(0, n), hasQuote: p.hasQuote,
    };
    this.parts.push(buildBars(view, new Int32Array(n), this.rules.bars, this.rules.sessions));
    this.n = 0;
  }
}
