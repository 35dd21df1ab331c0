// The plain JavaScript references the kernel benches time the WASM kernels against, written for speed
// (typed arrays, one pass, no allocation in the loop) and checked equal to the kernels' outputs by
// each bench before timing. One copy, shared by kernels.bench.mjs and the per-kernel benches.

export function refBarMetrics(x, window) {
  const n = x.close.length;
  const deltaPct = new Float64Array(n), trappedPct = new Float64Array(n), volStar = new Float64Array(n);
  const tdLong = new Float64Array(n), tdShort = new Float64Array(n), closeLocation = new Float64Array(n);
  let sum = 0, count = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && x.group[i] !== x.group[i - 1]) { sum = 0; count = 0; }
    const v = x.volume[i], d = x.delta[i];
    deltaPct[i] = v === 0 ? 0 : d / v;
    const m = d < 0 ? x.minDelta[i] : x.maxDelta[i];
    trappedPct[i] = d === 0 ? 0 : m === 0 || Number.isNaN(m) ? NaN : d / m;
    sum += v; count++;
    if (count > window) { sum -= x.volume[i - window]; count = window; }
    volStar[i] = count < window ? NaN : v / (sum / window);
    const h = x.high[i], l = x.low[i], c = x.close[i];
    tdLong[i] = c / l; tdShort[i] = c / h;
    closeLocation[i] = h === l ? 0.5 : (c - l) / (h - l);
  }
  return { deltaPct, trappedPct, volStar, tdLong, tdShort, closeLocation };
}

export function refSignals(x, m, p) {
  const n = x.close.length, f = x.footprint;
  const invLong = new Uint8Array(n), invShort = new Uint8Array(n), invStrong = new Uint8Array(n);
  const exhLong = new Uint8Array(n), exhShort = new Uint8Array(n), exhAccel = new Uint8Array(n);
  const direction = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    const d = x.delta[i], o = x.open[i], c = x.close[i];
    const big = Math.abs(m.deltaPct[i]) >= p.minAbsDeltaPct;
    const il = big && d < 0 && c > o, is = big && d > 0 && c < o;
    const strong = (il || is) && m.trappedPct[i] >= p.strongTrappedPct;
    const s = f.offset[i], e = f.offset[i + 1], rows = e - s;
    if (rows !== x.high[i] - x.low[i] + 1 || f.price[s] !== x.low[i]) throw new Error(`bad footprint at ${i}`);
    let el = false, es = false, acc = false;
    if (rows >= 2) {
      const a0 = f.askVolume[e - 1], a1 = f.askVolume[e - 2];
      const b0 = f.bidVolume[s], b1 = f.bidVolume[s + 1];
      es = a1 >= p.minRefVolume && a0 <= p.exhaustionRatio * a1;
      el = b1 >= p.minRefVolume && b0 <= p.exhaustionRatio * b1;
      if (rows >= 3) {
        const a2 = f.askVolume[e - 3], b2 = f.bidVolume[s + 2];
        acc = (es && a2 >= p.minRefVolume && a1 <= p.accelRatio1 * a2 && a0 <= p.accelRatio2 * a2) ||
          (el && b2 >= p.minRefVolume && b1 <= p.accelRatio1 * b2 && b0 <= p.accelRatio2 * b2);
      }
    }
    invLong[i] = +il; invShort[i] = +is; invStrong[i] = +strong;
    exhLong[i] = +el; exhShort[i] = +es; exhAccel[i] = +acc;
    const L = il || el, S = is || es;
    direction[i] = L && S ? 2 : L ? 1 : S ? -1 : 0;
  }
  return { invLong, invShort, invStrong, exhLong, exhShort, exhAccel, direction };
}

