import { nearestLevels, type LevelSets } from "@tda/core-wasm";
import type { Market } from "../barTable.js";
import type { Config } from "../config.js";
import { checkExtraLevelKinds } from "../config.js";
import { CompositeTracker, compareAtSamePrice, compareForEntry, type Level } from "./composites.js";
import { ExtraLevelTracker } from "./extraLevels.js";
import { isEdgeKind, scenarioOf } from "./scenarios.js";
import { sessionProfiles, type RthRules } from "./sessionProfiles.js";
import type { LevelColumns, SessionLevels } from "./types.js";

/** Export study roles that become levels, with their kinds (tie order after the project's own). */
const EXPORT_LEVEL_ROLES = [["poc", "export_poc"], ["vah", "export_vah"], ["val", "export_val"], ["vwap", "export_vwap"]] as const;

/**
 * AMT levels (SPEC §6) for every bar: session profiles, online composites, the levels known at the
 * start of each session, the nearest level to each directional signal's entry and its scenario.
 *
 * `direction` holds DIRECTION codes (only ±1 bars get values); `entry` is the entry price in ticks
 * (outcomes/entry.ts). No look-ahead: a signal in session s sees the composites as they stood after
 * s − 1 completed, and the export's own study levels as they stood on the bar before the signal.
 */
