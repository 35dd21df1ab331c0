/**
 * Holm (1979) step-down adjusted p-values, controlling the family-wise error rate.
 * Sorted ascending, adj_(i) = max_{j ≤ i} min(1, (m − j + 1)·p_(j)); returned in input order.
 * NaN p-values are ignored.
 *
 * @example holm([0.01, 0.04, 0.03, 0.005]) // [0.03, 0.06, 0.06, 0.02]
 */
export function holm(p: readonly number[]): number[] {
  const idx = p.map((_, i) => i).filter((i) => !Number.isNaN(p[i]!));
  idx.sort((a, b) => p[a]! - p[b]! || a - b);
  const m = idx.length;
  const out = new Array<number>(p.length).fill(NaN);
  let running = 0;
  idx.forEach((i, r) => {
    running = Math.max(running, Math.min(1, (m - r) * p[i]!));
    out[i] = running;
  });
  return out;
}
