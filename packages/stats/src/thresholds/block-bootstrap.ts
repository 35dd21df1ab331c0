/**
 * Resampling indices for dependent series (trades whose outcome windows overlap):
 *
 * - stationary bootstrap (Politis & Romano 1994): blocks of geometric length with mean
 *   `blockLength`, each starting at a uniform index, wrapping around the end;
 * - circular block bootstrap (Politis & Romano 1992): fixed-length blocks, wrapping around.
 */
import { type Random, randomInt } from "./prng.js";

export type BootstrapMethod = "stationary" | "circular";

/** A resample as contiguous circular blocks: block b covers start[b], start[b]+1, … (mod n), length[b] items. */
export interface BootstrapBlocks {
  start: Int32Array;
  length: Int32Array;
  count: number;
}

export function bootstrapBlocks(n: number, blockLength: number, method: BootstrapMethod, rand: Random): BootstrapBlocks {
  return bootstrapBlocksInto(n, blockLength, method, rand, new Int32Array(Math.max(1, n)), new Int32Array(Math.max(1, n)));
}

/**
 * `bootstrapBlocks` writing into caller-owned arrays of length ≥ max(1, n), so that a thousand
 * draws do not allocate two n-long arrays each. Same draws from the same generator state.
 */
export function bootstrapBlocksInto(
  n: number,
  blockLength: number,
  method: BootstrapMethod,
  rand: Random,
  start: Int32Array,
  length: Int32Array,
): BootstrapBlocks {
  let count = 0;
  if (n === 0) return { start, length, count };
  const L = Math.max(1, blockLength);
  if (method === "stationary") {
    const pNew = 1 / L;
    start[0] = randomInt(rand, n);
    length[0] = 1;
    count = 1;
    for (let t = 1; t < n; t++) {
      if (rand() < pNew) {
        start[count] = randomInt(rand, n);
        length[count] = 1;
        count++;
      } else length[count - 1]!++;
    }
  } else {
    const len = Math.max(1, Math.round(L));
    let t = 0;
    while (t < n) {
      const take = Math.min(len, n - t);
      start[count] = randomInt(rand, n);
      length[count] = take;
      count++;
      t += take;
    }
  }
  return { start, length, count };
}

export function bootstrapIndices(n: number, blockLength: number, method: BootstrapMethod, rand: Random): Int32Array {
  const out = new Int32Array(n);
  const { start, length, count } = bootstrapBlocks(n, blockLength, method, rand);
  let t = 0;
  for (let b = 0; b < count; b++) for (let j = 0; j < length[b]!; j++) out[t++] = (start[b]! + j) % n;
  return out;
}
