import type { Config } from "../config.js";
import type { SessionProfile } from "./sessionProfiles.js";
import { EXTRA_LEVEL_KINDS, LEVEL_KINDS, type LevelKind } from "./types.js";
import { profileShape, valueArea, type ProfileShape, type ValueArea } from "./valueArea.js";

/**
 * A composite value area (balance area): consecutive sessions of one contract whose value areas
 * overlapped, with their TPO counts summed (SPEC §6). Rows are absolute (row = floor(price / rowTicks)).
 */
export interface Composite {
  contract: number;
  /** Session indices, oldest first. */
  sessions: number[];
  /** Ordinal (within the contract's profiled sessions) of the last session. */
  lastOrdinal: number;
  baseRow: number;
  tpo: Float64Array;
  /** Relative rows, as valueArea returns them. */
  va: ValueArea;
  shape: ProfileShape;
}

/** A level known at the start of a session. Prices in ticks. */
export interface Level {
  kind: LevelKind;
  price: number;
  strength: number;
  /** Sessions behind the level: the composite's size, 1 for prior-session and export levels. */
  sessions: number;
  /** Session index of the composite's last session (the prior session for prior_ levels). */
  lastSession: number;
  /** The value area the level belongs to (ticks). */
  val: number;
  vah: number;
}

export const vahRow = (c: { baseRow: number; va: ValueArea }) => c.baseRow + c.va.vah;
export const valRow = (c: { baseRow: number; va: ValueArea }) => c.baseRow + c.va.val;

/**
 * Two value areas (absolute rows, inclusive) overlap enough to merge: shared ≥ ratio · rows of the
 * narrower (SPEC: 2·shared ≥ min(rowsA, rowsB) at the default ½). Compared as shared / narrower ≥ ratio:
 * a correctly rounded quotient equals the rounded ratio exactly when the true values are equal, whereas
 * the product can land an ulp above an integer (0.55 · 100 = 55.00000000000001) and refuse a merge.
 */
export function valueAreasOverlap(valA: number, vahA: number, valB: number, vahB: number, ratio: number): boolean {
  const shared = Math.max(0, Math.min(vahA, vahB) - Math.max(valA, valB) + 1);
  const narrower = Math.min(vahA - valA + 1, vahB - valB + 1);
  return shared / narrower >= ratio;
}

function single(p: SessionProfile): Composite {
  return { contract: p.contract, sessions: [p.session], lastOrdinal: p.ordinal, baseRow: p.baseRow, tpo: p.tpo.slice(), va: p.va, shape: p.shape };
}

/** Sums a session's TPO counts into the composite (a new object) and recomputes POC, VA and shape. */
export function mergeInto(c: Composite, p: SessionProfile, cfg: Config["levels"]): Composite {
  const lo = Math.min(c.baseRow, p.baseRow);
  const hi = Math.max(c.baseRow + c.tpo.length, p.baseRow + p.tpo.length); // exclusive
  const tpo = new Float64Array(hi - lo);
  for (let r = 0; r < c.tpo.length; r++) tpo[c.baseRow - lo + r]! += c.tpo[r]!;
  for (let r = 0; r < p.tpo.length; r++) tpo[p.baseRow - lo + r]! += p.tpo[r]!;
  const va = valueArea(tpo, cfg.valueAreaPct);
  return {
    contract: c.contract, sessions: [...c.sessions, p.session], lastOrdinal: p.ordinal,
    baseRow: lo, tpo, va, shape: profileShape(va, tpo.length, cfg),
  };
}

/**
 * Online composites of one market: feed the profiled sessions in time order with `complete`; `known`
 * returns the levels known at the start of the next session (the state after the last completed
 * one). A new contract starts with no levels.
 */
export class CompositeTracker {
  private closed: Composite[] = [];
  private open: Composite | undefined;
  private prior: SessionProfile | undefined;
  private contract = -1;

  constructor(private readonly cfg: Config["levels"]) {}

