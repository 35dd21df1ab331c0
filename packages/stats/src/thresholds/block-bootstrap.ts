/**
 * Resampling indices for dependent series (trades whose outcome windows overlap):
 *
 * - stationary bootstrap (Politis & Romano 1994): blocks of geometric length with mean
 *   `blockLength`, each starting at a uniform index, wrapping around the end;
 * - circular block bootstrap (Politis & Romano 1992): fixed-length blocks, wrapping around.
 */
import { type Random, randomInt } from "./prng.js";

export type BootstrapMethod = "stationary" | "circular";

export function bootstrapIndices(n: number, blockLength: number, method: BootstrapMethod, rand: Random): Int32Array {
  const out = new Int32Array(n);
  if (n === 0) return out;
  const L = Math.max(1, blockLength);
  if (method === "stationary") {
    const pNew = 1 / L;
    let idx = randomInt(rand, n);
    for (let t = 0; t < n; t++) {
      if (t > 0) idx = rand() < pNew ? randomInt(rand, n) : (idx + 1) % n;
      out[t] = idx;
    }
  } else {
    const len = Math.max(1, Math.round(L));
    let t = 0;
    while (t < n) {
      const start = randomInt(rand, n);
      for (let j = 0; j < len && t < n; j++, t++) out[t] = (start + j) % n;
    }
  }
  return out;
}
