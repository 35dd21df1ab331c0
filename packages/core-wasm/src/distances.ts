// TypeScript face of the "distances" kernel family (SPEC §6 proximity).
import { callKernel, place } from "./abi.js";
import { withArena, type Column } from "./arena.js";
import { NEAREST_LEVELS } from "./kernels.js";

/**
 * Level sets in CSR layout: set k holds price[offset[k] … offset[k+1]−1], unique and ascending, each
 * with its strength (several levels at one price are collapsed to the best one by the caller).
 */
export interface LevelSets {
  offset: Int32Array;
  price: Float64Array;
  strength: Float64Array;
}

/**
 * For each query (entry price, set index or −1), the index into `sets.price` of the nearest level:
 * ties on |level − entry| → stronger, then higher price. −1 for no set, an empty set or a NaN entry.
 */
export function nearestLevels(sets: LevelSets, entry: Column<Float64Array>, querySet: Column<Int32Array>): Int32Array {
  const n = entry.length;
  if (querySet.length !== n) throw new Error(`nearestLevels: querySet has ${querySet.length} rows, expected ${n}`);
  const nSets = sets.offset.length - 1;
  const nLevels = sets.price.length;
  if (nSets < 0 || sets.offset[0] !== 0 || sets.offset[nSets] !== nLevels || sets.strength.length !== nLevels) {
    throw new Error("nearestLevels: level sets are not a CSR layout (offset[0] = 0, offset[last] = number of levels)");
  }
  for (let s = 0; s < nSets; s++) {
    for (let j = sets.offset[s]! + 1; j < sets.offset[s + 1]!; j++) {
      if (!(sets.price[j - 1]! < sets.price[j]!)) throw new Error(`nearestLevels: set ${s} is not strictly ascending at level ${j}`);
    }
  }
  return withArena((a) => {
    const set = place(a, "i32", querySet, n);
    // the kernel checks every set index before it reads the set (a JS loop over a view of linear
    // memory cost more than the search): a negative result −2 − q names the first bad query
    const call = callKernel(a, NEAREST_LEVELS, { n, nSets, nLevels }, {
      entry, querySet: set, setOffset: sets.offset, price: sets.price, strength: sets.strength,
    });
    if (call.result < 0) {
      const q = -2 - call.result;
      throw new Error(`nearestLevels: query ${q} names set ${set.view()[q]}, have ${nSets}`);
    }
    return call.out.index.read();
  });
}
