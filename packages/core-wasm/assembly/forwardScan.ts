// Forward outcomes (SPEC §7): one pass over the whole bar table, session by session (bars of a session
// are contiguous; a contract change always starts a new session, so no scan crosses a roll).
// Prices are i32 ticks; entries arrive as f64 (NaN = no entry) but are whole ticks.

import { ldI, ldF, stI, stF } from "./memory";

// Scan state of the signal being processed (globals: the runtime is a stub, nothing is allocated).
let gStopBar: i32 = 0; // index of the bar that hit the stop, −1 if none
let gBest: i32 = 0; // best favourable price before the stop (max high long / min low short)
let gWorst: i32 = 0; // worst adverse price before the stop (min low long / max high short)

/**
 * Long scan over bars a … b (inclusive) against `stop`: finds the first bar with low ≤ stop and the
 * highest high / lowest low of the bars before it. Four bars per step with i32x4 lanes: a step whose
 * lows all stay above the stop only folds max/min; the step that holds the stop is finished bar by bar.
 */
function scanLong(high: usize, low: usize, a: i32, b: i32, stop: i32): void {
  let best = i32.MIN_VALUE, worst = i32.MAX_VALUE;
  let vBest = i32x4.splat(i32.MIN_VALUE), vWorst = i32x4.splat(i32.MAX_VALUE);
  const vStop = i32x4.splat(stop);
  let j = a;
  for (; j + 3 <= b; j += 4) {
    const o = <usize>j << 2;
    const l = v128.load(low + o);
    if (v128.any_true(i32x4.le_s(l, vStop))) break;
    vBest = i32x4.max_s(vBest, v128.load(high + o));
    vWorst = i32x4.min_s(vWorst, l);
  }
  let hit = -1;
  for (; j <= b; j++) {
    const l = ldI(low, j);
    if (l <= stop) { hit = j; break; }
    const h = ldI(high, j);
    if (h > best) best = h;
    if (l < worst) worst = l;
  }
  best = max(best, max(max(i32x4.extract_lane(vBest, 0), i32x4.extract_lane(vBest, 1)), max(i32x4.extract_lane(vBest, 2), i32x4.extract_lane(vBest, 3))));
  worst = min(worst, min(min(i32x4.extract_lane(vWorst, 0), i32x4.extract_lane(vWorst, 1)), min(i32x4.extract_lane(vWorst, 2), i32x4.extract_lane(vWorst, 3))));
  gStopBar = hit;
  gBest = best;
  gWorst = worst;
}

/** Mirror of scanLong for a short: stop hit when high ≥ stop; best = lowest low, worst = highest high. */
function scanShort(high: usize, low: usize, a: i32, b: i32, stop: i32): void {
  let best = i32.MAX_VALUE, worst = i32.MIN_VALUE;
  let vBest = i32x4.splat(i32.MAX_VALUE), vWorst = i32x4.splat(i32.MIN_VALUE);
  const vStop = i32x4.splat(stop);
  let j = a;
  for (; j + 3 <= b; j += 4) {
    const o = <usize>j << 2;
    const h = v128.load(high + o);
    if (v128.any_true(i32x4.ge_s(h, vStop))) break;
    vBest = i32x4.min_s(vBest, v128.load(low + o));
    vWorst = i32x4.max_s(vWorst, h);
  }
  let hit = -1;
  for (; j <= b; j++) {
    const h = ldI(high, j);
    if (h >= stop) { hit = j; break; }
    const l = ldI(low, j);
    if (l < best) best = l;
    if (h > worst) worst = h;
  }
  best = min(best, min(min(i32x4.extract_lane(vBest, 0), i32x4.extract_lane(vBest, 1)), min(i32x4.extract_lane(vBest, 2), i32x4.extract_lane(vBest, 3))));
  worst = max(worst, max(max(i32x4.extract_lane(vWorst, 0), i32x4.extract_lane(vWorst, 1)), max(i32x4.extract_lane(vWorst, 2), i32x4.extract_lane(vWorst, 3))));
  gStopBar = hit;
  gBest = best;
  gWorst = worst;
}

/** First bar in a … b whose price equals `price` (it exists: `price` was folded from these bars). */
function firstEqual(col: usize, a: i32, b: i32, price: i32): i32 {
  const v = i32x4.splat(price);
  let j = a;
  for (; j + 3 <= b; j += 4) {
    if (v128.any_true(i32x4.eq(v128.load(col + (<usize>j << 2)), v))) break;
  }
  for (; j <= b; j++) if (ldI(col, j) == price) return j;
  return -1;
}

