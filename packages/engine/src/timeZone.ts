/**
 * IANA time-zone arithmetic through Intl (real DST rules), cached per 15 minutes of UTC: every
 * zone's offset changes only on quarter-hour boundaries.
 */
const QUARTER_MS = 15 * 60 * 1000;

export class TimeZone {
  private readonly fmt: Intl.DateTimeFormat;
  private readonly cache = new Map<number, number>();

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
    const key = Math.floor(utcMs / QUARTER_MS);
    let off = this.cache.get(key);
    if (off === undefined) {
      off = this.compute(key * QUARTER_MS);
      this.cache.set(key, off);
    }
    return off;
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
  const local = new Date(ms + offsetMinutes * 60000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const a = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, "0")}:${String(a % 60).padStart(2, "0")}`;
}
