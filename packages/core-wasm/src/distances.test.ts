import { describe, expect, it } from "vitest";
import { nearestLevels, type LevelSets } from "./distances.js";

/** Brute-force reference: every level of the set, ties → stronger, then higher price. */
function reference(sets: LevelSets, entry: Float64Array, querySet: Int32Array): Int32Array {
  const out = new Int32Array(entry.length).fill(-1);
  for (let q = 0; q < entry.length; q++) {
    const s = querySet[q]!;
    if (s < 0 || Number.isNaN(entry[q])) continue;
    let best = -1;
    for (let j = sets.offset[s]!; j < sets.offset[s + 1]!; j++) {
      if (best < 0) { best = j; continue; }
      const d = Math.abs(sets.price[j]! - entry[q]!), e = Math.abs(sets.price[best]! - entry[q]!);
      if (d < e || (d === e && (sets.strength[j]! > sets.strength[best]! || (sets.strength[j] === sets.strength[best] && sets.price[j]! > sets.price[best]!)))) best = j;
    }
    out[q] = best;
  }
  return out;
}

function randomSets(nSets: number, seed: number, fractional: boolean) {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
  const offset = [0], price: number[] = [], strength: number[] = [];
  for (let k = 0; k < nSets; k++) {
    const m = Math.floor(rnd() * 14); // empty sets included
    const ps = new Set<number>();
    while (ps.size < m) ps.add(18000 + Math.floor(rnd() * 200) + (fractional && rnd() < 0.3 ? 0.5 : 0));
    for (const p of [...ps].sort((a, b) => a - b)) { price.push(p); strength.push([1, 2, 3, 4.5][Math.floor(rnd() * 4)]!); }
    offset.push(price.length);
  }
  const sets: LevelSets = { offset: Int32Array.from(offset), price: Float64Array.from(price), strength: Float64Array.from(strength) };
  const nq = 5000;
  const entry = new Float64Array(nq), querySet = new Int32Array(nq);
  for (let q = 0; q < nq; q++) {
    querySet[q] = rnd() < 0.05 ? -1 : Math.floor(rnd() * nSets);
    entry[q] = rnd() < 0.03 ? NaN : 17990 + Math.floor(rnd() * 220) + (rnd() < 0.3 ? 0.5 : 0);
  }
  return { sets, entry, querySet };
}

describe("nearestLevels (compiled wasm)", () => {
  const sets: LevelSets = { offset: Int32Array.of(0, 4, 4), price: Float64Array.of(100, 110, 120, 130), strength: Float64Array.of(1, 3, 2, 2) };
  it("hand cases: exact hit, between, outside, ties by strength then higher price, empty set, NaN", () => {
    const entry = Float64Array.of(110, 104, 106, 90, 140, 115, 125, 105, 100);
    const set = Int32Array.of(0, 0, 0, 0, 0, 0, 0, 1, -1);
    const got = nearestLevels(sets, entry, set);
    // 115: 110 (strength 3) vs 120 (strength 2) → stronger 110; 125: 120 vs 130 equal strength → higher 130
    expect(Array.from(got)).toEqual([1, 0, 1, 0, 3, 1, 3, -1, -1]);
    expect(nearestLevels(sets, Float64Array.of(NaN), Int32Array.of(0))[0]).toBe(-1);
  });

  it("rejects unsorted sets and unknown set indices", () => {
    expect(() => nearestLevels({ offset: Int32Array.of(0, 2), price: Float64Array.of(5, 5), strength: Float64Array.of(1, 1) }, Float64Array.of(1), Int32Array.of(0))).toThrow(/ascending/);
    expect(() => nearestLevels(sets, Float64Array.of(1), Int32Array.of(2))).toThrow(/set 2/);
  });

  for (const [seed, frac] of [[1, false], [2, true], [3, false], [4, true]] as const) {
    it(`matches the brute-force reference on random sets (seed ${seed})`, () => {
      const { sets: s, entry, querySet } = randomSets(300, seed, frac);
      const got = nearestLevels(s, entry, querySet), want = reference(s, entry, querySet);
      for (let q = 0; q < got.length; q++) if (!Object.is(got[q], want[q])) throw new Error(`query ${q}: wasm ${got[q]} vs reference ${want[q]}`);
    });
  }
});
