/**
 * Every parameter of the pipeline, with the SPEC defaults. One typed object travels through all
 * stages; the CLI fills it from `--config <file.json>` and flags. Times of day are "HH:MM" in the
 * exchange time zone; distances and widths are in ticks.
 */
/**
 * The session rules of SPEC §1, one object wherever they travel: a session begins with the first bar
 * whose exchange time of day lies in [sessionStart, rthEnd) on a later date than the current one's.
 */
export interface SessionRules {
  exchangeTimeZone: string; // IANA zone of the exchange, "America/Chicago"
  sessionStart: string; // "08:30", exchange time
  rthEnd: string; // "15:15", exchange time (exclusive)
}

export interface Config {
  instrument: string; // ES, MES, NQ, MNQ
  sessions: SessionRules; // when a session begins and its RTH ends (SPEC §1)
  sourceTimeZone: string | undefined; // zone of text inputs; undefined = the reader's default
  inputFormat: string | undefined; // force a format instead of detecting it (io/registry.ts INPUT_FORMATS)
  columnMap: string | undefined; // study export column map: a preset name or a JSON file
  bars: { kind: "range" | "trades" | "volume" | "seconds"; size: number }; // ticks → bars
  metrics: { volStarWindow: number };
  signals: {
    minAbsDeltaPct: number; // inversion needs |deltaPct| ≥ this (0 = any)
    strongTrappedPct: number; // strong inversion: trappedPct ≥ this
    minRefVolume: number; // exhaustion reference rows need at least this volume
    exhaustionRatio: number; // a0 ≤ ratio · a1 (standard, "2x")
    accelRatio1: number; // a1 ≤ ratio · a2 (accelerated)
    accelRatio2: number; // a0 ≤ ratio · a2 (accelerated)
    imbalanceRatio: number; // diagonal imbalance: ask[p] ≥ ratio · bid[p − 1] (buy), bid[p] ≥ ratio · ask[p + 1] (sell); 3
    minImbalanceVolume: number; // the imbalanced side's own volume must reach this, 10
    stackedRows: number; // a stacked imbalance is at least this many consecutive imbalance rows, 3
  };
  levels: {
    valueAreaPct: number; // 70
    periodMinutes: number; // TPO period, 30
    rowTicks: number; // profile row height, 1
    thinRatio: number; // 0.30
    pShape: number; // 0.65
    bShape: number; // 0.35
    mergeOverlap: number; // 0.5 of the narrower value area
    lookbackSessions: number; // 60
    nearTicks: number; // the 12-tick rule
    dShapeStrength: number; // 1.5
    balanceBars: number; // SC3: 12 bars
    balanceMaxTicks: number; // SC3: span ≤ 16 ticks
    /**
     * Extra level kinds to add (SPEC §6): any of EXTRA_LEVEL_KINDS. Default none (the seed's level set),
     * held as undefined rather than [] so that the config echoed in run.json, and so every output of a
     * run without it, stays byte-identical; [] means the same.
     */
    extraKinds: ExtraLevelKind[] | undefined;
  };
  outcomes: {
    horizons: number[]; // bars
    maxHorizon: number; // 100
    targetTicks: number; // win / bracket target, 25
    entry: "close" | "nextOpen";
    commissionUsd: number; // per round turn
    slippageTicks: number; // per round turn
  };
  stats: {
    minGroupSize: number; // 30
    alpha: number; // 0.05
    trainShare: number; // 0.70
    seed: number;
    bootstrapSamples: number;
    /** Draws of the session block bootstrap of each group's figures (SPEC §8), integer ≥ 100. */
    sessionBootstrapSamples: number;
    /** k of the expanding walk-forward over whole sessions, integer 2 … 20. */
    walkForwardFolds: number;
    /** S of the CSCV probability of backtest overfitting, even integer 2 … 30. */
    pboBlocks: number;
  };
  lenient: boolean; // skip bad rows (each written with its reason) instead of stopping
  lenientMaxSkipShare: number; // a lenient read stops when more than this share of a file's rows is skipped, 0.01
}

/** Level kinds beyond the seed's (SPEC §6 "Extra level kinds"), in their tie order. */
export const EXTRA_LEVEL_KINDS = ["naked_poc", "poor_high", "poor_low"] as const;
export type ExtraLevelKind = (typeof EXTRA_LEVEL_KINDS)[number];

