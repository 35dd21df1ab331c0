import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { emptyBarTable, type Market, type Session } from "../barTable.js";
import { makeConfig, type ConfigInput } from "../config.js";
import { INSTRUMENTS } from "../instruments.js";
import { loadMarket } from "../pipeline/loadMarket.js";
import { forwardOutcomes } from "./forwardOutcomes.js";
import type { OutcomeColumns } from "./types.js";

const ES = INSTRUMENTS.ES!;
const L = 1, S = -1, N = 0, C = 2;

/** A market from rows [open, high, low, close, session] (ticks); sessions must be contiguous. */
function market(rows: [number, number, number, number, number][]): Market {
  const bars = emptyBarTable(rows.length);
  rows.forEach(([o, h, l, c, s], i) => {
    bars.open[i] = o; bars.high[i] = h; bars.low[i] = l; bars.close[i] = c; bars.session[i] = s;
    bars.time[i] = i * 300e6; bars.lastTime[i] = bars.time[i]!;
  });
  const sessions: Session[] = [];
  rows.forEach(([, , , , s], i) => {
    if (i === 0 || s !== rows[i - 1]![4]) sessions.push({ index: s, name: `s${s}`, contract: 0, start: i, end: i + 1, partial: false });
    else sessions.at(-1)!.end = i + 1;
  });
  return {
    tickSize: 0.25, timeZone: "America/Chicago", bars, sessions, contracts: [{ name: "T", file: "t" }], notices: [],
    clock: { secondOfDay: new Float64Array(rows.length), localDay: new Int32Array(rows.length), offsetMinutes: new Int32Array(rows.length) },
  };
}
const outcomes = (over: ConfigInput["outcomes"] = {}) => makeConfig({ outcomes: over }).outcomes;
const run = (rows: [number, number, number, number, number][], dir: number[], over: ConfigInput["outcomes"] = {}) =>
  forwardOutcomes(market(rows), Int8Array.from(dir), outcomes(over), ES);

/** The outcome of bar t as a plain object (NaN stays NaN, so toEqual checks "empty" too). */
function at(o: OutcomeColumns, t: number) {
  return {
    entry: o.entry[t], stop: o.stop[t], returns: o.returns.map((r) => r[t]), stopped: o.stopped[t], stopBar: o.stopBar[t],
    mfe: o.mfe[t], mfeBar: o.mfeBar[t], mae: o.mae[t], win: o.win[t], bracketTicks: o.bracketTicks[t], bracketUsd: o.bracketUsd[t],
  };
}
const empty = (entry: number, stop: number, horizons: number) => ({
  entry, stop, returns: Array(horizons).fill(NaN), stopped: NaN, stopBar: NaN, mfe: NaN, mfeBar: NaN, mae: NaN, win: NaN,
  bracketTicks: NaN, bracketUsd: NaN,
});

