import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TradingHoursCheck } from "./tradingHours.js";

/** What a check holds: its sample, step and count (private fields, read for the comparison). */
const state = (h: TradingHoursCheck) => {
  const s = h as unknown as { samples: number[]; step: number; seen: number };
  return { samples: [...s.samples], step: s.step, seen: s.seen };
};

describe("TradingHoursCheck.addTimes", () => {
  it("takes the very sample `add` takes a row at a time, across chunks of any size and past the thinning", () => {
    // times in the 16:00–17:00 CT halt for some rows, so the notice has something to say
    const t0 = Date.UTC(2023, 0, 4, 22, 0) * 1000;
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 40_000 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 1000 }), (sizes, seed) => {
      const one = new TradingHoursCheck(), bulk = new TradingHoursCheck();
      let n = 0;
      for (const size of sizes) {
        const times = new Float64Array(size + 2);
        for (let i = 0; i < times.length; i++) times[i] = t0 + ((n + i) * 7919 + seed) % (6 * 3600) * 1e6;
        for (let i = 1; i <= size; i++) one.add(times[i]!);
        bulk.addTimes(times, 1, size + 1);
        n += size;
        expect(state(bulk)).toEqual(state(one));
      }
      expect(bulk.notice("f", "trades", "America/Chicago")).toBe(one.notice("f", "trades", "America/Chicago"));
    }), { numRuns: 40, seed: 5 });
  });
  it("an empty range changes nothing", () => {
    const h = new TradingHoursCheck();
    h.addTimes([1, 2, 3], 2, 2);
    expect(state(h)).toEqual({ samples: [], step: 1, seen: 0 });
  });
});
