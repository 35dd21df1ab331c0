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
  /** Trades before this instant (µs) cannot begin a session (see nextCheck). */
  private quietUntil = -Infinity;
  private readonly parts: BarTable[] = [];
  /** Largest number of trades held at once (for tests and the run summary). */
  maxHeld = 0;
  trades = 0;

  constructor(private readonly rules: StreamRules) {
    this.open = timeOfDay(rules.sessions.sessionStart, "sessionStart");
    this.close = timeOfDay(rules.sessions.rthEnd, "rthEnd");
    this.tz = timeZone(rules.sessions.exchangeTimeZone);
  }

  /**
   * Adds trades (in time order, continuing the previous chunk). The session rule is evaluated exactly
   * (time-zone offset, day, time of day) only for some trades: after each such trade, `quietUntil` is
   * the instant before which no trade can begin a session (the next sessionStart on a later date, on
   * a stretch of UTC with one offset); the trades before it are only checked for order and copied in
   * one block.
   */
  push(chunk: TickTable): void {
    const time = chunk.time, n = chunk.length;
    let i = 0;
    while (i < n) {
      const from = i, until = this.quietUntil;
      let last = this.lastTime;
      for (; i < n; i++) {
        const t = time[i]!;
        if (t < last) throw new Error(`trades must be in time order: ${t} µs after ${last} µs`);
        if (t >= until) break;
        last = t;
      }
      this.lastTime = last;
      if (i > from) this.append(chunk, from, i);
      if (i === n) break;
      const t = time[i]!;
      this.lastTime = t;
      const utcMs = t / 1000;
      const offset = this.tz.offsetAt(utcMs);
      const localMs = utcMs + offset * 60000;
      const day = Math.floor(localMs / 86400000);
      const sod = (localMs - day * 86400000) / 1000;
      if (sod >= this.open && sod < this.close && day > this.currentDay) {
        this.flush();
        this.currentDay = day;
      }
      this.append(chunk, i, i + 1);
      this.quietUntil = this.nextCheck(utcMs, offset, day, sod);
      i++;
    }
    this.trades += n;
  }

  /**
   * µs before which no trade can begin a session, after a trade at `utcMs` (offset, local day and
   * time of day as the rule computed them). The earliest local time that can is sessionStart of
   * `day` (the trade lies before it and no session began that day) or of the day after the current
   * session's. It is turned into UTC with this trade's offset, so the stretch is cut to one hour and
   * kept only when the offset at its end is the same: no zone changes its offset twice within an hour
   * (TimeZone assumes six), so the offset is the same all along it. 1 ms is kept off the end against
   * rounding; the trades from there on get the exact rule again.
   */
  private nextCheck(utcMs: number, offset: number, day: number, sod: number): number {
    const startMs = this.open * 1000;
    const local = day > this.currentDay
      ? (sod < this.open ? day : day + 1) * 86400000 + startMs
      : (this.currentDay + 1) * 86400000 + startMs;
    const end = Math.min(local - offset * 60000, utcMs + 3600000) - 1;
    return end > utcMs && this.tz.offsetAt(end) === offset ? end * 1000 : -Infinity;
  }
  /** Bars of every trade pushed. */
  finish(): BarTable {
    this.flush();
    return concatBarTables(this.parts);
  }

  /** Copies trades from … to − 1 of `c` (one block per column). */
  private append(c: TickTable, from: number, to: number): void {
    const m = to - from;
    if (this.n + m > this.pending.length) {
      let size = this.pending.length * 2;
      while (size < this.n + m) size *= 2;
      const bigger = emptyTickTable(size);
      for (const k of ["time", "price", "size", "side", "bid", "ask"] as const) (bigger[k] as Float64Array).set(this.pending[k] as Float64Array);
      this.pending = bigger;
    }
    const p = this.pending, j = this.n;
    if (m === 1) {
      p.time[j] = c.time[from]!; p.price[j] = c.price[from]!; p.size[j] = c.size[from]!;
      p.side[j] = c.side[from]!; p.bid[j] = c.bid[from]!; p.ask[j] = c.ask[from]!;
    } else {
      p.time.set(c.time.subarray(from, to), j); p.price.set(c.price.subarray(from, to), j); p.size.set(c.size.subarray(from, to), j);
      p.side.set(c.side.subarray(from, to), j); p.bid.set(c.bid.subarray(from, to), j); p.ask.set(c.ask.subarray(from, to), j);
    }
    this.n += m;
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