describe("forward outcomes, worked by hand (SPEC §7)", () => {
  it("stop first: long, MFE 5 at bar 2, stopped at bar 3 whose high is not counted", () => {
    // entry = close 103, stop = low 98 − 1 = 97, stopTicks = 6; target 10
    const o = run([
      [100, 104, 98, 103, 0], // signal
      [103, 106, 101, 105, 0], // bar 1: fav 106−103 = 3, adv 103−101 = 2
      [105, 108, 102, 103, 0], // bar 2: fav 5, adv 1
      [103, 115, 97, 98, 0], //   bar 3: low 97 ≤ stop 97 → stopped; the 115 high (fav 12) does not count
      [98, 120, 99, 119, 0],
      [119, 121, 110, 120, 0],
    ], [L, N, N, N, N, N], { horizons: [1, 2, 3, 5], maxHorizon: 5, targetTicks: 10 });
    // ret_1 = 105 − 103, ret_2 = 103 − 103, ret_3 and ret_5: stopped at bar 3 ≤ h → −6
    expect(at(o, 0)).toEqual({
      entry: 103, stop: 97, returns: [2, 0, -6, -6], stopped: 1, stopBar: 3, mfe: 5, mfeBar: 2, mae: 6, win: 0,
      bracketTicks: -6, bracketUsd: -75,
    });
    expect(at(o, 1)).toEqual(empty(NaN, NaN, 4)); // no direction: every field empty
  });

  it("target first: short reaches the target at bar 2, keeps running to MFE 6, stopped at bar 4, session ends before h = 5", () => {
    // entry 196, stop = high 200 + 1 = 201, stopTicks 5; target 4
    const o = run([
      [198, 200, 195, 196, 0], // signal
      [196, 199, 193, 194, 0], // bar 1: fav 196−193 = 3, adv 199−196 = 3
      [194, 197, 191, 192, 0], // bar 2: fav 5 ≥ 4 → target reached (win, bracket +4)
      [192, 198, 190, 197, 0], // bar 3: fav 6 (the MFE), adv 2
      [197, 201, 185, 186, 0], // bar 4: high 201 ≥ 201 → stopped; the 185 low does not count
      [300, 310, 290, 300, 1], // next session: never scanned
    ], [S, N, N, N, N, N], { horizons: [1, 2, 3, 4, 5], maxHorizon: 10, targetTicks: 4 });
    // ret_h = 196 − close[h]: 2, 4, −1; ret_4 = −5 (stopped at 4); ret_5: stopped at 4 ≤ 5 comes first → −5,
    // even though bar t+5 is in another session
    expect(at(o, 0)).toEqual({
      entry: 196, stop: 201, returns: [2, 4, -1, -5, -5], stopped: 1, stopBar: 4, mfe: 6, mfeBar: 3, mae: 5, win: 1,
      bracketTicks: 4, bracketUsd: 50,
    });
    expect(o.lastScannedBar![0]).toBe(4);
  });

  it("target and stop in the same bar: the stop wins (conservative)", () => {
    // long entry 102, stop 99, stopTicks 3, target 4
    const o = run([
      [101, 104, 100, 102, 0],
      [102, 103, 101, 102, 0], // bar 1: fav 1, adv 1
      [102, 110, 98, 105, 0], //  bar 2: high 110 would be +8 ≥ target, but low 98 ≤ 99: stopped, no excursion
      [105, 106, 104, 105, 0],
    ], [L, N, N, N], { horizons: [1, 2, 3], maxHorizon: 3, targetTicks: 4 });
    expect(at(o, 0)).toEqual({
      entry: 102, stop: 99, returns: [0, -3, -3], stopped: 1, stopBar: 2, mfe: 1, mfeBar: 1, mae: 3, win: 0,
      bracketTicks: -3, bracketUsd: -37.5,
    });
  });

  it("session ends before the horizon: returns missing, excursions over the bars scanned, bracket exits at the session's last close; a signal on the last bar has no outcome", () => {
    // long entry 51, stop 47, stopTicks 4, default target 25
    const o = run([
      [49, 52, 48, 51, 0], // signal
      [51, 55, 50, 54, 0], // bar 1: fav 4, adv 1
      [54, 56, 49, 53, 0], // bar 2: fav 5, adv 2 — last bar of session 0; also a long signal (entry 53, stop 48)
      [53, 200, 30, 150, 1], // session 1 would hit both the target and the stop: never scanned
      [150, 151, 149, 150, 1],
    ], [L, N, L, N, N], { horizons: [1, 2, 3, 5], maxHorizon: 5 });
    expect(at(o, 0)).toEqual({
      entry: 51, stop: 47, returns: [3, 2, NaN, NaN], stopped: 0, stopBar: NaN, mfe: 5, mfeBar: 2, mae: 2, win: 0,
      bracketTicks: 2, bracketUsd: 25,
    });
    expect(o.lastScannedBar![0]).toBe(2);
    expect(at(o, 2)).toEqual(empty(53, 48, 4));
    expect(o.notices.join("\n")).toMatch(/signals on the last bar of their session have no outcome \(nothing to scan\): 1$/m);
  });

  it("end of data: a short two bars before the end, and a signal on the very last bar", () => {
    // short entry 80, stop 83, stopTicks 3
    const o = run([
      [79, 82, 78, 80, 0], // signal
      [80, 81, 76, 77, 0], // bar 1: fav 4, adv 1
      [77, 79, 74, 78, 0], // bar 2: fav 6, adv −1 → MAE stays 1; data ends → bracket at 80 − 78 = 2
    ], [S, N, S], { horizons: [1, 2, 5], maxHorizon: 100, targetTicks: 25 });
    expect(at(o, 0)).toEqual({
      entry: 80, stop: 83, returns: [3, 2, NaN], stopped: 0, stopBar: NaN, mfe: 6, mfeBar: 2, mae: 1, win: 0,
      bracketTicks: 2, bracketUsd: 25,
    });
    expect(at(o, 2)).toEqual(empty(78, 80, 3));
  });

  it("win needs MFE ≥ target before the stop, at the default 25 ticks", () => {
    const o = run([
      [1000, 1004, 996, 1000, 0], // long, entry 1000, stop 995
      [1000, 1024, 998, 1020, 0], // fav 24: not yet
      [1020, 1025, 1010, 1022, 0], // fav 25: win at bar 2
      [1022, 1030, 990, 995, 0], // stopped at bar 3
    ], [L, N, N, N]);
    expect([o.win[0], o.mfe[0], o.mfeBar[0], o.bracketTicks[0], o.stopBar[0], o.bracketUsd[0]]).toEqual([1, 25, 2, 25, 3, 312.5]);
    // default horizons all ≥ 5 > 3 bars scanned, but the stop at bar 3 comes first: −5 at every horizon
    expect(o.returns.map((r) => r[0])).toEqual(Array(8).fill(-5));
  });

  it("a gap through the stop on the first bar: stopped at bar 1, MFE 0 and mfe_bar 0, MAE = the stop distance", () => {
    // short entry = close 400, stop = high 402 + 1 = 403, stopTicks 3; bar 1 opens above the stop and
    // trades down to 380 (fav 20): the stop is checked first, so none of it counts
    const o = run([
      [401, 402, 398, 400, 0],
      [405, 406, 380, 390, 0],
      [390, 391, 370, 371, 0],
    ], [S, N, N], { horizons: [1, 2], maxHorizon: 2, targetTicks: 10 });
    expect(at(o, 0)).toEqual({
      entry: 400, stop: 403, returns: [-3, -3], stopped: 1, stopBar: 1, mfe: 0, mfeBar: 0, mae: 3, win: 0,
      bracketTicks: -3, bracketUsd: -37.5,
    });
  });

  it("window cut by maxHorizon inside the session: bars past t + maxHorizon never count, the bracket exits at close[t + maxHorizon]", () => {
    // long entry 200, stop 197 (low 198 − 1), stopTicks 3; target 10; maxHorizon 3
    const o = run([
      [199, 201, 198, 200, 0],
      [200, 204, 199, 203, 0], // bar 1: fav 4, adv 1
      [203, 206, 200, 205, 0], // bar 2: fav 6, adv 0
      [205, 205, 198, 201, 0], // bar 3: fav 5, adv 2 — the last bar scanned; exit at its close 201 → +1
      [201, 240, 150, 230, 0], // bar 4: past the window (would be target and stop): ignored
    ], [L, N, N, N, N], { horizons: [1, 3], maxHorizon: 3, targetTicks: 10 });
    expect(at(o, 0)).toEqual({
      entry: 200, stop: 197, returns: [3, 1], stopped: 0, stopBar: NaN, mfe: 6, mfeBar: 2, mae: 2, win: 0,
      bracketTicks: 1, bracketUsd: 12.5,
    });
    expect(o.lastScannedBar![0]).toBe(3);
  });

  it("conflict bars get no entry, stop or outcome", () => {
    const o = run([[10, 12, 8, 11, 0], [11, 12, 10, 11, 0]], [C, N]);
    expect(at(o, 0)).toEqual(empty(NaN, NaN, 8));
  });
});

