import { describe, expect, it } from "vitest";
import { formatNumber, signalsCsvBytes } from "../pipeline/signalsTable.js";
import { isoExchangeTime, isoExchangeTimeSlow, timeZone } from "../timeZone.js";
import { rng } from "../random.testing.js";

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

describe("signalsCsvBytes' number text against String(x) (formatNumber)", () => {
  const csv = (x: Float64Array) => Buffer.concat([...signalsCsvBytes({ length: x.length, columns: [{ name: "x", type: "float", values: x }] })]).toString("utf8");
  const reference = (x: Float64Array) => "x\n" + Array.from(x, (v) => formatNumber(v) + "\n").join("");

  it("random doubles of every kind: full precision, few decimals, ticks, tiny, huge, −0, NaN, ±Infinity", () => {
    const r = rng(7);
    const specials = [0, -0, NaN, Infinity, -Infinity, 5e-324, -5e-324, 1e-7, 1e-6, 9.99999e-7, 0.000001, 0.0000015, 1e21, 1e-21, 2147483647.5, 2147483648.25,
      -2147483648.5, 2147483647.999999, 0.1, 0.2, 0.30000000000000004, 1 / 3, 4012.25, -4012.75, 123456.789, 0.5, 1e15 + 0.5, 2 ** 53, Number.MAX_VALUE, Number.MIN_VALUE];
    for (let round = 0; round < 20; round++) {
      const x = new Float64Array(10_000);
      for (let i = 0; i < x.length; i++) {
        const kind = Math.floor(r() * 8);
        const mag = 10 ** Math.floor(r() * 12 - 4);
        x[i] = kind === 0 ? specials[Math.floor(r() * specials.length)]!
          : kind === 1 ? (r() - 0.5) * mag
          : kind === 2 ? Math.round((r() - 0.5) * 2e4 * 4) / 4 // tick prices
          : kind === 3 ? Math.round((r() - 0.5) * mag * 1e6) / 10 ** Math.floor(r() * 8) // a few decimals
          : kind === 4 ? (r() - 0.5) * 10 ** Math.floor(r() * 600 - 300)
          : kind === 5 ? Math.round((r() - 0.5) * 4.3e9) / 10 ** Math.floor(r() * 7) // near ±2^31
          : kind === 6 ? new Float64Array(new Uint32Array([Math.floor(r() * 2 ** 32), Math.floor(r() * 2 ** 32)]).buffer)[0]! // any bits
          : (Math.floor(r() * 2000) - 1000) / 10 ** Math.floor(r() * 9); // up to 8 decimals around 0
      }
      expect(csv(x)).toBe(reference(x));
    }
  });
});
