// Small, dependency-free SVG charts for the self-contained HTML report. Deterministic output (fixed
// number formatting), so the same run gives the same bytes. Every chart has a viewBox and scales to
// its box (width 100%); layouts are chosen so that no two labels share space at any width: labels sit
// on their own line above a bar, a legend goes under the plot, tick labels are thinned by their
// estimated width.
import type { LineChart } from "../document/model.js";

export const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export const fmt = (x: number): string => (Number.isFinite(x) ? (Math.round(x * 100) / 100).toString() : "");
export const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

/**
 * Estimated width of a label in px for an 11 px sans-serif font (wide enough for digits and
 * capitals: the layouts use it only to keep labels apart, so over-estimating is safe).
 */
export const textWidth = (s: string, px = 11): number => [...s].length * px * 0.62;

export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9 * step; v += step) out.push(Math.round(v / step) * step);
  return out;
}

export function extent(values: number[], includeZero = true): [number, number] {
  const f = values.filter(Number.isFinite);
  let lo = Math.min(...f, includeZero ? 0 : Infinity), hi = Math.max(...f, includeZero ? 0 : -Infinity);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (lo === hi) { lo -= 1; hi += 1; }
  return [lo, hi];
}

/**
 * Keeps the labels (at positions `at`, each `width` wide, centred) that fit without touching the one
 * kept before, in order: the first always stays.
 */
export function thinLabels<T extends { at: number; width: number }>(labels: T[], gap = 6): T[] {
  const kept: T[] = [];
  for (const l of [...labels].sort((a, b) => a.at - b.at)) {
    const prev = kept[kept.length - 1];
    if (!prev || l.at - l.width / 2 >= prev.at + prev.width / 2 + gap) kept.push(l);
  }
  return kept;
}

/**
 * Vertical positions for labels that want to sit at `want` (sorted ascending), at least `gap` apart
 * and within [lo, hi]: pushed down past their neighbour, then back up from the bottom when they run
 * out of room. Returns the positions in the input order.
 */
export function spreadLabels(want: number[], gap: number, lo: number, hi: number): number[] {
  const order = want.map((_, k) => k).sort((a, b) => want[a]! - want[b]! || a - b);
  const pos = new Array<number>(want.length);
  let last = -Infinity;
  for (const k of order) { pos[k] = Math.max(want[k]!, last + gap, lo); last = pos[k]!; }
  let next = Infinity;
  for (let j = order.length - 1; j >= 0; j--) {
    const k = order[j]!;
    pos[k] = Math.min(pos[k]!, next - gap, hi);
    next = pos[k]!;
  }
  return pos;
}

export const svgOpen = (w: number, h: number, cls = ""): string =>
  `<svg viewBox="0 0 ${fmt(w)} ${fmt(h)}" width="100%" style="max-width:${fmt(w)}px"${cls ? ` class="${cls}"` : ""} role="img">`;

export interface Series { name: string; points: [number, number][] }

/** A line chart's axes, size, dated ticks (thinned so they never touch) and marks, as the document model gives them. */
export type LineOptions = Omit<LineChart, "type" | "title" | "series">;