describe("entry at the next bar's open", () => {
  it("the entry bar is scanned as bar 1 (its range after the open counts); horizons still count from the signal bar", () => {
    // long signal: stop = 100 − 1 = 99; entry = open of bar 1 = 101, stopTicks 2; target 4
    const o = run([
      [102, 104, 100, 103, 0],
      [101, 106, 100, 105, 0], // bar 1 (entry bar): low 100 > 99, fav 106 − 101 = 5 ≥ 4 → win; adv 1
      [105, 107, 99, 100, 0], //  bar 2: stopped
      [100, 101, 98, 99, 0],
    ], [L, N, N, N], { entry: "nextOpen", horizons: [1, 2, 3], maxHorizon: 3, targetTicks: 4 });
    expect(at(o, 0)).toEqual({
      entry: 101, stop: 99, returns: [4, -2, -2], stopped: 1, stopBar: 2, mfe: 5, mfeBar: 1, mae: 2, win: 1,
      bracketTicks: 4, bracketUsd: 50,
    });
  });

  it("the entry bar itself can hit the stop: stopped at bar 1, no excursion", () => {
    // short: stop = 104 + 1 = 105, entry = open 103, stopTicks 2; bar 1 trades up to 105
    const o = run([[102, 104, 100, 102, 0], [103, 105, 95, 96, 0], [96, 97, 95, 96, 0]], [S, N, N],
      { entry: "nextOpen", horizons: [1, 2], maxHorizon: 2, targetTicks: 4 });
    expect(at(o, 0)).toEqual({
      entry: 103, stop: 105, returns: [-2, -2], stopped: 1, stopBar: 1, mfe: 0, mfeBar: 0, mae: 2, win: 0,
      bracketTicks: -2, bracketUsd: -25,
    });
  });

  it("an open at or beyond the stop: the trade is not taken (no outcome, counted in a notice)", () => {
    // long stops at 99: bar 1 opens at 98 (beyond), bar 4 opens at 99 (at the stop, stopTicks 0)
    const o = run([
      [102, 104, 100, 103, 0], [98, 99, 97, 98, 0], [98, 99, 97, 98, 0],
      [102, 104, 100, 103, 0], [99, 103, 98, 102, 0], [102, 103, 101, 102, 0],
    ], [L, N, N, L, N, N], { entry: "nextOpen", horizons: [1], maxHorizon: 2 });
    expect(at(o, 0)).toEqual(empty(98, 99, 1));
    expect(at(o, 3)).toEqual(empty(99, 99, 1));
    expect(o.notices.join("\n")).toMatch(/signals without outcome because the next bar opened at or beyond the stop .*: 2$/m);
  });

  it("a signal on the last bar of a session has no next open: no entry, no outcome", () => {
    const o = run([[10, 12, 8, 11, 0], [11, 12, 10, 11, 0], [50, 52, 48, 51, 1]], [N, L, N], { entry: "nextOpen" });
    expect(at(o, 1)).toEqual(empty(NaN, 9, 8));
  });
});

