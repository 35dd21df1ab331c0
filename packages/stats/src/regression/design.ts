/**
 * The numeric input of a regression: named columns of equal length (the design matrix X by
 * columns). Build one by hand, or from a table and a formula with `formula/`.
 */
export interface Design {
  names: string[];
  columns: ArrayLike<number>[];
}

/** Index of the first column that is a non-zero constant (the intercept), or −1. */
export function findIntercept(design: Design, n: number): number {
  const columns = design.columns;
  for (let j = 0; j < columns.length; j++) if (isNonZeroConstant(columns[j]!, n)) return j;
  return -1;
}

function isNonZeroConstant(c: ArrayLike<number>, n: number): boolean {
  if (n === 0) return false;
  const v = c[0]!;
  if (v === 0) return false;
  for (let i = 1; i < n; i++) if (c[i] !== v) return false;
  return true;
}

export function designRows(design: Design): number {
  return design.columns.length ? design.columns[0]!.length : 0;
}
