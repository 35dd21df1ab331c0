import type { FootprintSample } from "@tda/engine";
import { esc, fmt, spreadLabels, svgOpen, textWidth } from "./svg.js";

export type { FootprintSample };

type Outcome = NonNullable<FootprintSample["outcome"]>;

/**
 * How the bracket trade of a sample ended, read from its path with SPEC §7's rule (each bar checks
 * the stop first): the bar (1 = the bar after entry) that hit the stop or the target, or the last
 * bar scanned.
 */
export function tradeExit(o: Outcome, direction: number): { bar: number; how: "stop" | "target" | "end" } {
  for (let j = 0; j < o.path.length; j++) {
    const b = o.path[j]!;
    if (direction > 0 ? b.low <= o.stop : b.high >= o.stop) return { bar: j + 1, how: "stop" };
    if (direction > 0 ? b.high >= o.target : b.low <= o.target) return { bar: j + 1, how: "target" };
  }
  return { bar: o.path.length, how: "end" };
}

const ROW = 14;

/**
 * A sample signal's card: the footprint ladder (price, bid × ask per row, imbalance cells coloured,
 * unfinished extremes dotted, the nearest level as a shaded row tagged at its end, so no line runs
 * through the numbers) and, beside it, the trade: the signal bar and the bars after it with entry,
 * stop and target, the exit marked and the result written under it. Without a footprint the card
 * holds the trade picture only.
 */
