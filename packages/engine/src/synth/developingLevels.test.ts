import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { emptyBarTable, type BarTable } from "../barTable.js";
import { barsFromTicks } from "../bars/buildBars.js";
import { makeConfig } from "../config.js";
import { readInput } from "../io/readInput.js";
import { readSierraBarExport } from "../io/sierraBarExport.js";
import { valueArea } from "../levels/valueArea.js";
import { runContract } from "../pipeline/runContract.js";
import { addDevelopingLevels, developingLevels, DEVELOPING_ROLES, type DevelopingLevels } from "./developingLevels.js";
import { synthesizeFiles } from "./synthFiles.js";
import { synthesizeTrades } from "./tradesFromBars.js";

const es5m = (name: string) => fileURLToPath(new URL(`../../../../data/es-5m/${name}`, import.meta.url));

/** Bars given only by session and footprint rows [price, bid, ask]; OHLC from the rows. */
function footprintBars(spec: { session: number; rows: [number, number, number][] }[]): BarTable {
  const n = spec.length;
  const t = emptyBarTable(n, true);
  const rows = spec.flatMap((b) => b.rows);
  const fp = t.footprint!;
  fp.price = Int32Array.from(rows, (r) => r[0]);
  fp.bidVolume = Float64Array.from(rows, (r) => r[1]);
  fp.askVolume = Float64Array.from(rows, (r) => r[2]);
  spec.forEach((b, i) => {
    fp.offset[i + 1] = fp.offset[i]! + b.rows.length;
    t.session[i] = b.session;
    t.low[i] = t.open[i] = b.rows[0]![0];
    t.high[i] = t.close[i] = b.rows[b.rows.length - 1]![0];
    t.time[i] = t.lastTime[i] = i * 60e6;
  });
  return t;
}

/** The first `end` bars of a table (footprint rows included), as a table of their own. */
function cut(bars: BarTable, end: number): BarTable {
  const fp = bars.footprint!;
  const rows = fp.offset[end]!;
  return {
    ...bars,
    length: end,
    session: bars.session.slice(0, end),
    footprint: {
      offset: fp.offset.slice(0, end + 1), price: fp.price.slice(0, rows),
      bidVolume: fp.bidVolume.slice(0, rows), askVolume: fp.askVolume.slice(0, rows),
    },
    study: new Map(),
  };
}

/** Plain O(n²) reference: every bar rebuilds its session's profile from the session's first bar. */
function reference(bars: BarTable, pct = 70): DevelopingLevels {
  const fp = bars.footprint!;
  const n = bars.length;
  const out: DevelopingLevels = {
    vwap: new Float64Array(n).fill(NaN), poc: new Float64Array(n).fill(NaN),
    vah: new Float64Array(n).fill(NaN), val: new Float64Array(n).fill(NaN),
  };
  for (let i = 0; i < n; i++) {
    let first = i;
    while (first > 0 && bars.session[first - 1] === bars.session[i]) first--;
    const vol = new Map<number, number>();
    let lo = Infinity, hi = -Infinity;
    for (let j = first; j <= i; j++) {
      for (let r = fp.offset[j]!; r < fp.offset[j + 1]!; r++) {
        const p = fp.price[r]!;
        vol.set(p, (vol.get(p) ?? 0) + fp.bidVolume[r]! + fp.askVolume[r]!);
        lo = Math.min(lo, p); hi = Math.max(hi, p);
      }
    }
    let pv = 0, v = 0;
    const counts: number[] = [];
    for (let p = lo; p <= hi; p++) { const x = vol.get(p) ?? 0; counts.push(x); pv += p * x; v += x; }
    if (!(v > 0)) continue;
    const va = valueArea(counts, pct);
    out.vwap[i] = pv / v;
    out.poc[i] = lo + va.poc; out.vah[i] = lo + va.vah; out.val[i] = lo + va.val;
  }
  return out;
}

const same = (a: ArrayLike<number>, b: ArrayLike<number>, what: string, n = a.length) => {
  for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) throw new Error(`${what}[${i}]: ${a[i]} vs ${b[i]}`);
};

/** Synthetic 8-tick bars (with footprint) from the first `n` real 5-minute bars of a contract. */
function syntheticBars(dir: string, name: string, n: number, seed: number, volumeScale: number) {
  const lines = readFileSync(es5m(name), "utf8").split("\n").slice(0, n + 1);
  const from = join(dir, name);
  writeFileSync(from, `${lines.join("\n")}\n`);
  const real = readSierraBarExport(from, { tickSize: 0.25, sourceTimeZone: "America/Chicago" }).bars;
  return { from, bars: barsFromTicks(synthesizeTrades(real, { seed, volumeScale }).ticks, makeConfig()) };
}

