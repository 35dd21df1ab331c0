import type { BarClock, BarTable, Session } from "../barTable.js";
import { timeOfDay, type SessionRules } from "../config.js";
import { timeZone } from "../timeZone.js";
import { dayName } from "../timeZone.js";

export type { SessionRules } from "../config.js";

/** Local clock of every bar in the exchange zone. */
export function barClock(time: Float64Array, zone: string): BarClock {
  const tz = timeZone(zone);
  const n = time.length;
  const clock: BarClock = {
    secondOfDay: new Float64Array(n),
    localDay: new Int32Array(n),
    offsetMinutes: new Int32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const utcMs = time[i]! / 1000;
    const off = tz.offsetAt(utcMs);
    const localMs = utcMs + off * 60000;
    const day = Math.floor(localMs / 86400000);
    clock.offsetMinutes[i] = off;
    clock.localDay[i] = day;
    clock.secondOfDay[i] = (localMs - day * 86400000) / 1000;
  }
  return clock;
}

/** Is the bar's time of day inside the RTH window [sessionStart, rthEnd)? */
export function isRth(secondOfDay: number, rules: SessionRules): boolean {
  return secondOfDay >= timeOfDay(rules.sessionStart) && secondOfDay < timeOfDay(rules.rthEnd);
}

/**
 * The day whose session a file's opening bars continue (SPEC §1): the latest weekday D with
 * D sessionStart ≤ the first bar's local time. A file opening Sunday 17:00 or Monday 00:05 continues
 * Friday's session; one opening Monday 16:00 continues Monday's. Days count from 1970-01-01 (a Thursday).
 */
export function partialSessionDay(day: number, secondOfDay: number, sessionStart: number): number {
  let d = secondOfDay >= sessionStart ? day : day - 1;
  for (;;) {
    const weekday = (((d + 4) % 7) + 7) % 7; // 0 = Sunday
    if (weekday !== 0 && weekday !== 6) return d;
    d--;
  }
}

/**
 * Splits one contract's bars [start, end) into sessions (SPEC §1): a session begins with the first bar
 * whose time of day is in [sessionStart, rthEnd) on a later calendar date than the current session's;
 * everything after it (evening, night, weekend, holiday) belongs to it until the next one begins. Bars
 * before the first session start form a partial session named by the session they continue
 * (`partialSessionDay`), so (contract, session name) is unique.
 * Writes bars.session and returns the sessions (indices continue from `firstIndex`).
 */
export function assignSessions(
  bars: Pick<BarTable, "session">,
  clock: BarClock,
  start: number,
  end: number,
  contract: number,
  rules: SessionRules,
  firstIndex = 0,
): Session[] {
  const open = timeOfDay(rules.sessionStart, "sessionStart");
  const close = timeOfDay(rules.rthEnd, "rthEnd");
  const sessions: Session[] = [];
  let current: Session | undefined;
  let currentDay = -Infinity;
  for (let i = start; i < end; i++) {
    const sod = clock.secondOfDay[i]!;
    const day = clock.localDay[i]!;
    const startsSession = sod >= open && sod < close && day > currentDay;
    if (startsSession || !current) {
      if (current) current.end = i;
      current = {
        index: firstIndex + sessions.length,
        name: dayName(startsSession ? day : partialSessionDay(day, sod, open)),
        contract,
        start: i,
        end: end,
        partial: !startsSession,
      };
      sessions.push(current);
      if (startsSession) currentDay = day;
    }
    bars.session[i] = current.index;
  }
  if (current) current.end = end;
  return sessions;
}
