/**
 * Remove design columns that are linear combinations of earlier ones (e.g. an interaction of two
 * flags that never occur together is all zeros, or a feature that is constant in the sample is
 * aliased with the intercept), one at a time in column order, as R's `lm` does with NA
 * coefficients. Returns the reduced design and the names removed.
 */
import type { Design } from "./design.js";
import { householderQR } from "./householder-qr.js";

export function dropAliasedColumns(design: Design, n: number): { design: Design; dropped: string[] } {
  let names = [...design.names];
  let columns = [...design.columns];
  const dropped: string[] = [];
  for (;;) {
    if (columns.length === 0) break;
    const qr = householderQR(columns, n);
    if (qr.deficientColumn < 0) break;
    dropped.push(names[qr.deficientColumn]!);
    names = names.filter((_, j) => j !== qr.deficientColumn);
    columns = columns.filter((_, j) => j !== qr.deficientColumn);
  }
  return { design: { names, columns }, dropped };
}
