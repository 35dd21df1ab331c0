import type { BarTable } from "../barTable.js";
import { emptyBarTable } from "../barTable.js";
import { emptyTickTable, type TickTable } from "../tickTable.js";
import { Prng } from "./prng.js";

export interface SynthOptions {
  seed: number;
  /**
   * Multiplies every bar's bid, ask (and unknown-side) volume, each rounded to a whole number, for
   * smaller files; 1 = the real volumes. See `scaledBar` for the exact rule.
   */
  volumeScale?: number;
  /** Length of the source bars (5-minute exports: 300). Trades lie inside [bar time, bar time + this). */
  barSeconds?: number;
}

/** Counts of the places where the synthetic tape departs from the ideal rules (all documented). */
export interface SynthStats {
  bars: number;
  trades: number;
  /** Trades more than one tick from the previous trade of the same bar (bars with too few trades for a tick-by-tick path). */
  gapTrades: number;
  /** Bars whose open is more than one tick from the previous bar's close (a gap in the real data). */
  openGaps: number;
  /** Up-tick trades not at the ask / down-tick trades not at the bid, forced by the bar's bid/ask split. */
  sideForced: number;
  /** Bars without volume and trades (nothing to synthesise: skipped). */
  emptyBars: number;
}

export interface SynthResult {
  ticks: TickTable;
  /**
   * The bars the ticks reproduce exactly when aggregated back to `barSeconds` bars: the input bars
   * with scaled volumes and trade counts (= the input when volumeScale is 1), empty bars left out.
   */
  bars: BarTable;
  stats: SynthStats;
}

/** One bar's targets after volume scaling. */
export interface ScaledBar {
  bid: number;
  ask: number;
  unknown: number;
  trades: number;
}

/**
 * The volume-scaling rule. Unscaled (scale 1): the bar itself (volume = bid + ask + unknown, where
 * unknown is whatever volume the export gives neither side). Scaled: bid′ = round(bid·s),
 * ask′ = round(ask·s), unknown′ = round(unknown·s); when that leaves fewer contracts than the trades
 * needed to touch the open, both extremes and the close in order (`needed`, ≤ 4), the shortfall goes
 * to the side that was larger before scaling (ask on a tie); trades′ = min(trades, volume′), raised to `needed` and to the
 * number of sides with volume. So every reproduced bar keeps its OHLC and a consistent split.
 */
export function scaledBar(bid: number, ask: number, volume: number, trades: number, scale: number, needed: number): ScaledBar {
  const unknown = volume - bid - ask;
  if (scale === 1) return { bid, ask, unknown, trades };
  let b = Math.round(bid * scale), a = Math.round(ask * scale);
  const u = Math.round(unknown * scale);
  const short = needed - (a + b + u);
  if (short > 0) {
    if (ask >= bid) a += short;
    else b += short;
  }
  const sides = (a > 0 ? 1 : 0) + (b > 0 ? 1 : 0) + (u > 0 ? 1 : 0);
  const t = Math.max(Math.min(trades, a + b + u), needed, sides);
  return { bid: b, ask: a, unknown: u, trades: t };
}

/** Distinct consecutive waypoints open → first extreme → second extreme → close. */
function waypoints(o: number, h: number, l: number, c: number, highFirst: boolean): number[] {
  const raw = highFirst ? [o, h, l, c] : [o, l, h, c];
  const out: number[] = [];
  for (const p of raw) if (out.at(-1) !== p) out.push(p);
  return out;
}

const UP = 1, DOWN = -1, FLAT = 0;