/** Line chart of several series over a numeric x axis; the legend sits under the plot. */
export function lineChart(title: string, series: Series[], opts: LineOptions): string {
  const W = opts.width ?? 560, L = 58, R = 16, T = 26;
  const markRows = opts.marks?.length ? 2 : 0;
  const top = T + markRows * 13;
  const plotH = (opts.height ?? 300) - 70;
  // the legend: entries in rows under the axis label, each as wide as its name
  const legend: { x: number; row: number; name: string }[] = [];
  let lx = L, row = 0;
  for (const s of series) {
    const w = 18 + textWidth(s.name) + 14;
    if (lx + w > W - R && lx > L) { row++; lx = L; }
    legend.push({ x: lx, row, name: s.name });
    lx += w;
  }
  const axisY = top + plotH;
  const legendTop = axisY + 54;
  const H = series.length > 1 ? legendTop + row * 16 + 8 : axisY + 40;
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const [x0, x1] = extent(xs, false), [y0, y1] = extent(ys);
  const X = (x: number) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
  const Y = (y: number) => axisY - ((y - y0) / (y1 - y0)) * plotH;
  const parts: string[] = [];
  parts.push(`<text x="${L}" y="16" class="t">${esc(title)}</text>`);
  for (const t of niceTicks(y0, y1)) parts.push(`<line x1="${L}" x2="${W - R}" y1="${fmt(Y(t))}" y2="${fmt(Y(t))}" class="g"/><text x="${L - 6}" y="${fmt(Y(t) + 4)}" class="yl">${fmt(t)}</text>`);
  const xt = opts.xTicks ?? niceTicks(x0, x1, 8).map((x) => ({ x, label: fmt(x) }));
  const placed = thinLabels(xt.filter((t) => t.x >= x0 && t.x <= x1).map((t) => ({ ...t, at: X(t.x), width: textWidth(t.label) })), 10)
    // a label reaching left of the plot would sit on the y axis' lowest number
    .filter((t) => t.at - t.width / 2 >= L - 2 && t.at + t.width / 2 <= W);
  for (const t of placed) parts.push(`<line x1="${fmt(t.at)}" x2="${fmt(t.at)}" y1="${axisY}" y2="${axisY + 4}" class="z"/><text x="${fmt(t.at)}" y="${axisY + 16}" class="xl">${esc(t.label)}</text>`);
  if (y0 < 0 && y1 > 0) parts.push(`<line x1="${L}" x2="${W - R}" y1="${fmt(Y(0))}" y2="${fmt(Y(0))}" class="z"/>`);
  // marks: a dashed vertical line each; labels alternate between two rows and are dropped when
  // they would touch a label of their row
  const lastEnd = [-Infinity, -Infinity];
  for (const m of [...(opts.marks ?? [])].sort((a, b) => a.x - b.x)) {
    if (!(m.x >= x0 && m.x <= x1)) continue;
    const x = X(m.x);
    parts.push(`<line x1="${fmt(x)}" x2="${fmt(x)}" y1="${top - 2}" y2="${axisY}" class="mk"/>`);
    const w = textWidth(m.label, 10);
    const left = Math.min(Math.max(x - w / 2, 0), W - w);
    const r = lastEnd[0]! + 4 <= left ? 0 : lastEnd[1]! + 4 <= left ? 1 : -1;
    if (r < 0) continue;
    lastEnd[r] = left + w;
    parts.push(`<text x="${fmt(left + w / 2)}" y="${T + 9 + r * 13}" class="ml">${esc(m.label)}</text>`);
  }
  series.forEach((s, k) => {
    const c = COLORS[k % COLORS.length];
    const d = s.points.filter((p) => Number.isFinite(p[1])).map((p, j) => `${j ? "L" : "M"}${fmt(X(p[0]))},${fmt(Y(p[1]))}`).join("");
    if (d) parts.push(`<path d="${d}" fill="none" stroke="${c}" stroke-width="1.6"/>`);
    if (series.length > 1) {
      const e = legend[k]!;
      const y = legendTop + e.row * 16;
      parts.push(`<rect x="${fmt(e.x)}" y="${y - 9}" width="12" height="10" fill="${c}"/><text x="${fmt(e.x + 18)}" y="${y}" class="lg">${esc(s.name)}</text>`);
    }
  });
  parts.push(`<text x="${(L + W - R) / 2}" y="${axisY + 32}" class="xl">${esc(opts.xLabel)}</text>`);
  parts.push(`<text x="12" y="${fmt(top + plotH / 2)}" class="yl" transform="rotate(-90 12 ${fmt(top + plotH / 2)})" style="text-anchor:middle">${esc(opts.yLabel)}</text>`);
  return `${svgOpen(W, H)}${parts.join("")}</svg>`;
}

/**
 * Horizontal bar chart, one bar per row with its label on its own line above it, optional error
 * whiskers [lo, hi], and the value in a column right of the plot (so no whisker or line strikes
 * through it); bars at or above `ref` (0 by default) are green, below it red, `ref` drawn dashed.
 */
