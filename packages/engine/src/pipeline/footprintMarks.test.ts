import { describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { footprintMarks, type BarMetrics } from "@tda/core-wasm";
import { emptyBarTable, type Footprint, type Market } from "../barTable.js";
import { makeConfig } from "../config.js";
import { synthesizeFiles } from "../synth/synthFiles.js";
import { runContract } from "./runContract.js";
import { buildSignalsTable, signalsCsv } from "./signalsTable.js";

const MARKS = ["imb_buy", "imb_sell", "stacked_buy", "stacked_sell", "unfinished_high", "unfinished_low"] as const;

/** SPEC §5 imbalances and auctions of bar i, written from the SPEC text (test-local reference). */
function reference(f: Footprint, i: number, ratio = 3, minVolume = 10, stack = 3): number[] {
  const r0 = f.offset[i]!, r1 = f.offset[i + 1]!;
  let imbBuy = 0, imbSell = 0, runBuy = 0, runSell = 0, stackedBuy = 0, stackedSell = 0;
  for (let p = r0; p < r1; p++) {
    // a row whose diagonal neighbour lies outside the bar is not tested
    const buy = p > r0 && f.askVolume[p]! >= ratio * f.bidVolume[p - 1]! && f.askVolume[p]! >= minVolume;
    const sell = p < r1 - 1 && f.bidVolume[p]! >= ratio * f.askVolume[p + 1]! && f.bidVolume[p]! >= minVolume;
    imbBuy += +buy; imbSell += +sell;
    runBuy = buy ? runBuy + 1 : 0; runSell = sell ? runSell + 1 : 0;
    if (runBuy >= stack) stackedBuy = 1;
    if (runSell >= stack) stackedSell = 1;
  }
  const both = (p: number) => +(f.bidVolume[p]! > 0 && f.askVolume[p]! > 0);
  return [imbBuy, imbSell, stackedBuy, stackedSell, r1 > r0 ? both(r1 - 1) : 0, r1 > r0 ? both(r0) : 0];
}

function csvRows(table: Parameters<typeof signalsCsv>[0]): Record<string, string>[] {
  const lines = [...signalsCsv(table)].join("").trimEnd().split("\n");
  const h = lines[0]!.split(",");
  return lines.slice(1).map((l) => Object.fromEntries(l.split(",").map((v, j) => [h[j]!, v])));
}

describe("footprint marks in the signals table (SPEC §5, §9)", () => {
  it("equal a plain computation from the footprint on every row of a synthesised tick contract", () => {
    const cfg = makeConfig();
    const dir = mkdtempSync(join(tmpdir(), "tda-marks-"));
    const files = synthesizeFiles({ from: [], outDir: dir, format: "scid", seed: 11, scenario: true, config: cfg });
    const run = runContract(files.files[0]!.output, cfg);
    const fp = run.market.bars.footprint!;
    expect(fp).toBeDefined();
    const rows = csvRows(run.result.table);
    const time = run.result.table.time!;
    expect(rows.length).toBeGreaterThan(10);
    let marked = 0;
    rows.forEach((row, r) => {
      const i = run.market.bars.time.indexOf(time[r]!);
      const want = reference(fp, i);
      expect(MARKS.map((m) => Number(row[m])), `row ${r} (bar ${i})`).toEqual(want);
      expect(row.contract).toBe(run.result.contract);
      if (want.some((x) => x > 0)) marked++;
    });
    expect(marked).toBeGreaterThan(0);
    expect(run.result.notices.some((n) => n.startsWith("footprint imbalances skipped"))).toBe(false);
    // every bar, not only the signal rows
    const all = footprintMarks(fp);
    for (let i = 0; i < run.market.bars.length; i++) {
      const got = [all.imbBuy[i], all.imbSell[i], all.stackedBuy[i], all.stackedSell[i], all.unfinishedHigh[i], all.unfinishedLow[i]];
      expect(got, `bar ${i}`).toEqual(reference(fp, i));
    }
  });

  it("follow the three settings", () => {
    const cfg = makeConfig({ signals: { imbalanceRatio: 1.5, minImbalanceVolume: 2, stackedRows: 2 } });
    const dir = mkdtempSync(join(tmpdir(), "tda-marks-cfg-"));
    const files = synthesizeFiles({ from: [], outDir: dir, format: "scid", seed: 11, scenario: true, config: cfg });
    const run = runContract(files.files[0]!.output, cfg);
    const fp = run.market.bars.footprint!;
    for (let i = 0; i < run.market.bars.length; i++) {
      const m = run.marks!;
      expect([m.imbBuy[i], m.imbSell[i], m.stackedBuy[i], m.stackedSell[i], m.unfinishedHigh[i], m.unfinishedLow[i]], `bar ${i}`)
        .toEqual(reference(fp, i, 1.5, 2, 2));
    }
  });

  it("are empty, with one notice, where the input has no footprint (the 5-minute exports)", () => {
    const file = new URL("../../../../data/es-5m/ESZ23-CME.scid_BarData__5m.txt", import.meta.url).pathname;
    const run = runContract(file, makeConfig());
    expect(run.marks).toBeUndefined();
    const rows = csvRows(run.result.table);
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) for (const m of MARKS) expect(row[m]).toBe("");
    expect(rows[0]!.contract).toBe(run.result.contract);
    const notes = run.result.notices.filter((n) => n.startsWith("footprint imbalances skipped"));
    expect(notes).toEqual([`footprint imbalances skipped: the input has no per-price footprint (bid/ask volume at every price); ` +
      `imb_buy, imb_sell, stacked_buy, stacked_sell, unfinished_high and unfinished_low are empty because they could not be computed — ${run.result.contract}`]);
  });

  it("are rejected outside their domain, naming the setting", () => {
    expect(() => makeConfig({ signals: { imbalanceRatio: 0 } })).toThrow("config.signals.imbalanceRatio: expected a finite number > 0");
    expect(() => makeConfig({ signals: { imbalanceRatio: NaN } })).toThrow("config.signals.imbalanceRatio");
    expect(() => makeConfig({ signals: { minImbalanceVolume: -1 } })).toThrow("config.signals.minImbalanceVolume: expected a finite number ≥ 0");
    expect(() => makeConfig({ signals: { stackedRows: 2.5 } })).toThrow("config.signals.stackedRows: expected a whole number ≥ 1");
    expect(() => makeConfig({ signals: { stackedRows: 0 } })).toThrow("config.signals.stackedRows");
    expect(makeConfig().signals).toMatchObject({ imbalanceRatio: 3, minImbalanceVolume: 10, stackedRows: 3 });
  });

  it("find a planted 3-row buy stack and an unfinished high exactly, in signals.csv", () => {
    // bar 0: rows low→high (bid, ask): the three rows above the bottom each hold ask ≥ 3 · bid below and
    // ≥ 10 → imb_buy 3, stacked_buy 1; the top row (bid 5, ask 12) traded both sides → unfinished_high.
    // bar 1: a 2-row buy run only (no stack), one sell row (bid 12 ≥ 3 · ask 3 above), top row ask only,
    // bottom row bid only (finished auctions).
    const rowsOf = [
      [[4, 0], [2, 12], [3, 30], [5, 12]],
      [[8, 0], [3, 24], [1, 12], [12, 2], [0, 3]],
    ];
    const n = rowsOf.length;
    const bars = emptyBarTable(n, true);
    const offset = new Int32Array(n + 1), bid: number[] = [], ask: number[] = [], price: number[] = [];
    rowsOf.forEach((rows, i) => {
      offset[i + 1] = offset[i]! + rows.length;
      rows.forEach(([b, a], k) => { bid.push(b!); ask.push(a!); price.push(20000 + k); });
      bars.time[i] = Date.UTC(2024, 2, 18, 13, 35 + i) * 1000;
      bars.open[i] = 20000; bars.low[i] = 20000; bars.high[i] = 20000 + rows.length - 1; bars.close[i] = 20001;
    });
    bars.footprint = { offset, price: Int32Array.from(price), bidVolume: Float64Array.from(bid), askVolume: Float64Array.from(ask) };
    const market: Market = {
      tickSize: 0.25, timeZone: "America/Chicago", bars,
      clock: { secondOfDay: new Float64Array(n), localDay: new Int32Array(n), offsetMinutes: new Int32Array(n).fill(-300) },
      sessions: [{ index: 0, name: "2024-03-18", contract: 0, start: 0, end: n, partial: false }],
      contracts: [{ name: "ESM24", file: "x" }], notices: [],
    };
    const nan = new Float64Array(n).fill(NaN);
    const metrics: BarMetrics = { deltaPct: nan, trappedPct: nan, volStar: nan, tdLong: nan, tdShort: nan, closeLocation: nan };
    const table = buildSignalsTable({ market, metrics, marks: footprintMarks(bars.footprint) });
    const rows = csvRows(table);
    expect(rows.map((r) => [r.contract, ...MARKS.map((m) => r[m])])).toEqual([
      ["ESM24", "3", "0", "1", "0", "1", "0"],
      ["ESM24", "2", "1", "0", "0", "0", "0"],
    ]);
    for (let i = 0; i < n; i++) expect(MARKS.map((m) => Number(rows[i]![m]))).toEqual(reference(bars.footprint, i));
  });
});
