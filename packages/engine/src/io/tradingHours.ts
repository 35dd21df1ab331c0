import { timeZone } from "../timeZone.js";

/**
 * The time-zone sanity check (issue 12). CME Globex trades the equity index futures (ES, MES, NQ,
 * MNQ) from Sunday 17:00 to Friday 16:00 exchange time with a daily halt from 16:00 to 17:00 (Monday
 * to Thursday). A file read in the wrong zone shows bars or trades in those closed hours — a UTC file
 * read as Chicago time puts the 10:00 CT activity into the 16:00 halt. When more than
 * CLOSED_SHARE of a file's rows fall there, the check reads the same wall-clock times in a few common
 * zones and names the one that fits best: a notice, since a file may truly hold such rows (a
 * holiday schedule, a different product), never an error.
 */
const CLOSED_SHARE = 0.02;
/** The schedule is CME's, in Chicago time, whatever exchange zone the config names. */
const CME_ZONE = "America/Chicago";
const MIN_CLOSED = 5;
/** Zones a chart or a feed is commonly written in, tried in this order (ties keep the first). */
const CANDIDATE_ZONES = [
  "UTC", "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
  "Europe/London", "Europe/Berlin", "Asia/Tokyo", "Asia/Hong_Kong", "Australia/Sydney",
];
const MAX_SAMPLES = 1 << 15;
const HOUR = 3600;

/** Is this Chicago-time instant in the closed hours? `localMs` is wall-clock ms written as if UTC. */
export function exchangeClosed(localMs: number): boolean {
  const day = Math.floor(localMs / 86400000);
  const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  const s = (localMs - day * 86400000) / 1000;
  if (weekday === 6) return true;
  if (weekday === 0) return s < 17 * HOUR;
  if (weekday === 5) return s >= 16 * HOUR;
  return s >= 16 * HOUR && s < 17 * HOUR;
}

/**
 * Collects row times (µs UTC) as a reader hands them on — every row while few, then an evenly thinned
 * sample (every k-th, k doubling), so memory stays bounded on a tick file of any size — and says at
 * the end whether the file looks shifted.
 */
export class TradingHoursCheck {
  private samples: number[] = [];
  private step = 1;
  private seen = 0;

  add(timeUs: number): void {
    if (this.seen++ % this.step !== 0) return;
    this.samples.push(timeUs);
    if (this.samples.length >= MAX_SAMPLES) {
      this.samples = this.samples.filter((_, k) => k % 2 === 0);
      this.step *= 2;
    }
  }

  /**
   * `add` of times[from], …, times[to − 1] in that order, the same sample: only the rows the sample
   * takes are visited (a tick chunk costs its sampled rows, not a call a trade).
   */
  addTimes(times: ArrayLike<number>, from: number, to: number): void {
    let i = from;
    while (i < to) {
      const r = this.seen % this.step;
      const skip = r === 0 ? 0 : this.step - r;
      if (skip >= to - i) { this.seen += to - i; return; }
      i += skip;
      this.seen += skip;
      this.add(times[i]!);
      i++;
    }
  }

  /**
   * The notice, or undefined when the rows keep to the trading hours. `readZone` is the zone the
   * reader took the file's wall-clock times in ("UTC" for formats with absolute times).
   */
  notice(file: string, rows: "bars" | "trades", readZone: string): string | undefined {
    const n = this.samples.length;
    if (n === 0) return undefined;
    const closed = this.closedCount(readZone, readZone);
    if (closed < MIN_CLOSED || closed <= CLOSED_SHARE * n) return undefined;
    let best: string | undefined, bestClosed = closed;
    for (const z of CANDIDATE_ZONES) {
      if (z === readZone) continue;
      const c = this.closedCount(readZone, z);
      if (c < bestClosed) { best = z; bestClosed = c; }
    }
    const pct = (x: number) => `${+((100 * x) / n).toFixed(1)} %`;
    const head = `${file}: ${pct(closed)} of the ${rows}${this.step > 1 ? " (sampled)" : ""} fall when the exchange is closed ` +
      `(the daily 16:00–17:00 CT halt or the weekend) — the file's times look shifted`;
    if (best === undefined || bestClosed * 4 > closed) return `${head}: check the zone they were written in (read as ${readZone})`;
    return `${head}: read as ${best} instead of ${readZone}, ${pct(bestClosed)} would; if the file was written in ${best}, give --source-tz ${best} (config sourceTimeZone)`;
  }

  /** Rows in the closed hours when the file's wall-clock times (read in `readZone`) are read in `asZone`. */
  private closedCount(readZone: string, asZone: string): number {
    const ex = timeZone(CME_ZONE), read = timeZone(readZone), as = timeZone(asZone);
    let count = 0;
    for (const us of this.samples) {
      let ms = us / 1000;
      if (asZone !== readZone) ms = as.toUtc(read.toLocal(ms)); // the same wall clock, another zone
      if (exchangeClosed(ex.toLocal(ms))) count++;
    }
    return count;
  }
}
