/**
 * Point of control, Dalton's value area and profile shape (SPEC §6) over one histogram: counts[r] is
 * the TPO count (or volume) of row r, rows 0 … n−1 running from the profile's low to its high. Row
 * indices here are relative to the profile; callers add the profile's first row.
 */

export type ProfileShape = "D" | "P" | "b" | "thin";

export interface ValueArea {
  /** Rows (relative). */
  poc: number;
  val: number;
  vah: number;
  /** Sum of the counts inside [val, vah], and of the whole profile. */
  area: number;
  total: number;
}

/**
 * The row with the largest count; ties → the row nearest the middle of the profile ((high + low) / 2,
 * i.e. (n − 1) / 2 in rows), then the lower row. −1 for an empty profile (no rows).
 */
export function pointOfControl(counts: ArrayLike<number>): number {
  const n = counts.length;
  let best = -1;
  for (let r = 0; r < n; r++) {
    if (best < 0) { best = r; continue; }
    const c = counts[r]!, b = counts[best]!;
    // twice the distance to the middle keeps it an integer: |2r − (n − 1)|
    if (c > b || (c === b && Math.abs(2 * r - (n - 1)) < Math.abs(2 * best - (n - 1)))) best = r;
    // equal count and equal distance: the earlier (lower) row stays
  }
  return best;
}

/**
 * Dalton's two-row method: start at the POC; while 100·area < pct·total, look at the next two rows
 * above the area and the next two below (fewer where the profile ends), add the side with the larger
 * sum (the upper one on a tie); when one side has no rows left, add the other. The test is evaluated
 * as (100·area) / total < pct: with integer counts 100·area is exact and the quotient is correctly
 * rounded, so it is exact for any decimal pct (the product 64.4 · 250 = 16100.000000000002 is not).
 * An empty total (0 / 0) stops at once, as 0 < 0 would.
 */
export function valueArea(counts: ArrayLike<number>, pct = 70): ValueArea {
  const n = counts.length;
  if (n === 0) throw new Error("valueArea: empty profile");
  let total = 0;
  for (let r = 0; r < n; r++) total += counts[r]!;
  const poc = pointOfControl(counts);
  let val = poc, vah = poc;
  let area = counts[poc]!;
  while ((100 * area) / total < pct) {
    const upRows = Math.min(2, n - 1 - vah), downRows = Math.min(2, val);
    if (upRows === 0 && downRows === 0) break; // every row is in (only possible with pct > 100)
    let up = 0, down = 0;
    for (let k = 1; k <= upRows; k++) up += counts[vah + k]!;
    for (let k = 1; k <= downRows; k++) down += counts[val - k]!;
    if (downRows === 0 || (upRows > 0 && up >= down)) { vah += upRows; area += up; }
    else { val -= downRows; area += down; }
  }
  return { poc, val, vah, area, total };
}

export interface ShapeParams {
  thinRatio: number; // 0.30
  pShape: number; // 0.65
  bShape: number; // 0.35
}

/**
 * x = (POC − low) / (high − low); thin when (VAH − VAL) / (high − low) < thinRatio, else P when
 * x > pShape, b when x < bShape, else D. A one-row profile is D. Rows are relative (low = row 0).
 */
export function profileShape(va: Pick<ValueArea, "poc" | "val" | "vah">, nRows: number, p: ShapeParams): ProfileShape {
  if (nRows <= 1) return "D";
  const range = nRows - 1;
  if ((va.vah - va.val) / range < p.thinRatio) return "thin";
  const x = va.poc / range;
  if (x > p.pShape) return "P";
  if (x < p.bShape) return "b";
  return "D";
}
