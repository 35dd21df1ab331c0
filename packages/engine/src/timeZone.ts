/**
 * IANA time-zone arithmetic through Intl (real DST rules), read as a table of transitions: the
 * offset is asked of Intl at the ends of each 6-hour span of UTC; when the two agree the whole span
 * has that offset, when they differ the change is found by bisection to the quarter hour (every
 * zone's offset changes only on quarter-hour boundaries). This assumes no zone changes its offset
 * twice within 6 hours, which no IANA rule does; it asks Intl about 4 times a day of data instead
 * of 96, and a lookup inside the span last used costs two comparisons.
 */
const QUARTER_MS = 15 * 60 * 1000;
const SPAN_MS = 6 * 3600 * 1000;
const QUARTERS_PER_SPAN = SPAN_MS / QUARTER_MS;

/** One span of the table: offset `before` up to the UTC instant `change`, `after` from it on. */
interface Span {
  change: number;
  before: number;
  after: number;
}

export class TimeZone {
  private readonly fmt: Intl.DateTimeFormat;
  private readonly spans = new Map<number, Span>();
  /** The span looked up last: [from, to) has offset `off`. */
  private from = 0;
  private to = 0;
  private off = 0;

  constructor(readonly name: string) {
    try {
      this.fmt = new Intl.DateTimeFormat("en-US", {
        timeZone: name, hourCycle: "h23",
        year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
      });
    } catch {
      throw new Error(`unknown time zone "${name}" (expected an IANA name such as America/Chicago or UTC)`);
    }
  }

  /** UTC offset in minutes at a UTC instant (ms since epoch): −300 for Chicago in summer. */
  offsetAt(utcMs: number): number {
    if (utcMs >= this.from && utcMs < this.to) return this.off;
    const key = Math.floor(utcMs / SPAN_MS);
    let span = this.spans.get(key);
    if (span === undefined) {
      span = this.span(key);
      this.spans.set(key, span);
    }
    const start = key * SPAN_MS;
    if (utcMs < span.change) {
      this.from = start;
      this.to = Math.min(span.change, start + SPAN_MS);
      this.off = span.before;
    } else {
      this.from = span.change;
      this.to = start + SPAN_MS;
      this.off = span.after;
    }
    return this.off;
  }

  /**
   * The stretch of UTC [from, to) around `utcMs` over which offsetAt gives the one offset it gives at
   * `utcMs` (read from the same table, so exactly offsetAt's answers), cut to at most `reach` ms
   * either side: for callers converting many instants between two transitions (WallClock).
   */
  offsetStretch(utcMs: number, reach: number): { from: number; to: number; offset: number } {
    const offset = this.offsetAt(utcMs);
    const key = Math.floor(utcMs / SPAN_MS);
    const here = this.spanOf(key);
    let from: number, to: number;
    // backwards: a span whose change lies at or before utcMs starts the stretch there
    if (utcMs >= here.change) from = here.change;
    else {
      from = key * SPAN_MS;
      for (let k = key - 1; from > utcMs - reach; k--) {
        const s = this.spanOf(k);
        if (s.change !== Infinity) { from = s.change; break; } // its `after` is the offset at `from`, ours
        from = k * SPAN_MS;
      }
    }
    // forwards: the first change after utcMs ends it
    if (utcMs < here.change && here.change !== Infinity) to = here.change;
    else {
      to = (key + 1) * SPAN_MS;
      for (let k = key + 1; to < utcMs + reach; k++) {
        const s = this.spanOf(k);
        if (s.change !== Infinity) { to = s.change; break; } // its `before` is the offset at its start, ours
        to = (k + 1) * SPAN_MS;
      }
    }
    return { from, to, offset };
  }

  private spanOf(key: number): Span {
    let span = this.spans.get(key);
    if (span === undefined) {
      span = this.span(key);
      this.spans.set(key, span);
    }
    return span;
  }

  /** The offset Intl gives at the start of every quarter hour, without the table (tests compare). */
  offsetByIntl(utcMs: number): number {
    return this.compute(Math.floor(utcMs / QUARTER_MS) * QUARTER_MS);
  }

