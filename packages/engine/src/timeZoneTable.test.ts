import { describe, expect, it } from "vitest";
import { TimeZone } from "./timeZone.js";

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
