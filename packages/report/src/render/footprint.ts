import type { FootprintSample } from "@tda/engine";
import { esc } from "./svg.js";

export type { FootprintSample };

/**
 * A footprint picture: one line per price from high to low with bid × ask volumes, a candle body,
 * and the level as a dashed line (placed on the scale even when it lies outside the bar).
 */
export function footprintSvg(s: FootprintSample): string {
  const top = Math.max(s.high, s.level?.price ?? -Infinity) + 1;
  const bottom = Math.min(s.low, s.level?.price ?? Infinity) - 1;
  const span = Math.min(top - bottom, 40);
  const mid = (top + bottom) / 2;
  const hiP = Math.ceil(mid + span / 2), loP = Math.floor(mid - span / 2);
  const rowH = 16, W = 330, T = 36;
  const H = T + (hiP - loP + 1) * rowH + 10;
  const Y = (p: number) => T + (hiP - p) * rowH;
  const parts: string[] = [`<text x="6" y="16" class="t">${esc(s.title)}</text>`,
    `<text x="6" y="30" class="lg">${esc(s.direction)} · O ${pts(s.open, s)} H ${pts(s.high, s)} L ${pts(s.low, s)} C ${pts(s.close, s)}</text>`];
  const byPrice = new Map(s.rows.map((r) => [r.price, r]));
  for (let p = hiP; p >= loP; p--) {
    const y = Y(p);
    parts.push(`<text x="70" y="${y + 12}" class="yl">${pts(p, s)}</text>`);
    const r = byPrice.get(p);
    if (r) {
      const strong = r.ask > 2 * r.bid ? "#2ca02c" : r.bid > 2 * r.ask ? "#d62728" : "#333";
      parts.push(`<text x="150" y="${y + 12}" class="yl" fill="${strong}">${r.bid}</text><text x="160" y="${y + 12}" class="lg" fill="${strong}">× ${r.ask}</text>`);
    }
  }
  const bodyTop = Y(Math.max(s.open, s.close)), bodyBottom = Y(Math.min(s.open, s.close)) + rowH;
  parts.push(`<line x1="240" x2="240" y1="${Y(s.high)}" y2="${Y(s.low) + rowH}" stroke="#333"/>`);
  parts.push(`<rect x="232" y="${bodyTop}" width="16" height="${Math.max(bodyBottom - bodyTop, 2)}" fill="${s.close >= s.open ? "#2ca02c" : "#d62728"}" opacity="0.8"/>`);
  if (s.level && s.level.price <= hiP && s.level.price >= loP) {
    const y = Y(s.level.price) + rowH / 2;
    parts.push(`<line x1="76" x2="${W - 4}" y1="${y}" y2="${y}" stroke="#1f77b4" stroke-dasharray="5 3"/><text x="${W - 4}" y="${y - 3}" class="yl" fill="#1f77b4">${esc(s.level.kind)}</text>`);
  }
  if (s.rows.length === 0) parts.push(`<text x="100" y="${H - 4}" class="lg" fill="#777">no footprint in this input</text>`);
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" style="max-width:${W}px" role="img">${parts.join("")}</svg>`;
}

function pts(ticks: number, s: FootprintSample): string {
  return (ticks * s.tickSize).toFixed(2);
}
