/** Number formatting shared by every part of the report. Deterministic: fixed digits, "—" for missing. */

export function num(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return v.toFixed(digits);
}

export function pct(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? "—" : `${(v * 100).toFixed(digits)}%`;
}

/** p-values: 3 decimals, scientific below 0.001; an underflowed 0 is shown as "< 1e-300", never "0". */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "—";
  if (p < 1e-300) return "< 1e-300";
  return p < 0.001 ? p.toExponential(2) : p.toFixed(3);
}
