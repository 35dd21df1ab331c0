import {
  detectRawSignals, EDGE_ROLES, RAW_FLAG_NAMES, signalHierarchy,
  type BarMetrics, type EdgeVolumes, type RawSignalFlags,
} from "@tda/core-wasm";
import type { Market } from "../barTable.js";
import type { Config } from "../config.js";
import type { DetectedSignals, SignalSources } from "./types.js";

/** The export's own flag columns (study roles), per family. */
const INVERSION_FLAGS = ["invLong", "invShort", "invStrongLong", "invStrongShort"] as const;
const EXHAUSTION_FLAGS = ["exhLong", "exhShort", "exhAccelLong", "exhAccelShort"] as const;

/** A contract's bars [start, end) in the bar table. */
interface ContractRange { contract: number; name: string; start: number; end: number }

/**
 * SPEC §5 signals of every bar: inversion (strong by trappedPct), exhaustion (standard / accelerated)
 * from the footprint or from the export's footprint edge columns, and the hierarchy into
 * invLong … exhAccel and direction. Where an input's own study carries flag columns for a family,
 * those replace our detection of that family for that contract. Everything that could not be
 * computed is named in `notices`, contract by contract — a 0 flag is never an unexplained gap.
 */
export function detectSignals(market: Market, metrics: BarMetrics, cfg: Config["signals"]): DetectedSignals {
  const bars = market.bars;
  const n = bars.length;
  for (const key of ["deltaPct", "trappedPct"] as const) {
    if (metrics[key].length !== n) throw new Error(`detectSignals: metrics.${key} has ${metrics[key].length} rows, the market ${n} bars`);
  }
  const ranges = contractRanges(market);
  const study = bars.study;
  const edgeCols = EDGE_ROLES.filter((r) => study.has(r));
  const edges = !bars.footprint && edgeCols.length > 0
    ? Object.fromEntries(edgeCols.map((r) => [r, study.get(r)!])) as Partial<EdgeVolumes>
    : undefined;

  const raw = detectRawSignals({
    open: bars.open, high: bars.high, low: bars.low, close: bars.close, delta: bars.delta,
    deltaPct: metrics.deltaPct, trappedPct: metrics.trappedPct,
    footprint: bars.footprint, edges,
  }, cfg);

  const notes = new Notes();
  const sources: SignalSources[] = [];
  for (const r of ranges) {
    const src: SignalSources = { contract: r.contract, inversion: "detected", strength: "trappedPct", exhaustion: raw.exhaustionFrom };
    // --- inversion: the export's flags, or our detection with its strength caveats
    const invFlags = presentRoles(study, INVERSION_FLAGS, r);
    if (invFlags.length > 0) {
      overlay(raw, study, INVERSION_FLAGS, r);
      src.inversion = "export";
      src.strength = "export";
      notes.add(`inversion: flags from the input's own study columns (${invFlags.join(", ")}) replace detection` +
        missingNote(INVERSION_FLAGS, invFlags), r);
    } else {
      const unknown = countUnknownStrength(raw, metrics.trappedPct, r);
      const inversions = countFlags(raw, ["invLong", "invShort"], r);
      if (unknown > 0 && unknown === inversions && !hasAny(bars.maxDelta, r) && !hasAny(bars.minDelta, r)) {
        src.strength = "unavailable";
        notes.add("strong inversion unavailable: the input has no max/min delta, so trappedPct is unknown; " +
          "every inversion is reported as standard (inv_strong = 0)", r, `${unknown} inversions`);
      } else if (unknown > 0) {
        src.strength = "partial";
        notes.add("strong inversion not assessed on some bars: trappedPct is unknown there (max/min delta missing, " +
          "or zero on the delta's side); those inversions are reported as standard", r, `${unknown} of ${inversions} inversions`);
      }
    }
    // --- exhaustion: the export's flags, or the footprint, or the edge columns, or nothing
    const exhFlags = presentRoles(study, EXHAUSTION_FLAGS, r);
    if (exhFlags.length > 0) {
      overlay(raw, study, EXHAUSTION_FLAGS, r);
      src.exhaustion = "export";
      notes.add(`exhaustion: flags from the input's own study columns (${exhFlags.join(", ")}) replace detection` +
        missingNote(EXHAUSTION_FLAGS, exhFlags), r);
    } else if (raw.exhaustionFrom === "none") {
      notes.add("exhaustion skipped: the input has no footprint and no footprint edge columns " +
        "(askVolHigh0..2, bidVolLow0..2); exh_long, exh_short and exh_accel are 0 because they could not be computed", r);
    } else if (raw.exhaustionFrom === "edges") {
      exhaustionEdgeNotes(study, r, bars.high, bars.low, notes, src);
    }
    sources.push(src);
  }

  const h = signalHierarchy(raw);
  if (h.conflicts > 0) {
    for (const r of ranges) {
      let c = 0;
      for (let i = r.start; i < r.end; i++) c += h.direction[i] === 2 ? 1 : 0;
      if (c > 0) notes.add("direction conflict: bars with both a long and a short flag are kept and counted, " +
        "but excluded from directional statistics", r, `${c} bars`);
    }
  }
  return {
    invLong: h.invLong, invShort: h.invShort, invStrong: h.invStrong,
    exhLong: h.exhLong, exhShort: h.exhShort, exhAccel: h.exhAccel,
    direction: h.direction,
    notices: notes.list(),
    sources,
    conflicts: h.conflicts,
  };
}

