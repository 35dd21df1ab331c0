/**
 * Wall time per stage of a run (`tda run --timings`, and `timings` in run.json). Timings are never
 * part of any other output: they differ from one run to the next, and every other file stays
 * byte-identical for the same input and config.
 */

/** The stages of a run, in pipeline order. */
export const STAGES = ["read", "bars", "sessions", "signals", "levels", "outcomes", "tables", "statistics", "report"] as const;
export type Stage = (typeof STAGES)[number];

/** Milliseconds spent in each stage (stages not run are absent). */
export type StageTimes = Partial<Record<Stage, number>>;

const now = (): number => performance.now();

/** Adds up time per stage. `time` runs a function and charges its wall time to a stage. */
export class StageTimer {
  readonly ms: StageTimes = {};

  add(stage: Stage, ms: number): void {
    this.ms[stage] = (this.ms[stage] ?? 0) + ms;
  }

  time<T>(stage: Stage, fn: () => T): T {
    const t = now();
    try {
      return fn();
    } finally {
      this.add(stage, now() - t);
    }
  }

  async timeAsync<T>(stage: Stage, fn: () => Promise<T>): Promise<T> {
    const t = now();
    try {
      return await fn();
    } finally {
      this.add(stage, now() - t);
    }
  }
}

/** Sum of several contracts' stage times (the time spent in each stage, over all workers). */
export function sumStageTimes(all: readonly StageTimes[]): StageTimes {
  const out: StageTimes = {};
  for (const t of all) for (const s of STAGES) if (t[s] !== undefined) out[s] = (out[s] ?? 0) + t[s]!;
  return out;
}

/** Rounded to 0.1 ms, in stage order (for run.json and the --timings lines). */
export function roundStageTimes(t: StageTimes): StageTimes {
  const out: StageTimes = {};
  for (const s of STAGES) if (t[s] !== undefined) out[s] = Math.round(t[s]! * 10) / 10;
  return out;
}

export { now as stageClock };