export function computeLevels(
  market: Market, direction: Int8Array, entry: Float64Array, cfg: Config["levels"], rules: RthRules,
): LevelColumns {
  const { bars, sessions } = market;
  const n = bars.length;
  if (direction.length !== n || entry.length !== n) throw new Error(`computeLevels: direction / entry have ${direction.length} / ${entry.length} rows, expected ${n}`);
  const profiles = sessionProfiles(market, cfg, rules);
  const notices = [...profiles.notices];

  // 1. levels known at the start of each session, feeding the composites in time order
  const tracker = new CompositeTracker(cfg);
  // the extra kinds (SPEC §6, `levels.extraKinds`) only when asked for: without them nothing changes
  const extraKinds = checkExtraLevelKinds(cfg.extraKinds ?? []);
  const extra = extraKinds.length ? new ExtraLevelTracker({ lookbackSessions: cfg.lookbackSessions, extraKinds }) : undefined;
  const known: Level[][] = new Array(sessions.length);
  const nextOrdinal = new Map<number, number>();
  let contract = -1;
  for (const s of sessions) {
    if (s.contract !== contract) { tracker.startContract(s.contract); extra?.startContract(s.contract); contract = s.contract; }
    const p = profiles.bySession[s.index];
    const ordinal = p ? p.ordinal : nextOrdinal.get(s.contract) ?? 0;
    known[s.index] = tracker.known(s.contract, ordinal);
    if (extra) {
      const more = extra.known(s.contract, ordinal);
      if (more.length) known[s.index] = [...known[s.index]!, ...more].sort((a, b) => a.price - b.price || compareAtSamePrice(a, b));
      extra.complete(s, bars.high, bars.low, p);
    }
    if (p) { tracker.complete(p); nextOrdinal.set(s.contract, p.ordinal + 1); }
  }

  // 2. per-session level sets for the kernel: one level per price (the best by the tie rules), all and edges only
  const setLevels: Level[] = [];
  const offset: number[] = [0];
  const allSet = new Int32Array(sessions.length).fill(-1), edgeSet = new Int32Array(sessions.length).fill(-1);
  const addSet = (levels: Level[]) => {
    const byPrice = [...levels].sort((a, b) => a.price - b.price || compareAtSamePrice(a, b));
    for (let j = 0; j < byPrice.length; j++) if (j === 0 || byPrice[j]!.price !== byPrice[j - 1]!.price) setLevels.push(byPrice[j]!);
    offset.push(setLevels.length);
    return offset.length - 2;
  };
  for (const s of sessions) {
    const lv = known[s.index]!;
    if (lv.length === 0) continue;
    allSet[s.index] = addSet(lv);
    const edges = lv.filter((l) => isEdgeKind(l.kind));
    if (edges.length) edgeSet[s.index] = addSet(edges);
  }
  const sets: LevelSets = {
    offset: Int32Array.from(offset),
    price: Float64Array.from(setLevels, (l) => l.price),
    strength: Float64Array.from(setLevels, (l) => l.strength),
  };

  // 3. queries: each directional signal against its session's full set and its edge set
  const signals: number[] = [];
  for (let t = 0; t < n; t++) if ((direction[t] === 1 || direction[t] === -1) && Number.isFinite(entry[t])) signals.push(t);
  const m = signals.length;
  const qEntry = new Float64Array(2 * m), qSet = new Int32Array(2 * m);
  signals.forEach((t, q) => {
    const s = bars.session[t]!;
    qEntry[q] = qEntry[m + q] = entry[t]!;
    qSet[q] = allSet[s]!;
    qSet[m + q] = edgeSet[s]!;
  });
  const nearest = nearestLevels(sets, qEntry, qSet);

  // 4. the export's own levels (value on the bar before the signal, same session), rounded to ticks
  const exportCols = EXPORT_LEVEL_ROLES.map(([role, kind]) => [bars.study.get(role), kind] as const).filter(([col]) => col);
  if (exportCols.length) notices.push(`levels: export study levels used (${exportCols.map(([, k]) => k).join(", ")}), each as it stood on the bar before the signal`);

  const out: LevelColumns = {
    levelKind: new Array(n).fill(null),
    levelPrice: new Float64Array(n).fill(NaN),
    levelStrength: new Float64Array(n).fill(NaN),
    levelDistance: new Float64Array(n).fill(NaN),
    nearLevel: new Uint8Array(n),
    scenario: new Int8Array(n),
    sessions: [],
    notices,
  };
  signals.forEach((t, q) => {
    const x = entry[t]!;
    let best: Level | undefined = nearest[q]! >= 0 ? setLevels[nearest[q]!] : undefined;
    if (t > 0 && bars.session[t - 1] === bars.session[t]) {
      for (const [col, kind] of exportCols) {
        const v = col![t - 1]!;
        if (!Number.isFinite(v)) continue;
        const price = Math.round(v);
        const lv: Level = { kind, price, strength: 1, sessions: 1, lastSession: -1, val: NaN, vah: NaN };
        if (!best || compareForEntry(lv, best, x) < 0) best = lv;
      }
    }
    if (!best) return;
    const d = best.price - x;
    out.levelKind[t] = best.kind;
    out.levelPrice[t] = best.price;
    out.levelStrength[t] = best.strength;
    out.levelDistance[t] = d;
    out.nearLevel[t] = Math.abs(d) <= cfg.nearTicks ? 1 : 0;
    const e = nearest[m + q]!;
    if (e >= 0 && Math.abs(setLevels[e]!.price - x) <= cfg.nearTicks) {
      out.scenario[t] = scenarioOf({
        bars, periodOfBar: profiles.periodOfBar, profile: profiles.bySession[bars.session[t]!], cfg,
      }, t, direction[t]!, setLevels[e]!);
    }
  });

  // 5. per-session facts for the report
  for (const s of sessions) {
    const p = profiles.bySession[s.index];
    const facts: SessionLevels = {
      session: s.index,
      levels: known[s.index]!.map((l) => ({ kind: l.kind, price: l.price, strength: l.strength, sessions: l.sessions, lastSession: l.lastSession, val: l.val, vah: l.vah })),
    };
    if (p) {
      facts.profile = {
        high: p.high, low: p.low, poc: p.poc, vah: p.vah, val: p.val,
        volumePoc: p.volumePoc, volumeVah: p.volumeVah, volumeVal: p.volumeVal, shape: p.shape, tpoTotal: p.tpoTotal,
        initialBalanceHigh: p.initialBalanceHigh, initialBalanceLow: p.initialBalanceLow, singlePrints: p.singlePrints,
        volumeTotal: p.volumeTotal, volumeFromFootprint: p.volumeFromFootprint,
      };
    }
    out.sessions.push(facts);
  }
  const without = sessions.filter((s) => !profiles.bySession[s.index]).length;
  if (without) notices.push(`levels: sessions without RTH bars have no profile: ${without}`);
  return out;
}
