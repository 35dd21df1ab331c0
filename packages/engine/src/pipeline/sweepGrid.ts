import { checkExtraLevelKinds, checkStatsSettings, DEFAULT_CONFIG, makeConfig, timeOfDay, type Config } from "../config.js";
import { INSTRUMENTS } from "../instruments.js";
import { INPUT_FORMATS } from "../io/registry.js";

/**
 * A parameter sweep's grid (SPEC §8 "Parameter sweeps"): settings named by their config path
 * ("levels.nearTicks") with the values to try, e.g.
 *
 *   { "signals.minAbsDeltaPct": [0, 0.1, 0.2], "levels.nearTicks": [8, 12, 16], "outcomes.targetTicks": [20, 25] }
 *
 * The points are every combination, the last setting varying fastest (the order of the file). Every
 * value is checked against its setting's domain before anything runs, and an error names the file,
 * the setting (with the value's position) and what was expected.
 */
export interface SweepGrid {
  /** Config paths in the file's order. */
  keys: string[];
  /** The values of each key, in the file's order. */
  values: unknown[][];
}

export interface SweepPoint {
  /** 0-based position in grid order. */
  index: number;
  /** "p01", "p02", … (zero-padded to the number of points). */
  id: string;
  /** The grid's value of every key at this point. */
  settings: Record<string, unknown>;
  config: Config;
}

/** Most points one sweep may have (the sweep-wide PBO and SPA grow with points × rules). */
export const MAX_SWEEP_POINTS = 1000;

type Check = (v: unknown) => string | undefined; // undefined = fine, else what was expected

const num = (ok: (v: number) => boolean, expected: string): Check => (v) =>
  typeof v === "number" && Number.isFinite(v) && ok(v) ? undefined : expected;
const atLeast0 = num((v) => v >= 0, "a finite number ≥ 0");
const above0 = num((v) => v > 0, "a finite number > 0");
const share = num((v) => v >= 0 && v <= 1, "a number from 0 to 1");
const openShare = num((v) => v > 0 && v < 1, "a number strictly between 0 and 1");
const whole = (lo: number, hi = 1_000_000): Check => num((v) => Number.isInteger(v) && v >= lo && v <= hi, `a whole number from ${lo} to ${hi}`);
const oneOf = (choices: readonly string[]): Check => (v) =>
  typeof v === "string" && choices.includes(v) ? undefined : `one of ${choices.map((c) => JSON.stringify(c)).join(", ")}`;
const text: Check = (v) => (typeof v === "string" && v.length > 0 ? undefined : "a non-empty string");
const bool: Check = (v) => (typeof v === "boolean" ? undefined : "true or false");
const zone: Check = (v) => {
  if (typeof v !== "string") return "an IANA time zone name (e.g. \"America/Chicago\")";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: v });
    return undefined;
  } catch {
    return "an IANA time zone name (e.g. \"America/Chicago\")";
  }
};
const hhmm: Check = (v) => {
  try {
    timeOfDay(v as string);
    return typeof v === "string" ? undefined : "a time of day HH:MM";
  } catch {
    return "a time of day HH:MM";
  }
};
const thrown = (f: (v: unknown) => unknown, expected: string): Check => (v) => {
  try {
    f(v);
    return undefined;
  } catch {
    return expected;
  }
};

/**
 * The domain of every setting a grid may vary, by config path. Where a stage checks a setting itself
 * (signals, footprint marks, forward scan, stats), the domain here is the same one, so a value
 * refused by a run is refused by the grid before the sweep starts.
 */
