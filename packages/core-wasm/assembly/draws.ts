// Bootstrap draw loops of the statistics (packages/stats): the stationary bootstrap (Politis &
// Romano 1994) with the mulberry32 generator, and the block sums of circular prefix sums that turn
// each draw into O(blocks × columns) — the reality check's bootstrap means and the SPA/StepM edge
// draws. The caller writes the prefix sums into linear memory once, in column chunks, and every
// draw reads them there.
//
// Bit identity with the TypeScript loops (stats thresholds/stationary-draw.ts, reality-check.ts,
// resampling/edge-draws.ts):
// - the generator is the same 32-bit arithmetic (i32 add/mul wrap as `| 0` and Math.imul do; the
//   uniform is u32 / 2³² in f64, the block start ⌊u·n⌋);
// - each column's sum adds its blocks one at a time in block order, s = s + term, exactly as the
//   TypeScript does (its four-blocks-a-pass form is the same left-to-right additions); the f64x2
//   lanes run across columns, which are independent, and WebAssembly has no fused multiply-add.
//   Only the order in which columns are visited changes (chunk by chunk), not any column's sum.

// mulberry32's output step: the 32 bits of t ^ (t >>> 14) for state s (prng.ts)
@inline function mix(s: i32): i32 {
  let t = (s ^ (s >>> 15)) * (s | 1);
  t ^= t + (t ^ (t >>> 7)) * (t | 61);
  return t ^ (t >>> 14);
}
@inline function mix4(s: v128): v128 {
  let t = i32x4.mul(v128.xor(s, i32x4.shr_u(s, 15)), v128.or(s, i32x4.splat(1)));
  t = v128.xor(t, i32x4.add(t, i32x4.mul(v128.xor(t, i32x4.shr_u(t, 7)), v128.or(t, i32x4.splat(61)))));
  return v128.xor(t, i32x4.shr_u(t, 14));
}
const STEP: i32 = 0x6d2b79f5;

/**
 * One stationary-bootstrap draw of n rows: block starts and lengths into start/length (i32, ≥ n
 * long), returns the block count; the generator state (one i32 at statePtr) is advanced.
 *
 * Row r continues the block unless its uniform x/2³² is below pNew; x/2³² < pNew is x < pNew·2³²
 * exactly (both sides scaled by a power of two), i.e. x < ⌈pNew·2³²⌉ for the integer x. The k-th
 * generator step's state is s₀ + k·STEP, so four rows' uniforms are four independent lanes: when no
 * lane starts a block the four rows continue at once; else the first lane that does is taken and
 * the draw goes on from there — the same uniforms in the same order as one step at a time.
 */
export function drawStationary(statePtr: usize, n: i32, pNew: f64, startPtr: usize, lengthPtr: usize): i32 {
  let s = load<i32>(statePtr);
  const fn = <f64>n;
  const limit = Math.ceil(pNew * 4294967296.0);
  // pNew·2³² above every 32-bit x: every row starts a block (limit ≥ 2³²); else x <u lim
  const always = limit >= 4294967296.0;
  const lim = always ? 0 : <i32>(<u32>limit);
  const vlim = i32x4.splat(lim);
  const steps = i32x4(STEP, 2 * STEP, 3 * STEP, 4 * STEP);
  s += STEP;
  store<i32>(startPtr, <i32>Math.floor((<f64>(<u32>mix(s)) / 4294967296.0) * fn));
  let count = 1;
  let run = 1;
  let row = 1;
  while (row < n) {
    let lane = 0; // rows row … row + lane − 1 continue; row + lane starts a block (lane < 4) or none does
    if (!always && row + 4 <= n) {
      const bits = i32x4.bitmask(i32x4.lt_u(mix4(i32x4.add(i32x4.splat(s), steps)), vlim));
      if (bits == 0) {
        s += 4 * STEP;
        run += 4;
        row += 4;
        continue;
      }
      lane = ctz(bits);
      s += (lane + 1) * STEP;
      run += lane;
      row += lane;
    } else {
      s += STEP;
      if (!always && <u32>mix(s) >= <u32>lim) {
        run++;
        row++;
        continue;
      }
    }
    // row starts a new block: its start is the next uniform
    store<i32>(lengthPtr + (<usize>(count - 1) << 2), run);
    s += STEP;
    store<i32>(startPtr + (<usize>count << 2), <i32>Math.floor((<f64>(<u32>mix(s)) / 4294967296.0) * fn));
    count++;
    run = 1;
    row++;
  }
  store<i32>(lengthPtr + (<usize>(count - 1) << 2), run);
  store<i32>(statePtr, s);
  return count;
}

