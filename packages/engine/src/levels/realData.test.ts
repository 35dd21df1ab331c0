import { beforeAll, describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BarTable, Market } from "../barTable.js";
import { makeConfig } from "../config.js";
import { entryPrices } from "../outcomes/entry.js";
import { loadMarket } from "../pipeline/loadMarket.js";
import { assignSessions } from "../sessions/sessions.js";
import { computeLevels } from "./computeLevels.js";
import { compareForEntry, type Level } from "./composites.js";
import { isEdgeKind, scenarioOf } from "./scenarios.js";
import { sessionProfiles } from "./sessionProfiles.js";
import { EXTRA_LEVEL_KINDS, SCENARIO, type LevelColumns } from "./types.js";

const dir = fileURLToPath(new URL("../../../../data/es-5m/", import.meta.url));
const cfg = makeConfig();
const rules = cfg.sessions;

/** Inversions computed simply (SPEC §5 without thresholds): D < 0 & up bar → long, D > 0 & down bar → short. */
function inversions(b: BarTable): Int8Array {
  const d = new Int8Array(b.length);
  for (let i = 0; i < b.length; i++) d[i] = b.delta[i]! < 0 && b.close[i]! > b.open[i]! ? 1 : b.delta[i]! > 0 && b.close[i]! < b.open[i]! ? -1 : 0;
  return d;
}

/** The market as if its input ended after bar L − 1: columns cut, sessions assigned again from the cut bars. */
function cut(m: Market, L: number): Market {
  const b = m.bars;
  const bars = { ...b, length: L, study: new Map([...b.study].map(([k, v]) => [k, v.slice(0, L)])) } as BarTable;
  for (const key of ["time", "lastTime", "session", "open", "high", "low", "close", "volume", "trades", "bidVolume", "askVolume", "delta", "maxDelta", "minDelta"] as const) {
    (bars as unknown as Record<string, unknown>)[key] = b[key].slice(0, L);
  }
  const clock = { secondOfDay: m.clock.secondOfDay.slice(0, L), localDay: m.clock.localDay.slice(0, L), offsetMinutes: m.clock.offsetMinutes.slice(0, L) };
  const sessions: Market["sessions"] = [];
  m.contracts.forEach((_, c) => {
    const own = m.sessions.filter((s) => s.contract === c);
    const start = own[0]!.start, end = Math.min(own[own.length - 1]!.end, L);
    if (start >= end) return;
    sessions.push(...assignSessions(bars, clock, start, end, c, { timeZone: m.timeZone, ...rules }, sessions.length));
  });
  return { ...m, bars, clock, sessions };
}

