import { describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeConfig } from "../config.js";
import { sessionProfiles } from "../levels/sessionProfiles.js";
import { synthesizeFiles } from "../synth/synthFiles.js";
import { runContract } from "./runContract.js";
import { imbalanceRows } from "./samples.js";

// The report's pictures (issue 16): footprint samples carry their marks and trade, profile samples
// the periods of the TPO profile; both must agree with the pipeline's own columns.
describe("report samples of a synthesised tick contract", () => {
  const cfg = makeConfig();
  const dir = mkdtempSync(join(tmpdir(), "tda-samples-"));
  const files = synthesizeFiles({ from: [], outDir: dir, format: "scid", seed: 11, scenario: true, config: cfg });
  const run = runContract(files.files[0]!.output, cfg);
  const b = run.market.bars;
  const fp = b.footprint!;
  // the sample's bar: same OHLC, session and footprint rows (the title's minute is not unique on range bars)
  const barOf = (s: (typeof run.result.samples)[number]) => b.time.findIndex((_, i) =>
    b.open[i] === s.open && b.high[i] === s.high && b.low[i] === s.low && b.close[i] === s.close && run.market.sessions[b.session[i]!]!.name === s.session &&
    s.rows.every((r, k) => fp.price[fp.offset[i]! + k] === r.price && fp.bidVolume[fp.offset[i]! + k] === r.bid && fp.askVolume[fp.offset[i]! + k] === r.ask) &&
    (run.signals.invLong[i] || run.signals.invShort[i] || run.signals.exhLong[i] || run.signals.exhShort[i]) === 1);

  it("footprint samples: marks equal the signals table's, the path ends where the bracket does", () => {
    const { samples } = run.result;
    expect(samples.length).toBeGreaterThan(1);
    for (const s of samples) {
      const i = barOf(s);
      expect(i).toBeGreaterThanOrEqual(0);
      expect(s.session).toBe(run.market.sessions[b.session[i]!]!.name);
      expect(s.marks!.imbBuy).toBe(run.marks!.imbBuy[i]);
      expect(s.marks!.imbSell).toBe(run.marks!.imbSell[i]);
      expect(s.marks!.buyRows.length).toBe(run.marks!.imbBuy[i]);
      expect(s.marks!.sellRows.length).toBe(run.marks!.imbSell[i]);
      const o = s.outcome!;
      expect(o.entry).toBe(run.outcomes.entry[i]);
      expect(o.stop).toBe(run.outcomes.stop[i]);
      expect(o.bracketTicks).toBe(run.outcomes.bracketTicks[i]);
      const d = s.direction === "long" ? 1 : -1;
      expect(o.target).toBe(o.entry + d * cfg.outcomes.targetTicks);
      // the last bar of the path is the stop bar, the first bar at the target, or the last scanned
      const last = o.path[o.path.length - 1]!;
      if (o.stopped) {
        expect(o.path.length).toBe(o.stopBar);
        expect(d > 0 ? last.low <= o.stop : last.high >= o.stop).toBe(true);
      } else if (o.win) {
        expect(d > 0 ? last.high >= o.target : last.low <= o.target).toBe(true);
        expect(o.bracketTicks).toBe(cfg.outcomes.targetTicks);
      } else {
        expect(i + o.path.length).toBe(run.outcomes.lastScannedBar![i]);
      }
    }
  });

  it("imbalanceRows follows SPEC §5's diagonal rule on a hand-made bar", () => {
    // rows low → high: ask 30 at 101 ≥ 3 × bid 10 at 100 → buy at 101; bid 40 at 102 ≥ 3 × ask 12 at 103 → sell at 102
    const rows = [
      { price: 100, bid: 10, ask: 5 }, { price: 101, bid: 2, ask: 30 }, { price: 102, bid: 40, ask: 9 }, { price: 103, bid: 1, ask: 12 },
    ];
    expect(imbalanceRows(rows, { imbalanceRatio: 3, minImbalanceVolume: 10 })).toEqual({ buyRows: [101], sellRows: [102] });
    // below the minimum volume nothing qualifies
    expect(imbalanceRows(rows, { imbalanceRatio: 3, minImbalanceVolume: 50 })).toEqual({ buyRows: [], sellRows: [] });
  });

  it("profile samples: the periods' letters add up to the session's TPO counts; levels as known at the open", () => {
    const { profiles } = run.result;
    expect(profiles.length).toBeGreaterThan(1);
    const built = sessionProfiles(run.market, cfg.levels, cfg.sessions);
    for (const p of profiles) {
      const s = run.market.sessions.find((x) => x.name === p.session)!;
      const ref = built.bySession[s.index]!;
      expect(p.poc).toBe(ref.poc);
      expect([p.val, p.vah, p.high, p.low]).toEqual([ref.val, ref.vah, ref.high, ref.low]);
      // one TPO per period in every row from its low to its high (SPEC §6)
      for (let r = 0; r < ref.tpo.length; r++) {
        const price = ref.baseRow + r;
        expect(p.periods.filter((q) => q.low <= price && q.high >= price).length, `${p.session} ${price}`).toBe(ref.tpo[r]);
      }
      expect(p.singlePrints.length).toBe(ref.singlePrints);
      const known = run.levels.sessions.find((x) => x.session === s.index)!.levels;
      expect(p.levels.map((l) => [l.kind, l.price])).toEqual(known.map((l) => [l.kind, l.price]));
    }
    // the samples' sessions are among them, with their signals
    for (const s of run.result.samples) {
      const p = profiles.find((q) => q.session === s.session);
      if (p) expect(p.signals.some((g) => g.title === s.title.split(" · ")[0])).toBe(true);
    }
  });
});
