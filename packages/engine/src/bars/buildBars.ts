import { buildTickBars, checkBarSize, type TickBarKind } from "@tda/core-wasm";
import type { BarTable, Session } from "../barTable.js";
import type { TickTable } from "../tickTable.js";
import { timeOfDay, type Config } from "../config.js";
import { timeZone } from "../timeZone.js";
import { assignSessions, barClock, type SessionRules } from "../sessions/sessions.js";

/** How ticks become bars (SPEC §4); `config.bars` has this shape. */
export interface BarSpec {
  kind: TickBarKind;
  /** Ticks of range, trades, volume or seconds per bar. */
  size: number;
}

/**
 * Ticks → bars with footprint, built by the WebAssembly builder in one fill pass (after a counting
 * pass that sizes its output). `sessionOfTick` gives every tick's session id: a change starts a new
 * bar, so no bar spans a session boundary (use `tickSessions` to compute it with the engine's rules).
 *
 * Range bars follow Sierra Chart's "Range per bar – standard": high − low never exceeds `size` ticks;
 * the trade that would make it exceed opens the next bar, and that bar's open is that trade's price
 * (no phantom fill bars across a gap). Volume bars never split a trade: a bar closes once its volume
 * reaches `size`, so it may end above `size`. N-second bars are aligned on the Unix epoch (so on the
 * exchange clock for any N dividing an hour) and stamped with their bucket's start — given `rules`,
 * never before the session start of their first trade's day (`clipToSessionStart`); other bars with
 * their first trade's time.
 */
export function buildBars(ticks: TickTable, sessionOfTick: Int32Array, spec: BarSpec, rules?: SessionRules): BarTable {
  checkBarSize(spec.kind, spec.size);
  const n = ticks.length;
  if (sessionOfTick.length !== n) throw new Error(`buildBars: ${sessionOfTick.length} session ids for ${n} ticks`);
  for (let i = 1; i < n; i++) {
    if (ticks.time[i]! < ticks.time[i - 1]!) {
      throw new Error(`buildBars: tick ${i} goes back in time (${ticks.time[i]} µs after ${ticks.time[i - 1]} µs); ticks must be in time order`);
    }
  }
  const view = <T extends Int32Array | Float64Array | Int8Array>(a: T): T => (a.length === n ? a : (a.subarray(0, n) as T));
  const b = buildTickBars({
    time: view(ticks.time), price: view(ticks.price), size: view(ticks.size), side: view(ticks.side), session: sessionOfTick,
  }, spec.kind, spec.size);
  if (spec.kind === "seconds" && rules) clipToSessionStart(b, ticks.time, rules);
  return { ...b, study: new Map() };
}

/**
 * An N-second bar is stamped with its bucket's start, but never before `sessionStart` of the day of
 * its first trade when that trade lies in the RTH window. Without this, a bucket that does not begin
 * on the session start (60-minute bars: [08:00, 09:00) holds 08:30) would stamp the session's first
 * bar 08:00 — outside RTH, so the bar-level session rule (SPEC §1, which `assembleMarket` applies to
 * bar times) would hand that bar to the session before, and it would share its time with the previous
 * session's last bar. Clipped, it is stamped 08:30:00, as Sierra Chart starts a bar at the session start.
 * Only a session's first bar can be affected: any later bar of a bucket starts with that bucket.
 */
function clipToSessionStart(b: { length: number; time: Float64Array; trades: Float64Array }, time: Float64Array, rules: SessionRules): void {
  const tz = timeZone(rules.exchangeTimeZone);
  const open = timeOfDay(rules.sessionStart, "sessionStart") * 1000;
  const close = timeOfDay(rules.rthEnd, "rthEnd") * 1000;
  let tick = 0;
  for (let i = 0; i < b.length; tick += b.trades[i++]!) {
    const firstMs = time[tick]! / 1000;
    if (b.time[i]! / 1000 >= firstMs) continue; // the bucket starts with this trade
    const localMs = tz.toLocal(firstMs);
    const dayMs = Math.floor(localMs / 86400000) * 86400000;
    const tod = localMs - dayMs;
    if (tod < open || tod >= close) continue;
    const startUs = tz.toUtc(dayMs + open) * 1000;
    if (b.time[i]! < startUs) b.time[i] = startUs;
  }
}

/** Sessions of a tick stream (one contract) with the engine's rules: per-tick ids and the sessions. */
export interface TickSessions {
  /** Session index of every tick (starting at `firstIndex`). */
  session: Int32Array;
  /** Sessions with `start`/`end` as tick indices. */
  sessions: Session[];
}

/**
 * Assigns SPEC §1 sessions to ticks: a session begins with the first trade whose exchange time of
 * day lies in [sessionStart, rthEnd) on a later date than the current session's. The result feeds
 * `buildBars`; bars built from it start exactly where sessions start, so the bar-level sessions that
 * `assembleMarket` recomputes from bar times are the same.
 */
export function tickSessions(ticks: Pick<TickTable, "time" | "length">, rules: SessionRules, contract = 0, firstIndex = 0): TickSessions {
  const time = ticks.time.length === ticks.length ? ticks.time : ticks.time.subarray(0, ticks.length);
  const clock = barClock(time, rules.exchangeTimeZone);
  const holder = { session: new Int32Array(ticks.length) };
  const sessions = assignSessions(holder, clock, 0, ticks.length, contract, rules, firstIndex);
  return { session: holder.session, sessions };
}

/** Ticks of one contract → bars of `config.bars`, with sessions by the config's rules. */
export function barsFromTicks(ticks: TickTable, config: Pick<Config, "bars" | "sessions">): BarTable {
  const { session } = tickSessions(ticks, config.sessions);
  return buildBars(ticks, session, config.bars, config.sessions);
}