describe("levels on the real 5-minute ES data (8 contracts)", () => {
  let market: Market;
  let direction: Int8Array;
  let entry: Float64Array;
  let out: LevelColumns;
  beforeAll(() => {
    market = loadMarket(readdirSync(dir).sort().map((f) => dir + f), cfg).market;
    direction = inversions(market.bars);
    entry = entryPrices(market.bars, "close");
    out = computeLevels(market, direction, entry, cfg.levels, rules);
  });

  it("every full session gets a level set, except the first of each contract", () => {
    const firstOfContract = new Set<number>();
    for (const s of market.sessions) if (!s.partial && ![...firstOfContract].some((f) => market.sessions[f]!.contract === s.contract)) firstOfContract.add(s.index);
    expect(firstOfContract.size).toBe(8);
    let withLevels = 0;
    for (const s of market.sessions) {
      const facts = out.sessions[s.index]!;
      expect(facts.session).toBe(s.index);
      if (s.partial) { expect(facts.profile).toBeUndefined(); expect(facts.levels).toEqual([]); continue; }
      expect(facts.profile).toBeDefined();
      const kinds = new Set(facts.levels.map((l) => l.kind));
      if (firstOfContract.has(s.index)) { expect(facts.levels).toEqual([]); continue; }
      expect(kinds.has("prior_vah") && kinds.has("prior_val") && kinds.has("prior_poc"), `session ${s.name}`).toBe(true);
      withLevels++;
    }
    const full = market.sessions.filter((s) => !s.partial).length;
    expect(withLevels).toBe(full - 8);
    // composites do form on real data
    expect(out.sessions.filter((s) => s.levels.some((l) => l.kind === "cva_high")).length).toBeGreaterThan(full / 2);
  });

  it("profiles are consistent: low ≤ VAL ≤ POC ≤ VAH ≤ high, IB inside the range", () => {
    for (const s of out.sessions) {
      const p = s.profile;
      if (!p) continue;
      expect(p.low <= p.val && p.val <= p.poc && p.poc <= p.vah && p.vah <= p.high).toBe(true);
      expect(p.low <= p.volumeVal && p.volumeVal <= p.volumePoc && p.volumePoc <= p.volumeVah && p.volumeVah <= p.high).toBe(true);
      expect(p.initialBalanceLow >= p.low && p.initialBalanceHigh <= p.high).toBe(true);
    }
  });

  it("reports the share of inversion signals near a level (12-tick rule) and the scenario mix", () => {
    let n = 0, near = 0, withLevel = 0;
    const scen = [0, 0, 0, 0];
    for (let i = 0; i < market.bars.length; i++) {
      if (direction[i] !== 1 && direction[i] !== -1) {
        if (out.levelKind[i] !== null || out.nearLevel[i] !== 0 || out.scenario[i] !== 0) throw new Error(`bar ${i}: no signal but level fields set`);
        continue;
      }
      n++;
      if (out.levelKind[i] !== null) {
        withLevel++;
        if (out.levelDistance[i] !== out.levelPrice[i]! - entry[i]!) throw new Error(`bar ${i}: distance is not level − entry`);
        if (out.nearLevel[i] !== (Math.abs(out.levelDistance[i]!) <= 12 ? 1 : 0)) throw new Error(`bar ${i}: near flag`);
      }
      near += out.nearLevel[i]!;
      scen[out.scenario[i]!]!++;
      if (out.scenario[i] && !out.nearLevel[i]) throw new Error(`bar ${i}: a scenario needs a level within 12 ticks`);
    }
    const share = near / n;
    console.log(`inversions ${n}, with a known level ${withLevel}, near a level ${near} (${(100 * share).toFixed(1)}%); scenarios SC1 ${scen[1]}, SC2 ${scen[2]}, SC3 ${scen[3]}, none ${scen[0]}`);
    expect(share).toBeGreaterThan(0.2);
    expect(share).toBeLessThan(0.8);
    expect(scen[1]! > 0 && scen[2]! > 0 && scen[3]! > 0).toBe(true);
  });

  it("the WASM nearest-level search (one level per price) agrees with a plain scan of every known level in the full SPEC order", () => {
    // reference: every level known at the start of the signal's session, sorted by compareForEntry;
    // the scenario from the nearest value-area edge found the same way
    const profiles = sessionProfiles(market, cfg.levels, rules);
    let checked = 0, withScenario = 0;
    for (let t = 0; t < market.bars.length; t++) {
      if (direction[t] !== 1 && direction[t] !== -1) continue;
      const known = out.sessions[market.bars.session[t]!]!.levels as Level[];
      const x = entry[t]!;
      const sorted = [...known].sort((a, b) => compareForEntry(a, b, x));
      const best = sorted[0];
      const got = [out.levelKind[t], out.levelPrice[t], out.levelStrength[t]];
      const want = best ? [best.kind, best.price, best.strength] : [null, NaN, NaN];
      if (!got.every((g, k) => Object.is(g, want[k]))) throw new Error(`bar ${t}: ${JSON.stringify(got)} vs reference ${JSON.stringify(want)}`);
      const edge = sorted.find((l) => isEdgeKind(l.kind));
      const sc = edge && Math.abs(edge.price - x) <= cfg.levels.nearTicks
        ? scenarioOf({ bars: market.bars, periodOfBar: profiles.periodOfBar, profile: profiles.bySession[market.bars.session[t]!], cfg: cfg.levels }, t, direction[t]!, edge)
        : SCENARIO.none;
      if (sc !== out.scenario[t]) throw new Error(`bar ${t}: scenario ${out.scenario[t]} vs reference ${sc}`);
      checked++;
      if (sc) withScenario++;
    }
    expect(checked).toBeGreaterThan(20000);
    expect(withScenario).toBeGreaterThan(1000);
  });

  for (const extra of [false, true]) it(`NO LOOK-AHEAD: the level set of session s is identical when everything after s's first bars is cut${extra ? " (every extra level kind on)" : ""}`, () => {
    const lv = extra ? { ...cfg.levels, extraKinds: [...EXTRA_LEVEL_KINDS] } : cfg.levels;
    const ref = extra ? computeLevels(market, direction, entry, lv, rules) : out;
    if (extra) {
      // the extra kinds do occur on the real data, or this would prove nothing about them
      for (const k of EXTRA_LEVEL_KINDS) expect(ref.sessions.some((x) => x.levels.some((l) => l.kind === k)), k).toBe(true);
    }
    // per contract: its 2nd and 3rd full sessions, one in the middle, its last; and the first of the next contract
    const picks: number[] = [];
    market.contracts.forEach((_, c) => {
      const full = market.sessions.filter((x) => x.contract === c && !x.partial).map((x) => x.index);
      picks.push(full[0]!, full[1]!, full[2]!, full[Math.floor(full.length / 2)]!, full[full.length - 1]!);
    });
    for (const s of picks) {
      const sess = market.sessions[s]!;
      for (const L of [sess.start + 1, sess.start + 40]) {
        const m = cut(market, L);
        expect(m.sessions.length).toBe(s + 1);
        const o = computeLevels(m, direction.slice(0, L), entry.slice(0, L), lv, rules);
        expect(o.sessions[s]!.levels, `session ${s} cut at ${L}`).toEqual(ref.sessions[s]!.levels);
        // and every signal before the cut got the same level and scenario
        for (let i = 0; i < L; i++) {
          if (o.levelKind[i] !== ref.levelKind[i] || !Object.is(o.levelDistance[i], ref.levelDistance[i]) || o.scenario[i] !== ref.scenario[i] || !Object.is(o.levelStrength[i], ref.levelStrength[i])) {
            throw new Error(`bar ${i} (session ${s} cut at ${L}) differs`);
          }
        }
        for (let k = 0; k < s; k++) expect(o.sessions[k]).toEqual(ref.sessions[k]);
      }
    }
  });

  it("naked_poc and the poor extremes agree with a plain rescan of every earlier session (reference, all 8 contracts)", () => {
    const lv = { ...cfg.levels, extraKinds: [...EXTRA_LEVEL_KINDS] };
    const got = computeLevels(market, direction, entry, lv, rules);
    const profiles = sessionProfiles(market, lv, rules).bySession;
    const { high, low } = market.bars;
    let naked = 0, poor = 0;
    for (const s of market.sessions) {
      const p = profiles[s.index];
      const ord = p ? p.ordinal : (profiles.slice(0, s.index).filter((x) => x && x.contract === s.contract).length);
      const want: string[] = [];
      for (const q of market.sessions) {
        const pq = profiles[q.index];
        if (q.contract !== s.contract || !pq || pq.ordinal > ord - 2 || pq.ordinal < ord - lv.lookbackSessions) continue;
        let touched = false;
        for (let i = q.end; i < s.start && !touched; i++) touched = low[i]! <= pq.poc && pq.poc <= high[i]!;
        if (!touched) want.push(`naked_poc@${pq.poc}←${q.index}`);
      }
      const prior = profiles.slice(0, s.index).filter((x) => x && x.contract === s.contract && x.ordinal === ord - 1)[0];
      if (prior && prior.tpo[prior.tpo.length - 1]! >= 2) want.push(`poor_high@${prior.high}←${prior.session}`);
      if (prior && prior.tpo[0]! >= 2) want.push(`poor_low@${prior.low}←${prior.session}`);
      const have = got.sessions[s.index]!.levels.filter((l) => (EXTRA_LEVEL_KINDS as readonly string[]).includes(l.kind)).map((l) => `${l.kind}@${l.price}←${l.lastSession}`);
      expect(have.sort(), `session ${s.name}`).toEqual(want.sort());
      naked += want.filter((w) => w.startsWith("naked")).length;
      poor += want.length - want.filter((w) => w.startsWith("naked")).length;
    }
    const full = market.sessions.filter((s) => !s.partial).length;
    console.log(`extra kinds: ${naked} naked POCs known over ${full} sessions (${(naked / full).toFixed(2)} per session), ${poor} poor highs/lows`);
    expect(naked).toBeGreaterThan(0);
    expect(poor).toBeGreaterThan(0);
    // the nearest level with the extra kinds still agrees with a plain scan in the full SPEC order
    for (let t = 0; t < market.bars.length; t++) {
      if (direction[t] !== 1 && direction[t] !== -1) continue;
      const best = [...(got.sessions[market.bars.session[t]!]!.levels as Level[])].sort((a, b) => compareForEntry(a, b, entry[t]!))[0];
      const want = best ? [best.kind, best.price, best.strength] : [null, NaN, NaN];
      const have = [got.levelKind[t], got.levelPrice[t], got.levelStrength[t]];
      if (!have.every((g, k) => Object.is(g, want[k]))) throw new Error(`bar ${t}: ${JSON.stringify(have)} vs reference ${JSON.stringify(want)}`);
      // the scenario is untouched by the extra kinds
      if (got.scenario[t] !== out.scenario[t]) throw new Error(`bar ${t}: scenario changed with the extra kinds`);
    }
  });

  it("same input → identical output", () => {
    const again = computeLevels(market, direction, entry, cfg.levels, rules);
    expect(JSON.stringify(again.sessions)).toBe(JSON.stringify(out.sessions));
    expect(JSON.stringify(again.levelKind)).toBe(JSON.stringify(out.levelKind));
    for (const k of ["levelPrice", "levelStrength", "levelDistance", "nearLevel", "scenario"] as const) {
      expect(Buffer.from(again[k].buffer).equals(Buffer.from(out[k].buffer)), k).toBe(true);
    }
  });
});
