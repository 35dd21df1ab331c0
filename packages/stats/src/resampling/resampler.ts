/**
 * A resampler draws one bootstrap resample at a time as a list of blocks of consecutive rows
 * (block b = rows start[b], start[b]+1, …, start[b]+length[b]−1, taken modulo n), written into
 * buffers the caller allocated once — so a loop over 2,000 draws allocates nothing.
 *
 * Consumers turn blocks into sums in O(blocks) with circular prefix sums (see `blockSum`), instead
 * of O(rows) per series and draw.
 */
import { type Random, randomInt } from "../thresholds/prng.js";
import { mulberryState, stationaryMulberryDraw } from "../thresholds/stationary-draw.js";

export interface Resampler {
  /** Rows of the original sample. */
  readonly n: number;
  /** Most blocks one draw can write (size of the start/length buffers). */
  readonly maxBlocks: number;
  /** Writes one resample into start/length and returns its block count. */
  draw(start: Int32Array, length: Int32Array): number;
  /**
   * Set by `stationaryMulberryResampler`: its generator state and chance of a new block, so a draw
   * loop may run the very same draws elsewhere (edge-draws.ts in WebAssembly), advancing `state`.
   */
  readonly stationary?: { readonly state: Int32Array; readonly pNew: number };
}

/**
 * Stationary bootstrap (Politis & Romano 1994, JASA 89, §2): blocks start at a uniform row and have
 * geometric lengths with mean `meanBlockLength` (each next row continues the block with probability
 * 1 − 1/L, else a new block starts), wrapping around the end; the resample has exactly n rows.
 * L = 1 is the iid bootstrap. Draws the same random numbers in the same order as the package's
 * `bootstrapBlocks(n, L, "stationary", rand)`, so both give identical resamples for a seed.
 */
export function stationaryResampler(n: number, meanBlockLength: number, rand: Random): Resampler {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`stationary bootstrap: rows must be a positive integer, got ${n}`);
  if (!(meanBlockLength >= 1) || !Number.isFinite(meanBlockLength))
    throw new RangeError(`stationary bootstrap: mean block length must be a finite number ≥ 1, got ${meanBlockLength}`);
  const pNew = 1 / meanBlockLength;
  return {
    n,
    maxBlocks: n,
    draw(start, length) {
      start[0] = randomInt(rand, n);
      length[0] = 1;
      let count = 1;
      for (let t = 1; t < n; t++) {
        if (rand() < pNew) {
          start[count] = randomInt(rand, n);
          length[count] = 1;
          count++;
        } else length[count - 1]!++;
      }
      return count;
    },
  };
}

/**
 * `stationaryResampler(n, meanBlockLength, mulberry32(seed))` with the mulberry32 step written
 * inline (one uniform per row is most of a draw's cost): the same arithmetic on the same state, so
 * the very same blocks draw after draw (differential test in shared-draws.test.ts).
 */
export function stationaryMulberryResampler(n: number, meanBlockLength: number, seed: number): Resampler {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`stationary bootstrap: rows must be a positive integer, got ${n}`);
  if (!(meanBlockLength >= 1) || !Number.isFinite(meanBlockLength))
    throw new RangeError(`stationary bootstrap: mean block length must be a finite number ≥ 1, got ${meanBlockLength}`);
  const pNew = 1 / meanBlockLength;
  const state = mulberryState(seed);
  return { n, maxBlocks: n, draw: (start, length) => stationaryMulberryDraw(state, n, pNew, start, length), stationary: { state, pNew } };
}

/**
 * Session (cluster) block bootstrap: draws as many whole sessions as the sample has, uniformly with
 * replacement (the cluster bootstrap of Davison & Hinkley 1997, §3.8; Cameron, Gelbach & Miller 2008).
 * Rows inside a session stay together, so dependence within a session is kept and sessions are
 * treated as independent. The resample has Σ lengths of the drawn sessions rows — not exactly n.
 *
 * `sessionStarts` are the first rows of each session in order, as `sessionRuns` returns them.
 */
export function sessionResampler(sessionStarts: Int32Array, n: number, rand: Random): Resampler {
  const S = sessionStarts.length;
  if (S < 1) throw new RangeError("session bootstrap: at least one session is needed");
  const lengths = new Int32Array(S);
  for (let s = 0; s < S; s++) {
    const end = s + 1 < S ? sessionStarts[s + 1]! : n;
    lengths[s] = end - sessionStarts[s]!;
    if (lengths[s]! < 1) throw new RangeError(`session bootstrap: session ${s} is empty or sessions are out of order`);
  }
  return {
    n,
    maxBlocks: S,
    draw(start, length) {
      for (let b = 0; b < S; b++) {
        const s = randomInt(rand, S);
        start[b] = sessionStarts[s]!;
        length[b] = lengths[s]!;
      }
      return S;
    },
  };
}

/** Replays given resamples (each a list of [start, length] blocks): for hand-worked tests. */
export function fixedResampler(n: number, draws: readonly (readonly (readonly [number, number])[])[]): Resampler {
  let next = 0;
  const maxBlocks = Math.max(1, ...draws.map((d) => d.length));
  return {
    n,
    maxBlocks,
    draw(start, length) {
      const d = draws[next++ % draws.length]!;
      d.forEach(([s, l], b) => {
        start[b] = s;
        length[b] = l;
      });
      return d.length;
    },
  };
}

/** Circular prefix sums of a series: c[0] = 0, c[t+1] = c[t] + x[t]. */
export function prefixSums(x: ArrayLike<number>): Float64Array {
  const c = new Float64Array(x.length + 1);
  for (let t = 0; t < x.length; t++) c[t + 1] = c[t]! + x[t]!;
  return c;
}

/** Σ of the rows of one block from prefix sums `c` of an n-row series, wrapping past the end. */
export function blockSum(c: Float64Array, n: number, start: number, length: number): number {
  const e = start + length;
  return e <= n ? c[e]! - c[start]! : c[n]! - c[start]! + c[e - n]!;
}