describe("bracket PnL in dollars", () => {
  it("ticks × $/tick − commission − slippage ticks × $/tick, per contract", () => {
    const rows: [number, number, number, number, number][] = [[1000, 1004, 996, 1000, 0], [1000, 1030, 998, 1020, 0], [1020, 1021, 1019, 1020, 0]];
    const cfg = outcomes({ commissionUsd: 4.5, slippageTicks: 1 });
    const dir = Int8Array.of(L, N, N);
    // +25 ticks: ES 25 × 12.50 − 4.50 − 12.50 = 295.5; MES 25 × 1.25 − 4.50 − 1.25 = 25.5; NQ 125 − 4.5 − 5 = 115.5
    expect(forwardOutcomes(market(rows), dir, cfg, ES).bracketUsd[0]).toBe(295.5);
    expect(forwardOutcomes(market(rows), dir, cfg, INSTRUMENTS.MES!).bracketUsd[0]).toBe(25.5);
    expect(forwardOutcomes(market(rows), dir, cfg, INSTRUMENTS.NQ!).bracketUsd[0]).toBe(115.5);
    expect(forwardOutcomes(market(rows), dir, cfg, INSTRUMENTS.MNQ!).bracketUsd[0]).toBe(25 * 0.5 - 4.5 - 0.5);
    expect(Number.isNaN(forwardOutcomes(market(rows), dir, cfg, ES).bracketUsd[1])).toBe(true);
  });

  it("refuses bad settings with the setting's name", () => {
    const m = market([[10, 12, 8, 11, 0], [11, 12, 10, 11, 0]]);
    const d = Int8Array.of(L, N);
    expect(() => forwardOutcomes(m, d, outcomes({ horizons: [5, 150] }), ES)).toThrow(/outcomes\.horizons/);
    expect(() => forwardOutcomes(m, d, outcomes({ commissionUsd: -1 }), ES)).toThrow(/outcomes\.commissionUsd/);
    expect(() => forwardOutcomes(m, d, { ...outcomes(), entry: "open" as never }, ES)).toThrow(/outcomes\.entry/);
    expect(() => forwardOutcomes(m, Int8Array.of(L), outcomes(), ES)).toThrow(/direction has 1 rows/);
  });
});