export function refMarks(fp, p) {
  const { offset, bidVolume: bid, askVolume: ask } = fp;
  const n = offset.length - 1, ratio = p.imbalanceRatio, minV = p.minImbalanceVolume, k = p.stackedRows;
  const imbBuy = new Int32Array(n), imbSell = new Int32Array(n);
  const stackedBuy = new Uint8Array(n), stackedSell = new Uint8Array(n);
  const unfinishedHigh = new Uint8Array(n), unfinishedLow = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const s = offset[i], e = offset[i + 1];
    if (e <= s) continue;
    let nb = 0, ns = 0, rb = 0, rs = 0, sb = 0, ss = 0;
    for (let r = s; r < e; r++) {
      const a = ask[r], b = bid[r];
      const buy = r > s && a >= ratio * bid[r - 1] && a >= minV;
      const sell = r < e - 1 && b >= ratio * ask[r + 1] && b >= minV;
      if (buy) { nb++; if (++rb >= k) sb = 1; } else rb = 0;
      if (sell) { ns++; if (++rs >= k) ss = 1; } else rs = 0;
    }
    imbBuy[i] = nb; imbSell[i] = ns; stackedBuy[i] = sb; stackedSell[i] = ss;
    unfinishedHigh[i] = bid[e - 1] > 0 && ask[e - 1] > 0 ? 1 : 0;
    unfinishedLow[i] = bid[s] > 0 && ask[s] > 0 ? 1 : 0;
  }
  return { imbBuy, imbSell, stackedBuy, stackedSell, unfinishedHigh, unfinishedLow };
}

/** TPO + volume profiles; volume from the footprint when `fromFootprint`, else spread over each bar's ticks. */
export function refProfiles(x, nProfiles, fromFootprint) {
  const n = x.high.length;
  const low = new Int32Array(nProfiles).fill(2147483647), high = new Int32Array(nProfiles).fill(-2147483648);
  for (let i = 0; i < n; i++) {
    const p = x.profile[i];
    if (p < 0) continue;
    if (x.low[i] < low[p]) low[p] = x.low[i];
    if (x.high[i] > high[p]) high[p] = x.high[i];
  }
  const rowBase = new Int32Array(nProfiles), rowOffset = new Int32Array(nProfiles + 1);
  for (let p = 0; p < nProfiles; p++) {
    rowBase[p] = low[p] <= high[p] ? low[p] : 0;
    rowOffset[p + 1] = rowOffset[p] + (low[p] <= high[p] ? high[p] - low[p] + 1 : 0);
  }
  const total = rowOffset[nProfiles];
  const tpo = new Float64Array(total), volume = new Float64Array(total);
  for (let i = 0; i < n;) {
    const p = x.profile[i];
    if (p < 0) { i++; continue; }
    let j = i + 1, lo = x.low[i], hi = x.high[i];
    while (j < n && x.profile[j] === p && x.period[j] === x.period[i]) { if (x.low[j] < lo) lo = x.low[j]; if (x.high[j] > hi) hi = x.high[j]; j++; }
    const off = rowOffset[p] - rowBase[p];
    for (let r = lo; r <= hi; r++) tpo[off + r] += 1;
    i = j;
  }
  const f = x.footprint;
  for (let i = 0; i < n; i++) {
    const p = x.profile[i];
    if (p < 0) continue;
    const off = rowOffset[p] - rowBase[p];
    if (fromFootprint) {
      for (let k = f.offset[i]; k < f.offset[i + 1]; k++) volume[off + f.price[k]] += f.bidVolume[k] + f.askVolume[k];
    } else {
      const share = x.volume[i] / (x.high[i] - x.low[i] + 1);
      for (let t = x.low[i]; t <= x.high[i]; t++) volume[off + t] += share;
    }
  }
  return { low, high, rowBase, rowOffset, tpo, volume };
}

