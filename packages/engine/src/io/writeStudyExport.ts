import type { BarTable } from "../barTable.js";
import { LEVEL_ROLES, STUDY_ROLES, type StudyRole } from "../studyRoles.js";
import { timeZone } from "../timeZone.js";
import { SIERRA_8TICK_103, type Fill, type PresetColumn } from "./columnMap.js";
import { pointsText, tickDecimals } from "./text.js";
import { AtomicTextWriter, withAtomic } from "./atomicWrite.js";

export interface StudyWriteOptions {
  tickSize: number;
  /** Zone to write Date/Time in (Sierra writes the chart's zone); the reader must be given the same. */
  timeZone: string;
  /** Defaults to the 103-column `sierra-8tick-103` layout. */
  layout?: readonly PresetColumn[];
}

const LEVELS = new Set<string>(LEVEL_ROLES);
const EDGE: Record<string, [side: "ask" | "bid", from: "high" | "low", k: number]> = {
  askVolHigh0: ["ask", "high", 0], askVolHigh1: ["ask", "high", 1], askVolHigh2: ["ask", "high", 2],
  bidVolHigh0: ["bid", "high", 0], bidVolHigh1: ["bid", "high", 1], bidVolHigh2: ["bid", "high", 2],
  bidVolLow0: ["bid", "low", 0], bidVolLow1: ["bid", "low", 1], bidVolLow2: ["bid", "low", 2],
  askVolLow0: ["ask", "low", 0], askVolLow1: ["ask", "low", 1], askVolLow2: ["ask", "low", 2],
};

/** Volume at an edge of each bar from its footprint (NaN without one, or when the bar has too few rows). */
function edgeVolumes(bars: BarTable, key: string): Float64Array | undefined {
  const spec = EDGE[key];
  const fp = bars.footprint;
  if (!spec || !fp) return undefined;
  const [side, from, k] = spec;
  const vol = side === "ask" ? fp.askVolume : fp.bidVolume;
  const out = new Float64Array(bars.length).fill(NaN);
  for (let i = 0; i < bars.length; i++) {
    const a = fp.offset[i]!, b = fp.offset[i + 1]!;
    if (b - a <= k) continue;
    out[i] = vol[from === "high" ? b - 1 - k : a + k]!;
  }
  return out;
}

function sma(x: ArrayLike<number>, w: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    s += x[i]!;
    if (i >= w) s -= x[i - w]!;
    if (i >= w - 1) out[i] = s / w;
  }
  return out;
}

/** Derives the writer's filler columns from the bars (points for prices). */
function derive(bars: BarTable, fill: Fill, ts: number, cache: Map<string, Float64Array>): Float64Array {
  const hit = cache.get(fill);
  if (hit) return hit;
  const n = bars.length;
  const out = new Float64Array(n);
  const close = Float64Array.from(bars.close, (c) => c * ts);
  const cum = (x: ArrayLike<number>) => { let s = 0; for (let i = 0; i < n; i++) out[i] = s += x[i]!; };
  switch (fill) {
    case "delta": out.set(bars.delta); break;
    case "deltaPct": for (let i = 0; i < n; i++) out[i] = bars.volume[i] ? (100 * bars.delta[i]!) / bars.volume[i]! : 0; break;
    case "deltaChange": for (let i = 0; i < n; i++) out[i] = i ? bars.delta[i]! - bars.delta[i - 1]! : 0; break;
    case "cumDelta": case "cdClose": cum(bars.delta); break;
    case "cdOpen": for (let i = 0, s = 0; i < n; i++) { out[i] = s; s += bars.delta[i]!; } break;
    case "cdHigh": case "cdLow": {
      const open = derive(bars, "cdOpen", ts, cache);
      const ext = fill === "cdHigh" ? bars.maxDelta : bars.minDelta;
      for (let i = 0; i < n; i++) out[i] = open[i]! + ext[i]!;
      break;
    }
    case "bidVolume": out.set(bars.bidVolume); break;
    case "askVolume": out.set(bars.askVolume); break;
    case "volume": out.set(bars.volume); break;
    case "trades": out.set(bars.trades); break;
    case "avgTradeSize": for (let i = 0; i < n; i++) out[i] = bars.trades[i] ? bars.volume[i]! / bars.trades[i]! : NaN; break;
    case "rangeTicks": for (let i = 0; i < n; i++) out[i] = bars.high[i]! - bars.low[i]!; break;
    case "askBidRatio": for (let i = 0; i < n; i++) out[i] = bars.bidVolume[i] ? bars.askVolume[i]! / bars.bidVolume[i]! : NaN; break;
    case "askPct": for (let i = 0; i < n; i++) out[i] = bars.volume[i] ? (100 * bars.askVolume[i]!) / bars.volume[i]! : NaN; break;
    case "bidPct": for (let i = 0; i < n; i++) out[i] = bars.volume[i] ? (100 * bars.bidVolume[i]!) / bars.volume[i]! : NaN; break;
    case "cumVolume": cum(bars.volume); break;
    case "cumTrades": cum(bars.trades); break;
    case "sma20": case "bbMiddle": out.set(sma(close, 20)); break;
    case "volumeSma20": out.set(sma(bars.volume, 20)); break;
    case "ema9": for (let i = 0, a = 2 / 10; i < n; i++) out[i] = i ? a * close[i]! + (1 - a) * out[i - 1]! : close[0]!; break;
    case "bbTop": case "bbBottom": {
      const mid = derive(bars, "sma20", ts, cache);
      const sign = fill === "bbTop" ? 2 : -2;
      for (let i = 0; i < n; i++) {
        if (i < 19) { out[i] = NaN; continue; }
        let v = 0;
        for (let k = i - 19; k <= i; k++) v += (close[k]! - mid[i]!) ** 2;
        out[i] = mid[i]! + sign * Math.sqrt(v / 20);
      }
      break;
    }
    case "atr14": {
      const tr = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const h = bars.high[i]! * ts, l = bars.low[i]! * ts;
        tr[i] = i ? Math.max(h - l, Math.abs(h - close[i - 1]!), Math.abs(l - close[i - 1]!)) : h - l;
      }
      out.set(sma(tr, 14));
      break;
    }
    default: {
      const e = edgeVolumes(bars, fill);
      if (e) out.set(e); else out.fill(NaN);
    }
  }
  cache.set(fill, out);
  return out;
}

