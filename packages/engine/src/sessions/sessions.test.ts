import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { loadMarket } from "../pipeline/loadMarket.js";
import { makeConfig } from "../config.js";
import { timeZone, isoExchangeTime } from "../timeZone.js";
import { assignSessions, barClock } from "./sessions.js";

const data = (f: string) => fileURLToPath(new URL(`../../../../data/es-5m/${f}`, import.meta.url));

describe("time zone", () => {
  const chi = timeZone("America/Chicago");
  it("knows DST: CST −6 h in winter, CDT −5 h in summer", () => {
    expect(chi.offsetAt(Date.UTC(2024, 0, 15, 12))).toBe(-360);
    expect(chi.offsetAt(Date.UTC(2024, 6, 15, 12))).toBe(-300);
  });
  it("maps local to UTC across the spring gap and the repeated fall hour, keeping order", () => {
    // 2024-03-10 02:30 does not exist in Chicago: moved forward to 03:30 CDT = 08:30 UTC
    expect(chi.toUtc(Date.UTC(2024, 2, 10, 2, 30))).toBe(Date.UTC(2024, 2, 10, 8, 30));
    // 2024-11-03 01:30 happens twice: first 06:30 UTC (CDT), then 07:30 UTC (CST)
    const first = chi.toUtc(Date.UTC(2024, 10, 3, 1, 30));
    expect(first).toBe(Date.UTC(2024, 10, 3, 6, 30));
    expect(chi.toUtc(Date.UTC(2024, 10, 3, 1, 30), first + 1)).toBe(Date.UTC(2024, 10, 3, 7, 30));
  });
  it("formats exchange time with its offset, milliseconds truncated", () => {
    expect(isoExchangeTime(Date.UTC(2024, 2, 18, 13, 35) * 1000 + 999, -300)).toBe("2024-03-18T08:35:00.000-05:00");
    expect(isoExchangeTime(Date.UTC(2024, 0, 2, 14, 30, 0, 123) * 1000 + 999, -360)).toBe("2024-01-02T08:30:00.123-06:00");
  });
});

