/**
 * One stationary-bootstrap draw (Politis & Romano 1994) with the mulberry32 generator written
 * inline: the same arithmetic on the same 32-bit state as `bootstrapBlocksInto(n, L, "stationary",
 * mulberry32(seed), …)`, so the same uniforms and the very same blocks, draw after draw.
 *
 * It is a plain function of its arguments, with the generator's state in an Int32Array, on
 * purpose: V8 then keeps the state in a 32-bit register for the whole row loop. Read from a closure
 * variable or an object field (a number above 2³¹ is a heap double there), the loop's state became a
 * double and every row paid conversions — four to seven times slower for the same numbers.
 * `s + C | 0` and `s + C >>> 0` have the same 32 bits, and every later step reads only those bits.
 */

/** Writes one draw of n rows into start/length (each ≥ n long) and returns its block count; advances state[0]. */
export function stationaryMulberryDraw(state: Int32Array, n: number, pNew: number, start: Int32Array, length: Int32Array): number {
  let s = state[0]!;
  let t: number;
  // one mulberry32 step (prng.ts): u = ((t ^ (t >>> 14)) >>> 0) / 2³²
  s = (s + 0x6d2b79f5) | 0;
  t = Math.imul(s ^ (s >>> 15), s | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  start[0] = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  let count = 1;
  let run = 1;
  for (let row = 1; row < n; row++) {
    s = (s + 0x6d2b79f5) | 0;
    t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    if (((t ^ (t >>> 14)) >>> 0) / 4294967296 < pNew) {
      length[count - 1] = run;
      s = (s + 0x6d2b79f5) | 0;
      t = Math.imul(s ^ (s >>> 15), s | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      start[count] = Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
      count++;
      run = 1;
    } else run++;
  }
  length[count - 1] = run;
  state[0] = s;
  return count;
}

/** The generator state of `mulberry32(seed)` for stationaryMulberryDraw. */
export function mulberryState(seed: number): Int32Array {
  return Int32Array.of(seed | 0);
}

/**
 * Whether the draw loops of the reality check and of the SPA/StepM edge draws run in WebAssembly
 * (@tda/core-wasm draws.ts) or in the TypeScript they replace. Both give the same bits; the switch
 * is for the differential tests and the benches.
 */
export const drawKernels: { wasm: boolean } = { wasm: true };
