/**
 * The analysis settings, under the names of the config's `stats` section (packages/engine config.ts:
 * `minGroupSize`, `alpha`, `trainShare`, `seed`, `bootstrapSamples`) plus the analysis-only ones,
 * and their resolution to the `settings` echoed in stats.json.
 */
import { horizonOf, SIGNAL_COLUMNS as C } from "@tda/engine";
import type { BootstrapMethod } from "@tda/stats";
import { numeric, type SignalsTable } from "./signals-table.js";

export interface AnalyzeOptions {
  /** Smallest group reported, and smallest rule sample in the threshold search (default 30). */
  minGroupSize?: number;
  /** Significance level (default 0.05). */
  alpha?: number;
  /** Seed of the bootstrap (default 1). */
  seed?: number;
  /** Share of sessions used to choose thresholds (default 0.7). */
  trainShare?: number;
  /** Bootstrap draws of the data-snooping check (default 1000). */
  bootstrapSamples?: number;
  /** Draws of the session block bootstrap of each group's win rate, expectancy and profit factor (default 2000). */
  sessionBootstrapSamples?: number;
  /** Folds k of the expanding walk-forward over whole sessions (default 5). */
  walkForwardFolds?: number;
  /** Blocks S of the CSCV probability of backtest overfitting (default 16). */
  pboBlocks?: number;
  /** Mean block length of the bootstrap (default: the largest horizon, ≥ 10). */
  blockLength?: number;
  bootstrapMethod?: BootstrapMethod;
  /** Forward-return horizons (config `outcomes.horizons`); default: every forward-return column present. */
  horizons?: number[];
  /**
   * Bars the forward scan looks ahead (SPEC §7 max horizon): the outcome window of `win`, the bracket
   * trade, MFE and MAE, and so the Newey–West lag of the logit and the default bootstrap block.
   * Default: the largest of the horizons and of every mfe_bar / stop_bar seen (a lower bound of the
   * scan length), so a run with horizons 5…20 but a 100-bar scan still gets lag 100.
   */
  maxHorizon?: number;
  /**
   * Extra group dimensions (SPEC §8 "and any user grouping"): names of table columns whose values
   * split the groups further, e.g. ["level_kind"]; a missing value forms the level "n/a".
   */
  groupBy?: string[];
  /** Include pairwise interactions in the regressions (default true). */
  interactions?: boolean;
  /** Fit a model only when n ≥ observationsPerCoefficient · k (default 10). */
  observationsPerCoefficient?: number;
}

export type AnalysisSettings = Required<Omit<AnalyzeOptions, "horizons" | "blockLength" | "groupBy">> & {
  horizons: number[];
  blockLength: number;
  groupBy: string[];
};

/** Every option with its default; the key order is the order stats.json prints them in. */
export function resolveSettings(table: SignalsTable, n: number, options: AnalyzeOptions): AnalysisSettings {
  const horizons = [
    ...(options.horizons ?? Object.keys(table).map(horizonOf).filter((h): h is number => h !== undefined)),
  ].sort((a, b) => a - b);
  const maxHorizon = options.maxHorizon ?? observedScanLength(table, n, horizons);
  return {
    minGroupSize: options.minGroupSize ?? 30,
    alpha: options.alpha ?? 0.05,
    seed: options.seed ?? 1,
    trainShare: options.trainShare ?? 0.7,
    bootstrapSamples: options.bootstrapSamples ?? 1000,
    sessionBootstrapSamples: options.sessionBootstrapSamples ?? 2000,
    walkForwardFolds: options.walkForwardFolds ?? 5,
    pboBlocks: options.pboBlocks ?? 16,
    blockLength: options.blockLength ?? Math.max(10, maxHorizon),
    bootstrapMethod: options.bootstrapMethod ?? "stationary",
    horizons,
    maxHorizon,
    groupBy: [...(options.groupBy ?? [])],
    interactions: options.interactions ?? true,
    observationsPerCoefficient: options.observationsPerCoefficient ?? 10,
  };
}

/** Largest horizon, or the longest outcome window seen in mfe_bar / stop_bar; 100 when neither exists. */
function observedScanLength(table: SignalsTable, n: number, horizons: readonly number[]): number {
  let longest = horizons.length ? horizons[horizons.length - 1]! : 0;
  for (const name of [C.mfeBar, C.stopBar]) {
    const c = numeric(table, name, n);
    if (c) for (const v of c) if (Number.isFinite(v) && v > longest) longest = v;
  }
  return longest > 0 ? longest : 100;
}