export function footprintSvg(s: FootprintSample): string {
  const d = s.direction === "short" ? -1 : 1;
  const hasFp = s.rows.length > 0;
  const head: string[] = wrap(s.title, hasFp ? 450 : 300, 12);
  const ohlc = `${s.direction} · O ${pts(s.open, s)} H ${pts(s.high, s)} L ${pts(s.low, s)} C ${pts(s.close, s)}`;
  head.push(ohlc);
  const m = s.marks;
  const markText = m ? marksLine(m) : [];
  const W = hasFp ? 470 : 300;
  const lines = [...head.map((t, k) => ({ t, cls: k < head.length - 1 ? "t2" : "lg" })), ...markText.flatMap((t) => wrap(t, W - 12, 11)).map((t) => ({ t, cls: "lg" }))];
  const parts: string[] = lines.map((l, k) => `<text x="6" y="${15 + k * 15}" class="${l.cls}">${esc(l.t)}</text>`);
  const top = 15 + lines.length * 15;

  let ladderH = 0;
  const left = hasFp ? 240 : 0;
  if (hasFp) {
    const prices = s.rows.map((r) => r.price);
    let hiP = Math.max(...prices), loP = Math.min(...prices);
    if (s.level && Math.abs(s.level.price - (hiP + loP) / 2) <= 30) { hiP = Math.max(hiP, s.level.price); loP = Math.min(loP, s.level.price); }
    const Y = (p: number) => top + (hiP - p) * ROW;
    ladderH = (hiP - loP + 1) * ROW;
    const byPrice = new Map(s.rows.map((r) => [r.price, r]));
    const buy = new Set(m?.buyRows ?? []), sell = new Set(m?.sellRows ?? []);
    if (s.level && s.level.price <= hiP && s.level.price >= loP) {
      const y = Y(s.level.price);
      parts.push(`<rect x="34" y="${y}" width="${left - 34}" height="${ROW}" fill="#1f77b4" opacity="0.13"/><text x="${left - 56}" y="${y + 11}" class="tag">${esc(s.level.kind)}</text>`);
    }
    for (let p = hiP; p >= loP; p--) {
      const y = Y(p);
      parts.push(`<text x="84" y="${y + 11}" class="yl">${pts(p, s)}</text>`);
      const r = byPrice.get(p);
      if (!r) continue;
      if (sell.has(p)) parts.push(`<rect x="92" y="${y + 1}" width="42" height="${ROW - 2}" fill="#d62728" opacity="0.18"/>`);
      if (buy.has(p)) parts.push(`<rect x="138" y="${y + 1}" width="42" height="${ROW - 2}" fill="#2ca02c" opacity="0.18"/>`);
      parts.push(`<text x="130" y="${y + 11}" class="yl${sell.has(p) ? " sb" : ""}">${r.bid}</text><text x="142" y="${y + 11}" class="lg${buy.has(p) ? " bb" : ""}">${r.ask}</text>`);
    }
    parts.push(`<text x="136" y="${top - 3}" class="xl">bid × ask</text>`);
    // a stacked imbalance: a bar beside the longest run of imbalance rows (green right of the asks,
    // red left of the bids)
    const stack = (rows: number[], x: number, color: string) => {
      const run = longestRun(rows);
      if (run) parts.push(`<rect x="${x}" y="${Y(run[1])}" width="3" height="${(run[1] - run[0] + 1) * ROW}" fill="${color}"/>`);
    };
    if (m?.stackedBuy) stack(m.buyRows, 181, "#2ca02c");
    if (m?.stackedSell) stack(m.sellRows, 88, "#d62728");
    if (m?.unfinishedHigh) parts.push(`<circle cx="29" cy="${Y(s.high) + ROW / 2}" r="3.5" fill="#ff7f0e"/>`);
    if (m?.unfinishedLow) parts.push(`<circle cx="29" cy="${Y(s.low) + ROW / 2}" r="3.5" fill="#ff7f0e"/>`);
    const bodyTop = Y(Math.max(s.open, s.close)), bodyBottom = Y(Math.min(s.open, s.close)) + ROW;
    parts.push(`<line x1="14" x2="14" y1="${Y(s.high)}" y2="${Y(s.low) + ROW}" stroke="#333"/>`);
    parts.push(`<rect x="8" y="${bodyTop}" width="12" height="${Math.max(bodyBottom - bodyTop, 2)}" fill="${s.close >= s.open ? "#2ca02c" : "#d62728"}" opacity="0.8"/>`);
  }

  // the trade: signal bar + path, its own price scale
  const o = s.outcome;
  const pathH = Math.max(ladderH, 170);
  const x0 = left + 8, labelW = 96, x1 = W - labelW;
  let footer: string[] = [];
  if (o) {
    const exit = tradeExit(o, d);
    const shown = o.path.slice(0, exit.bar);
    const bars = [{ open: s.open, high: s.high, low: s.low, close: s.close }, ...shown];
    const lv = s.level && Math.abs(s.level.price - o.entry) <= 40 ? s.level : undefined;
    const all = [...bars.flatMap((b) => [b.high, b.low]), o.stop, o.target, o.entry, ...(lv ? [lv.price] : [])];
    const hi = Math.max(...all) + 1, lo = Math.min(...all) - 1;
    const Y = (p: number) => top + 4 + ((hi - p) / (hi - lo)) * (pathH - 8);
    const cw = Math.min(12, (x1 - x0) / bars.length);
    const lineAt: { label: string; price: number; cls: string }[] = [
      { label: `target ${pts(o.target, s)}`, price: o.target, cls: "tg" },
      { label: `entry ${pts(o.entry, s)}`, price: o.entry, cls: "en" },
      { label: `stop ${pts(o.stop, s)}`, price: o.stop, cls: "st" },
      ...(lv ? [{ label: lv.kind, price: lv.price, cls: "lv" }] : []),
    ];
    const ys = spreadLabels(lineAt.map((l) => Y(l.price) + 4), 12, top + 10, top + pathH);
    lineAt.forEach((l, k) => {
      parts.push(`<line x1="${x0}" x2="${x1}" y1="${fmt(Y(l.price))}" y2="${fmt(Y(l.price))}" class="${l.cls}"/><text x="${x1 + 4}" y="${fmt(ys[k]!)}" class="sm">${esc(l.label)}</text>`);
    });
    bars.forEach((b, j) => {
      const cx = x0 + (j + 0.5) * cw;
      const up = b.close >= b.open;
      const bt = Y(Math.max(b.open, b.close)), bb = Y(Math.min(b.open, b.close));
      parts.push(`<line x1="${fmt(cx)}" x2="${fmt(cx)}" y1="${fmt(Y(b.high))}" y2="${fmt(Y(b.low))}" stroke="#555"/><rect x="${fmt(cx - cw * 0.35)}" y="${fmt(bt)}" width="${fmt(cw * 0.7)}" height="${fmt(Math.max(bb - bt, 1))}" fill="${up ? "#2ca02c" : "#d62728"}" opacity="${j ? 0.55 : 0.95}"${j ? "" : ` stroke="#000"`}/>`);
    });
    if (exit.bar > 0 && exit.how !== "end") {
      const cx = x0 + (exit.bar + 0.5) * cw, y = Y(exit.how === "stop" ? o.stop : o.target);
      parts.push(`<circle cx="${fmt(cx)}" cy="${fmt(y)}" r="4" fill="none" stroke="${exit.how === "stop" ? "#d62728" : "#2ca02c"}" stroke-width="2"/>`);
    }
    const sign = o.bracketTicks > 0 ? "+" : "";
    footer = [exit.how === "stop"
      ? `stopped on bar ${exit.bar}: ${sign}${fmt(o.bracketTicks)} ticks`
      : exit.how === "target"
        ? `target on bar ${exit.bar}: ${sign}${fmt(o.bracketTicks)} ticks`
        : `no stop or target in ${o.path.length} bars: ${sign}${fmt(o.bracketTicks)} ticks at the last close`,
    `MFE ${fmt(o.mfe)}${o.mfeBar > 0 ? ` (bar ${fmt(o.mfeBar)})` : ""} · MAE ${fmt(o.mae)} ticks`];
  } else {
    footer = ["no outcome: the session ended with this bar"];
  }
  const H = top + pathH + 22;
  const footLines = footer.flatMap((f) => wrap(f, W - left - 12, 11));
  const fy = top + pathH + 16;
  footLines.forEach((t, k) => parts.push(`<text x="${left + 8}" y="${fy + k * 14}" class="lg">${esc(t)}</text>`));
  const cardH = H + (footLines.length - 1) * 14;
  return `${svgOpen(W, cardH, "card")}${parts.join("")}</svg>`;
}