describe("real 5-minute data: no forward window crosses a session start or a contract change", () => {
  const data = (f: string) => fileURLToPath(new URL(`../../../../data/es-5m/${f}`, import.meta.url));
  const files = ["ESZ23-CME.scid_BarData__5m.txt", "ESH24-CME.scid_BarData__5m.txt", "ESM24-CME.scid_BarData__5m.txt"];
  const cfg = makeConfig();
  const { market: m } = loadMarket(files.map(data), cfg);
  const n = m.bars.length;
  // Every bar is a signal, alternating long / short, so every session end and roll is met by both.
  const dir = Int8Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1));

  for (const entry of ["close", "nextOpen"] as const) {
    it(`entry ${entry}: every scanned bar shares the signal's session and contract; returns are missing exactly when t + h leaves the session`, () => {
      const o = forwardOutcomes(m, dir, { ...cfg.outcomes, entry }, ES);
      const contractOf = new Int32Array(n);
      const sessionEnd = new Int32Array(n);
      for (const s of m.sessions) { contractOf.fill(s.contract, s.start, s.end); sessionEnd.fill(s.end, s.start, s.end); }
      let cutBySession = 0, stoppedCount = 0, atRoll = 0;
      for (let t = 0; t < n; t++) {
        const last = o.lastScannedBar![t]!;
        const end = sessionEnd[t]!; // first bar of the next session (or of the next contract)
        if (t === end - 1) { // last bar of its session
          expect(last).toBe(-1);
          expect(Number.isNaN(o.mfe[t]!)).toBe(true);
          if (t + 1 < n && contractOf[t + 1] !== contractOf[t]) atRoll++;
          continue;
        }
        if (Number.isNaN(o.mfe[t]!)) { expect(entry).toBe("nextOpen"); continue; } // open beyond the stop
        if (last <= t || last >= end || m.bars.session[last] !== m.bars.session[t] || contractOf[last] !== contractOf[t]) {
          throw new Error(`bar ${t}: scan reached bar ${last}, outside session ${m.bars.session[t]} [.., ${end})`);
        }
        const stopped = o.stopped[t] === 1;
        if (stopped) { stoppedCount++; expect(last - t).toBe(o.stopBar[t]); }
        else expect(last).toBe(Math.min(t + cfg.outcomes.maxHorizon, end - 1));
        if (!stopped && t + cfg.outcomes.maxHorizon >= end) cutBySession++;
        o.horizons.forEach((h, k) => {
          const r = o.returns[k]![t]!;
          const stoppedBy = stopped && o.stopBar[t]! <= h;
          if (Number.isNaN(r) !== (!stoppedBy && t + h >= end)) throw new Error(`bar ${t}, horizon ${h}: return ${r}, session ends at ${end}`);
        });
      }
      // the checks above met real session ends and both contract changes
      expect(cutBySession).toBeGreaterThan(1000);
      expect(stoppedCount).toBeGreaterThan(1000);
      expect(atRoll).toBe(2);
      expect(m.contracts.length).toBe(3);
    });
  }

  it("every signal's stop, excursions and bracket agree with a bar-by-bar walk of the real bars", () => {
    const o = forwardOutcomes(m, dir, cfg.outcomes, ES);
    const { high, low, close, session } = m.bars;
    const target = cfg.outcomes.targetTicks;
    let checked = 0;
    for (let t = 0; t < n; t++) {
      const last = o.lastScannedBar![t]!;
      if (last < 0) continue;
      const d = dir[t]!, entry = close[t]!, stop = d === 1 ? low[t]! - 1 : high[t]! + 1;
      let mfe = 0, mae = 0, mfeBar = 0, stopBar = NaN, j = t + 1;
      for (; j <= t + cfg.outcomes.maxHorizon && j < n && session[j] === session[t]; j++) {
        if (d === 1 ? low[j]! <= stop : high[j]! >= stop) { stopBar = j - t; break; }
        const fav = d * ((d === 1 ? high[j]! : low[j]!) - entry), adv = d * (entry - (d === 1 ? low[j]! : high[j]!));
        if (fav > mfe) { mfe = fav; mfeBar = j - t; }
        mae = Math.max(mae, adv);
      }
      const stopTicks = d * (entry - stop);
      const exit = Number.isNaN(stopBar) ? j - 1 : j;
      const bracket = mfe >= target ? target : !Number.isNaN(stopBar) ? -stopTicks : d * (close[exit]! - entry);
      const got = [o.mfe[t], o.mfeBar[t], o.mae[t], o.stopBar[t], o.bracketTicks[t], last];
      const want = [mfe, mfeBar, Number.isNaN(stopBar) ? mae : stopTicks, stopBar, bracket, exit];
      if (!got.every((v, k) => Object.is(v, want[k]) || v === want[k])) throw new Error(`bar ${t}: ${got} vs ${want}`);
      checked++;
    }
    expect(checked).toBe(n - m.sessions.length);
  });

  it("outcomes are deterministic and every directional bar not on a session's last bar gets one (entry close)", () => {
    const a = forwardOutcomes(m, dir, cfg.outcomes, ES), b = forwardOutcomes(m, dir, cfg.outcomes, ES);
    expect(Buffer.from(a.mfe.buffer).equals(Buffer.from(b.mfe.buffer))).toBe(true);
    expect(Buffer.from(a.returns[7]!.buffer).equals(Buffer.from(b.returns[7]!.buffer))).toBe(true);
    const noOutcome = a.mfe.reduce((s, v) => s + (Number.isNaN(v) ? 1 : 0), 0);
    expect(noOutcome).toBe(m.sessions.length);
  });
});
