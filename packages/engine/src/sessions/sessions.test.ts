import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { loadMarket } from "../pipeline/loadMarket.js";
import { makeConfig } from "../config.js";
import { timeZone, isoExchangeTime } from "./timeZone.js";

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
    expect(s[0]!.name).toBe("2023-12-18");
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
    expect(firstM.name).toBe("2024-03-18");
    expect(market.bars.length).toBe(17117 + 18767);
  });
});
