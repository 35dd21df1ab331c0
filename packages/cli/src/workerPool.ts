import { Worker } from "node:worker_threads";
import type { Config, ContractResult, ContractRunner, Progress } from "@tda/engine";

/**
 * Runs contracts on `threads` worker threads (each with its own WebAssembly instance). Results are
 * merged by the pipeline in a fixed order, so the output is the same for any number of threads.
 */
export function workerRunner(threads: number): { runner: ContractRunner; close: () => Promise<void> } {
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  const queue: { path: string; config: Config; onProgress?: Progress; resolve: (r: ContractResult) => void; reject: (e: Error) => void }[] = [];
  const url = new URL("./worker.js", import.meta.url);
  const pump = () => {
    while (idle.length && queue.length) {
      const w = idle.pop()!;
      const job = queue.shift()!;
      const onMessage = (msg: { ok: true; result: ContractResult } | { ok: false; error: SerializedError } | { progress: string }) => {
        if ("progress" in msg) {
          job.onProgress?.(msg.progress);
          return;
        }
        w.off("message", onMessage);
        w.off("error", onError);
        idle.push(w);
        if (msg.ok) job.resolve(msg.result);
        else job.reject(deserializeError(msg.error));
        pump();
      };
      const onError = (err: Error) => {
        w.off("message", onMessage);
        job.reject(err);
      };
      w.on("message", onMessage);
      w.once("error", onError);
      w.postMessage({ path: job.path, config: job.config });
    }
  };
  for (let k = 0; k < threads; k++) {
    const w = new Worker(url);
    workers.push(w);
    idle.push(w);
  }
  return {
    runner: (path, config, onProgress) => new Promise<ContractResult>((resolve, reject) => {
      queue.push({ path, config, onProgress, resolve, reject });
      pump();
    }),
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

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