/**
 * For every bar t with direction ±1 (Int8: 1 long, −1 short; 0 none and 2 conflict get NaN
 * everywhere): entry (given, f64 ticks; NaN = no entry), stop = low[t] − 1 (long) / high[t] + 1
 * (short), then a scan of bars t+1 … min(t + maxHorizon, last bar of t's session):
 * stop checked first in each bar; MFE / MAE / mfeBar over the bars before the stop (MAE = the stop
 * distance when stopped); returns at each horizon h (i32 array of nh): −stopTicks when stopped at
 * bar ≤ h, else d·(close[t+h] − entry), NaN when t+h leaves the session; win = MFE ≥ target;
 * bracket = +target / −stopTicks / d·(close[last scanned] − entry).
 * No outcome (NaN) for a signal on its session's last bar, without an entry, or whose entry is at
 * or beyond its stop (stopTicks ≤ 0, possible with a next-bar-open entry) — the latter are counted
 * and the count returned. outLast (i32) = index of the last bar scanned, −1 when nothing was scanned.
 * outReturns is horizon-major: horizon k of bar t at (k·n + t).
 */
export function forwardScan(
  n: i32, high: usize, low: usize, close: usize, session: usize, direction: usize, entry: usize,
  horizons: usize, nh: i32, maxHorizon: i32, target: i32,
  outEntry: usize, outStop: usize, outReturns: usize, outStopped: usize, outStopBar: usize,
  outMfe: usize, outMae: usize, outMfeBar: usize, outWin: usize, outBracket: usize, outLast: usize,
): i32 {
  let skipped = 0;
  let s = 0;
  while (s < n) {
    // [s, e) is one session
    const sid = ldI(session, s);
    let e = s + 1;
    while (e < n && ldI(session, e) == sid) e++;
    const lastOfSession = e - 1;
    for (let t = s; t < e; t++) {
      const d = <i32>load<i8>(direction + <usize>t);
      const fe = ldF(entry, t);
      stI(outLast, t, -1);
      if (d != 1 && d != -1) {
        stF(outEntry, t, NaN);
        stF(outStop, t, NaN);
        writeNone(n, t, nh, outReturns, outStopped, outStopBar, outMfe, outMae, outMfeBar, outWin, outBracket);
        continue;
      }
      const stop = d == 1 ? ldI(low, t) - 1 : ldI(high, t) + 1;
      stF(outEntry, t, fe);
      stF(outStop, t, <f64>stop);
      const stopTicks = isNaN(fe) ? 0 : d * (<i32>fe - stop);
      if (t == lastOfSession || isNaN(fe) || stopTicks <= 0) {
        if (t < lastOfSession && !isNaN(fe)) skipped++;
        writeNone(n, t, nh, outReturns, outStopped, outStopBar, outMfe, outMae, outMfeBar, outWin, outBracket);
        continue;
      }
      const en = <i32>fe;
      const a = t + 1;
      const b = min(t + maxHorizon, lastOfSession);
      let mfe = 0, mae = 0, mfeBar = 0;
      if (d == 1) {
        scanLong(high, low, a, b, stop);
        const until = gStopBar < 0 ? b : gStopBar - 1; // bars before the stop
        if (until >= a) {
          mfe = max(0, gBest - en);
          mae = max(0, en - gWorst);
          if (mfe > 0) mfeBar = firstEqual(high, a, until, gBest) - t;
        }
      } else {
        scanShort(high, low, a, b, stop);
        const until = gStopBar < 0 ? b : gStopBar - 1;
        if (until >= a) {
          mfe = max(0, en - gBest);
          mae = max(0, gWorst - en);
          if (mfe > 0) mfeBar = firstEqual(low, a, until, gBest) - t;
        }
      }
      const stopped = gStopBar >= 0;
      const stopK = stopped ? gStopBar - t : 0;
      if (stopped) mae = stopTicks;
      stF(outStopped, t, stopped ? 1.0 : 0.0);
      stF(outStopBar, t, stopped ? <f64>stopK : NaN);
      stF(outMfe, t, <f64>mfe);
      stF(outMae, t, <f64>mae);
      stF(outMfeBar, t, <f64>mfeBar);
      const win = mfe >= target;
      stF(outWin, t, win ? 1.0 : 0.0);
      stI(outLast, t, stopped ? gStopBar : b);
      let bracket: i32;
      if (win) bracket = target;
      else if (stopped) bracket = -stopTicks;
      else bracket = d * (ldI(close, b) - en);
      stF(outBracket, t, <f64>bracket);
      for (let k = 0; k < nh; k++) {
        const h = ldI(horizons, k);
        let r: f64;
        if (stopped && stopK <= h) r = <f64>(-stopTicks);
        else if (t + h <= lastOfSession) r = <f64>(d * (ldI(close, t + h) - en));
        else r = NaN;
        stF(outReturns, k * n + t, r);
      }
    }
    s = e;
  }
  return skipped;
}

function writeNone(
  n: i32, t: i32, nh: i32, outReturns: usize, outStopped: usize, outStopBar: usize,
  outMfe: usize, outMae: usize, outMfeBar: usize, outWin: usize, outBracket: usize,
): void {
  for (let k = 0; k < nh; k++) stF(outReturns, k * n + t, NaN);
  stF(outStopped, t, NaN);
  stF(outStopBar, t, NaN);
  stF(outMfe, t, NaN);
  stF(outMae, t, NaN);
  stF(outMfeBar, t, NaN);
  stF(outWin, t, NaN);
  stF(outBracket, t, NaN);
}
