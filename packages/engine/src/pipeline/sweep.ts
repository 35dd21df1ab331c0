import { barMetrics, type BarMetrics, type FootprintMarks } from "@tda/core-wasm";
import { barContracts, type Market } from "../barTable.js";
import type { Config } from "../config.js";
import type { SkippedRow } from "../errors.js";
import { instrument } from "../instruments.js";
import { detectSignals } from "../signals/detectSignals.js";
import type { DetectedSignals } from "../signals/types.js";
import { computeLevels } from "../levels/computeLevels.js";
import type { LevelColumns } from "../levels/types.js";
import { forwardOutcomes } from "../outcomes/forwardOutcomes.js";
import type { OutcomeColumns } from "../outcomes/types.js";
import { entryPrices } from "../outcomes/entry.js";
import { loadMarket, type Progress } from "./loadMarket.js";
import { mergeTables } from "./mergeTables.js";
import { contractMarks } from "./runContract.js";
import { mergeNotices } from "./runPipeline.js";
import { buildSignalsTable, type SignalsTable } from "./signalsTable.js";
import type { SweepPoint } from "./sweepGrid.js";

/**
 * The pipeline's stages as a sweep sees them: which settings each one reads and which stages it
 * builds on. Two grid points share a stage's result when they agree on every setting the stage and
 * the stages before it read — so a grid over `levels.nearTicks` reads the inputs, builds the bars
 * and sessions, the bar metrics, the signals and the forward outcomes once, and re-runs only the
 * levels (profiles, composites, proximity, scenarios) for each radius.
 *
 * `reads` lists config paths; a section name ("metrics") stands for every setting in it. The lists
 * follow what each stage function is given in runContract.ts (`detectSignals` gets the six
 * SignalParams, `contractMarks` the three footprint-mark settings, `computeLevels` `levels` and the
 * session rules, `forwardOutcomes` `outcomes`, the entry price `outcomes.entry`).
 */
export const SWEEP_STAGES = Object.freeze([
  {
    name: "read",
    what: "read the inputs and built the bars and sessions",
    reads: ["instrument", "sessions", "sourceTimeZone", "inputFormat", "columnMap", "bars", "lenient", "lenientMaxSkipShare"],
    after: [],
  },
  { name: "metrics", what: "computed the bar metrics", reads: ["metrics"], after: ["read"] },
  {
    name: "signals",
    what: "detected the signals",
    reads: ["signals.minAbsDeltaPct", "signals.strongTrappedPct", "signals.minRefVolume", "signals.exhaustionRatio", "signals.accelRatio1", "signals.accelRatio2"],
    after: ["metrics"],
  },
  { name: "marks", what: "marked the footprint imbalances", reads: ["signals.imbalanceRatio", "signals.minImbalanceVolume", "signals.stackedRows"], after: ["read"] },
  { name: "levels", what: "built the profiles, composites, nearest levels and scenarios", reads: ["levels", "outcomes.entry"], after: ["signals"] },
  { name: "outcomes", what: "scanned the forward outcomes", reads: ["outcomes"], after: ["signals"] },
  { name: "analysis", what: "ran the statistics", reads: ["stats"], after: ["levels", "outcomes", "marks"] },
] as const);

export type SweepStageName = (typeof SWEEP_STAGES)[number]["name"];

function pick(config: Config, path: string): unknown {
  return path.split(".").reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), config);
}