describe("developingLevels (hand-built two-session footprint)", () => {
  // session 0
  //   bar 0 rows 100: 2+1=3, 101: 4+2=6, 102: 0+1=1 → profile 100:3 101:6 102:1, Σ 10
  //     VWAP = (300 + 606 + 102) / 10 = 100.8; POC 101 (6)
  //     VA: area 6 (60% < 70) → above: 102 = 1, below: 100 = 3 → below; area 9 (90%) → VAL 100, VAH 101
  //   bar 1 rows 101: 1+1, 102: 3+2, 103: 4+4, 104: 0+2 → profile 100:3 101:8 102:6 103:8 104:2, Σ 27
  //     VWAP = (1008 + 202 + 510 + 824 + 208) / 27 = 2752 / 27
  //     POC: 101 and 103 both hold 8, both 1 row from the middle (102) → the lower, 101
  //     VA: area 8 (29.6%) → above: 102+103 = 14, below: 100 = 3 → above; area 22 (81.5%) → VAL 101, VAH 103
  // session 1 (starts afresh)
  //   bar 2 rows 200: 1+0, 201: 0+1 → Σ 2; VWAP 200.5; POC: tie at equal distance from 200.5 → lower, 200
  //     VA: area 1 (50%) → below has no rows → above: VAH 201, VAL 200
  //   bar 3 rows 199: 2+3, 200: 0+0, 201: 1+0 → profile 199:5 200:1 201:2, Σ 8
  //     VWAP = (200 + 201 + 995 + 0 + 201) / 8 = 1597 / 8 = 199.625; POC 199
  //     VA: area 5 (62.5%) → above: 200+201 = 3, below: none → above; VAL 199, VAH 201
  // session 2: bar 4 has one row without volume (side-0 trades only) → NaN; bar 5 row 301: 4
  //     → profile 300:0 301:4: VWAP 301, POC 301, area 100% at once → VAL = VAH = 301
  const bars = footprintBars([
    { session: 0, rows: [[100, 2, 1], [101, 4, 2], [102, 0, 1]] },
    { session: 0, rows: [[101, 1, 1], [102, 3, 2], [103, 4, 4], [104, 0, 2]] },
    { session: 1, rows: [[200, 1, 0], [201, 0, 1]] },
    { session: 1, rows: [[199, 2, 3], [200, 0, 0], [201, 1, 0]] },
    { session: 2, rows: [[300, 0, 0]] },
    { session: 2, rows: [[301, 1, 3]] },
  ]);

  it("VWAP, POC, VAH, VAL by hand", () => {
    const d = developingLevels(bars);
    expect(Array.from(d.vwap)).toEqual([100.8, 2752 / 27, 200.5, 199.625, NaN, 301]);
    expect(Array.from(d.poc)).toEqual([101, 101, 200, 199, NaN, 301]);
    expect(Array.from(d.vah)).toEqual([101, 103, 201, 201, NaN, 301]);
    expect(Array.from(d.val)).toEqual([100, 101, 200, 199, NaN, 301]);
  });

  it("resets at a session start: a session's values do not depend on the sessions before it", () => {
    const full = developingLevels(bars);
    // the same session-1 bars alone
    const alone = developingLevels(footprintBars([
      { session: 7, rows: [[200, 1, 0], [201, 0, 1]] },
      { session: 7, rows: [[199, 2, 3], [200, 0, 0], [201, 1, 0]] },
    ]));
    for (const k of DEVELOPING_ROLES) expect(Array.from(full[k].subarray(2, 4)), k).toEqual(Array.from(alone[k]));
    // a change of session id is what resets, even when the prices overlap
    const merged = developingLevels(footprintBars([
      { session: 0, rows: [[100, 2, 1], [101, 4, 2], [102, 0, 1]] },
      { session: 0, rows: [[101, 5, 5]] },
      { session: 1, rows: [[101, 5, 5]] },
    ]));
    expect(Array.from(merged.vwap)).toEqual([100.8, (1008 + 1010) / 20, 101]);
  });

  it("value-area percentage is a parameter; bars without footprint are refused", () => {
    // bar 1 at 80%: area 22 / 27 = 81.5% ≥ 80 → same; at 90%: below (100: 3) or above (104: 2) → below, 25/27 = 92.6%
    const d = developingLevels(bars, { valueAreaPct: 90 });
    expect([d.val[1], d.vah[1]]).toEqual([100, 103]);
    expect(() => developingLevels(emptyBarTable(3))).toThrow(/no footprint/);
  });

  it("addDevelopingLevels writes the four study roles", () => {
    const t = footprintBars([{ session: 0, rows: [[100, 2, 1], [101, 4, 2], [102, 0, 1]] }]);
    addDevelopingLevels(t);
    expect([...t.study.keys()].sort()).toEqual(["poc", "vah", "val", "vwap"]);
    expect(t.study.get("vwap")![0]).toBe(100.8);
  });
});

