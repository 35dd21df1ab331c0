/**
 * Reading the signals table of SPEC §9 as plain columns: coercion of each column to numbers
 * (null, NaN, "" and non-numeric strings are missing), and the direction, family, strength, near-level
 * and scenario of each signal. Column names come from the engine's descriptor (`SIGNAL_COLUMNS`).
 *
 * A directional signal's family flags are read on its own side: a long is an inversion when
 * inv_long = 1 and an exhaustion when exh_long = 1 (both can hold).
 */
import { SIGNAL_COLUMNS as C } from "@tda/engine";

export type InputColumn = readonly (number | null)[] | Float64Array | readonly (string | null)[];
export type SignalsTable = Record<string, InputColumn>;

export function tableLength(table: SignalsTable): number {
  let n = 0;
  for (const c of Object.values(table)) n = Math.max(n, c.length);
  return n;
}

/** A column as numbers with NaN for missing; undefined when the column is absent. */
export function numeric(table: SignalsTable, name: string, n: number): Float64Array | undefined {
  const c = table[name];
  if (!c) return undefined;
  const out = new Float64Array(n).fill(NaN);
  for (let i = 0; i < Math.min(n, c.length); i++) {
    const v = c[i] as unknown;
    if (typeof v === "number") out[i] = v;
    else if (typeof v === "boolean") out[i] = v ? 1 : 0;
    else if (typeof v === "string" && v.trim() !== "") {
      const t = v.trim().toLowerCase();
      out[i] = t === "true" ? 1 : t === "false" ? 0 : Number(t);
    }
  }
  return out;
}

/** A column as strings with null for missing; undefined when absent. */
export function text(table: SignalsTable, name: string, n: number): (string | null)[] | undefined {
  const c = table[name];
  if (!c) return undefined;
  return Array.from({ length: n }, (_, i) => {
    const v = (c as ArrayLike<unknown>)[i];
    if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) return null;
    const s = String(v).trim();
    return s === "" ? null : s;
  });
}

export interface SignalClassification {
  direction: (string | null)[];
  family: string[];
  strength: string[];
  nearLevel: string[];
  scenario: string[];
  isInversion: Float64Array;
  isExhaustion: Float64Array;
}

const flag = (col: Float64Array | undefined, i: number) => (col ? col[i] === 1 : false);

export function classifySignals(table: SignalsTable, n: number, notes: string[]): SignalClassification {
  const direction = text(table, C.direction, n) ?? new Array<string | null>(n).fill(null);
  const invLong = numeric(table, C.invLong, n);
  const invShort = numeric(table, C.invShort, n);
  const invStrong = numeric(table, C.invStrong, n);
  const exhLong = numeric(table, C.exhLong, n);
  const exhShort = numeric(table, C.exhShort, n);
  const exhAccel = numeric(table, C.exhAccel, n);
  const near = numeric(table, C.nearLevel, n);
  const scen = text(table, C.scenario, n);
  if (!invLong && !invShort) notes.push(`columns ${C.invLong}/${C.invShort} absent: inversion family unknown`);
  if (!exhLong && !exhShort) notes.push(`columns ${C.exhLong}/${C.exhShort} absent: exhaustion family unknown`);
  if (!near) notes.push(`column ${C.nearLevel} absent: near-level dimension shown as n/a`);
  if (!scen) notes.push(`column ${C.scenario} absent: scenario dimension shown as n/a`);
  const family: string[] = [];
  const strength: string[] = [];
  const isInversion = new Float64Array(n);
  const isExhaustion = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = direction[i];
    const inv = d === "long" ? flag(invLong, i) : d === "short" ? flag(invShort, i) : false;
    const exh = d === "long" ? flag(exhLong, i) : d === "short" ? flag(exhShort, i) : false;
    isInversion[i] = inv ? 1 : 0;
    isExhaustion[i] = exh ? 1 : 0;
    const invS = invStrong ? (invStrong[i] === 1 ? "strong" : "standard") : "n/a";
    const exhS = exhAccel ? (exhAccel[i] === 1 ? "accelerated" : "standard") : "n/a";
    if (inv && exh) {
      family.push("inversion+exhaustion");
      strength.push(`${invS}+${exhS}`);
    } else if (inv) {
      family.push("inversion");
      strength.push(invS);
    } else if (exh) {
      family.push("exhaustion");
      strength.push(exhS);
    } else {
      family.push("unknown");
      strength.push("n/a");
    }
  }
  return {
    direction,
    family,
    strength,
    nearLevel: Array.from({ length: n }, (_, i) => (near ? (near[i] === 1 ? "near" : "not near") : "n/a")),
    scenario: Array.from({ length: n }, (_, i) => (scen ? (scen[i] ?? "none") : "n/a")),
    isInversion,
    isExhaustion,
  };
}
