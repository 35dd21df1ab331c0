import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { barMetrics } from "@tda/core-wasm";
import { barContracts, type Market } from "../barTable.js";
import { barsFromTicks } from "../bars/buildBars.js";
import { makeConfig } from "../config.js";
import { writeSierraStudyExport } from "../io/writeStudyExport.js";
import { assembleMarket, loadMarket } from "../pipeline/loadMarket.js";
import { generateScenario, type PlantedSignal, type ScenarioOptions } from "../synth/scenario.js";
import { detectSignals } from "./detectSignals.js";
import { DIRECTION } from "./types.js";

const config = makeConfig();

function scenarioMarket(seed: number, opts: Partial<ScenarioOptions> = {}) {
  const sc = generateScenario({ seed, ...opts });
  const bars = barsFromTicks(sc.ticks, config);
  const { market } = assembleMarket([{ file: "SCEN.txt", path: "SCEN.txt", format: "tick-csv", kind: "bars", bars, skipped: [], notices: [] }], config);
  return { sc, market };
}

function run(m: Market) {
  const b = m.bars;
  const metrics = barMetrics({ high: b.high, low: b.low, close: b.close, volume: b.volume, delta: b.delta,
    maxDelta: b.maxDelta, minDelta: b.minDelta, group: barContracts(m) }, config.metrics.volStarWindow);
  return detectSignals(m, metrics, config.signals);
}

/** The flags SPEC §5 gives a planted signal after the hierarchy. */
function expected(p: PlantedSignal) {
  const inv = p.family === "inversion", long = p.direction === "long";
  return {
    invLong: +(inv && long), invShort: +(inv && !long), invStrong: +(inv && p.strong),
    exhLong: +(!inv && long), exhShort: +(!inv && !long), exhAccel: +(!inv && p.strong),
    direction: long ? DIRECTION.long : DIRECTION.short,
  };
}

const KEYS = ["invLong", "invShort", "invStrong", "exhLong", "exhShort", "exhAccel", "direction"] as const;

function checkExactly(s: ReturnType<typeof run>, planted: PlantedSignal[], n: number) {
  const at = new Map(planted.map((p) => [p.bar, p]));
  for (let i = 0; i < n; i++) {
    const p = at.get(i);
    const got = Object.fromEntries(KEYS.map((k) => [k, s[k][i]]));
    const want = p ? expected(p) : Object.fromEntries(KEYS.map((k) => [k, 0]));
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      throw new Error(`bar ${i} (${p?.kind ?? "no signal planted"}): got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    }
  }
}

describe("detectSignals finds the synthetic scenario's planted signals exactly", () => {
  it("default scenario: every planted kind at its bar, nothing elsewhere, no notices", () => {
    const { sc, market } = scenarioMarket(11);
    expect(market.bars.footprint).toBeDefined();
    const s = run(market);
    expect(new Set(sc.signals.map((p) => p.kind)).size).toBe(8);
    checkExactly(s, sc.signals, market.bars.length);
    expect(s.notices).toEqual([]);
    expect(s.sources).toEqual([{ contract: 0, inversion: "detected", strength: "trappedPct", exhaustion: "footprint" }]);
  });

  it("many seeds and shapes", () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { sc, market } = scenarioMarket(seed, { balanceSessions: 3, trendSessions: 1, barsPerSession: 40, signalsPerSession: 8 });
      checkExactly(run(market), sc.signals, market.bars.length);
    }
  });

  it("the planted truth given as the export's own flag columns gives the same classification", () => {
    const { sc, market } = scenarioMarket(11);
    const n = market.bars.length;
    for (const role of ["invLong", "invShort", "invStrongLong", "invStrongShort", "exhLong", "exhShort", "exhAccelLong", "exhAccelShort"]) {
      market.bars.study.set(role, new Float64Array(n));
    }
    for (const p of sc.signals) market.bars.study.get(p.kind)![p.bar] = 1;
    const detected = run(scenarioMarket(11).market);
    const fromExport = run(market);
    for (const k of KEYS) expect(Array.from(fromExport[k]), k).toEqual(Array.from(detected[k]));
    expect(fromExport.sources[0]).toMatchObject({ inversion: "export", exhaustion: "export" });
  });
});

describe("the same bars read back from a 103-column study export (edge columns, no footprint)", () => {
  it("give the signals detected on their footprint", () => {
    const { sc, market } = scenarioMarket(11);
    const dir = mkdtempSync(join(tmpdir(), "tda-signals-"));
    try {
      const path = join(dir, "SCEN.txt");
      writeSierraStudyExport(path, market.bars, { tickSize: market.tickSize, timeZone: config.sessions.exchangeTimeZone });
      const { market: read } = loadMarket([path], config);
      expect(read.bars.footprint).toBeUndefined();
      expect(read.bars.length).toBe(market.bars.length);
      const s = run(read);
      checkExactly(s, sc.signals, read.bars.length);
      expect(s.sources).toEqual([{ contract: 0, inversion: "detected", strength: "trappedPct", exhaustion: "edges" }]);
      expect(s.notices).toEqual(["exhaustion computed from the export's footprint edge columns (askVolHigh0..2, bidVolLow0..2) — SCEN"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
