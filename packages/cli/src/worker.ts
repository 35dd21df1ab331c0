import { parentPort } from "node:worker_threads";
import { runContract } from "@tda/engine";
import { writeOutputTables } from "./outputTables.js";
import { serializeError, type WorkerJob } from "./workerPool.js";

async function work(job: WorkerJob, id: number): Promise<unknown> {
  switch (job.kind) {
    case "contract": {
      let last = 0;
      return runContract(job.path, job.config, (what) => {
        const now = Date.now();
        if (now - last < 200) return; // a progress line, not a message per chunk
        last = now;
        parentPort!.postMessage({ id, progress: what });
      }).result;
    }
    case "tables":
      return { ms: writeOutputTables(job.dir, job.tables) };
    case "analysis": {
      // loaded here, not at start: a worker that only reads contracts does without the report package
      const { runAnalysisPart } = await import("@tda/report");
      return runAnalysisPart(job.part);
    }
    default:
      throw new Error(`worker thread: unknown job ${JSON.stringify((job as { kind: unknown }).kind)}`);
  }
}

// one job at a time, in the order posted (a worker may be given several at once: workerPool's post)
let queue: Promise<void> = Promise.resolve();
parentPort!.on("message", ({ id, job }: { id: number; job: WorkerJob }) => {
  queue = queue.then(async () => {
    let result: unknown;
    try {
      result = await work(job, id);
    } catch (err) {
      parentPort!.postMessage({ id, ok: false, error: serializeError(err) });
      return;
    }
    parentPort!.postMessage({ id, ok: true, result });
  });
});
