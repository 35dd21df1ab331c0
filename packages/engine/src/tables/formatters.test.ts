import { describe, expect, it } from "vitest";
import { isoExchangeTime, isoExchangeTimeSlow, timeZone } from "../timeZone.js";

/** A seeded generator (mulberry32): the same cases every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("isoExchangeTime (per-day cache) against the Date#toISOString reference", () => {
  const same = (us: number, off: number) => {
    let want: string | Error, got: string | Error;
    try { want = isoExchangeTimeSlow(us, off); } catch (e) { want = e as Error; }
    try { got = isoExchangeTime(us, off); } catch (e) { got = e as Error; }
    if (typeof want === "string") expect(got).toBe(want);
    else expect(got).toBeInstanceOf(RangeError);
  };

  it("random times and offsets, 1900–10000, in and out of order", () => {
    const r = rng(11);
    const offsets = [0, -300, -360, 60, 120, 330, 345, -570, 840, -720, 525, -1439, 1439, 1440, -1440, 2000, 30.5];
    for (let k = 0; k < 60_000; k++) {
      const us = Math.floor((r() * 2.6e17 - 2.2e15) / (r() < 0.5 ? 1 : 1e3)) + (r() < 0.3 ? r() : 0);
      same(us, offsets[Math.floor(r() * offsets.length)]!);
    }
  });

  it("rows in time order: every minute of 2023 through both Chicago DST changes, and day edges", () => {
    const z = timeZone("America/Chicago");
    for (let us = Date.UTC(2023, 0, 1) * 1000; us < Date.UTC(2024, 0, 1) * 1000; us += 60e6 * 7 + 1234) {
      same(us, z.offsetAt(Math.floor(us / 1000)));
    }
    for (const day of [Date.UTC(2023, 2, 12), Date.UTC(2023, 10, 5), Date.UTC(2024, 1, 29)]) {
      for (let m = -180; m < 24 * 60 + 180; m++) {
        const us = (day + m * 60000) * 1000 + 999_999;
        same(us, z.offsetAt(Math.floor(us / 1000)));
        same(us, -300); same(us, -360); same(us, 0);
      }
    }
  });

  it("edges: year 9999's last ms and 10000, 1970's first, negative times, −0, NaN, infinities", () => {
    const last = Date.UTC(9999, 11, 31, 23, 59, 59, 999) * 1000;
    for (const us of [last, last + 999, last + 1000, last + 60e6, 0, -0, -1, -1000, 999, 1000, -86400e6, NaN, Infinity, -Infinity, 8.64e18, -8.64e18]) {
      for (const off of [0, -300, 60, -1, 1, 1439, -1439]) same(us, off);
    }
    expect(isoExchangeTime(Date.UTC(2024, 2, 18, 13, 35) * 1000, -300)).toBe("2024-03-18T08:35:00.000-05:00");
  });
});
