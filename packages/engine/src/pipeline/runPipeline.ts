import type { Config } from "../config.js";
import type { SkippedRow } from "../errors.js";
import { mergeTables } from "./mergeTables.js";
import { runContract, type ContractResult } from "./runContract.js";
import type { Progress } from "./loadMarket.js";
import type { SignalsTable } from "./signalsTable.js";
import { stageClock, sumStageTimes, type StageTimes } from "./timings.js";

export * from "./timings.js";

export interface PipelineResult {
  contracts: Omit<ContractResult, "table" | "skipped" | "notices" | "samples" | "profiles" | "sessionTable" | "levelTable">[];
  /** Every contract's sessions, contract after contract (sessions.csv). */
  sessions: SignalsTable;
  /** Every contract's levels known at each session's start, contract after contract (levels.parquet). */
  levels: SignalsTable;
  /** Sample signals for the report's footprint pictures, contract by contract. */
  samples: ContractResult["samples"];
  /** TPO profiles of the samples' sessions, contract by contract. */
  profiles: ContractResult["profiles"];
  table: SignalsTable;
  notices: string[];
  skipped: SkippedRow[];
  /**
   * Time per stage summed over the contracts (with worker threads, over every worker), plus merging
   * the contracts' tables under "tables"; `contractsWallMs` is the wall time from the first read to
   * the last contract's result.
   */
  timings: StageTimes;
  contractsWallMs: number;
}

/**
 * A function that runs one contract somewhere (this thread, or a worker) and returns its result.
 * The pipeline only orders and merges, so the output does not depend on where or when each ran.
 */
export type ContractRunner = (path: string, config: Config, onProgress?: Progress) => Promise<ContractResult>;

export const runHere: ContractRunner = async (path, config, onProgress) => runContract(path, config, onProgress).result;

/**
 * Runs every input file (one contract each) and merges them in the order of their first bar's time
 * (ties: the order given). `onContract` reports progress.
 */
export async function runPipeline(
  paths: string[],
  config: Config,
  runner: ContractRunner = runHere,
  onContract?: (done: number, total: number, file: string) => void,
  onProgress?: Progress,
): Promise<PipelineResult> {
  let done = 0;
  const started = stageClock();
  const results = await Promise.all(paths.map(async (p) => {
    const r = await runner(p, config, onProgress);
    onContract?.(++done, paths.length, p);
    return r;
  }));
  const contractsWallMs = stageClock() - started;
  const merging = stageClock();
  const order = contractOrder(results.map((r) => r.firstTime));
  const sorted = order.map((k) => results[k]!);
  const notices = mergeNotices(sorted);
  const merged = {
    contracts: sorted.map(({ table: _t, skipped: _s, notices: _n, samples: _f, profiles: _p, sessionTable: _x, levelTable: _l, ...rest }) => rest),
    sessions: mergeTables(sorted.map((r) => r.sessionTable)),
    levels: mergeTables(sorted.map((r) => r.levelTable)),
    samples: sorted.flatMap((r) => r.samples),
    profiles: sorted.flatMap((r) => r.profiles),
    table: mergeTables(sorted.map((r) => r.table)),
    notices,
    skipped: sorted.flatMap((r) => r.skipped),
  };
  const timings = sumStageTimes(sorted.map((r) => r.timings ?? {}));
  timings.tables = (timings.tables ?? 0) + (stageClock() - merging);
  return { ...merged, timings, contractsWallMs };
}

/**
 * The order of contracts in every merged output: by their first bar's time (µs), ties in the order
 * given. `tda run` orders its contracts with it, and `tda analyze` orders the contracts of several
 * signals files with it, so per-contract runs analysed together give the rows of one run.
 */
export function contractOrder(firstTimes: readonly number[]): number[] {
  return firstTimes.map((_, k) => k).sort((a, b) => firstTimes[a]! - firstTimes[b]! || a - b);
}

/**
 * One line per message across contracts: lines that end "— <contract> (…)" and lines that do not name
 * a contract are joined by message ("what — ESH24-CME (…), ESM24-CME (…)"); contract order is kept.
 * A message ending in ": <count>" is joined with the count beside each contract.
 */
export function mergeNotices(results: Pick<ContractResult, "contract" | "notices">[]): string[] {
  const order: string[] = [];
  const joined = new Map<string, string[]>();
  for (const r of results) {
    for (const n of r.notices) {
      const cut = n.lastIndexOf(" — ");
      const tagged = cut >= 0 && n.slice(cut + 3).startsWith(r.contract);
      const counted = tagged ? null : /^(.*): (\d+)$/.exec(n);
      const own = n.includes(r.contract);
      const key = tagged ? n.slice(0, cut) : counted && !own ? counted[1]! : n;
      const who = tagged ? n.slice(cut + 3) : own ? undefined : counted ? `${r.contract} (${counted[2]})` : r.contract;
      if (!joined.has(key)) { joined.set(key, []); order.push(key); }
      if (who) joined.get(key)!.push(who);
    }
  }
  return order.map((k) => (joined.get(k)!.length ? `${k} — ${joined.get(k)!.join(", ")}` : k));
}
