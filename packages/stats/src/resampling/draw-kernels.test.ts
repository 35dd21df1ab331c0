// The WebAssembly draw loops (core-wasm draws.ts) against the TypeScript loops they replace: the
// stationary draw itself, the reality check's bootstrap means and the SPA/StepM edge draws must be
// the very same numbers (Object.is on every double) for random inputs and the edge cases — one row
// short of a SIMD group, blocks wrapping the end, pNew 0 and 1, a single rule, no benchmark, no
// exposure, the benchmark held fixed, −0 and values of every size — and the session bootstrap's
// per-session sums.
import { drawStationary } from "@tda/core-wasm";
import { afterEach, describe, expect, it } from "vitest";
import { mulberry32 } from "../thresholds/prng.js";
import { realityCheckMeans } from "../thresholds/reality-check.js";
import { drawKernels, mulberryState, stationaryMulberryDraw } from "../thresholds/stationary-draw.js";
import { type EdgeInput, edgeDraws } from "./edge-draws.js";
import { makeResampler } from "./resampling-scheme.js";
import { sessionDrawsTs, sessionDrawsWasm, tradeSessionBootstrap } from "./trade-bootstrap.js";

afterEach(() => {
  drawKernels.wasm = true;
});

function sameBits(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  expect(a.length, what).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) expect(`${what}[${i}] = ${b[i]}`).toBe(`${what}[${i}] = ${a[i]}`);
}

/** Values of every kind a series may hold: ordinary, tiny, huge, ±0, integers. */
function series(rand: () => number, n: number): Float64Array {
  const kind = Math.floor(rand() * 4);
  return Float64Array.from({ length: n }, () => {
    const u = rand();
    if (kind === 0) return u < 0.1 ? -0 : u < 0.2 ? 0 : (u - 0.5) * 8;
    if (kind === 1) return Math.round((u - 0.5) * 20);
    if (kind === 2) return (u - 0.5) * 10 ** Math.floor(rand() * 30 - 15);
    return u < 0.5 ? 1 : 0;
  });
}

const P_NEW = [0, 1, 0.999999, 0.5, 1 / 3, 0.1, 0.01, 1 / 7, 2 ** -32, 1 - 2 ** -33];

describe("drawStationary (WebAssembly) is stationaryMulberryDraw", () => {
  it("gives the same blocks and state, draw after draw", () => {
    const rand = mulberry32(7);
    for (let c = 0; c < 300; c++) {
      const n = c < 12 ? c + 1 : 1 + Math.floor(rand() * (c % 3 ? 60 : 3000));
      const pNew = P_NEW[c % P_NEW.length]!;
      const seed = [0, -1, 2 ** 31 - 1, -(2 ** 31), 42, c * 7919][c % 6]!;
      const ts = mulberryState(seed), wa = mulberryState(seed);
      for (let d = 0; d < 4; d++) {
        const s1 = new Int32Array(n), l1 = new Int32Array(n), s2 = new Int32Array(n), l2 = new Int32Array(n);
        const k1 = stationaryMulberryDraw(ts, n, pNew, s1, l1);
        const k2 = drawStationary(wa, n, pNew, s2, l2);
        expect(k2, `n ${n} pNew ${pNew} draw ${d}`).toBe(k1);
        sameBits(s2.subarray(0, k2), s1.subarray(0, k1), "start");
        sameBits(l2.subarray(0, k2), l1.subarray(0, k1), "length");
        expect(wa[0]).toBe(ts[0]);
      }
    }
  });

  it("rejects settings outside their domain", () => {
    const s = new Int32Array(4);
    expect(() => drawStationary(mulberryState(1), 0, 0.5, s, s)).toThrow(/rows must be a whole number ≥ 1/);
    expect(() => drawStationary(mulberryState(1), 4, 1.5, s, s)).toThrow(/chance of a new block must be in \[0, 1\]/);
    expect(() => drawStationary(mulberryState(1), 4, NaN, s, s)).toThrow(/chance of a new block/);
    expect(() => drawStationary(mulberryState(1), 8, 0.5, s, s)).toThrow(/must hold 8 blocks/);
  });
});

describe("the reality check's bootstrap means in WebAssembly are the TypeScript ones", () => {
  it("on random series, every block length, one to nineteen series", () => {
    const rand = mulberry32(11);
    for (let c = 0; c < 80; c++) {
      const K = [1, 2, 7, 8, 9, 16, 17, 19][c % 8]!;
      const n = [2, 3, 5, 17, 100, 1001][c % 6]!;
      const L = [1, 2, 3, 10, 100, 5000][Math.floor(rand() * 6)]!;
      const reps = [1, 2, 37][c % 3]!;
      const s = Array.from({ length: K }, () => series(rand, n));
      const seed = c * 31 - 7;
      drawKernels.wasm = false;
      const ts = realityCheckMeans(s, reps, L, "stationary", seed);
      drawKernels.wasm = true;
      const wa = realityCheckMeans(s, reps, L, "stationary", seed);
      for (let k = 0; k < K; k++) sameBits(wa[k]!, ts[k]!, `K ${K} n ${n} L ${L} series ${k}`);
    }
  });

  it("more draws than one batch holds (mean block 1: a block a row)", () => {
    const rand = mulberry32(5);
    const n = 3000, reps = 400; // 1.2 M blocks: more than the kernel's batch of 2²⁰
    const s = Array.from({ length: 3 }, () => series(rand, n));
    drawKernels.wasm = false;
    const ts = realityCheckMeans(s, reps, 1, "stationary", 9);
    drawKernels.wasm = true;
    const wa = realityCheckMeans(s, reps, 1, "stationary", 9);
    for (let k = 0; k < 3; k++) sameBits(wa[k]!, ts[k]!, `series ${k}`);
  });
});