export const SETTING_DOMAINS: Readonly<Record<string, Check>> = Object.freeze({
  instrument: oneOf(Object.keys(INSTRUMENTS)),
  "sessions.exchangeTimeZone": zone,
  "sessions.sessionStart": hhmm,
  "sessions.rthEnd": hhmm,
  sourceTimeZone: (v: unknown) => (v === null ? undefined : zone(v)),
  inputFormat: oneOf(INPUT_FORMATS),
  columnMap: text,
  "bars.kind": oneOf(["range", "trades", "volume", "seconds"]),
  "bars.size": whole(1),
  "metrics.volStarWindow": whole(1),
  "signals.minAbsDeltaPct": atLeast0,
  "signals.strongTrappedPct": atLeast0,
  "signals.minRefVolume": atLeast0,
  "signals.exhaustionRatio": atLeast0,
  "signals.accelRatio1": atLeast0,
  "signals.accelRatio2": atLeast0,
  "signals.imbalanceRatio": above0,
  "signals.minImbalanceVolume": atLeast0,
  "signals.stackedRows": whole(1, 0x7fffffff),
  "levels.valueAreaPct": num((v) => v > 0 && v <= 100, "a number in (0, 100]"),
  "levels.periodMinutes": whole(1, 1440),
  "levels.rowTicks": whole(1),
  "levels.thinRatio": share,
  "levels.pShape": share,
  "levels.bShape": share,
  "levels.mergeOverlap": share,
  "levels.lookbackSessions": whole(1),
  "levels.nearTicks": atLeast0,
  "levels.dShapeStrength": above0,
  "levels.balanceBars": whole(1),
  "levels.balanceMaxTicks": atLeast0,
  "levels.extraKinds": thrown((v) => checkExtraLevelKinds(v), `a list of any of "naked_poc", "poor_high", "poor_low" (or [] for none)`),
  "outcomes.horizons": (v: unknown) =>
    Array.isArray(v) && v.length > 0 && v.every((h) => Number.isInteger(h) && h >= 1 && h <= 1_000_000)
      ? undefined
      : "a non-empty list of whole numbers of bars ≥ 1",
  "outcomes.maxHorizon": whole(1),
  "outcomes.targetTicks": whole(1),
  "outcomes.entry": oneOf(["close", "nextOpen"]),
  "outcomes.commissionUsd": atLeast0,
  "outcomes.slippageTicks": atLeast0,
  "stats.minGroupSize": whole(1),
  "stats.alpha": openShare,
  "stats.trainShare": openShare,
  "stats.seed": whole(0, 0xffffffff),
  "stats.bootstrapSamples": whole(1),
  "stats.sessionBootstrapSamples": whole(100),
  "stats.walkForwardFolds": whole(2, 20),
  "stats.pboBlocks": num((v) => Number.isInteger(v) && v >= 2 && v <= 30 && v % 2 === 0, "an even whole number from 2 to 30"),
  lenient: bool,
  lenientMaxSkipShare: share,
});