/** Each contract's bars, from the sessions (a contract's bars are contiguous); one range when none. */
function contractRanges(market: Market): ContractRange[] {
  const n = market.bars.length;
  const byContract = new Map<number, ContractRange>();
  for (const s of market.sessions) {
    const r = byContract.get(s.contract);
    if (r) { r.start = Math.min(r.start, s.start); r.end = Math.max(r.end, s.end); }
    else byContract.set(s.contract, { contract: s.contract, name: market.contracts[s.contract]?.name ?? `contract ${s.contract}`, start: s.start, end: s.end });
  }
  const ranges = [...byContract.values()].sort((a, b) => a.start - b.start);
  const covered = ranges.reduce((s, r) => s + (r.end - r.start), 0);
  if (ranges.length === 0 || covered !== n) {
    const name = market.contracts.map((c) => c.name).join(", ") || "input";
    return [{ contract: 0, name, start: 0, end: n }];
  }
  return ranges;
}

function hasAny(col: Float64Array | undefined, r: ContractRange): boolean {
  if (!col) return false;
  for (let i = r.start; i < r.end; i++) if (!Number.isNaN(col[i])) return true;
  return false;
}

/** Roles whose column exists and holds a value somewhere in the contract's bars. */
function presentRoles<R extends string>(study: Map<string, Float64Array>, roles: readonly R[], r: ContractRange): R[] {
  return roles.filter((role) => hasAny(study.get(role), r));
}

function missingNote(all: readonly string[], present: readonly string[]): string {
  const missing = all.filter((x) => !present.includes(x));
  return missing.length ? `; absent (never fired): ${missing.join(", ")}` : "";
}

/** The export's flags (non-zero = fired, empty = not fired) replace the raw flags of a family. */
function overlay(raw: RawSignalFlags, study: Map<string, Float64Array>, roles: readonly (keyof RawSignalFlags)[], r: ContractRange): void {
  for (const role of roles) {
    const col = study.get(role);
    const out = raw[role];
    for (let i = r.start; i < r.end; i++) {
      const v = col ? col[i]! : NaN;
      out[i] = v !== 0 && !Number.isNaN(v) ? 1 : 0;
    }
  }
}

function countFlags(raw: RawSignalFlags, roles: (keyof RawSignalFlags)[], r: ContractRange): number {
  let c = 0;
  for (let i = r.start; i < r.end; i++) if (roles.some((k) => raw[k][i])) c++;
  return c;
}

function countUnknownStrength(raw: RawSignalFlags, trapped: Float64Array, r: ContractRange): number {
  let c = 0;
  for (let i = r.start; i < r.end; i++) if ((raw.invLong[i] || raw.invShort[i]) && Number.isNaN(trapped[i])) c++;
  return c;
}

/** What the edge columns could not support in one contract. */
function exhaustionEdgeNotes(study: Map<string, Float64Array>, r: ContractRange, high: Int32Array, low: Int32Array,
  notes: Notes, src: SignalSources): void {
  const has = (role: string) => hasAny(study.get(role), r);
  const sides = [
    { side: "short", at: "high", roles: ["askVolHigh0", "askVolHigh1", "askVolHigh2"] },
    { side: "long", at: "low", roles: ["bidVolLow0", "bidVolLow1", "bidVolLow2"] },
  ] as const;
  let usable = 0;
  for (const s of sides) {
    const [r0, r1, r2] = s.roles;
    if (!has(r0) || !has(r1)) {
      notes.add(`${s.side} exhaustion skipped: no ${[r0, r1].filter((x) => !has(x)).join(", ")} column(s) ` +
        `(footprint volume at the ${s.at}); exh_${s.side} is 0 because it could not be computed`, r);
      continue;
    }
    usable++;
    if (!has(r2)) {
      notes.add(`accelerated ${s.side} exhaustion unavailable: no ${r2} column; ${s.side} exhaustions are standard only`, r);
    }
    // bars of two rows or more whose needed edge cells are empty cannot qualify: say how many
    const c0 = study.get(r0)!, c1 = study.get(r1)!;
    let empty = 0;
    for (let i = r.start; i < r.end; i++) {
      if (high[i]! - low[i]! >= 1 && (Number.isNaN(c0[i]) || Number.isNaN(c1[i]))) empty++;
    }
    if (empty > 0) notes.add(`${s.side} exhaustion not assessed on bars whose ${r0}/${r1} cells are empty`, r, `${empty} bars`);
  }
  if (usable === 0) src.exhaustion = "none";
  else notes.add("exhaustion computed from the export's footprint edge columns (askVolHigh0..2, bidVolLow0..2)", r);
}

/**
 * Notices grouped by message: one line per message naming every contract concerned (with a count
 * where one applies), in first-seen order so the same input always gives the same text.
 */
class Notes {
  private readonly byMessage = new Map<string, string[]>();
  add(message: string, r: ContractRange, detail?: string): void {
    const list = this.byMessage.get(message) ?? [];
    list.push(detail ? `${r.name} (${detail})` : r.name);
    this.byMessage.set(message, list);
  }
  list(): string[] {
    return [...this.byMessage].map(([message, who]) => `${message} — ${who.join(", ")}`);
  }
}