  /** Session `p` has completed (its RTH profile is final). */
  complete(p: SessionProfile): void {
    if (p.contract !== this.contract) this.startContract(p.contract);
    const c = this.open;
    if (c && valueAreasOverlap(valRow(c), vahRow(c), p.baseRow + p.va.val, p.baseRow + p.va.vah, this.cfg.mergeOverlap)) {
      this.open = mergeInto(c, p, this.cfg);
    } else {
      if (c) this.closed.push(c);
      this.open = single(p);
    }
    this.prior = p;
    // closed composites that fell out of the look-back can never come back
    const oldest = p.ordinal + 1 - this.cfg.lookbackSessions;
    if (this.closed.length && this.closed[0]!.lastOrdinal < oldest) this.closed = this.closed.filter((x) => x.lastOrdinal >= oldest);
  }

  startContract(contract: number): void {
    this.closed = [];
    this.open = undefined;
    this.prior = undefined;
    this.contract = contract;
  }

  /** Every composite, closed then open (oldest first). */
  composites(): Composite[] {
    return this.open ? [...this.closed, this.open] : [...this.closed];
  }

  /**
   * Levels known at the start of the session with ordinal `ordinal` in `contract` (no look-ahead:
   * only sessions already completed). Sorted by price, then the SPEC tie order.
   */
  known(contract: number, ordinal: number): Level[] {
    if (contract !== this.contract) return [];
    const cfg = this.cfg;
    const rt = cfg.rowTicks;
    const out: Level[] = [];
    for (const c of this.composites()) {
      if (c.sessions.length < 2 || c.lastOrdinal < ordinal - cfg.lookbackSessions || c.lastOrdinal >= ordinal) continue;
      const strength = c.sessions.length * (c.shape === "D" ? cfg.dShapeStrength : 1);
      const val = valRow(c) * rt, vah = vahRow(c) * rt;
      const base = { strength, sessions: c.sessions.length, lastSession: c.sessions[c.sessions.length - 1]!, val, vah };
      out.push({ kind: "cva_high", price: vah, ...base }, { kind: "cva_low", price: val, ...base }, { kind: "cva_poc", price: (c.baseRow + c.va.poc) * rt, ...base });
    }
    const p = this.prior;
    if (p && p.ordinal === ordinal - 1) {
      const base = { strength: 1, sessions: 1, lastSession: p.session, val: p.val, vah: p.vah };
      out.push({ kind: "prior_vah", price: p.vah, ...base }, { kind: "prior_val", price: p.val, ...base }, { kind: "prior_poc", price: p.poc, ...base });
    }
    return out.sort((a, b) => a.price - b.price || compareAtSamePrice(a, b));
  }
}

/**
 * Tie order in the kind list: LEVEL_KINDS, then the export kinds in this order, then the extra kinds
 * (SPEC: "after the kinds above": naked_poc, poor_high, poor_low), then any other by name.
 */
export const EXPORT_KINDS = ["export_poc", "export_vah", "export_val", "export_vwap"] as const;
export function kindRank(kind: string): number {
  const i = (LEVEL_KINDS as readonly string[]).indexOf(kind);
  if (i >= 0) return i;
  const j = (EXPORT_KINDS as readonly string[]).indexOf(kind);
  if (j >= 0) return LEVEL_KINDS.length + j;
  const k = (EXTRA_LEVEL_KINDS as readonly string[]).indexOf(kind);
  return k >= 0 ? LEVEL_KINDS.length + EXPORT_KINDS.length + k : 100;
}

/** Among levels at one price: stronger, then the most recent last session, then kind order. < 0 when a ranks first. */
export function compareAtSamePrice(a: Level, b: Level): number {
  return b.strength - a.strength || b.lastSession - a.lastSession || kindRank(a.kind) - kindRank(b.kind) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0);
}

/** The SPEC's nearest-level order for one entry: nearer, stronger, higher price, more recent, kind. */
export function compareForEntry(a: Level, b: Level, entry: number): number {
  return Math.abs(a.price - entry) - Math.abs(b.price - entry) || b.strength - a.strength || b.price - a.price || compareAtSamePrice(a, b);
}