/**
 * Synthesises the trades inside real bars (e.g. 5-minute bars from `readSierraBarExport`) so that
 * aggregating them back to `barSeconds` bars reproduces every bar's open, high, low, close, volume,
 * trade count and bid/ask volume exactly (with scaled volumes when volumeScale ≠ 1, see `scaledBar`).
 *
 * The path: the first trade is at the open; price walks one tick per trade to the nearer extreme
 * (a coin flip when both are equally far), then to the other, then to the close, so it touches both.
 * Trades beyond that minimum become zero-tick trades and up-down (or down-up) wiggles inside the bar's
 * range, interleaved at random. A bar with fewer trades than its tick-by-tick path needs (rare: a few
 * fast bars per contract, or many at small volume scales) jumps: its trades are spread over the legs
 * and the steps inside a leg are as even as possible — the one documented case of a trade more than one
 * tick from the previous one within a bar. A bar's open may also be several ticks from the previous
 * close when the real data gapped.
 *
 * Sides: an up-tick trade is at the ask (+1), a down-tick at the bid (−1); zero-tick trades and the
 * bar's first trade take the remaining sides at random. The number of ask trades is chosen near
 * trades·ask/volume, but at least the number of up-ticks and at most trades − down-ticks, when the
 * split allows; when it does not (e.g. price rose but the bar has almost no ask volume), the excess
 * up-ticks are printed at the bid (a seller hitting a bid that moved up) and counted in `sideForced`.
 * Sizes are whole contracts ≥ 1 with a heavy-tailed spread. Times are strictly increasing whole µs
 * inside [bar time, bar time + barSeconds) and before the next bar's time.
 *
 * Deterministic: each bar draws from its own stream keyed by (seed, bar index).
 */
export function synthesizeTrades(bars: BarTable, opts: SynthOptions): SynthResult {
  const scale = opts.volumeScale ?? 1;
  const barUs = (opts.barSeconds ?? 300) * 1e6;
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`volume scale must be a number > 0, got ${scale}`);
  if (!(barUs > 0)) throw new Error(`bar length must be > 0 seconds, got ${opts.barSeconds}`);
  const root = new Prng(opts.seed);
  const n = bars.length;

  // Pass 1: targets per bar, so the tick table is allocated once at its exact size.
  const targets: (ScaledBar | undefined)[] = new Array(n);
  const highFirst = new Uint8Array(n);
  let total = 0, kept = 0;
  const stats: SynthStats = { bars: 0, trades: 0, gapTrades: 0, openGaps: 0, sideForced: 0, emptyBars: 0 };
  for (let i = 0; i < n; i++) {
    const o = bars.open[i]!, h = bars.high[i]!, l = bars.low[i]!, c = bars.close[i]!;
    const where = () => `bar ${i + 1} (${new Date(bars.time[i]! / 1000).toISOString()})`;
    const vol = bars.volume[i]!, tr = bars.trades[i]!, bid = bars.bidVolume[i]!, ask = bars.askVolume[i]!;
    if (![vol, tr, bid, ask].every((v) => Number.isInteger(v) && v >= 0)) throw new Error(`${where()}: volumes and trade count must be whole numbers ≥ 0`);
    if (bid + ask > vol) throw new Error(`${where()}: bid + ask volume ${bid + ask} exceeds the volume ${vol}`);
    if (vol === 0 && tr === 0) { stats.emptyBars++; continue; }
    const dh = h - o, dl = o - l;
    const rng = root.fork(i);
    highFirst[i] = dh < dl || (dh === dl && rng.float() < 0.5) ? 1 : 0;
    const needed = waypoints(o, h, l, c, highFirst[i] === 1).length;
    const t = scaledBar(bid, ask, vol, tr, scale, needed);
    if (t.trades > t.bid + t.ask + t.unknown) throw new Error(`${where()}: ${t.trades} trades cannot carry ${vol} contracts (each trade is ≥ 1 contract)`);
    if (t.trades < needed) throw new Error(`${where()}: ${t.trades} trades cannot touch open, high, low and close in order`);
    const sides = (t.bid > 0 ? 1 : 0) + (t.ask > 0 ? 1 : 0) + (t.unknown > 0 ? 1 : 0);
    if (t.trades < sides) throw new Error(`${where()}: ${t.trades} trade(s) cannot carry volume on ${sides} sides`);
    const next = i + 1 < n ? bars.time[i + 1]! : Infinity;
    if (Math.min(barUs, next - bars.time[i]!) < t.trades) throw new Error(`${where()}: no room for ${t.trades} trades at distinct µs before the next bar`);
    targets[i] = t;
    total += t.trades;
    kept++;
  }

  const ticks = emptyTickTable(total);
  const out = emptyBarTable(kept);
  let at = 0, b = 0, prevClose = NaN;
  for (let i = 0; i < n; i++) {
    const t = targets[i];
    if (!t) continue;
    const rng = root.fork(i);
    rng.float(); // the draw pass 1 used for the tie of extremes
    const o = bars.open[i]!, h = bars.high[i]!, l = bars.low[i]!, c = bars.close[i]!;
    if (Math.abs(o - prevClose) > 1) stats.openGaps++;
    prevClose = c;
    const span = Math.min(barUs, (i + 1 < n ? bars.time[i + 1]! : Infinity) - bars.time[i]!);
    const r = synthBar(rng, o, h, l, c, highFirst[i] === 1, t, bars.time[i]!, span, ticks, at);
    stats.gapTrades += r.gapTrades;
    stats.sideForced += r.sideForced;
    at += t.trades;
    out.time[b] = bars.time[i]!;
    out.lastTime[b] = ticks.time[at - 1]!;
    out.session[b] = bars.session[i]!;
    out.open[b] = o; out.high[b] = h; out.low[b] = l; out.close[b] = c;
    out.volume[b] = t.bid + t.ask + t.unknown;
    out.trades[b] = t.trades;
    out.bidVolume[b] = t.bid;
    out.askVolume[b] = t.ask;
    out.delta[b] = t.ask - t.bid;
    b++;
  }
  stats.bars = kept;
  stats.trades = total;
  return { ticks, bars: out, stats };
}