export function barChart(title: string, rows: { label: string; value: number; lo?: number; hi?: number }[], opts: { unit: string; ref?: number; width?: number }): string {
  const W = opts.width ?? Math.max(480, Math.min(640, 30 + Math.max(...rows.map((r) => textWidth(r.label))) + 60)), L = 10, T = 30, rowH = 32;
  const valueW = Math.max(...rows.map((r) => textWidth(`${fmt(r.value)}${opts.unit}`)), 20) + 10;
  const R = valueW + 12;
  const H = T + rows.length * rowH + 24;
  const vals = rows.flatMap((r) => [r.value, r.lo ?? r.value, r.hi ?? r.value]);
  if (opts.ref !== undefined) vals.push(opts.ref);
  const [v0, v1] = extent(vals);
  const X = (v: number) => L + ((v - v0) / (v1 - v0)) * (W - L - R);
  const parts: string[] = [`<text x="${L}" y="16" class="t">${esc(title)}</text>`];
  rows.forEach((r, k) => {
    const y = T + k * rowH;
    parts.push(`<text x="${L}" y="${y + 10}" class="lg">${esc(r.label)}</text>`);
    const barY = y + 14;
    const a = X(Math.min(0, r.value)), b = X(Math.max(0, r.value));
    if (Number.isFinite(r.value)) parts.push(`<rect x="${fmt(a)}" y="${barY}" width="${fmt(Math.max(b - a, 0.5))}" height="12" fill="${r.value >= (opts.ref ?? 0) ? "#2ca02c" : "#d62728"}" opacity="0.75"/>`);
    if (r.lo !== undefined && r.hi !== undefined && Number.isFinite(r.lo) && Number.isFinite(r.hi)) {
      parts.push(`<line x1="${fmt(X(r.lo))}" x2="${fmt(X(r.hi))}" y1="${barY + 6}" y2="${barY + 6}" stroke="#333" class="wh"/><line x1="${fmt(X(r.lo))}" x2="${fmt(X(r.lo))}" y1="${barY + 2}" y2="${barY + 10}" stroke="#333"/><line x1="${fmt(X(r.hi))}" x2="${fmt(X(r.hi))}" y1="${barY + 2}" y2="${barY + 10}" stroke="#333"/>`);
    }
    // the value in a column of its own right of the plot: no whisker or reference line reaches it
    parts.push(`<text x="${fmt(W - 6)}" y="${barY + 10}" class="yl">${fmt(r.value)}${esc(opts.unit)}</text>`);
  });
  parts.push(`<line x1="${fmt(X(0))}" x2="${fmt(X(0))}" y1="${T}" y2="${H - 24}" class="z"/>`);
  if (opts.ref !== undefined) {
    parts.push(`<line x1="${fmt(X(opts.ref))}" x2="${fmt(X(opts.ref))}" y1="${T}" y2="${H - 20}" stroke="#555" stroke-dasharray="4 3"/>`);
    const label = `base ${fmt(opts.ref)}${opts.unit}`;
    const w = textWidth(label);
    parts.push(`<text x="${fmt(Math.min(Math.max(X(opts.ref), L + w / 2), W - w / 2))}" y="${H - 6}" class="xl">${esc(label)}</text>`);
  }
  return `${svgOpen(W, H)}${parts.join("")}</svg>`;
}

export const CHART_CSS = `svg{background:#fff;border:1px solid #ddd;margin:6px 0;display:block}
svg .t{font:600 13px sans-serif}svg .g{stroke:#eee}svg .z{stroke:#999}svg .mk{stroke:#9467bd;stroke-dasharray:3 3}
svg .yl{font:11px sans-serif;text-anchor:end}svg .xl{font:11px sans-serif;text-anchor:middle}svg .lg{font:11px sans-serif}
svg .ml{font:10px sans-serif;text-anchor:middle;fill:#6a3d9a}svg .sm{font:10px sans-serif}svg .mono{font:10px monospace}
svg .t2{font:600 12px sans-serif}svg .tag{font:10px sans-serif;fill:#1f77b4}svg .bb{font-weight:700;fill:#1a7a1a}svg .sb{font-weight:700;fill:#b01c1c}
svg .tg{stroke:#2ca02c;stroke-dasharray:5 3}svg .st{stroke:#d62728;stroke-dasharray:5 3}svg .en{stroke:#777}svg .lv{stroke:#1f77b4;stroke-dasharray:2 2}svg .lvc{stroke:#9467bd;stroke-dasharray:2 2}`;
