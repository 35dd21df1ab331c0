/**
 * Benjamini–Hochberg (1995) q-values: the step-up adjusted p-values that control the false
 * discovery rate. Sorted ascending, q_(i) = min_{j ≥ i} min(1, m·p_(j)/j); returned in input order.
 * NaN p-values are ignored (q = NaN) and do not count towards m.
 *
 * @example benjaminiHochberg([0.01, 0.04, 0.03, 0.005]) // [0.02, 0.04, 0.04, 0.02]
 */
export function benjaminiHochberg(p: readonly number[]): number[] {
  const idx = p.map((_, i) => i).filter((i) => !Number.isNaN(p[i]!));
  idx.sort((a, b) => p[a]! - p[b]! || a - b);
  const m = idx.length;
  const q = new Array<number>(p.length).fill(NaN);
  let running = 1;
  for (let r = m - 1; r >= 0; r--) {
    const i = idx[r]!;
    running = Math.min(running, (m * p[i]!) / (r + 1));
    q[i] = Math.min(1, running);
  }
  return q;
}
