// Small, dependency-free SVG charts for the self-contained HTML report. Deterministic output (fixed
// number formatting), so the same run gives the same bytes.

export const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const fmt = (x: number): string => (Number.isFinite(x) ? (Math.round(x * 100) / 100).toString() : "");
const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) out.push(Math.round(v / step) * step);
  return out;
}

function extent(values: number[], includeZero = true): [number, number] {
  const f = values.filter(Number.isFinite);
  let lo = Math.min(...f, includeZero ? 0 : Infinity), hi = Math.max(...f, includeZero ? 0 : -Infinity);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (lo === hi) { lo -= 1; hi += 1; }
  return [lo, hi];
}

export interface Series { name: string; points: [number, number][] }

/** Line chart of several series over a numeric x axis. */
export function lineChart(title: string, series: Series[], opts: { xLabel: string; yLabel: string; width?: number; height?: number }): string {
  const W = opts.width ?? 640, H = opts.height ?? 300, L = 60, T = 30, B = 40;
  const R = Math.min(320, 30 + 6.5 * Math.max(8, ...series.map((s) => s.name.length)));
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const [x0, x1] = extent(xs, false), [y0, y1] = extent(ys);
  const X = (x: number) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
  const Y = (y: number) => H - B - ((y - y0) / (y1 - y0)) * (H - T - B);
  const parts: string[] = [];
  parts.push(`<text x="${L}" y="18" class="t">${esc(title)}</text>`);
  for (const t of niceTicks(y0, y1)) parts.push(`<line x1="${L}" x2="${W - R}" y1="${fmt(Y(t))}" y2="${fmt(Y(t))}" class="g"/><text x="${L - 6}" y="${fmt(Y(t) + 4)}" class="yl">${fmt(t)}</text>`);
  for (const t of niceTicks(x0, x1, 8)) parts.push(`<text x="${fmt(X(t))}" y="${H - B + 16}" class="xl">${fmt(t)}</text>`);
  if (y0 < 0 && y1 > 0) parts.push(`<line x1="${L}" x2="${W - R}" y1="${fmt(Y(0))}" y2="${fmt(Y(0))}" class="z"/>`);
  series.forEach((s, k) => {
    const c = COLORS[k % COLORS.length];
    const d = s.points.filter((p) => Number.isFinite(p[1])).map((p, j) => `${j ? "L" : "M"}${fmt(X(p[0]))},${fmt(Y(p[1]))}`).join("");
    if (d) parts.push(`<path d="${d}" fill="none" stroke="${c}" stroke-width="1.6"/>`);
    parts.push(`<rect x="${W - R + 10}" y="${T + k * 16}" width="10" height="10" fill="${c}"/><text x="${W - R + 24}" y="${T + k * 16 + 9}" class="lg">${esc(s.name)}</text>`);
  });
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - 6}" class="xl">${esc(opts.xLabel)}</text>`);
  parts.push(`<text x="12" y="${(T + H - B) / 2}" class="yl" transform="rotate(-90 12 ${(T + H - B) / 2})">${esc(opts.yLabel)}</text>`);
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" style="max-width:${W}px" role="img">${parts.join("")}</svg>`;
}

/** Horizontal bar chart (one bar per label), with optional error whiskers [lo, hi]; bars at or above `ref` (0 by default) are green, below it red. */
export function barChart(title: string, rows: { label: string; value: number; lo?: number; hi?: number }[], opts: { unit: string; ref?: number; width?: number }): string {
  const W = opts.width ?? 960, rowH = 18, L = 440, R = 70, T = 30;
  const H = T + rows.length * rowH + 30;
  const vals = rows.flatMap((r) => [r.value, r.lo ?? r.value, r.hi ?? r.value]);
  if (opts.ref !== undefined) vals.push(opts.ref);
  const [v0, v1] = extent(vals);
  const X = (v: number) => L + ((v - v0) / (v1 - v0)) * (W - L - R);
  const parts: string[] = [`<text x="${L}" y="18" class="t">${esc(title)}</text>`];
  rows.forEach((r, k) => {
    const y = T + k * rowH;
    const a = X(Math.min(0, r.value)), b = X(Math.max(0, r.value));
    parts.push(`<text x="${L - 6}" y="${y + 12}" class="yl">${esc(r.label)}</text>`);
    if (Number.isFinite(r.value)) parts.push(`<rect x="${fmt(a)}" y="${y + 3}" width="${fmt(Math.max(b - a, 0.5))}" height="${rowH - 6}" fill="${r.value >= (opts.ref ?? 0) ? "#2ca02c" : "#d62728"}" opacity="0.75"/>`);
    if (r.lo !== undefined && r.hi !== undefined && Number.isFinite(r.lo) && Number.isFinite(r.hi)) parts.push(`<line x1="${fmt(X(r.lo))}" x2="${fmt(X(r.hi))}" y1="${y + 9}" y2="${y + 9}" stroke="#333"/>`);
    parts.push(`<text x="${fmt(Math.max(b, X(0)) + 4)}" y="${y + 12}" class="lg">${fmt(r.value)}${esc(opts.unit)}</text>`);
  });
  parts.push(`<line x1="${fmt(X(0))}" x2="${fmt(X(0))}" y1="${T}" y2="${H - 30}" class="z"/>`);
  if (opts.ref !== undefined) parts.push(`<line x1="${fmt(X(opts.ref))}" x2="${fmt(X(opts.ref))}" y1="${T}" y2="${H - 30}" stroke="#555" stroke-dasharray="4 3"/>`);
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" style="max-width:${W}px" role="img">${parts.join("")}</svg>`;
}

export const CHART_CSS = `svg{background:#fff;border:1px solid #ddd;margin:6px 0}
svg .t{font:600 13px sans-serif}svg .g{stroke:#eee}svg .z{stroke:#999}
svg .yl{font:11px sans-serif;text-anchor:end}svg .xl{font:11px sans-serif;text-anchor:middle}svg .lg{font:11px sans-serif}`;