export function refNearest({ offset, price, strength }, entry, set) {
  const out = new Int32Array(entry.length);
  for (let q = 0; q < entry.length; q++) {
    const s = set[q], x = entry[q];
    if (s < 0 || Number.isNaN(x)) { out[q] = -1; continue; }
    const a = offset[s], b = offset[s + 1];
    if (a >= b) { out[q] = -1; continue; }
    let lo = a, hi = b;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (price[mid] < x) lo = mid + 1; else hi = mid; }
    if (lo === a) out[q] = a;
    else if (lo === b) out[q] = b - 1;
    else {
      const up = price[lo] - x, down = x - price[lo - 1];
      out[q] = up < down ? lo : down < up ? lo - 1 : strength[lo - 1] > strength[lo] ? lo - 1 : lo;
    }
  }
  return out;
}

export function forwardScanOutputs(n, nh) {
  const col = () => new Float64Array(n);
  return {
    entry: col(), stop: col(), returns: Array.from({ length: nh }, col), stopped: col(), stopBar: col(), mfe: col(), mae: col(),
    mfeBar: col(), win: col(), bracketTicks: col(), lastBar: new Int32Array(n), skipped: 0,
  };
}

export function refForwardScan(x, p, out = forwardScanOutputs(x.close.length, p.horizons.length)) {
  const n = x.close.length, nh = p.horizons.length;
  out.skipped = 0;
  const none = (t) => {
    for (let k = 0; k < nh; k++) out.returns[k][t] = NaN;
    out.stopped[t] = NaN; out.stopBar[t] = NaN; out.mfe[t] = NaN; out.mae[t] = NaN; out.mfeBar[t] = NaN;
    out.win[t] = NaN; out.bracketTicks[t] = NaN;
  };
  const { high, low, close, session, direction, entry } = x;
  for (let s = 0; s < n;) {
    let e = s + 1;
    while (e < n && session[e] === session[s]) e++;
    const last = e - 1;
    for (let t = s; t < e; t++) {
      const d = direction[t];
      out.lastBar[t] = -1;
      if (d !== 1 && d !== -1) { out.entry[t] = NaN; out.stop[t] = NaN; none(t); continue; }
      const en = entry[t];
      const stop = d === 1 ? low[t] - 1 : high[t] + 1;
      out.entry[t] = en; out.stop[t] = stop;
      if (t === last || Number.isNaN(en)) { none(t); continue; }
      const stopTicks = d === 1 ? en - stop : stop - en;
      if (stopTicks <= 0) { out.skipped++; none(t); continue; }
      const end = Math.min(t + p.maxHorizon, last);
      let mfe = 0, mae = 0, mfeBar = 0, stopK = 0, scanned = t;
      for (let j = t + 1; j <= end; j++) {
        scanned = j;
        if (d === 1 ? low[j] <= stop : high[j] >= stop) { stopK = j - t; break; }
        const fav = d === 1 ? high[j] - en : en - low[j];
        const adv = d === 1 ? en - low[j] : high[j] - en;
        if (fav > mfe) { mfe = fav; mfeBar = j - t; }
        if (adv > mae) mae = adv;
      }
      const stopped = stopK > 0;
      if (stopped) mae = stopTicks;
      out.stopped[t] = stopped ? 1 : 0; out.stopBar[t] = stopped ? stopK : NaN;
      out.mfe[t] = mfe; out.mae[t] = mae; out.mfeBar[t] = mfeBar; out.lastBar[t] = scanned;
      const win = mfe >= p.targetTicks;
      out.win[t] = win ? 1 : 0;
      out.bracketTicks[t] = win ? p.targetTicks : stopped ? -stopTicks : d === 1 ? close[end] - en : en - close[end];
      for (let k = 0; k < nh; k++) {
        const h = p.horizons[k];
        out.returns[k][t] = stopped && stopK <= h ? -stopTicks : t + h <= last ? (d === 1 ? close[t + h] - en : en - close[t + h]) : NaN;
      }
    }
    s = e;
  }
  return out;
}

/** The raw kernel on inputs already in linear memory (what the scan itself costs, without copies). */
