import { describe, expect, it } from "vitest";
import { analyze, analyzeConcurrently, fitRegressionPart, regressionParts, type RegressionInput } from "./analyze.js";
import { fitRegressions } from "./regressions.js";
import { mulberry32 } from "@tda/stats";

const HORIZONS = [5, 10, 20, 30, 40, 50, 75, 100];

/** A signals table in the SPEC §9 layout, sessions in time order, an effect of vol_star on the trade. */
function table(seed: number, sessions = 24, perSession = 25) {
  const rand = mulberry32(seed);
  const t: Record<string, (number | null)[] | string[]> = { direction: [], session: [], scenario: [] };
  const num = ["inv_long", "inv_short", "inv_strong", "exh_long", "exh_short", "exh_accel", "near_level", "vol_star", "delta_pct", "trapped_pct", "close_location", "level_distance", ...HORIZONS.map((h) => `ret_${h}`), "win", "bracket_ticks"];
  for (const c of num) t[c] = [];
  const push = (c: string, v: number | null | string) => (t[c] as (number | null | string)[]).push(v);
  for (let s = 0; s < sessions; s++) {
    for (let j = 0; j < perSession; j++) {
      push("session", `2024-01-${String(1 + s).padStart(2, "0")}`);
      push("direction", rand() < 0.5 ? "long" : "short");
      push("scenario", rand() < 0.5 ? "A" : "B");
      const vs = rand() * 3;
      push("vol_star", vs);
      for (const c of ["inv_long", "inv_short", "inv_strong", "exh_long", "exh_short", "exh_accel", "near_level"]) push(c, rand() < 0.4 ? 1 : 0);
      push("delta_pct", rand() - 0.5); push("trapped_pct", rand()); push("close_location", rand()); push("level_distance", rand() < 0.1 ? null : rand() * 10);
      const edge = 0.3 * (vs - 1.5) + (rand() - 0.5) * 2;
      for (const h of HORIZONS) push(`ret_${h}`, rand() < 0.05 ? null : edge * Math.sqrt(h) + rand());
      push("bracket_ticks", edge * 8);
      push("win", edge > 0 ? 1 : 0);
    }
  }
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, typeof v[0] === "string" ? v : Float64Array.from(v as (number | null)[], (x) => x ?? NaN)]));
}

const opts = { horizons: HORIZONS, maxHorizon: 100, bootstrapSamples: 200, sessionBootstrapSamples: 100 };

describe("analyzeConcurrently (tda run --threads)", () => {
  it("gives analyze's result, byte for byte, for any split of the regressions into parts", async () => {
    const t = table(7);
    const serial = JSON.stringify(analyze(t, opts));
    expect(JSON.parse(serial).regressions).toHaveLength(1 + HORIZONS.length);
    for (const k of [1, 2, 3, 20]) {
      let parts = 0;
      const fit = async (input: RegressionInput) => {
        const ps = regressionParts(input, k);
        parts = ps.length;
        // the parts travel as a worker's copies would (structured clone), and come back in any order
        const done = await Promise.all([...ps].reverse().map(async (p) => fitRegressionPart(structuredClone(p))));
        return done.reverse().flat();
      };
      expect(JSON.stringify(await analyzeConcurrently(t, opts, fit)), `k=${k}`).toBe(serial);
      expect(parts).toBe(Math.min(k, 1 + HORIZONS.length));
    }
  });

  it("splits the models into runs of consecutive models, each part taking only its own columns", () => {
    const t = table(3, 6, 10);
    let input!: RegressionInput;
    void analyzeConcurrently(t, opts, async (i) => { input = i; return fitRegressions(...i); });
    const parts = regressionParts(input, 3);
    expect(parts.map((p) => [p.logit, p.input[1] !== undefined, p.input[4].horizons, Object.keys(p.input[2]).map(Number)])).toEqual([
      [true, true, [5, 10], [5, 10]],
      [false, false, [20, 30, 40], [20, 30, 40]],
      [false, false, [50, 75, 100], [50, 75, 100]],
    ]);
  });

  it("fails with the regressions' error (analyze's first step) when they fail, and with its own otherwise", async () => {
    const t = table(5, 6, 10);
    await expect(analyzeConcurrently(t, opts, async () => { throw new Error("worker thread: out of memory"); })).rejects.toThrow("worker thread: out of memory");
    // the threshold search fails on a broken setting: that error, after the regressions settle
    let settled = false;
    const slow = async (i: RegressionInput) => { await new Promise((r) => setTimeout(r, 20)); settled = true; return fitRegressions(...i); };
    const bad = { ...opts, bootstrapSamples: -1 };
    const serialError = (() => { try { analyze(t, bad); return null; } catch (e) { return (e as Error).message; } })();
    if (serialError !== null) {
      await expect(analyzeConcurrently(t, bad, slow)).rejects.toThrow(serialError);
      expect(settled).toBe(true);
    }
  });
});
