import type { ProfileSample } from "@tda/engine";
import { esc, fmt, spreadLabels, svgOpen, textWidth } from "./svg.js";

/** TPO letters: A for the period starting at the RTH open, then B, C … (a … z after Z). */
export const periodLetter = (id: number): string =>
  id < 26 ? String.fromCharCode(65 + id) : id < 52 ? String.fromCharCode(97 + id - 26) : "#";

/** The clock time a period starts, from the RTH start ("08:30") and the period length. */
export function periodStart(p: Pick<ProfileSample, "sessionStart" | "periodMinutes">, id: number): string {
  const [h, m] = p.sessionStart.split(":").map(Number) as [number, number];
  const t = h * 60 + m + id * p.periodMinutes;
  return `${String(Math.floor(t / 60) % 24).padStart(2, "0")}:${String(t % 60).padStart(2, "0")}`;
}

/** The most display rows a picture gets; wider profiles group ticks into rows of several ticks. */
export const MAX_ROWS = 48;

/**
 * The rows of the picture, top (high) to bottom: each row covers `step` ticks from its `price` up
 * and lists the letters of the periods that traded in it, in time order. With step = 1 (a profile
 * of up to MAX_ROWS ticks) the letters of a row are exactly its TPOs (SPEC §6).
 */
export function tpoRows(p: ProfileSample): { step: number; rows: { price: number; letters: string }[] } {
  const unit = Math.max(1, p.rowTicks);
  const span = p.high - p.low + unit;
  const step = unit * Math.max(1, Math.ceil(span / unit / MAX_ROWS));
  const base = Math.floor(p.low / step) * step;
  const rows: { price: number; letters: string }[] = [];
  for (let price = Math.floor(p.high / step) * step; price >= base; price -= step) {
    const letters = p.periods.filter((q) => q.low <= price + step - 1 && q.high >= price).map((q) => periodLetter(q.id)).join("");
    rows.push({ price, letters });
  }
  return { step, rows };
}

const ROW = 13, LETTER = 7;

/**
 * A session's TPO profile: letters per period on price rows, the value area shaded, the POC row
 * outlined, single prints marked in red at the left, the sample signals as arrows, and on the right
 * the levels known at the session's start (composite value areas as bands, prior-session levels and
 * the rest as lines), labels spread so none touch. Levels far outside the session's range are left
 * to the list under the picture (`levelsOutside`).
 */
