import { describe, expect, it } from "vitest";
import { analyze, analyzeConcurrently, type AnalysisPart, type AnalysisPartRunner, fitRegressionPart, regressionParts, runAnalysisPart } from "./analyze.js";
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

const KINDS = ["regressions", "thresholds", "bootstrap", "edges", "folds"] as const;

/**
 * A runner that treats each part as a worker would: a structured clone of its input, run after a
 * delay from `order` (so the parts finish in another order than given), the result cloned back.
 */
function cloningRunner(seed: number, log: AnalysisPart[] = [], fail: Partial<Record<AnalysisPart["kind"], string>> = {}): AnalysisPartRunner {
  const rand = mulberry32(seed);
  return (async (part: AnalysisPart) => {
    log.push(part);
    const copy = structuredClone(part);
    await new Promise((r) => setTimeout(r, Math.floor(rand() * 8)));
    if (fail[part.kind]) throw new Error(fail[part.kind]);
    return structuredClone(runAnalysisPart(copy));
  }) as AnalysisPartRunner;
}

const errorOf = async (p: Promise<unknown>) => p.then(() => null, (e: Error) => e.message);

describe("analyzeConcurrently (tda run --threads)", () => {
  it("gives analyze's result, byte for byte, for any split of the regressions and any order the parts finish in", async () => {
    const t = table(7);
    const serial = JSON.stringify(analyze(t, opts));
    expect(JSON.parse(serial).regressions).toHaveLength(1 + HORIZONS.length);
    expect(JSON.parse(serial).inference.walkForward.folds.length).toBeGreaterThan(0);
    expect(JSON.parse(serial).inference.spa).not.toBeNull();
    for (const [k, seed] of [[1, 1], [2, 2], [3, 3], [20, 4], [20, 5]] as const) {
      const log: AnalysisPart[] = [];
      expect(JSON.stringify(await analyzeConcurrently(t, opts, cloningRunner(seed, log), k)), `k=${k}`).toBe(serial);
      // the search and the regressions go out first, the bootstrap next, the two parts that need the search last
      expect(log.map((p) => p.kind)).toEqual(["thresholds", ...Array(Math.min(k, 1 + HORIZONS.length)).fill("regressions"), "bootstrap", "edges", "folds"]);
    }
  });

  it("gives analyze's notes in analyze's order when parts are skipped (no session column, no bracket result)", async () => {
    for (const drop of ["session", "bracket_ticks"]) {
      const t = table(11, 8, 20);
      delete t[drop];
      const serial = JSON.stringify(analyze(t, opts));
      expect(JSON.parse(serial).notes.join("\n")).toMatch(drop === "session" ? /session bootstrap, walk-forward folds and PBO skipped/ : /threshold search skipped/);
      expect(JSON.stringify(await analyzeConcurrently(t, opts, cloningRunner(1), 3)), drop).toBe(serial);
    }
  });

  it("hands each part only the columns it reads", async () => {
    const t = table(3, 6, 10);
    const log: AnalysisPart[] = [];
    await analyzeConcurrently(t, opts, cloningRunner(9, log), 3);
    const part = <K extends AnalysisPart["kind"]>(k: K) => log.find((p) => p.kind === k) as Extract<AnalysisPart, { kind: K }>;
    expect(Object.keys(part("thresholds").input.features)).toEqual(["vol_star", "abs_delta_pct", "trapped_pct", "close_location", "abs_level_distance"]);
    const edges = part("edges").input;
    expect(Object.keys(edges.searched).every((f) => edges.rules.some((r) => r.feature === f))).toBe(true);
    expect(edges.chosenColumn).toBe(edges.chosen ? edges.searched[edges.chosen.rule.feature] : undefined);
    const folds = part("folds").input;
    // the folds get the rows they use gathered (no whole column, no row list)
    expect(folds.allY.length).toBe(folds.labels.length);
    for (const x of Object.values(folds.allX)) expect(x.length).toBe(folds.labels.length);
    expect(folds.allY.length).toBeGreaterThan(0);
    expect(Object.keys(folds).sort()).toEqual(["allWin", "allX", "allY", "labels", "rules", "settings"]);
    expect(Object.keys(edges).sort()).toEqual(["chosen", "chosenColumn", "outcome", "rules", "searched", "settings", "testRows", "trainRows"]);
    expect(Object.keys(part("bootstrap").input.settings).sort()).toEqual(["seed", "sessionBootstrapSamples"]);
  });

  it("splits the models into runs of consecutive models, each part taking only its own columns", async () => {
    const t = table(3, 6, 10);
    const log: AnalysisPart[] = [];
    await analyzeConcurrently(t, opts, cloningRunner(2, log), 1);
    const input = (log.find((p) => p.kind === "regressions") as Extract<AnalysisPart, { kind: "regressions" }>).part.input;
    expect(JSON.stringify(fitRegressionPart({ input, logit: true }))).toBe(JSON.stringify(fitRegressions(...input)));
    const parts = regressionParts(input, 3);
    expect(parts.map((p) => [p.logit, p.input[1] !== undefined, p.input[4].horizons, Object.keys(p.input[2]).map(Number)])).toEqual([
      [true, true, [5, 10], [5, 10]],
      [false, false, [20, 30, 40], [20, 30, 40]],
      [false, false, [50, 75, 100], [50, 75, 100]],
    ]);
  });

  it("fails with the error analyze meets first, whichever parts fail and whatever finishes first", async () => {
    const t = table(5, 6, 10);
    // every non-empty set of failing parts: the first in analyze's order wins
    for (let mask = 1; mask < 1 << KINDS.length; mask++) {
      const failing = KINDS.filter((_, i) => mask & (1 << i));
      const fail = Object.fromEntries(failing.map((k) => [k, `${k} failed`]));
      for (const seed of [1, 2]) expect(await errorOf(analyzeConcurrently(t, opts, cloningRunner(seed, [], fail), 3)), failing.join(",")).toBe(`${failing[0]} failed`);
    }
    // a real failure of the threshold search (a broken setting): analyze's error, after the regressions settle
    const bad = { ...opts, bootstrapSamples: -1 };
    const serialError = await errorOf(Promise.resolve().then(() => analyze(t, bad)));
    expect(serialError).not.toBeNull();
    let settled = 0;
    const slow = (async (part: AnalysisPart) => {
      const r = await cloningRunner(3)(part as never);
      if (part.kind === "regressions") settled++;
      return r;
    }) as AnalysisPartRunner;
    expect(await errorOf(analyzeConcurrently(t, bad, slow, 3))).toBe(serialError);
    expect(settled).toBe(3);
    // and a regression part's failure wins over it, as analyze fits the regressions first
    expect(await errorOf(analyzeConcurrently(t, bad, cloningRunner(4, [], { regressions: "worker thread: out of memory" }), 3))).toBe("worker thread: out of memory");
  });
});