describe("the SPA/StepM edge draws in WebAssembly are the TypeScript ones", () => {
  const cases: [string, (rand: () => number, K: number, n: number) => EdgeInput][] = [
    ["benchmark and exposure", (rand, K, n) => ({ performance: Array.from({ length: K }, () => series(rand, n)), benchmark: series(rand, n), exposure: Array.from({ length: K }, () => series(rand, n)) })],
    ["benchmark, no exposure", (rand, K, n) => ({ performance: Array.from({ length: K }, () => series(rand, n)), benchmark: series(rand, n) })],
    ["no benchmark", (rand, K, n) => ({ performance: Array.from({ length: K }, () => series(rand, n)), exposure: Array.from({ length: K }, () => series(rand, n)) })],
    ["performance only", (rand, K, n) => ({ performance: Array.from({ length: K }, () => series(rand, n)) })],
  ];
  for (const [name, make] of cases) {
    it(name, () => {
      const rand = mulberry32(name.length);
      for (let c = 0; c < 40; c++) {
        const K = [1, 2, 3, 4, 5, 12][c % 6]!;
        const n = [1, 2, 3, 9, 64, 700][Math.floor(rand() * 6)]!;
        const L = [1, 2, 10, 100, 2000][c % 5]!;
        const reps = [1, 5, 23][c % 3]!;
        const perDraw = c % 4 !== 3;
        const input = make(rand, K, n);
        drawKernels.wasm = false;
        const ts = edgeDraws(input, makeResampler({ kind: "stationary", meanBlockLength: L }, n, c), reps, perDraw);
        drawKernels.wasm = true;
        const wa = edgeDraws(input, makeResampler({ kind: "stationary", meanBlockLength: L }, n, c), reps, perDraw);
        sameBits(wa.means, ts.means, `${name} K ${K} n ${n} means`);
        sameBits(wa.draws, ts.draws, `${name} K ${K} n ${n} L ${L} draws`);
        expect(wa.benchmarkPerDraw).toBe(ts.benchmarkPerDraw);
      }
    });
  }

  it("leaves the resampler where the TypeScript loop leaves it (its next draw is the same)", () => {
    const rand = mulberry32(3);
    const n = 500;
    const input = { performance: [series(rand, n), series(rand, n)], benchmark: series(rand, n) };
    const next = (wasm: boolean) => {
      drawKernels.wasm = wasm;
      const r = makeResampler({ kind: "stationary", meanBlockLength: 10 }, n, 77);
      edgeDraws(input, r, 17, true);
      const start = new Int32Array(n), length = new Int32Array(n);
      const count = r.draw(start, length);
      return [...start.subarray(0, count), ...length.subarray(0, count)];
    };
    expect(next(true)).toEqual(next(false));
  });
});

describe("the session bootstrap's draws in WebAssembly are the TypeScript ones", () => {
  it("gives the same six totals per draw for any sums, sessions and seed", () => {
    const rand = mulberry32(21);
    for (let c = 0; c < 60; c++) {
      const S = [1, 2, 3, 4, 5, 7, 8, 63, 257][c % 9]!;
      const reps = [1, 3, 50][c % 3]!;
      const col = () => series(rand, S);
      const sums = { winSum: col(), winCount: col(), resultSum: col(), resultCount: col(), gain: col(), loss: col() };
      const seed = [1, 0, -5, 2 ** 31 - 1, 4294967295, c][c % 6]!;
      sameBits(sessionDrawsWasm(sums, S, reps, seed), sessionDrawsTs(sums, S, reps, seed), `S ${S} reps ${reps} seed ${seed}`);
    }
  });

  it("and tradeSessionBootstrap's intervals with and without it agree", () => {
    const rand = mulberry32(2);
    const n = 900;
    const sessions = Array.from({ length: n }, (_, i) => `s${Math.floor(i / 13)}`);
    const win = Float64Array.from({ length: n }, () => (rand() < 0.4 ? 1 : rand() < 0.05 ? NaN : 0));
    const result = Float64Array.from({ length: n }, () => Math.round((rand() - 0.5) * 30));
    drawKernels.wasm = false;
    const ts = tradeSessionBootstrap({ win, result }, sessions, { reps: 300, seed: 4 });
    drawKernels.wasm = true;
    const wa = tradeSessionBootstrap({ win, result }, sessions, { reps: 300, seed: 4 });
    expect(wa).toEqual(ts);
  });
});
