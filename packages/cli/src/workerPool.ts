import { Worker } from "node:worker_threads";
import type { Config, ContractResult, ContractRunner, Progress } from "@tda/engine";
import type { AnalysisPart, AnalysisPartResults } from "@tda/report";
import type { OutputTables } from "./outputTables.js";

/** The work a worker thread does (worker.ts): one contract, the output tables, or a part of the statistics (analyzeConcurrently's). */
export type WorkerJob =
  | { kind: "contract"; path: string; config: Config }
  | { kind: "tables"; dir: string; tables: OutputTables }
  | { kind: "analysis"; part: AnalysisPart };

/** What each job gives back. */
export interface WorkerResults { contract: ContractResult; tables: { ms: number }; analysis: AnalysisPartResults[AnalysisPart["kind"]] }

export interface WorkerPool {
  /** Runs a contract on the first idle worker (runPipeline's runner; contracts wait in the order given). */
  runner: ContractRunner;
  /**
   * Gives a job to worker `k` (from 0) now, behind the jobs it has: it starts as soon as the worker
   * is free, even while this thread is busy (a job that waits in a queue here waits for this
   * thread's event loop).
   */
  post<K extends WorkerJob["kind"]>(k: number, job: Extract<WorkerJob, { kind: K }>): Promise<WorkerResults[K]>;
  readonly threads: number;
  close: () => Promise<void>;
}

type Reply = { id: number } & ({ ok: true; result: unknown } | { ok: false; error: SerializedError } | { progress: string });
interface Pending { job: WorkerJob; onProgress?: Progress; resolve: (r: never) => void; reject: (e: Error) => void }
interface Slot { worker: Worker; pending: Map<number, Pending> }

/**
 * `threads` worker threads (each with its own WebAssembly instance), each started when first
 * needed. Callers join the results in a fixed order, so the output is the same for any number of
 * threads. A worker that throws rejects that job with its error; one that stops (crash, out of
 * memory) rejects every job it had, and a new worker takes its place for later jobs.
 */
export function workerPool(threads: number): WorkerPool {
  const slots: (Slot | undefined)[] = Array.from({ length: threads }, () => undefined);
  const queue: Pending[] = [];
  const url = new URL("./worker.js", import.meta.url);
  let ids = 0;
  const slot = (k: number): Slot => {
    const old = slots[k];
    if (old) return old;
    const s: Slot = { worker: new Worker(url), pending: new Map() };
    s.worker.on("message", (msg: Reply) => {
      const p = s.pending.get(msg.id);
      if (!p) return;
      if ("progress" in msg) {
        p.onProgress?.(msg.progress);
        return;
      }
      s.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result as never);
      else p.reject(deserializeError(msg.error));
      pump();
    });
    const fail = (err: Error) => {
      if (slots[k] === s) slots[k] = undefined;
      for (const p of s.pending.values()) p.reject(err);
      s.pending.clear();
      pump();
    };
    s.worker.once("error", fail);
    s.worker.once("exit", (code) => fail(new Error(`a worker thread stopped (exit code ${code}) before finishing its ${[...s.pending.values()].map((p) => describe(p.job)).join(", ")}`)));
    slots[k] = s;
    return s;
  };
  const send = (s: Slot, p: Pending) => {
    const id = ids++;
    s.pending.set(id, p);
    s.worker.postMessage({ id, job: p.job });
  };
  const pump = () => {
    for (let k = 0; k < threads && queue.length; k++) {
      const s = slots[k];
      if (!s || s.pending.size === 0) send(slot(k), queue.shift()!);
    }
  };
  return {
    threads,
    runner: (path, config, onProgress) => new Promise<ContractResult>((resolve, reject) => {
      queue.push({ job: { kind: "contract", path, config }, onProgress, resolve: resolve as (r: never) => void, reject });
      pump();
    }),
    post: <K extends WorkerJob["kind"]>(k: number, job: Extract<WorkerJob, { kind: K }>) => new Promise<WorkerResults[K]>((resolve, reject) => {
      send(slot(k % threads), { job, resolve: resolve as (r: never) => void, reject });
    }),
    close: async () => {
      const all = slots.filter((s): s is Slot => s !== undefined);
      slots.fill(undefined);
      for (const s of all) s.worker.removeAllListeners("exit");
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}

const describe = (job: WorkerJob) =>
  job.kind === "contract" ? `contract ${job.path}` : job.kind === "tables" ? "output tables" : `statistics (${job.part.kind})`;

/** An error as it crosses from a worker: the message and the system error's code and path (for errors.ts). */
export interface SerializedError { message: string; code?: string; path?: string; dest?: string; syscall?: string }

export function serializeError(err: unknown): SerializedError {
  if (!(err instanceof Error)) return { message: String(err) };
  const e = err as NodeJS.ErrnoException & { dest?: string };
  return { message: e.message, code: e.code, path: e.path, dest: e.dest, syscall: e.syscall };
}

function deserializeError(s: SerializedError): Error {
  return Object.assign(new Error(s.message), Object.fromEntries(Object.entries(s).filter(([k, v]) => k !== "message" && v !== undefined)));
}

/**
 * Makes the failure a run reports the first bad file in input order, whatever finished first: a
 * failing contract waits for every contract given before it, so with two bad files the earlier one's
 * error wins for any --threads (issue 12). Contracts are numbered in the order the pipeline asks for them.
 */
export function failuresInInputOrder(runner: ContractRunner): ContractRunner {
  const settled: Promise<unknown>[] = [];
  return (path, config, onProgress) => {
    const before = settled.slice();
    const p = runner(path, config, onProgress).catch(async (err: unknown) => {
      await Promise.allSettled(before);
      throw err;
    });
    settled.push(p);
    return p;
  };
}
