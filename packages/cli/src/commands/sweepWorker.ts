import { parentPort } from "node:worker_threads";
import { sweepPointFigures, type SweepPointResult } from "@tda/report";
import { serializeError } from "../workerPool.js";

/**
 * A worker thread of `tda sweep --threads N`: the statistics of one grid point's signals table.
 * The same function as in the main thread on the same columns, so the figures do not depend on
 * where they were computed.
 */
parentPort!.on("message", ({ id, columns, options }: { id: number; columns: Parameters<typeof sweepPointFigures>[0]; options: Parameters<typeof sweepPointFigures>[1] }) => {
  try {
    const result: SweepPointResult = sweepPointFigures(columns, options);
    const transfer = result.trials.rules.map((r) => r.sessionResult.buffer as ArrayBuffer);
    if (result.trials.chosenTrainTrades) transfer.push(result.trials.chosenTrainTrades.buffer as ArrayBuffer);
    parentPort!.postMessage({ id, ok: true, result }, transfer);
  } catch (err) {
    parentPort!.postMessage({ id, ok: false, error: serializeError(err) });
  }
});
