/**
 * Test-only: plain, row-by-row versions of the resamplers, written independently of the block
 * machinery (they consume the same random numbers in the same order, so draws can be compared).
 */
import { mulberry32 } from "../src/thresholds/prng.js";

export function naiveStationaryDraws(n: number, L: number, seed: number, reps: number): number[][] {
  const rand = mulberry32(seed);
  const out: number[][] = [];
  for (let r = 0; r < reps; r++) {
    const idx: number[] = [Math.floor(rand() * n)];
    for (let t = 1; t < n; t++) idx.push(rand() < 1 / L ? Math.floor(rand() * n) : (idx[t - 1]! + 1) % n);
    out.push(idx);
  }
  return out;
}

export function naiveSessionDraws(labels: string[], seed: number, reps: number): number[][] {
  const rand = mulberry32(seed);
  const sessions: number[][] = [];
  labels.forEach((l, i) => {
    if (i === 0 || l !== labels[i - 1]) sessions.push([]);
    sessions[sessions.length - 1]!.push(i);
  });
  const out: number[][] = [];
  for (let r = 0; r < reps; r++) {
    const idx: number[] = [];
    for (let b = 0; b < sessions.length; b++) idx.push(...sessions[Math.floor(rand() * sessions.length)]!);
    out.push(idx);
  }
  return out;
}

export const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Deterministic noise for test data. */
export function gaussian(seed: number): () => number {
  const rand = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}
