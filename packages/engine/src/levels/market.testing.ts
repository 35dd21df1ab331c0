// Test fixtures shared by the levels tests (excluded from the build): a market of hand-made
// five-minute bars in Chicago time.
import { emptyBarTable, type Market } from "../barTable.js";
import { assignSessions, barClock } from "../sessions/sessions.js";
import { timeZone } from "../timeZone.js";

export const ZONE = "America/Chicago";
export const rules = { sessionStart: "08:30", rthEnd: "15:15" };
export type Ohlc = [o: number, h: number, l: number, c: number];
/** Bars of one date: bar k at 08:30 + minutes[k] (default 5k; ≥ 405 is the evening, 15:15 on). */
export type Day = { date: string; bars: Ohlc[]; minutes?: number[] };

/** 81 five-minute RTH bars (08:30 … 15:10); `ohlc(k, period)` gives bar k. */
export const day = (date: string, ohlc: (k: number, period: number) => Ohlc): Day =>
  ({ date, bars: Array.from({ length: 81 }, (_, k) => ohlc(k, Math.floor(k / 6))) });

/** The day with extra bars at the given minutes after 08:30 (405 = 15:15, the evening; negative = before 08:30). */
export function withBars(d: Day, extra: [minute: number, bar: Ohlc][]): Day {
  const all = d.bars.map((b, k) => [d.minutes ? d.minutes[k]! : 5 * k, b] as [number, Ohlc]).concat(extra).sort((a, b) => a[0] - b[0]);
  return { date: d.date, bars: all.map((x) => x[1]), minutes: all.map((x) => x[0]) };
}

/** A market of one or more contracts (each a list of days), times in Chicago time. */
export function market(contracts: Day[][]): Market {
  const tz = timeZone(ZONE);
  const flat = contracts.map((days) => days.flatMap((d) => d.bars.map((b, k) => ({ date: d.date, min: d.minutes ? d.minutes[k]! : 5 * k, b }))));
  const bars = emptyBarTable(flat.reduce((s, c) => s + c.length, 0));
  let i = 0;
  for (const c of flat) for (const { date, min, b } of c) {
    const [Y, M, D] = date.split("-").map(Number) as [number, number, number];
    bars.time[i] = bars.lastTime[i] = tz.toUtc(Date.UTC(Y, M - 1, D, 8, 30 + min)) * 1000;
    [bars.open[i], bars.high[i], bars.low[i], bars.close[i]] = b;
    bars.volume[i] = 100;
    i++;
  }
  const clock = barClock(bars.time, ZONE);
  const sessions: Market["sessions"] = [];
  let at = 0;
  flat.forEach((c, k) => {
    sessions.push(...assignSessions(bars, clock, at, at + c.length, k, { timeZone: ZONE, ...rules }, sessions.length));
    at += c.length;
  });
  return { tickSize: 0.25, timeZone: ZONE, bars, clock, sessions, contracts: contracts.map((_, k) => ({ name: `C${k}`, file: `C${k}` })), notices: [] };
}
