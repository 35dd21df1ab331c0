/**
 * Every subset of size m of {0, …, s − 1} as a bitmask, in increasing numeric order (Gosper's hack,
 * Knuth TAOCP 4A §7.1.3); s ≤ 30. There are C(s, m) of them.
 */
export function combinationMasks(s: number, m: number): Int32Array {
  if (!Number.isInteger(s) || s < 1 || s > 30) throw new RangeError(`combinations: set size must be 1 … 30, got ${s}`);
  if (!Number.isInteger(m) || m < 0 || m > s) throw new RangeError(`combinations: subset size must be 0 … ${s}, got ${m}`);
  const out = new Int32Array(binomial(s, m));
  if (m === 0) return out;
  let c = (1 << m) - 1;
  const limit = 1 << s;
  let i = 0;
  while (c < limit) {
    out[i++] = c;
    const u = c & -c;
    const v = c + u;
    c = v + (((v ^ c) / u) >> 2);
  }
  return out;
}

export function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}