/** `levels.extraKinds` must be a list of distinct names from EXTRA_LEVEL_KINDS (its order does not matter). */
export function checkExtraLevelKinds(value: unknown, where = "levels.extraKinds"): ExtraLevelKind[] {
  const allowed = `a list of any of ${EXTRA_LEVEL_KINDS.map((k) => `"${k}"`).join(", ")} (or [] for none)`;
  if (!Array.isArray(value)) throw new Error(`${where}: expected ${allowed}, got ${JSON.stringify(value)}`);
  const seen = new Set<string>();
  for (const k of value) {
    if (!(EXTRA_LEVEL_KINDS as readonly unknown[]).includes(k)) throw new Error(`${where}: ${JSON.stringify(k)} is not an extra level kind; expected ${allowed}`);
    if (seen.has(k as string)) throw new Error(`${where}: "${k}" is listed twice`);
    seen.add(k as string);
  }
  return value as ExtraLevelKind[];
}

export const DEFAULT_CONFIG: Config = Object.freeze({
  instrument: "ES",
  sessions: { exchangeTimeZone: "America/Chicago", sessionStart: "08:30", rthEnd: "15:15" },
  sourceTimeZone: undefined,
  inputFormat: undefined,
  columnMap: undefined,
  bars: { kind: "range", size: 8 },
  metrics: { volStarWindow: 50 },
  signals: {
    minAbsDeltaPct: 0,
    strongTrappedPct: 0.75,
    minRefVolume: 5,
    exhaustionRatio: 0.5,
    accelRatio1: 0.5,
    accelRatio2: 0.2,
    imbalanceRatio: 3,
    minImbalanceVolume: 10,
    stackedRows: 3,
  },
  levels: {
    valueAreaPct: 70,
    periodMinutes: 30,
    rowTicks: 1,
    thinRatio: 0.3,
    pShape: 0.65,
    bShape: 0.35,
    mergeOverlap: 0.5,
    lookbackSessions: 60,
    nearTicks: 12,
    dShapeStrength: 1.5,
    balanceBars: 12,
    balanceMaxTicks: 16,
    extraKinds: undefined,
  },
  outcomes: {
    horizons: [5, 10, 20, 30, 40, 50, 75, 100],
    maxHorizon: 100,
    targetTicks: 25,
    entry: "close",
    commissionUsd: 0,
    slippageTicks: 0,
  },
  stats: { minGroupSize: 30, alpha: 0.05, trainShare: 0.7, seed: 1, bootstrapSamples: 1000, sessionBootstrapSamples: 2000, walkForwardFolds: 5, pboBlocks: 16 },
  lenient: false,
  lenientMaxSkipShare: 0.01,
}) as Config;

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K] };
export type ConfigInput = DeepPartial<Config>;

/**
 * The SPEC §5 footprint-mark settings: a ratio of 0 or a NaN would mark every row (or none) without a
 * word, and a fractional stack length has no meaning.
 */
export function checkFootprintMarkSettings(s: Pick<Config["signals"], "imbalanceRatio" | "minImbalanceVolume" | "stackedRows">, where = "signals"): void {
  const { imbalanceRatio: r, minImbalanceVolume: v, stackedRows: k } = s;
  if (typeof r !== "number" || !Number.isFinite(r) || r <= 0) {
    throw new Error(`${where}.imbalanceRatio: expected a finite number > 0 (SPEC default 3), got ${JSON.stringify(r)}`);
  }
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw new Error(`${where}.minImbalanceVolume: expected a finite number ≥ 0 (SPEC default 10), got ${JSON.stringify(v)}`);
  }
  if (typeof k !== "number" || !Number.isInteger(k) || k < 1 || k > 0x7fffffff) {
    throw new Error(`${where}.stackedRows: expected a whole number ≥ 1 (SPEC default 3), got ${JSON.stringify(k)}`);
  }
}

/** Defaults overlaid with the user's values; unknown keys are an error naming the key. */
export function makeConfig(input: ConfigInput = {}, where = "config"): Config {
  const share = input.lenientMaxSkipShare;
  if (share !== undefined && !(typeof share === "number" && share >= 0 && share <= 1)) {
    throw new Error(`${where}.lenientMaxSkipShare: expected a share from 0 to 1 (0.01 = 1 % of a file's rows), got ${JSON.stringify(share)}`);
  }
  if (input.levels?.extraKinds !== undefined) checkExtraLevelKinds(input.levels.extraKinds, `${where}.levels.extraKinds`);
  const cfg = merge(DEFAULT_CONFIG, input, where) as Config;
  checkFootprintMarkSettings(cfg.signals, `${where}.signals`);
  checkStatsSettings(cfg.stats, `${where}.stats`);
  checkDomains(cfg, where);
  return cfg;
}

type Domain = [test: (v: unknown) => boolean, expected: string];
const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const int = (lo: number, hi = Number.MAX_SAFE_INTEGER): Domain => [(v) => num(v) && Number.isInteger(v) && v >= lo && v <= hi, hi === Number.MAX_SAFE_INTEGER ? `a whole number ≥ ${lo}` : `a whole number from ${lo} to ${hi}`];
const within = (lo: number, hi: number, open = false): Domain => [(v) => num(v) && (open ? v > lo && v < hi : v >= lo && v <= hi), open ? `a number between ${lo} and ${hi} (both excluded)` : `a number from ${lo} to ${hi}`];
const atLeast = (lo: number, strict = false): Domain => [(v) => num(v) && (strict ? v > lo : v >= lo), `a finite number ${strict ? ">" : "≥"} ${lo}`];