/** Config paths of every leaf setting (for "did you mean"). */
function leafPaths(o: unknown, prefix = ""): string[] {
  if (!o || typeof o !== "object" || Array.isArray(o)) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === "object" && !Array.isArray(v) ? leafPaths(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

const shown = (v: unknown) => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 60)}…` : s;
};

/** A close spelling of `key` among the settings (same last part, or same path in another case). */
function suggestion(key: string): string {
  const all = Object.keys(SETTING_DOMAINS);
  const lower = key.toLowerCase();
  const last = lower.split(".").pop()!;
  const hit = all.find((p) => p.toLowerCase() === lower) ??
    all.find((p) => p.toLowerCase().split(".").pop() === last) ??
    all.find((p) => p.toLowerCase().includes(last) || (last.length > 3 && last.includes(p.toLowerCase().split(".").pop()!)));
  return hit ? ` (did you mean "${hit}"?)` : "";
}

/**
 * Reads a grid from its JSON text. `file` names the grid in every error: the file, the setting and
 * what was expected (`grid.json: levels.nearTicks[2]: expected a finite number ≥ 0, got -4`).
 */
export function parseSweepGrid(jsonText: string, file: string): SweepGrid {
  let raw: unknown;
  try {
    raw = JSON.parse(jsonText);
  } catch (e) {
    throw new Error(`${file}: expected JSON, an object of setting paths and lists of values (${(e as Error).message})`);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    throw new Error(`${file}: expected an object of setting paths and lists of values, e.g. {"levels.nearTicks": [8, 12, 16]}, got ${shown(raw)}`);
  }
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0) throw new Error(`${file}: the grid names no setting; expected e.g. {"levels.nearTicks": [8, 12, 16]}`);
  const leaves = new Set(leafPaths(DEFAULT_CONFIG));
  const keys: string[] = [];
  const values: unknown[][] = [];
  for (const [key, list] of entries) {
    const check = SETTING_DOMAINS[key];
    if (!check) {
      const group = leafPaths(DEFAULT_CONFIG).filter((p) => p.startsWith(`${key}.`));
      if (group.length) throw new Error(`${file}: "${key}" is a group of settings; name one of them, e.g. "${group[0]}"`);
      const hint = suggestion(key);
      throw new Error(`${file}: "${key}" is not a setting${hint || '; settings are config paths such as "levels.nearTicks" (docs/config.md)'}`);
    }
    if (!leaves.has(key)) throw new Error(`${file}: "${key}" is not a setting`);
    if (!Array.isArray(list) || list.length === 0) {
      throw new Error(`${file}: ${key}: expected a non-empty list of values to try, e.g. [${shown(getPath(DEFAULT_CONFIG, key))}], got ${shown(list)}`);
    }
    const seen = new Set<string>();
    list.forEach((v, i) => {
      const expected = check(v);
      if (expected) throw new Error(`${file}: ${key}[${i}]: expected ${expected}, got ${shown(v)}`);
      const id = JSON.stringify(v);
      if (seen.has(id)) throw new Error(`${file}: ${key}[${i}]: ${shown(v)} is listed twice`);
      seen.add(id);
    });
    keys.push(key);
    values.push(list);
  }
  const points = values.reduce((p, v) => p * v.length, 1);
  if (points > MAX_SWEEP_POINTS) {
    throw new Error(`${file}: ${values.map((v) => v.length).join(" × ")} = ${points} points; at most ${MAX_SWEEP_POINTS} are allowed in one sweep`);
  }
  return { keys, values };
}

export function getPath(o: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), o);
}

function setPath(o: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let at = o;
  for (const p of parts.slice(0, -1)) at = at[p] as Record<string, unknown>;
  at[parts[parts.length - 1]!] = structuredClone(value);
}

/**
 * Every point of the grid over `base` (the config file and flags), last key fastest. Each point's
 * config passes the same checks as a run's (makeConfig), and the checks that tie settings together
 * (horizons within maxHorizon) are made here, naming the point.
 */
export function sweepPoints(grid: SweepGrid, base: Config, file: string): SweepPoint[] {
  const total = grid.values.reduce((p, v) => p * v.length, 1);
  const width = String(total).length;
  const points: SweepPoint[] = [];
  const at = new Array<number>(grid.keys.length).fill(0);
  for (let index = 0; index < total; index++) {
    const cfg = structuredClone(base) as unknown as Record<string, unknown>;
    const settings: Record<string, unknown> = {};
    grid.keys.forEach((k, j) => {
      const v = grid.values[j]![at[j]!];
      settings[k] = v;
      setPath(cfg, k, v === null ? undefined : v);
    });
    const id = `p${String(index + 1).padStart(Math.max(2, width), "0")}`;
    const where = `${file}: point ${id} (${grid.keys.map((k) => `${k} = ${shown(settings[k])}`).join(", ")})`;
    let config: Config;
    try {
      config = makeConfig(cfg as never, "config");
      checkStatsSettings(config.stats);
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
    const o = config.outcomes;
    const over = o.horizons.find((h) => h > o.maxHorizon);
    if (over !== undefined) throw new Error(`${where}: outcomes.horizons: ${over} is beyond outcomes.maxHorizon (${o.maxHorizon})`);
    points.push({ index, id, settings, config });
    for (let j = grid.keys.length - 1; j >= 0; j--) {
      if (++at[j]! < grid.values[j]!.length) break;
      at[j] = 0;
    }
  }
  return points;
}