describe("sessions on the real 5-minute files", () => {
  const cfg = makeConfig();
  it("ESH24: Monday-morning partial session, then one session per trading day starting 08:30", () => {
    const { market } = loadMarket([data("ESH24-CME.scid_BarData__5m.txt")], cfg);
    const s = market.sessions;
    expect(s[0]!.partial).toBe(true);
    expect(s[0]!.name).toBe("2023-12-15"); // Monday before 08:30 continues Friday's session (SPEC §1)
    expect(s[1]!.name).toBe("2023-12-18");
    expect(s[1]!.partial).toBe(false);
    // every non-partial session starts with an 08:30 bar (exchange time)
    for (const x of s.slice(1)) expect(market.clock.secondOfDay[x.start]).toBe(8.5 * 3600);
    // holiday week: no day session on 2023-12-25 (Christmas) — its bars belong to 2023-12-22
    const names = s.map((x) => x.name);
    expect(names).not.toContain("2023-12-25");
    expect(names).toContain("2023-12-22");
    expect(names).toContain("2023-12-26");
    // the DST change on 2024-03-10: 08:30 CDT is 13:30 UTC afterwards, 14:30 UTC before
    const before = s.find((x) => x.name === "2024-03-08")!, after = s.find((x) => x.name === "2024-03-11")!;
    expect(new Date(market.bars.time[before.start]! / 1000).toISOString()).toBe("2024-03-08T14:30:00.000Z");
    expect(new Date(market.bars.time[after.start]! / 1000).toISOString()).toBe("2024-03-11T13:30:00.000Z");
    // a Friday session holds the weekend's Sunday evening? No: Sunday evening belongs to Friday's session
    const friday = s.find((x) => x.name === "2024-01-05")!;
    const lastBarOfFriday = new Date(market.bars.time[friday.end - 1]! / 1000);
    expect(lastBarOfFriday.getUTCDay()).toBe(1); // Monday before 08:30 CT
    // the file ends at 2024/3/15 08:25, before that day's session starts: its last session is the 14th
    expect(s.at(-1)!.name).toBe("2024-03-14");
  });

  it("two contracts in one run: a contract change starts a new session", () => {
    const { market } = loadMarket([data("ESM24-CME.scid_BarData__5m.txt"), data("ESH24-CME.scid_BarData__5m.txt")], cfg);
    expect(market.contracts.map((c) => c.name)).toEqual(["ESH24-CME", "ESM24-CME"]);
    const firstM = market.sessions.find((x) => x.contract === 1)!;
    expect(firstM.partial).toBe(true);
    expect(firstM.name).toBe("2024-03-15"); // opens Monday morning: continues Friday's session
    // (contract, session) is a unique key
    const keys = market.sessions.map((x) => `${x.contract} ${x.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(market.bars.length).toBe(17117 + 18767);
  });
});

describe("session rule, hand-built (SPEC §1)", () => {
  const rules = { exchangeTimeZone: "America/Chicago", sessionStart: "08:30", rthEnd: "15:15" };
  // January 2024: Chicago is UTC−6, so 08:30 CT = 14:30 UTC.
  const ct = (day: number, hh: number, mm: number, ss = 0, us = 0) => Date.UTC(2024, 0, day, hh + 6, mm, ss) * 1000 + us;

  it("starts a session at the first bar of [08:30, 15:15) on a later date; evenings, days without RTH bars and late opens", () => {
    const time = Float64Array.from([
      ct(8, 6, 0), //               0 Mon 06:00      before the first session start → partial "2024-01-05" (continues Friday)
      ct(8, 8, 29, 59, 999_999), // 1 Mon 08:29:59.999999 not yet RTH → still partial
      ct(8, 8, 30), //              2 Mon 08:30      starts "2024-01-08" (the partial session's date is no obstacle)
      ct(8, 15, 14, 59), //         3 Mon 15:14:59   same date → same session
      ct(8, 15, 15), //             4 Mon 15:15      rthEnd is exclusive: evening of the 8th
      ct(9, 15, 15), //             5 Tue 15:15      a later date but not in [08:30, 15:15): still the 8th
      ct(9, 16, 0), //              6 Tue 16:00      Tuesday had no RTH bar: its bars belong to the 8th
      ct(10, 10, 0), //             7 Wed 10:00      first RTH bar of a later date (late open) → "2024-01-10"
      ct(10, 11, 0), //             8 Wed 11:00      same
      ct(11, 8, 30), //             9 Thu 08:30      → "2024-01-11"
      // second contract (a roll): a contract change starts a new session
      ct(11, 9, 0), //             10 Thu 09:00      in RTH → a full session "2024-01-11" of contract 1
      ct(11, 12, 0), //            11
      // third contract starting in the evening: its bars before its first RTH bar are a partial session
      ct(11, 20, 0), //            12 Thu 20:00      partial "2024-01-11"
      ct(12, 8, 30), //            13 Fri 08:30      → "2024-01-12"
    ]);
    const clock = barClock(time, rules.exchangeTimeZone);
    const bars = { session: new Int32Array(time.length).fill(-1) };
    const s = [
      ...assignSessions(bars, clock, 0, 10, 0, rules, 0),
      ...assignSessions(bars, clock, 10, 12, 1, rules, 4),
      ...assignSessions(bars, clock, 12, 14, 2, rules, 5),
    ];
    expect(s.map((x) => [x.index, x.name, x.contract, x.start, x.end, x.partial])).toEqual([
      [0, "2024-01-05", 0, 0, 2, true],
      [1, "2024-01-08", 0, 2, 7, false],
      [2, "2024-01-10", 0, 7, 9, false],
      [3, "2024-01-11", 0, 9, 10, false],
      [4, "2024-01-11", 1, 10, 12, false],
      [5, "2024-01-11", 2, 12, 13, true],
      [6, "2024-01-12", 2, 13, 14, false],
    ]);
    expect(Array.from(bars.session)).toEqual([0, 0, 1, 1, 1, 1, 1, 2, 2, 3, 4, 4, 5, 6]);
  });

  it("names a partial session by the session it continues: the latest weekday D with D 08:30 ≤ its first bar", () => {
    const first = (t: number) => assignSessions({ session: new Int32Array(1) }, barClock(Float64Array.of(t), rules.exchangeTimeZone), 0, 1, 0, rules)[0]!;
    // SPEC §1's examples: Sunday 17:00 and Monday 00:05 continue Friday; Monday 16:00 continues Monday
    expect([first(ct(7, 17, 0)).name, first(ct(8, 0, 5)).name, first(ct(8, 16, 0)).name]).toEqual(["2024-01-05", "2024-01-05", "2024-01-08"]);
    // Saturday 16:00, Monday 08:29:59.999999 → Friday; Tuesday 08:30 exactly is a session start, not a partial one
    expect(first(ct(6, 16, 0)).name).toBe("2024-01-05");
    expect(first(ct(8, 8, 29, 59, 999_999)).name).toBe("2024-01-05");
    expect(first(ct(9, 7, 0)).name).toBe("2024-01-08");
    expect(first(ct(9, 8, 30))).toMatchObject({ name: "2024-01-09", partial: false });
  });

  it("uses the exchange clock through DST: 08:30 CDT is 13:30 UTC, and 13:30 UTC in winter (07:30 CST) is not RTH", () => {
    const time = Float64Array.from([
      Date.UTC(2024, 2, 8, 13, 30) * 1000, // Fri 2024-03-08 07:30 CST → partial
      Date.UTC(2024, 2, 8, 14, 30) * 1000, // Fri 08:30 CST → session
      Date.UTC(2024, 2, 11, 13, 30) * 1000, // Mon 2024-03-11 08:30 CDT → session
    ]);
    const bars = { session: new Int32Array(3) };
    const s = assignSessions(bars, barClock(time, rules.exchangeTimeZone), 0, 3, 0, rules);
    expect(s.map((x) => [x.name, x.partial])).toEqual([["2024-03-07", true], ["2024-03-08", false], ["2024-03-11", false]]);
  });
});
