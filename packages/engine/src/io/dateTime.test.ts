import { describe, expect, it } from "vitest";
import { parseDateDays } from "./dateTime.js";

/** What parseDateDays computed before it did the arithmetic itself (Date.UTC, then a round trip). */
function viaDate(y: number, m: number, d: number): number {
  if (m < 1 || m > 12 || d < 1 || d > 31) return NaN;
  const ms = Date.UTC(y, m - 1, d);
  return new Date(ms).getUTCDate() !== d ? NaN : ms / 86400000;
}

describe("parseDateDays without Date objects", () => {
  it("gives Date.UTC's day for every date 1899–2201, days 29–31 of every month included (valid or not)", () => {
    let checked = 0;
    for (let y = 1899; y <= 2201; y++)
      for (let m = 1; m <= 12; m++)
        for (let d = 1; d <= 31; d++) {
          const text = `${y}/${m}/${d}`;
          expect(parseDateDays(text), text).toEqual(viaDate(y, m, d));
          checked++;
        }
    expect(checked).toBe(303 * 372);
    expect(parseDateDays("2024-02-29")).toBe(19782);
    expect(parseDateDays("2023-02-29")).toBeNaN();
    expect(parseDateDays("1970/01/01")).toBe(0);
  });

  it("agrees at the edges of the four-digit years and of Gregorian leap rules", () => {
    for (const y of [0, 1, 50, 99, 100, 101, 399, 400, 401, 1000, 1582, 1600, 1700, 1800, 2000, 2100, 2400, 9999])
      for (const [m, d] of [[1, 1], [2, 28], [2, 29], [3, 1], [12, 31], [4, 31], [6, 30]] as const) {
        const text = `${String(y).padStart(4, "0")}-${m}-${d}`;
        expect(parseDateDays(text), text).toEqual(viaDate(y, m, d));
      }
  });
});