const num = (v: number) => (Number.isNaN(v) ? "" : String(v));

/**
 * Writes bars as a "Write Bar and Study Data To File" export in the given layout (default: the
 * 103-column preset), so that readSierraStudyExport gives the same bars back: role columns come from
 * the BarTable (maxDelta/minDelta, lastTime − time, `study`; edge volumes fall back to the footprint),
 * filler columns are derived from the bars or left empty. Written atomically.
 */
export function writeSierraStudyExport(path: string, bars: BarTable, opts: StudyWriteOptions): void {
  const layout = opts.layout ?? SIERRA_8TICK_103;
  const ts = opts.tickSize;
  const dec = tickDecimals(ts);
  const tz = timeZone(opts.timeZone);
  const cache = new Map<string, Float64Array>();
  const cols: ((i: number) => string)[] = layout.slice(13).map((col) => {
    if (col.role === "maxDelta") return (i) => num(bars.maxDelta[i]!);
    if (col.role === "minDelta") return (i) => num(bars.minDelta[i]!);
    if (col.role === "duration") return (i) => String((bars.lastTime[i]! - bars.time[i]!) / 1e6);
    if (col.role && col.role in STUDY_ROLES) {
      const role = col.role as StudyRole;
      const values = bars.study.get(role) ?? edgeVolumes(bars, role);
      if (!values) return () => "";
      if (LEVELS.has(role)) return (i) => { const v = values[i]!; return Number.isNaN(v) ? "" : Number.isInteger(v) ? pointsText(v, ts, dec) : String(v * ts); };
      return (i) => num(values[i]!);
    }
    if (col.fill) { const values = derive(bars, col.fill, ts, cache); return (i) => num(values[i]!); }
    return () => "";
  });
  withAtomic(new AtomicTextWriter(path), (w) => {
    w.write(`${layout.map((c) => c.name).join(", ")}\n`);
    const p = (t: number) => pointsText(t, ts, dec);
    for (let i = 0; i < bars.length; i++) {
      const utc = bars.time[i]!;
      const utcMs = Math.floor(utc / 1000);
      const local = tz.toLocal(utcMs);
      const frac = utc - Math.floor(utc / 1e6) * 1e6;
      const iso = new Date(local).toISOString();
      const time = frac ? `${iso.slice(11, 19)}.${String(frac).padStart(6, "0")}` : iso.slice(11, 19);
      const o = bars.open[i]!, h = bars.high[i]!, l = bars.low[i]!, c = bars.close[i]!;
      const row = [
        `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}`, time, p(o), p(h), p(l), p(c),
        num(bars.volume[i]!), num(bars.trades[i]!),
        String(((o + h + l + c) * ts) / 4), String(((h + l + c) * ts) / 3), String(((h + l) * ts) / 2),
        num(bars.bidVolume[i]!), num(bars.askVolume[i]!),
      ];
      for (const col of cols) row.push(col(i));
      w.write(`${row.join(", ")}\n`);
    }
  });
}