/**
 * Column sums of `reps` stationary-bootstrap draws of n rows over prefix sums in column chunks:
 * chunk q holds columns 8q … 8q + 7 of every row t = 0 … n (row 0 zero) at
 * pPtr + q·(n + 1)·64 + t·64 (8 f64 a row). out[c·reps + r] = Σ over draw r's blocks, in block
 * order, of column c's block term, s = s + term, for c < 8·chunks:
 * - `split` 0 (the reality check): term (P[e] − P[a]), or ((P[n] − P[a]) + P[e − n]) for a block
 *   past the end;
 * - `split` 1 (the edge draws): a block past the end is two terms, (P[n] − P[a]) then (P[e − n] − P[0]).
 *
 * The draws are made in batches into start/length (cap ≥ n entries each; counts: reps i32), then
 * summed one chunk at a time over the whole batch: a chunk's prefix sums (n·64 bytes) stay in cache
 * while thousands of random blocks read them — the rows of the full matrix would not.
 */
export function chunkedDraws(
  pPtr: usize, chunks: i32, n: i32, reps: i32, pNew: f64, statePtr: usize,
  startPtr: usize, lengthPtr: usize, cap: i32, countsPtr: usize, split: i32, outPtr: usize,
): void {
  const slab = <usize>(n + 1) << 6;
  let r0 = 0;
  while (r0 < reps) {
    // a batch: as many draws as surely fit (a draw has at most n blocks)
    let pos = 0;
    let r1 = r0;
    while (r1 < reps && pos + n <= cap) {
      const c = drawStationary(statePtr, n, pNew, startPtr + (<usize>pos << 2), lengthPtr + (<usize>pos << 2));
      store<i32>(countsPtr + (<usize>r1 << 2), c);
      pos += c;
      r1++;
    }
    for (let q = 0; q < chunks; q++) {
      const base = pPtr + <usize>q * slab;
      const last = base + (<usize>n << 6);
      let j = 0;
      for (let r = r0; r < r1; r++) {
        const count = load<i32>(countsPtr + (<usize>r << 2));
        let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
        for (const end = j + count; j < end; j++) {
          const a = load<i32>(startPtr + (<usize>j << 2));
          const e = a + load<i32>(lengthPtr + (<usize>j << 2));
          const pa = base + (<usize>a << 6);
          if (e <= n) {
            const pe = base + (<usize>e << 6);
            s0 = f64x2.add(s0, f64x2.sub(v128.load(pe), v128.load(pa)));
            s1 = f64x2.add(s1, f64x2.sub(v128.load(pe, 16), v128.load(pa, 16)));
            s2 = f64x2.add(s2, f64x2.sub(v128.load(pe, 32), v128.load(pa, 32)));
            s3 = f64x2.add(s3, f64x2.sub(v128.load(pe, 48), v128.load(pa, 48)));
          } else {
            const pw = base + (<usize>(e - n) << 6);
            if (split) {
              s0 = f64x2.add(s0, f64x2.sub(v128.load(last), v128.load(pa)));
              s1 = f64x2.add(s1, f64x2.sub(v128.load(last, 16), v128.load(pa, 16)));
              s2 = f64x2.add(s2, f64x2.sub(v128.load(last, 32), v128.load(pa, 32)));
              s3 = f64x2.add(s3, f64x2.sub(v128.load(last, 48), v128.load(pa, 48)));
              s0 = f64x2.add(s0, f64x2.sub(v128.load(pw), v128.load(base)));
              s1 = f64x2.add(s1, f64x2.sub(v128.load(pw, 16), v128.load(base, 16)));
              s2 = f64x2.add(s2, f64x2.sub(v128.load(pw, 32), v128.load(base, 32)));
              s3 = f64x2.add(s3, f64x2.sub(v128.load(pw, 48), v128.load(base, 48)));
            } else {
              s0 = f64x2.add(s0, f64x2.add(f64x2.sub(v128.load(last), v128.load(pa)), v128.load(pw)));
              s1 = f64x2.add(s1, f64x2.add(f64x2.sub(v128.load(last, 16), v128.load(pa, 16)), v128.load(pw, 16)));
              s2 = f64x2.add(s2, f64x2.add(f64x2.sub(v128.load(last, 32), v128.load(pa, 32)), v128.load(pw, 32)));
              s3 = f64x2.add(s3, f64x2.add(f64x2.sub(v128.load(last, 48), v128.load(pa, 48)), v128.load(pw, 48)));
            }
          }
        }
        const o = outPtr + ((<usize>(q << 3) * <usize>reps + <usize>r) << 3);
        const col = <usize>reps << 3;
        store<f64>(o, f64x2.extract_lane(s0, 0));
        store<f64>(o + col, f64x2.extract_lane(s0, 1));
        store<f64>(o + 2 * col, f64x2.extract_lane(s1, 0));
        store<f64>(o + 3 * col, f64x2.extract_lane(s1, 1));
        store<f64>(o + 4 * col, f64x2.extract_lane(s2, 0));
        store<f64>(o + 5 * col, f64x2.extract_lane(s2, 1));
        store<f64>(o + 6 * col, f64x2.extract_lane(s3, 0));
        store<f64>(o + 7 * col, f64x2.extract_lane(s3, 1));
      }
    }
    // the batch's blocks are summed: the next batch starts at the same place
    r0 = r1;
  }
}