/** Writes one bar's trades into `ticks` from index `at`. */
function synthBar(
  rng: Prng, o: number, h: number, l: number, c: number, highFirst: boolean, t: ScaledBar,
  t0: number, span: number, ticks: TickTable, at: number,
): { gapTrades: number; sideForced: number } {
  const T = t.trades;
  const way = waypoints(o, h, l, c, highFirst);
  const legs: number[] = []; // signed leg lengths
  for (let k = 1; k < way.length; k++) legs.push(way[k]! - way[k - 1]!);
  const baseMoves = legs.reduce((s, d) => s + Math.abs(d), 0);
  const price = ticks.price;
  let gapTrades = 0;
  // moves[j] = price change of trade j + 1 relative to trade j (j = 0 … T − 2)
  const moves = new Int32Array(Math.max(T - 1, 0));
  if (T - 1 < baseMoves) {
    // Too few trades for a tick-by-tick path: every leg gets ≥ 1 move, the rest in proportion.
    const m = legs.map(() => 1);
    let spare = T - 1 - legs.length;
    const room = legs.map((d) => Math.abs(d) - 1);
    const roomTotal = room.reduce((s, x) => s + x, 0);
    const give = room.map((x) => Math.floor((spare * x) / Math.max(roomTotal, 1)));
    give.forEach((g, k) => { m[k]! += g; spare -= g; });
    for (let k = 0; spare > 0; k = (k + 1) % legs.length) if (m[k]! < Math.abs(legs[k]!)) { m[k]!++; spare--; }
    let j = 0;
    legs.forEach((d, k) => {
      const len = Math.abs(d), cnt = m[k]!, sign = Math.sign(d);
      for (let s = 0; s < cnt; s++) {
        const step = Math.floor((len * (s + 1)) / cnt) - Math.floor((len * s) / cnt);
        if (step > 1) gapTrades++;
        moves[j++] = sign * step;
      }
    });
  } else {
    // Base path one tick per trade, plus wiggles and zero-tick trades.
    const ups = legs.reduce((s, d) => s + Math.max(d, 0), 0), downs = baseMoves - ups;
    const extra = T - 1 - baseMoves;
    const [nAsk, nBid] = sideCounts(t, ups, downs);
    const maxW = h > l ? Math.max(0, Math.min(Math.floor(extra / 2), nAsk - ups, t.bid > 0 ? nBid - downs : 0)) : 0;
    const w = Math.floor(maxW * (0.15 + 0.5 * rng.float()));
    let zeros = extra - 2 * w, wig = w;
    let legK = 0, legLeft = legs.length ? Math.abs(legs[0]!) : 0;
    let p = o, j = 0;
    let base = baseMoves;
    while (j < T - 1) {
      const extras = zeros + wig;
      if (base > 0 && (extras === 0 || rng.float() * (base + extras) < base)) {
        while (legLeft === 0) legLeft = Math.abs(legs[++legK]!);
        const s = Math.sign(legs[legK]!);
        moves[j++] = s; p += s; legLeft--; base--;
      } else if (wig > 0 && rng.float() * extras < wig) {
        const s = p < h ? UP : DOWN;
        moves[j++] = s; moves[j++] = -s; wig--;
      } else {
        moves[j++] = FLAT; zeros--;
      }
    }
  }
  // Prices.
  price[at] = o;
  for (let j = 0; j < T - 1; j++) price[at + j + 1] = price[at + j]! + moves[j]!;
  // Sides: preferred by direction, then the remaining labels at random.
  let ups = 0, downs = 0;
  for (let j = 0; j < T - 1; j++) { if (moves[j]! > 0) ups++; else if (moves[j]! < 0) downs++; }
  const [nAsk, nBid, nUnknown] = sideCounts(t, ups, downs);
  let askLeft = nAsk, bidLeft = nBid;
  const side = ticks.side;
  const free: number[] = [at];
  side[at] = 0;
  for (let j = 0; j < T - 1; j++) {
    const k = at + j + 1, mv = moves[j]!;
    side[k] = 0;
    if (mv > 0 && askLeft > 0) { side[k] = 1; askLeft--; }
    else if (mv < 0 && bidLeft > 0) { side[k] = -1; bidLeft--; }
    else free.push(k);
  }
  let sideForced = 0;
  const pool: number[] = [];
  for (let k = 0; k < askLeft; k++) pool.push(1);
  for (let k = 0; k < bidLeft; k++) pool.push(-1);
  for (let k = 0; k < nUnknown; k++) pool.push(0);
  for (let k = pool.length - 1; k > 0; k--) { const m = rng.int(k + 1); [pool[k], pool[m]] = [pool[m]!, pool[k]!]; }
  free.forEach((k, q) => {
    side[k] = pool[q]!;
    const mv = k === at ? 0 : price[k]! - price[k - 1]!;
    if ((mv > 0 && pool[q] !== 1) || (mv < 0 && pool[q] !== -1)) sideForced++;
  });
  // Sizes per side.
  spreadSizes(rng, ticks, at, T, 1, t.ask);
  spreadSizes(rng, ticks, at, T, -1, t.bid);
  spreadSizes(rng, ticks, at, T, 0, t.unknown);
  // Times: strictly increasing whole µs in [t0, t0 + span).
  const gaps = new Float64Array(T + 1);
  let g = 0;
  for (let k = 0; k <= T; k++) g += gaps[k] = rng.exp();
  const room = span - T; // ≥ 0, checked by the caller
  let cum = 0;
  for (let k = 0; k < T; k++) {
    cum += gaps[k]!;
    ticks.time[at + k] = t0 + Math.min(Math.floor((cum / g) * room), room) + k;
  }
  return { gapTrades, sideForced };
}

