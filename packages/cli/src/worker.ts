import { parentPort } from "node:worker_threads";
import { runContract, type Config } from "@tda/engine";
import { serializeError } from "./workerPool.js";

parentPort!.on("message", ({ path, config }: { path: string; config: Config }) => {
  try {
    let last = 0;
    const { result } = runContract(path, config, (what) => {
      const now = Date.now();
      if (now - last < 200) return; // a progress line, not a message per chunk
      last = now;
      parentPort!.postMessage({ progress: what });
    });
    parentPort!.postMessage({ ok: true, result });
  } catch (err) {
    parentPort!.postMessage({ ok: false, error: serializeError(err) });
  }
});