/** JSON with object keys sorted, so equal settings give equal text whatever their key order. */
function stableJson(v: unknown): string {
  if (v === undefined) return "null";
  if (!v || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`).join(",")}}`;
}

/**
 * The key of a stage's result for a config: the settings it reads and, recursively, the keys of the
 * stages it builds on. Points with equal keys share the result.
 */
export function stageKey(config: Config, stage: SweepStageName): string {
  const s = SWEEP_STAGES.find((x) => x.name === stage)!;
  const own = s.reads.map((p) => `${p}=${stableJson(pick(config, p))}`).join(";");
  const up = (s.after as readonly SweepStageName[]).map((a) => stageKey(config, a)).join("|");
  return up ? `${up}|${stage}{${own}}` : `${stage}{${own}}`;
}

export interface SweepPlan {
  points: SweepPoint[];
  /** Per stage: how many distinct results the sweep computes (per contract), and each point's key. */
  stages: { name: SweepStageName; what: string; runs: number; keys: string[] }[];
}

/** Groups the points by the settings each stage reads (see SWEEP_STAGES). */
export function planSweep(points: SweepPoint[]): SweepPlan {
  return {
    points,
    stages: SWEEP_STAGES.map((s) => {
      const keys = points.map((p) => stageKey(p.config, s.name));
      return { name: s.name, what: s.what, runs: new Set(keys).size, keys };
    }),
  };
}

/** One point's merged signals table, as `runPipeline` gives it for that point's config. */
export interface SweepPointTable {
  point: SweepPoint;
  table: SignalsTable;
  notices: string[];
  skipped: SkippedRow[];
  contracts: { file: string; contract: string; format: string; bars: number; sessions: number }[];
}

interface ContractRead {
  path: string;
  market: Market;
  format: string;
  skipped: SkippedRow[];
}

/** A cache of stage results that forgets an entry once the last point needing it has been built. */
class StageCache {
  private readonly values = new Map<string, unknown>();
  private readonly uses = new Map<string, number>();
  constructor(keys: readonly string[]) {
    for (const k of keys) this.uses.set(k, (this.uses.get(k) ?? 0) + 1);
  }
  get<T>(key: string, make: () => T): T {
    if (!this.values.has(key)) this.values.set(key, make());
    return this.values.get(key) as T;
  }
  release(key: string): void {
    const left = (this.uses.get(key) ?? 1) - 1;
    this.uses.set(key, left);
    if (left <= 0) this.values.delete(key);
  }
}

/**
 * Runs the pipeline of every grid point over the input files as one job, yielding each point's
 * signals table in point order. Each stage runs once per contract for each distinct key of the plan
 * (its settings and those of the stages before it); a result is dropped as soon as no later point
 * needs it. Every point's table equals the one `runPipeline(paths, point.config)` builds: the same
 * stage functions, in the same order, merged across contracts in the same way (tested).
 */
export function* sweepTables(paths: string[], plan: SweepPlan, onProgress?: Progress): Generator<SweepPointTable> {
  const keyOf = (stage: SweepStageName, p: number) => plan.stages.find((s) => s.name === stage)!.keys[p]!;
  const stages = ["read", "metrics", "signals", "marks", "levels", "outcomes"] as const;
  // one cache per stage and contract, each knowing how many points will ask for each key
  const caches = paths.map(() => Object.fromEntries(stages.map((s) => [s, new StageCache(plan.points.map((_, p) => keyOf(s, p)))])) as Record<(typeof stages)[number], StageCache>);
  for (const point of plan.points) {
    const p = point.index;
    const config = point.config;
    const results = paths.map((path, c) => {
      const cache = caches[c]!;
      const read = cache.read.get<ContractRead>(keyOf("read", p), () => {
        const loaded = loadMarket([path], config, onProgress);
        return { path, market: loaded.market, format: loaded.inputs[0]?.format ?? "unknown", skipped: loaded.skipped };
      });
      const market = read.market;
      const b = market.bars;
      const name = market.contracts[0]?.name ?? path;
      const metrics = cache.metrics.get<BarMetrics>(keyOf("metrics", p), () => barMetrics({
        high: b.high, low: b.low, close: b.close, volume: b.volume, delta: b.delta,
        maxDelta: b.maxDelta, minDelta: b.minDelta, group: barContracts(market),
      }, config.metrics.volStarWindow));
      const signals = cache.signals.get<DetectedSignals>(keyOf("signals", p), () => {
        onProgress?.(`${name}: signals`);
        return detectSignals(market, metrics, config.signals);
      });
      const levels = cache.levels.get<LevelColumns>(keyOf("levels", p), () => {
        onProgress?.(`${name}: levels`);
        return computeLevels(market, signals.direction, entryPrices(b, config.outcomes.entry), config.levels, config.sessions);
      });
      const outcomes = cache.outcomes.get<OutcomeColumns>(keyOf("outcomes", p), () => {
        onProgress?.(`${name}: forward outcomes`);
        return forwardOutcomes(market, signals.direction, config.outcomes, instrument(config.instrument));
      });
      const { marks, notice: marksNotice } = cache.marks.get<{ marks?: FootprintMarks; notice?: string }>(keyOf("marks", p), () => contractMarks(market, config.signals));
      const table = buildSignalsTable({ market, metrics, signals, levels, outcomes, marks, horizons: config.outcomes.horizons });
      const notices = [...market.notices, ...signals.notices, ...(marksNotice ? [marksNotice] : []), ...levels.notices, ...outcomes.notices];
      for (const s of stages) cache[s].release(keyOf(s, p));
      return {
        file: path, contract: name, format: read.format, firstTime: b.length ? b.time[0]! : Number.POSITIVE_INFINITY,
        bars: b.length, sessions: market.sessions.length, table, notices, skipped: read.skipped,
      };
    });
    // the order and merge of runPipeline: by first bar time, ties in the order given
    const order = results.map((_, k) => k).sort((a, b) => results[a]!.firstTime - results[b]!.firstTime || a - b);
    const sorted = order.map((k) => results[k]!);
    yield {
      point,
      table: mergeTables(sorted.map((r) => r.table)),
      notices: mergeNotices(sorted),
      skipped: sorted.flatMap((r) => r.skipped),
      contracts: sorted.map(({ file, contract, format, bars, sessions }) => ({ file, contract, format, bars, sessions })),
    };
  }
}