describe("developingLevels on synthetic bars from real data", () => {
  const dir = mkdtempSync(join(tmpdir(), "tda-devlevels-"));
  const { bars } = syntheticBars(dir, "ESH24-CME.scid_BarData__5m.txt", 1200, 4, 0.05);

  it("equals a from-scratch rebuild per bar, and is bit-identical when later bars are cut (no look-ahead)", () => {
    expect(bars.length).toBeGreaterThan(300);
    const d = developingLevels(bars);
    const ref = reference(bars);
    for (const k of DEVELOPING_ROLES) same(d[k], ref[k], k);
    expect(d.poc.some((v) => Number.isNaN(v))).toBe(false);
    // cuts at session starts, just after them and in the middle of sessions
    const starts = [...bars.session.keys()].filter((i) => i > 0 && bars.session[i] !== bars.session[i - 1]);
    expect(starts.length).toBeGreaterThanOrEqual(2);
    const cuts = [1, 37, ...starts.flatMap((s) => [s, s + 1, s + 40]), bars.length - 1].filter((c) => c > 0 && c <= bars.length);
    for (const end of cuts) {
      const part = developingLevels(cut(bars, end));
      for (const k of DEVELOPING_ROLES) same(part[k], d[k], `${k} cut at ${end}`, end);
    }
  });

  it("the developing value area holds the POC and ≥ 70% of the session's footprint volume so far", () => {
    const d = developingLevels(bars);
    const fp = bars.footprint!;
    let inSession = new Map<number, number>();
    for (let i = 0; i < bars.length; i++) {
      if (i > 0 && bars.session[i] !== bars.session[i - 1]) inSession = new Map();
      for (let r = fp.offset[i]!; r < fp.offset[i + 1]!; r++) inSession.set(fp.price[r]!, (inSession.get(fp.price[r]!) ?? 0) + fp.bidVolume[r]! + fp.askVolume[r]!);
      let total = 0, area = 0;
      for (const [p, v] of inSession) { total += v; if (p >= d.val[i]! && p <= d.vah[i]!) area += v; }
      expect(d.val[i]! <= d.poc[i]! && d.poc[i]! <= d.vah[i]!).toBe(true);
      expect(100 * area).toBeGreaterThanOrEqual(70 * total);
    }
  });
});

describe("study export with developing levels, end to end", () => {
  it("synth --format study → readInput → runContract: export_ levels reach the signals", () => {
    const dir = mkdtempSync(join(tmpdir(), "tda-devlevels-e2e-"));
    const cfg = makeConfig();
    const seed = 9, volumeScale = 0.1;
    const { from, bars: want } = syntheticBars(dir, "ESZ24-CME.scid_BarData__5m.txt", 1500, seed, volumeScale);
    const expected = developingLevels(want, { valueAreaPct: cfg.levels.valueAreaPct });
    const r = synthesizeFiles({ from: [from], outDir: join(dir, "out"), format: "study", seed, volumeScale, config: cfg });
    const path = r.files[0]!.output;

    // 1. the study columns read back exactly: levels are written in points (integer ticks with the
    //    tick's decimals, the fractional VWAP as the shortest round-trip text of vwap·tickSize) and
    //    read back ×(1 / tickSize) — both exact with tick size 0.25, so nothing is rounded on the way
    const back = readInput(path, { tickSize: 0.25, sourceTimeZone: undefined, exchangeTimeZone: cfg.sessions.exchangeTimeZone, lenient: false, format: "study-export" });
    expect(back.format).toBe("study-export");
    expect(back.bars.length).toBe(want.length);
    for (const k of DEVELOPING_ROLES) same(back.bars.study.get(k)!, expected[k], `read-back ${k}`);
    expect(expected.vwap.some((v) => !Number.isInteger(v))).toBe(true);

    // 2. the pipeline: sessions assigned from bar times start where the developing study resets
    const run = runContract(path, cfg);
    const { market } = run;
    expect(market.bars.length).toBe(want.length);
    for (let i = 1; i < want.length; i++) {
      expect(market.bars.session[i] !== market.bars.session[i - 1], `session start at bar ${i}`).toBe(want.session[i] !== want.session[i - 1]);
    }
    expect(run.levels.notices.some((t) => t.includes("export study levels used (export_poc, export_vah, export_val, export_vwap)"))).toBe(true);

    // 3. some directional signals take an export level, priced from bar t − 1 of the same session, rounded to the tick
    const kinds = new Map<string, number>();
    let checked = 0;
    for (let t = 0; t < market.bars.length; t++) {
      const kind = run.levels.levelKind[t];
      if (!kind?.startsWith("export_")) continue;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      expect(Math.abs(run.signals.direction[t]!)).toBe(1);
      expect(market.bars.session[t - 1]).toBe(market.bars.session[t]);
      expect(run.levels.levelPrice[t]).toBe(Math.round(expected[kind.slice(7) as keyof DevelopingLevels][t - 1]!));
      expect(run.levels.levelStrength[t]).toBe(1);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
    expect([...kinds.keys()].sort()).toEqual(["export_poc", "export_vah", "export_val", "export_vwap"]);
    // and the signals table says so
    const kindCol = run.result.table.columns.find((c) => c.name === "level_kind");
    expect(kindCol?.type).toBe("string");
    expect((kindCol!.values as (string | null)[]).filter((k) => k?.startsWith("export_")).length).toBe(checked);
  }, 120_000);
});