/** Trade counts per side [ask, bid, unknown] for a bar with `ups` up-ticks and `downs` down-ticks. */
function sideCounts(t: ScaledBar, ups: number, downs: number): [number, number, number] {
  const T = t.trades, V = t.bid + t.ask + t.unknown;
  const has = (v: number) => (v > 0 ? 1 : 0);
  const nU = t.unknown > 0 ? Math.min(t.unknown, Math.max(1, Math.min(Math.round((T * t.unknown) / V), T - has(t.ask) - has(t.bid)))) : 0;
  const R = T - nU;
  const lo = Math.max(R - t.bid, has(t.ask)), hi = Math.min(t.ask, R - has(t.bid));
  const want = t.ask + t.bid > 0 ? Math.round((R * t.ask) / (t.ask + t.bid)) : 0;
  const lo2 = Math.max(lo, ups), hi2 = Math.min(hi, R - downs);
  const nA = lo2 <= hi2 ? clamp(want, lo2, hi2) : clamp(want, lo, hi);
  return [nA, R - nA, nU];
}

const clamp = (x: number, lo: number, hi: number) => Math.min(Math.max(x, lo), hi);

/** Gives the trades of one side (already labelled) sizes ≥ 1 summing to `volume`, heavy-tailed. */
function spreadSizes(rng: Prng, ticks: TickTable, at: number, T: number, side: number, volume: number): void {
  const idx: number[] = [];
  for (let k = at; k < at + T; k++) if (ticks.side[k] === side) idx.push(k);
  if (idx.length === 0) return;
  const extra = volume - idx.length;
  const w = idx.map(() => { const e = rng.exp(); return e * e; });
  const W = w.reduce((s, x) => s + x, 0);
  let left = extra;
  idx.forEach((k, q) => {
    const add = W > 0 ? Math.floor((extra * w[q]!) / W) : 0;
    ticks.size[k] = 1 + add;
    left -= add;
  });
  for (let q = rng.int(idx.length); left > 0; q = (q + 1) % idx.length) { ticks.size[idx[q]!]!++; left--; }
}
