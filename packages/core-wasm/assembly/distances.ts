// Nearest level to a price (SPEC §6, proximity). Level sets are CSR blocks of unique prices sorted
// ascending (set k = price[setOffset[k] … setOffset[k + 1])), each with a strength. A binary search
// finds the first level ≥ the entry; only it and the level before it can be nearest.

import { ldI, ldF, stI } from "./memory";

/**
 * For every query q with entry[q] finite and querySet[q] ≥ 0: the index (into price) of the nearest
 * level of its set; ties on |level − entry| → larger strength, then higher price. −1 when the query
 * has no set, an empty set or a NaN entry. Returns the number of queries that found a level, or
 * −2 − q when query q names a set outside 0 … nSets − 1 (and not −1).
 */
export function nearestLevels(
  nQueries: i32, entry: usize, querySet: usize, setOffset: usize, price: usize, strength: usize, outIndex: usize,
  nSets: i32,
): i32 {
  let found = 0;
  for (let q = 0; q < nQueries; q++) {
    const s = ldI(querySet, q);
    // a set index outside the sets would read foreign memory: stop at the first such query
    if (s >= nSets || s < -1) return -2 - q;
    const x = ldF(entry, q);
    if (s < 0 || isNaN(x)) { stI(outIndex, q, -1); continue; }
    const a = ldI(setOffset, s), b = ldI(setOffset, s + 1);
    if (a >= b) { stI(outIndex, q, -1); continue; }
    // first j in [a, b) with price[j] >= x
    let lo = a, hi = b;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ldF(price, mid) < x) lo = mid + 1;
      else hi = mid;
    }
    let best: i32;
    if (lo == a) best = a;
    else if (lo == b) best = b - 1;
    else {
      const dUp = ldF(price, lo) - x, dDown = x - ldF(price, lo - 1);
      if (dUp < dDown) best = lo;
      else if (dDown < dUp) best = lo - 1;
      else best = ldF(strength, lo - 1) > ldF(strength, lo) ? lo - 1 : lo; // equal strength → higher price
    }
    stI(outIndex, q, best);
    found++;
  }
  return found;
}