/** The longest run of consecutive prices [low, high] among `rows`, or undefined when empty. */
export function longestRun(rows: readonly number[]): [number, number] | undefined {
  const p = [...rows].sort((a, b) => a - b);
  let best: [number, number] | undefined, start = 0;
  for (let k = 0; k < p.length; k++) {
    if (k > 0 && p[k] !== p[k - 1]! + 1) start = k;
    if (!best || p[k]! - p[start]! > best[1] - best[0]) best = [p[start]!, p[k]!];
  }
  return best;
}

/** The SPEC §5 marks of a sample in words (a line each for imbalances and auctions). */
function marksLine(m: NonNullable<FootprintSample["marks"]>): string[] {
  const imb = `imbalance rows: ${m.imbBuy} buy (green), ${m.imbSell} sell (red)` + [m.stackedBuy ? " · stacked buy (bar)" : "", m.stackedSell ? " · stacked sell (bar)" : ""].join("");
  const unf = [m.unfinishedHigh ? "high" : "", m.unfinishedLow ? "low" : ""].filter(Boolean);
  return unf.length ? [imb, `● unfinished ${unf.join(" and ")} (both sides traded at the extreme)`] : [imb];
}

/** Splits a line at " · " (then at spaces) so each piece fits `width` px at `px` font. */
export function wrap(text: string, width: number, px: number): string[] {
  if (textWidth(text, px) <= width) return [text];
  const words = text.split(" ");
  const out: string[] = [];
  let cur = "";
  for (const w of words) {
    const next = cur ? `${cur} ${w}` : w;
    if (cur && textWidth(next, px) > width) { out.push(cur); cur = w; } else cur = next;
  }
  if (cur) out.push(cur);
  return out;
}

function pts(ticks: number, s: FootprintSample): string {
  return (ticks * s.tickSize).toFixed(2);
}
