import { parentPort } from "node:worker_threads";
import { runContract, type Config } from "@tda/engine";

parentPort!.on("message", ({ path, config }: { path: string; config: Config }) => {
  try {
    const { result } = runContract(path, config);
    parentPort!.postMessage({ ok: true, result });
  } catch (err) {
    parentPort!.postMessage({ ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
