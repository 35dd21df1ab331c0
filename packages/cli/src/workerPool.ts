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
      const onMessage = (msg: { ok: true; result: ContractResult } | { ok: false; message: string } | { progress: string }) => {
        if ("progress" in msg) {
          job.onProgress?.(msg.progress);
          return;
        }
        w.off("message", onMessage);
        w.off("error", onError);
        idle.push(w);
        if (msg.ok) job.resolve(msg.result);
        else job.reject(new Error(msg.message));
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
