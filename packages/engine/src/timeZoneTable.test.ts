import { describe, expect, it } from "vitest";
import { TimeZone } from "./timeZone.js";
import { rng } from "./random.testing.js";

const QUARTER = 15 * 60 * 1000;
const DAY = 86400000;

describe("time-zone offsets from the table of transitions", () => {
  // zones with DST both ways, a 30-minute DST shift, quarter-hour and odd offsets, none at all
  const zones = ["America/Chicago", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns", "Pacific/Chatham", "UTC"];

  it("equal Intl's offset through 2024: every 3 hours, and every quarter hour (and inside it) around each change", () => {
    const from = Date.UTC(2024, 0, 1), to = Date.UTC(2025, 0, 1);
    const STEP = 3 * 3600000;
    for (const name of zones) {
      const table = new TimeZone(name);
      const intl = new TimeZone(name);
      let changes = 0;
      let prev = intl.offsetByIntl(from);
      for (let t = from; t < to; t += STEP) {
        const want = intl.offsetByIntl(t);
        expect(table.offsetAt(t), `${name} ${new Date(t).toISOString()}`).toBe(want);
        if (want !== prev) {
          changes++;
          for (let q = t - 2 * STEP; q < t + STEP; q += QUARTER) {
            expect(table.offsetAt(q), `${name} ${new Date(q).toISOString()}`).toBe(intl.offsetByIntl(q));
            expect(table.offsetAt(q + QUARTER - 1)).toBe(intl.offsetByIntl(q));
          }
        }
        prev = want;
      }
      // Chicago, London, Lord Howe, St John's, Chatham change twice a year; Kathmandu and UTC never
      expect(changes, name).toBe(["Asia/Kathmandu", "UTC"].includes(name) ? 0 : 2);
    }
  }, 60_000);

  it("give the same answers in any order of lookups (the last-span shortcut is never stale)", () => {
    const z = new TimeZone("America/Chicago");
    const ref = new TimeZone("America/Chicago");
    // around the 2024 changes: 10 March 08:00 UTC (−6 → −5) and 3 November 07:00 UTC (−5 → −6)
    const march = Date.UTC(2024, 2, 10, 8), nov = Date.UTC(2024, 10, 3, 7);
    const probes = [march - 1, nov, march, nov - 1, march + DAY, march - DAY, nov + 3 * QUARTER, march - 1, march];
    for (const t of probes) expect(z.offsetAt(t), new Date(t).toISOString()).toBe(ref.offsetByIntl(t));
    expect(z.offsetAt(march - 1)).toBe(-360);
    expect(z.offsetAt(march)).toBe(-300);
    expect(z.offsetAt(nov - 1)).toBe(-300);
    expect(z.offsetAt(nov)).toBe(-360);
  });

  it("keep the wall-clock conversions: the repeated and the missing hour (SPEC §1)", () => {
    const z = new TimeZone("America/Chicago");
    // 01:30 on 3 Nov 2024 occurs twice: the earlier instant (CDT), or the later when order asks
    const local = Date.UTC(2024, 10, 3, 1, 30);
    expect(z.toUtc(local)).toBe(Date.UTC(2024, 10, 3, 6, 30));
    expect(z.toUtc(local, Date.UTC(2024, 10, 3, 6, 45))).toBe(Date.UTC(2024, 10, 3, 7, 30));
    // 02:30 on 10 Mar 2024 does not exist: moved forward by the gap, to 03:30 CDT
    expect(z.toUtc(Date.UTC(2024, 2, 10, 2, 30))).toBe(Date.UTC(2024, 2, 10, 8, 30));
    expect(z.toLocal(Date.UTC(2024, 6, 1, 13, 30))).toBe(Date.UTC(2024, 6, 1, 8, 30));
  });
});

// DST both ways (north and south), a 30-minute DST shift, quarter-hour and half-hour offsets, none
const STRETCH_ZONES = ["America/New_York", "America/Chicago", "Europe/London", "Europe/Berlin", "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns", "Asia/Kathmandu", "UTC"];

describe("offsetStretch: the stretches between changes", () => {
  it("hold Intl's offset at every quarter hour inside, and end at a change (or the reach)", () => {
    const HOUR = 3600000, REACH = 7 * DAY;
    for (const name of STRETCH_ZONES) {
      const z = new TimeZone(name), intl = new TimeZone(name);
      const r = rng(name.length * 7919);
      for (let probe = 0; probe < 40; probe++) {
        const t = Date.UTC(2022, 0, 1) + Math.floor(r() * 3 * 365 * DAY);
        const s = z.offsetStretch(t, REACH);
        expect(s.from <= t && t < s.to, `${name} ${new Date(t).toISOString()}`).toBe(true);
        expect(s.offset).toBe(intl.offsetByIntl(t));
        for (let q = Math.ceil(s.from / QUARTER) * QUARTER; q < s.to; q += q < s.from + 2 * HOUR || q > s.to - 2 * HOUR ? QUARTER : HOUR) {
          expect(intl.offsetByIntl(q), `${name} inside ${new Date(q).toISOString()}`).toBe(s.offset);
        }
        // a stretch not cut by the reach ends at a change of offset
        if (s.from > t - REACH) expect(intl.offsetByIntl(s.from - QUARTER), `${name} before ${new Date(s.from).toISOString()}`).not.toBe(s.offset);
        if (s.to < t + REACH) expect(intl.offsetByIntl(s.to), `${name} after ${new Date(s.to).toISOString()}`).not.toBe(s.offset);
        else expect(s.to - t).toBeLessThanOrEqual(REACH + 6 * HOUR);
      }
    }
  }, 60_000);
});

describe("WallClock (stretches between changes, the hour memory, the full conversion)", () => {
  it("gives exactly localMicrosToUtc's answers and gap flags across whole years, DST both ways, any step, jumps back and forth", async () => {
    const { WallClock, localMicrosToUtc } = await import("./io/dateTime.js");
    const { timeZone } = await import("./timeZone.js");
    for (const name of STRETCH_ZONES) {
      const tz = timeZone(name);
      for (const [seed, step] of [[1, 300e6], [2, 3600e6 * 3], [3, 20e6], [4, 86400e6]] as const) {
        const r = rng(seed * 104729 + name.length);
        const wc = new WallClock(tz);
        let local = Date.UTC(2022, 9, 1) * 1000 + Math.floor(r() * 3600e6);
        let prevA = -Infinity, prevB = -Infinity;
        for (let k = 0; k < 6000; k++) {
          local += Math.floor(r() * step);
          const u = r();
          if (u < 0.01) local -= Math.floor(3600e6 * r()); // back, like the repeated hour
          else if (u < 0.012) local += Math.floor(30 * 86400e6 * r()); // a gap in the data
          else if (u < 0.013) local -= Math.floor(20 * 86400e6 * r()); // far back
          const a = wc.toUtc(local, prevA), b = localMicrosToUtc(tz, local, prevB);
          expect(a, `${name} ${new Date(local / 1000).toISOString()}`).toBe(b);
          expect(wc.lastInGap, `${name} gap ${new Date(local / 1000).toISOString()}`).toBe(tz.offsetAt(b / 1000) * 60e6 !== local - b);
          // against Intl: outside the skipped hour the wall clock at the answer is the input
          if (!wc.lastInGap && k % 8 === 0) expect(local - b, `${name} Intl ${new Date(local / 1000).toISOString()}`).toBe(tz.offsetByIntl(b / 1000) * 60e6);
          prevA = Math.max(prevA, a); prevB = Math.max(prevB, b);
        }
      }
    }
  }, 120_000);

  it("around each 2024 change of New York, Chicago and London, minute by minute and in both orders: the same answers", async () => {
    const { WallClock, localMicrosToUtc } = await import("./io/dateTime.js");
    const { timeZone } = await import("./timeZone.js");
    const days: [string, number, number][] = [["America/New_York", 2, 10], ["America/New_York", 10, 3], ["America/Chicago", 2, 10], ["America/Chicago", 10, 3], ["Europe/London", 2, 31], ["Europe/London", 9, 27]];
    for (const [name, m, d] of days) {
      const tz = timeZone(name);
      for (const reverse of [false, true]) {
        const wc = new WallClock(tz);
        // warm the stretch a week before, then walk 40 hours around the change
        wc.toUtc(Date.UTC(2024, m, d - 7) * 1000, -Infinity);
        const start = Date.UTC(2024, m, d - 1, 0) * 1000;
        const times = Array.from({ length: 40 * 60 }, (_v, k) => start + k * 60e6);
        if (reverse) times.reverse();
        let prevA = -Infinity, prevB = -Infinity;
        for (const local of times) {
          const a = wc.toUtc(local, prevA), b = localMicrosToUtc(tz, local, prevB);
          expect(a, `${name} ${new Date(local / 1000).toISOString()}`).toBe(b);
          prevA = Math.max(prevA, a); prevB = Math.max(prevB, b);
        }
      }
    }
  }, 60_000);
});