/**
 * Every numeric setting's domain (issue 12: `stats.alpha: 2` gave a report claiming 153 significant
 * results; a train share of 1.5, a 150 % value area, a −1 tick radius passed). The error names the
 * setting's path and its domain.
 */
const DOMAINS: Record<string, Domain> = {
  "bars.size": atLeast(0, true),
  "metrics.volStarWindow": int(1),
  "signals.minAbsDeltaPct": within(0, 1),
  "signals.strongTrappedPct": within(0, 1),
  "signals.minRefVolume": atLeast(0),
  "signals.exhaustionRatio": atLeast(0),
  "signals.accelRatio1": atLeast(0),
  "signals.accelRatio2": atLeast(0),
  "levels.valueAreaPct": [(v) => num(v) && v > 0 && v <= 100, "a percentage above 0 and at most 100"],
  "levels.periodMinutes": int(1, 1440),
  "levels.rowTicks": int(1),
  "levels.thinRatio": within(0, 1),
  "levels.pShape": within(0, 1),
  "levels.bShape": within(0, 1),
  "levels.mergeOverlap": within(0, 1),
  "levels.lookbackSessions": int(1),
  "levels.nearTicks": atLeast(0),
  "levels.dShapeStrength": atLeast(0, true),
  "levels.balanceBars": int(1),
  "levels.balanceMaxTicks": atLeast(0),
  "outcomes.maxHorizon": int(1),
  "outcomes.targetTicks": atLeast(0, true),
  "outcomes.commissionUsd": atLeast(0),
  "outcomes.slippageTicks": atLeast(0),
  "stats.minGroupSize": int(1),
  "stats.alpha": within(0, 1, true),
  "stats.trainShare": within(0, 1, true),
  "stats.seed": int(-Number.MAX_SAFE_INTEGER),
  "stats.bootstrapSamples": int(1),
};

function checkDomains(cfg: Config, where: string): void {
  for (const [path, [test, expected]] of Object.entries(DOMAINS)) {
    const v = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], cfg);
    if (!test(v)) throw new Error(`${where}.${path}: expected ${expected}, got ${JSON.stringify(v)}`);
  }
  const h = cfg.outcomes.horizons;
  if (!Array.isArray(h) || h.length === 0 || !h.every((x) => num(x) && Number.isInteger(x) && x >= 1)) {
    throw new Error(`${where}.outcomes.horizons: expected a list of whole numbers ≥ 1 (bars), got ${JSON.stringify(h)}`);
  }
}

/** Domains of the resampling settings of SPEC §8 (each error names the setting and its domain). */
export function checkStatsSettings(stats: Config["stats"], where = "stats"): void {
  const integerIn = (name: keyof Config["stats"], lo: number, hi: number, even = false) => {
    const v = stats[name];
    if (!Number.isInteger(v) || v < lo || v > hi || (even && v % 2 !== 0))
      throw new Error(`${where}.${name}: expected ${even ? "an even" : "an"} integer from ${lo} to ${hi}, got ${JSON.stringify(v)}`);
  };
  integerIn("sessionBootstrapSamples", 100, 1_000_000);
  integerIn("walkForwardFolds", 2, 20);
  integerIn("pboBlocks", 2, 30, true);
}

function merge(base: unknown, over: unknown, path: string): unknown {
  if (over === undefined) return structuredClone(base);
  if (base && typeof base === "object" && !Array.isArray(base)) {
    if (!over || typeof over !== "object" || Array.isArray(over)) throw new Error(`${path}: expected an object`);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(over)) {
      if (!(key in (base as object))) throw new Error(`${path}.${key}: unknown setting`);
    }
    for (const [key, value] of Object.entries(base as object)) {
      out[key] = merge(value, (over as Record<string, unknown>)[key], `${path}.${key}`);
    }
    return out;
  }
  if (base !== undefined && over !== undefined && typeof base !== typeof over && !(base === undefined)) {
    if (!(Array.isArray(base) && Array.isArray(over))) throw new Error(`${path}: expected a ${typeof base}, got ${JSON.stringify(over)}`);
  }
  return structuredClone(over);
}

/** "HH:MM" → seconds after midnight. */
export function timeOfDay(hhmm: string, what = "time of day"): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m || +m[1]! > 23 || +m[2]! > 59) throw new Error(`${what}: expected HH:MM, got "${hhmm}"`);
  return +m[1]! * 3600 + +m[2]! * 60;
}
