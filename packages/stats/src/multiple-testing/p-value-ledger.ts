/**
 * Every p-value a report makes, in one list, with its Benjamini–Hochberg q-value across the whole
 * list and the flags a reader needs: significant at α before correction, after correction, and
 * "significant only before correction" (p < α but q ≥ α) — the results most likely to be noise.
 */
import { benjaminiHochberg } from "./benjamini-hochberg.js";
import { holm } from "./holm.js";

export interface PValueEntry {
  /** Stable identifier, e.g. "ols:ret_20:vol_star". */
  id: string;
  /** Where the test comes from: "group", "ols", "logit", "model", "threshold". */
  source: string;
  /** Human-readable description. */
  label: string;
  p: number;
}

export interface AdjustedPValue extends PValueEntry {
  q: number;
  holm: number;
  significant: boolean;
  significantAfterCorrection: boolean;
  onlyBeforeCorrection: boolean;
}

export function adjustPValues(entries: readonly PValueEntry[], alpha = 0.05): AdjustedPValue[] {
  const valid = entries.filter((e) => Number.isFinite(e.p));
  const q = benjaminiHochberg(valid.map((e) => e.p));
  const h = holm(valid.map((e) => e.p));
  return valid.map((e, i) => {
    const significant = e.p < alpha;
    const significantAfterCorrection = q[i]! < alpha;
    return { ...e, q: q[i]!, holm: h[i]!, significant, significantAfterCorrection, onlyBeforeCorrection: significant && !significantAfterCorrection };
  });
}