  private span(key: number): Span {
    const start = key * SPAN_MS;
    const before = this.compute(start);
    const after = this.compute(start + SPAN_MS);
    if (before === after) return { change: Infinity, before, after };
    // the first quarter of the span (1 … QUARTERS_PER_SPAN) that has the later offset
    let lo = 0; // has `before`
    let hi = QUARTERS_PER_SPAN; // has `after`
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (this.compute(start + mid * QUARTER_MS) === before) lo = mid;
      else hi = mid;
    }
    return { change: start + hi * QUARTER_MS, before, after };
  }

  private compute(utcMs: number): number {
    const p: Record<string, number> = {};
    for (const part of this.fmt.formatToParts(new Date(utcMs))) {
      if (part.type !== "literal") p[part.type] = Number(part.value);
    }
    const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
    return Math.round((asUtc - utcMs) / 60000);
  }

  /**
   * Local wall-clock time (ms, written as if UTC) → UTC ms. A time that occurs twice (fall back) takes
   * the earlier instant unless that would go before `notBeforeUtcMs` (keeps a file's order through the
   * repeated hour); a time that does not exist (spring forward) is moved forward by the gap.
   */
  toUtc(localMs: number, notBeforeUtcMs = -Infinity): number {
    const o1 = this.offsetAt(localMs - this.offsetAt(localMs) * 60000);
    const candidates: number[] = [];
    for (const off of new Set([o1, this.offsetAt(localMs - 14 * 3600000), this.offsetAt(localMs + 14 * 3600000)])) {
      const utc = localMs - off * 60000;
      if (this.offsetAt(utc) === off) candidates.push(utc);
    }
    candidates.sort((a, b) => a - b);
    if (candidates.length === 0) {
      // In the gap: read with the offset before the change, which lands after it.
      const before = this.offsetAt(localMs - 14 * 3600000);
      return localMs - before * 60000;
    }
    for (const c of candidates) if (c >= notBeforeUtcMs) return c;
    return candidates[candidates.length - 1]!;
  }

  /** UTC ms → local wall-clock ms (as if UTC). */
  toLocal(utcMs: number): number {
    return utcMs + this.offsetAt(utcMs) * 60000;
  }
}

const zones = new Map<string, TimeZone>();
export function timeZone(name: string): TimeZone {
  let z = zones.get(name);
  if (!z) zones.set(name, (z = new TimeZone(name)));
  return z;
}

/** Days since 1970-01-01 → "YYYY-MM-DD". */
export function dayName(day: number): string {
  return new Date(day * 86400000).toISOString().slice(0, 10);
}

/**
 * ISO 8601 in exchange time with its offset, to the millisecond (truncated):
 * "2024-03-18T08:35:00.000-05:00" (SPEC §9).
 */
export function isoExchangeTime(utcMicros: number, offsetMinutes: number): string {
  const ms = Math.floor(utcMicros / 1000);
  const localMs = ms + offsetMinutes * 60000;
  // years 1970–9999 with a whole-minute offset: the day's text and the offset's from a cache, the
  // time of day in digits (the same characters as below; isoExchangeTimeSlow is the reference)
  if (localMs >= 0 && localMs < 253402300800000 && (offsetMinutes | 0) === offsetMinutes && offsetMinutes > -1440 && offsetMinutes < 1440) {
    const day = Math.floor(localMs / 86400000);
    let rest = localMs - day * 86400000;
    if (day !== isoDay) { isoDay = day; isoDayText = new Date(day * 86400000).toISOString().slice(0, 11); }
    if (offsetMinutes !== isoOffset) { isoOffset = offsetMinutes; isoOffsetText = offsetText(offsetMinutes); }
    const milli = rest % 1000; rest = (rest - milli) / 1000;
    const sec = rest % 60; rest = (rest - sec) / 60;
    const min = rest % 60;
    const hour = (rest - min) / 60;
    return isoDayText + TWO_DIGITS[hour]! + ":" + TWO_DIGITS[min]! + ":" + TWO_DIGITS[sec]! + "." + THREE_DIGITS[milli]! + isoOffsetText;
  }
  return isoExchangeTimeSlow(utcMicros, offsetMinutes);
}

/** isoExchangeTime by Date#toISOString for every value (the reference the fast path is tested against). */
export function isoExchangeTimeSlow(utcMicros: number, offsetMinutes: number): string {
  const ms = Math.floor(utcMicros / 1000);
  const local = new Date(ms + offsetMinutes * 60000).toISOString().slice(0, 23);
  return `${local}${offsetText(offsetMinutes)}`;
}

function offsetText(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? "-" : "+";
  const a = Math.abs(offsetMinutes);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, "0"));
/** the last local day formatted ("YYYY-MM-DDT") and the last offset ("±HH:MM"): rows come in time order */
let isoDay = NaN, isoDayText = "", isoOffset = NaN, isoOffsetText = "";