/**
 * The session bootstrap of the trade figures over per-session sums (stats trade-bootstrap.ts
 * `fromSessionSums`): each of `reps` draws takes S sessions ⌊u·S⌋ (one mulberry32 step each, state
 * from `seed`) and adds their six sums (win sum, win count, result sum, result count, gain, loss:
 * record a at rec + 48·a) in draw order. out: reps × 6 f64, the draw's six totals. Four uniforms at a
 * time in i32x4 lanes (the k-th step's state is seed + k·STEP), converted and scaled by the very f64
 * operations the TypeScript uses; the sums are added one session at a time, in order.
 */
export function sessionSumDraws(recPtr: usize, S: i32, reps: i32, seed: i32, outPtr: usize): void {
  let s = seed;
  const steps = i32x4(STEP, 2 * STEP, 3 * STEP, 4 * STEP);
  const two32 = f64x2.splat(4294967296.0);
  const fS = <f64>S;
  const vS = f64x2.splat(fS);
  for (let b = 0; b < reps; b++) {
    let a0 = f64x2.splat(0), a1 = f64x2.splat(0), a2 = f64x2.splat(0);
    let j = 0;
    for (; j + 4 <= S; j += 4) {
      const x = mix4(i32x4.add(i32x4.splat(s), steps));
      s += 4 * STEP;
      const lo = f64x2.floor(f64x2.mul(f64x2.div(f64x2.convert_low_i32x4_u(x), two32), vS));
      const hi = f64x2.floor(f64x2.mul(f64x2.div(f64x2.convert_low_i32x4_u(i32x4.shuffle(x, x, 2, 3, 0, 1)), two32), vS));
      const r0 = recPtr + <usize>(<i32>f64x2.extract_lane(lo, 0)) * 48;
      a0 = f64x2.add(a0, v128.load(r0)); a1 = f64x2.add(a1, v128.load(r0, 16)); a2 = f64x2.add(a2, v128.load(r0, 32));
      const r1 = recPtr + <usize>(<i32>f64x2.extract_lane(lo, 1)) * 48;
      a0 = f64x2.add(a0, v128.load(r1)); a1 = f64x2.add(a1, v128.load(r1, 16)); a2 = f64x2.add(a2, v128.load(r1, 32));
      const r2 = recPtr + <usize>(<i32>f64x2.extract_lane(hi, 0)) * 48;
      a0 = f64x2.add(a0, v128.load(r2)); a1 = f64x2.add(a1, v128.load(r2, 16)); a2 = f64x2.add(a2, v128.load(r2, 32));
      const r3 = recPtr + <usize>(<i32>f64x2.extract_lane(hi, 1)) * 48;
      a0 = f64x2.add(a0, v128.load(r3)); a1 = f64x2.add(a1, v128.load(r3, 16)); a2 = f64x2.add(a2, v128.load(r3, 32));
    }
    for (; j < S; j++) {
      s += STEP;
      const r = recPtr + <usize>(<i32>Math.floor((<f64>(<u32>mix(s)) / 4294967296.0) * fS)) * 48;
      a0 = f64x2.add(a0, v128.load(r)); a1 = f64x2.add(a1, v128.load(r, 16)); a2 = f64x2.add(a2, v128.load(r, 32));
    }
    const o = outPtr + <usize>b * 48;
    v128.store(o, a0);
    v128.store(o, a1, 16);
    v128.store(o, a2, 32);
  }
}
