/**
 * The percentile threshold search of SPEC §8 over the signal features, on the bracket trade's result,
 * with the walk-forward split by session; features absent or constant are left out with a note.
 */
import { SIGNAL_COLUMNS as C } from "@tda/engine";
import { thresholdSearch, type ThresholdSearchResult, type TradeColumns } from "@tda/stats";
import { type Features, THRESHOLD_FEATURES } from "./features.js";
import type { AnalysisSettings } from "./options.js";
import { type SignalsTable, text } from "./signals-table.js";

export function searchThresholds(
  table: SignalsTable,
  n: number,
  features: Features,
  trades: TradeColumns,
  directional: readonly number[],
  settings: AnalysisSettings,
  notes: string[],
): ThresholdSearchResult | null {
  return searchThresholdsOn(thresholdInput(text(table, C.session, n), features, trades, directional, settings), notes);
}

/** All the threshold search reads (structured-cloneable, for a worker thread): the searched features only. */
export interface ThresholdInput {
  session: (string | null)[] | undefined;
  features: Features;
  resultTicks: TradeColumns["resultTicks"];
  win: TradeColumns["win"];
  directional: readonly number[];
  settings: AnalysisSettings;
}

export function thresholdInput(session: (string | null)[] | undefined, features: Features, trades: TradeColumns, directional: readonly number[], settings: AnalysisSettings): ThresholdInput {
  const searched: Features = {};
  for (const f of THRESHOLD_FEATURES) if (f in features) searched[f] = features[f];
  return { session, features: searched, resultTicks: trades.resultTicks, win: trades.win, directional, settings };
}

/** searchThresholds on the columns of thresholdInput (the same result and notes). */
export function searchThresholdsOn(input: ThresholdInput, notes: string[]): ThresholdSearchResult | null {
  const { session, features, directional, settings } = input;
  const result = input.resultTicks;
  if (!session) {
    notes.push(`threshold search skipped: column ${C.session} absent (needed for the walk-forward split)`);
    return null;
  }
  if (!result) {
    notes.push(`threshold search skipped: column ${C.bracketTicks} absent`);
    return null;
  }
  const searched: Record<string, Float64Array> = {};
  for (const f of THRESHOLD_FEATURES) {
    const c = features[f];
    if (!c) {
      notes.push(`threshold search: feature ${f} absent`);
      continue;
    }
    const vals = directional.filter((r) => !Number.isNaN(result[r]!)).map((r) => c[r]!).filter((v) => !Number.isNaN(v));
    if (vals.length > 0 && vals.every((v) => v === vals[0])) {
      notes.push(`threshold search: feature ${f} is constant (${vals[0]}), not searched`);
      continue;
    }
    searched[f] = c;
  }
  return thresholdSearch(
    { features: searched, outcome: result, ...(input.win ? { win: input.win } : {}), session, rows: directional },
    {
      trainFraction: settings.trainShare,
      minN: settings.minGroupSize,
      bootstrapReps: settings.bootstrapSamples,
      blockLength: settings.blockLength,
      bootstrapMethod: settings.bootstrapMethod,
      seed: settings.seed,
    },
  );
}