export function tpoSvg(p: ProfileSample): string {
  const { step, rows } = tpoRows(p);
  const widest = Math.max(1, ...rows.map((r) => r.letters.length));
  const L = 64, T = 44;
  const lettersW = widest * LETTER + 12;
  const bandX = L + lettersW + 18;
  const composites = compositeBands(p).filter((c) => inRange(p, c.val) || inRange(p, c.vah) || (c.val < p.low && c.vah > p.high));
  const bandsW = composites.length * 12;
  const lineX1 = bandX + bandsW + 10;
  const labelX = lineX1 + 4;
  const lines = p.levels.filter((l) => inRange(p, l.price));
  const labels = lines.map((l) => `${l.kind} ${pts(l.price, p)}`);
  const labelW = Math.max(110, ...labels.map((t) => textWidth(t, 10) + 8));
  const W = Math.max(labelX + labelW, 420);
  const H = T + rows.length * ROW + 40;
  const top = Math.floor(p.high / step) * step;
  const Y = (price: number) => T + ((top + step - 1 - price) / step) * ROW; // top edge of a price's row… in ticks
  const yMid = (price: number) => Y(price) + ROW / step / 2;
  const parts: string[] = [];
  parts.push(`<text x="6" y="16" class="t">${esc(`${p.session} · ${p.contract} · RTH TPO profile (${p.shape}-shaped)`)}</text>`);
  parts.push(`<text x="6" y="32" class="lg">${esc(`POC ${pts(p.poc, p)} · value area ${pts(p.val, p)}–${pts(p.vah, p)} · ${p.singlePrints.length} single prints${step > 1 ? ` · one row = ${step} ticks` : ""}`)}</text>`);
  // value area band and POC row behind the letters, on whole display rows (an outline through a
  // row's letters would strike them out)
  const rowTop = (price: number) => T + ((top - Math.floor(price / step) * step) / step) * ROW;
  parts.push(`<rect x="${L}" y="${fmt(rowTop(p.vah))}" width="${fmt(lettersW)}" height="${fmt(rowTop(p.val) - rowTop(p.vah) + ROW)}" fill="#1f77b4" opacity="0.1"/>`);
  parts.push(`<rect x="${L}" y="${fmt(rowTop(p.poc))}" width="${fmt(lettersW)}" height="${ROW}" fill="none" stroke="#1f77b4" stroke-width="1.2"/>`);
  rows.forEach((r, k) => {
    const y = T + k * ROW;
    if (k % 4 === 0) parts.push(`<text x="${L - 8}" y="${y + 10}" class="yl">${pts(r.price, p)}</text>`);
    if (r.letters) parts.push(`<text x="${L + 4}" y="${y + 10}" class="mono" textLength="${fmt(r.letters.length * LETTER - 1.5)}">${esc(r.letters)}</text>`);
  });
  for (const sp of p.singlePrints) parts.push(`<rect x="${L - 5}" y="${fmt(Y(sp))}" width="3" height="${fmt(ROW / step)}" fill="#d62728"/>`);
  // sample signals: an arrow at the entry price, right of the letters
  for (const sgn of p.signals) {
    if (!inRange(p, sgn.price)) continue;
    const x = L + lettersW + 6, y = yMid(sgn.price);
    parts.push(sgn.direction > 0
      ? `<path d="M${fmt(x)},${fmt(y + 5)}l4,-9l4,9z" fill="#2ca02c"/>`
      : `<path d="M${fmt(x)},${fmt(y - 5)}l4,9l4,-9z" fill="#d62728"/>`);
  }
  // composite value areas known at the open, one band each
  composites.forEach((c, k) => {
    const y0 = Y(Math.min(c.vah, top + step - 1)), y1 = Y(Math.max(c.val, Math.floor(p.low / step) * step)) + ROW / step;
    parts.push(`<rect x="${bandX + k * 12}" y="${fmt(y0)}" width="8" height="${fmt(Math.max(y1 - y0, 2))}" fill="#9467bd" opacity="0.35"/>`);
  });
  const ys = spreadLabels(lines.map((l) => yMid(l.price) + 3.5), 12, T + 6, T + rows.length * ROW + 6);
  lines.forEach((l, k) => {
    const y = yMid(l.price);
    // the line starts right of the letters (none runs through them), with a tick at the price axis
    parts.push(`<line x1="${L - 3}" x2="${L + 1}" y1="${fmt(y)}" y2="${fmt(y)}" stroke="#1f77b4"/><line x1="${fmt(L + lettersW + 16)}" x2="${lineX1}" y1="${fmt(y)}" y2="${fmt(y)}" class="${l.kind.startsWith("cva") ? "lvc" : "lv"}"/><line x1="${lineX1}" x2="${labelX}" y1="${fmt(y)}" y2="${fmt(ys[k]! - 3.5)}" stroke="#999"/><text x="${labelX + 2}" y="${fmt(ys[k]!)}" class="sm">${esc(labels[k]!)}</text>`);
  });
  // period key under the profile: letter and start time, thinned to what fits
  const key = p.periods.map((q) => `${periodLetter(q.id)} ${periodStart(p, q.id)}`);
  const keyLine = key.join("  ");
  const keyText = textWidth(keyLine, 10) <= W - 12 ? keyLine : `${key[0]} … ${key[key.length - 1]} (${p.periodMinutes}-minute periods)`;
  parts.push(`<text x="6" y="${H - 12}" class="sm">${esc(keyText)}</text>`);
  return `${svgOpen(W, H, "tpo")}${parts.join("")}</svg>`;
}

/** The composite value areas among a session's known levels (one per cva_high/cva_low pair). */
export function compositeBands(p: ProfileSample): { val: number; vah: number; sessions: number }[] {
  const seen = new Map<string, { val: number; vah: number; sessions: number }>();
  for (const l of p.levels) if (l.kind.startsWith("cva_")) seen.set(`${l.val}:${l.vah}`, { val: l.val, vah: l.vah, sessions: l.sessions });
  return [...seen.values()].sort((a, b) => b.vah - a.vah || b.val - a.val);
}

/**
 * The levels known at the open that lie outside the session's range, nearest first: up to `n`
 * above its high and `n` below its low (the sentence under the picture).
 */
export function levelsOutside(p: ProfileSample, n = 3): { above: ProfileSample["levels"]; below: ProfileSample["levels"]; more: number } {
  const out = p.levels.filter((l) => !inRange(p, l.price));
  const above = out.filter((l) => l.price > p.high).sort((a, b) => a.price - b.price);
  const below = out.filter((l) => l.price < p.low).sort((a, b) => b.price - a.price);
  return { above: above.slice(0, n), below: below.slice(0, n), more: Math.max(0, above.length - n) + Math.max(0, below.length - n) };
}

const inRange = (p: ProfileSample, price: number) => price >= p.low && price <= p.high + Math.max(1, p.rowTicks) - 1;
const pts = (ticks: number, p: ProfileSample) => (ticks * p.tickSize).toFixed(2);
