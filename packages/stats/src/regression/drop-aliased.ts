/**
 * Remove design columns that are linear combinations of earlier ones (e.g. an interaction of two
 * flags that never occur together is all zeros, or a feature that is constant in the sample is
 * aliased with the intercept), in column order, as R's `lm` does with NA coefficients. Returns the
 * reduced design and the names removed.
 *
 * One Householder pass that skips each aliased column as it meets it gives exactly the columns
 * (and the same R, bit for bit) that refitting after every single drop gave, at the cost of one
 * factorisation instead of one per aliased column.
 */
import type { Design } from "./design.js";
import { householderQR, householderQRDroppingAliased, type QR, rememberQR } from "./householder-qr.js";

export interface DropAliasedOptions {
  /**
   * Remember the factorisation for `householderQRReusing` (default true), so that ols/logit find
   * it by themselves; a caller that hands `qr` to the fit (`{ qr }` in their options) can skip it
   * and save the column sums the remembering and its check take.
   */
  remember?: boolean;
  /**
   * A right-hand side y: the factorisation then carries Qᵀy (`qr.qty`, see `QROptions.rhs`), which
   * `ols(y, design, { qr })` uses instead of applying the reflections to y again.
   */
  rhs?: ArrayLike<number>;
  /**
   * Keep the Householder vectors in `qr` (default true); the fits need them only for Qᵀy of a y that
   * `rhs` did not give. A factorisation without them is never remembered.
   */
  keepVectors?: boolean;
}

export function dropAliasedColumns(
  design: Design,
  n: number,
  options: DropAliasedOptions = {},
): { design: Design; dropped: string[]; qr: QR } {
  if (design.columns.length === 0)
    return { design: { names: [...design.names], columns: [...design.columns] }, dropped: [], qr: householderQR([], n, options.rhs !== undefined ? { rhs: options.rhs } : {}) };
  const { qr, kept, dropped } = householderQRDroppingAliased(design.columns, n, {
    ...(options.rhs !== undefined ? { rhs: options.rhs } : {}),
    ...(options.keepVectors === false ? { keepVectors: false } : {}),
  });
  const columns = kept.map((j) => design.columns[j]!);
  // the fit of the reduced design reuses this factorisation instead of computing it again
  if ((options.remember ?? true) && options.keepVectors !== false) rememberQR(columns, n, qr);
  return { design: { names: kept.map((j) => design.names[j]!), columns }, dropped: dropped.map((j) => design.names[j]!), qr };
}
