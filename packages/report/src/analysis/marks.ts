/**
 * Do the footprint marks of SPEC §5 (diagonal and stacked imbalances, unfinished auctions) and the
 * naked POC of SPEC §6 change the signals they accompany? For each mark and each family (all
 * directional signals, inversions, exhaustions) the signals WITH the mark are compared with those
 * WITHOUT it (docs/decisions.md, "Footprint marks in the statistics", says how a mark is read against
 * a signal's direction):
 *
 * - win rate: each side with its Wilson interval, the difference with Newcombe's hybrid score
 *   interval and the pooled two-proportion z test;
 * - expectancy (bracket ticks per trade): the difference with Welch's t, and with each side's
 *   variance of the mean from its Newey–West long-run variance (HAC Welch, trades in time order);
 * - both differences again as session block bootstrap intervals (whole sessions resampled);
 * - the win-rate z test and the HAC Welch test of every comparison enter one ledger with every test
 *   of the rest of the report, so their BH q-values and Holm adjustments are across all of them (the
 *   report's own `pValues` list is left as it was: its entries and their q-values are pinned).
 *
 * A comparison is tested only when both sides have at least `minGroupSize` signals with an outcome;
 * smaller ones are shown with their counts. An input without a footprint has empty mark columns:
 * the result says "no footprint in this input" and tests nothing.
 */
import { SIGNAL_COLUMNS as C } from "@tda/engine";
import {
  adjustPValues,
  type AdjustedPValue,
  hacWelchTest,
  newcombeInterval,
  type PValueEntry,
  type RowStatistic,
  sessionBlockBootstrap,
  type TradeColumns,
  twoProportionTest,
  welchTTest,
  wilsonInterval,
} from "@tda/stats";
import type { AnalysisSettings } from "./options.js";
import { numeric, type SignalClassification, type SignalsTable, text } from "./signals-table.js";

export type MarkId =
  | "stacked_with"
  | "stacked_against"
  | "imbalance_with"
  | "unfinished_stop_side"
  | "unfinished_target_side"
  | "naked_poc_vs_composite_edge";

export type MarkFamily = "all" | "inversion" | "exhaustion";

export interface MarkSide {
  /** Signals on this side with a known win/loss. */
  n: number;
  wins: number;
  winRate: number | null;
  wilson: { low: number; high: number } | null;
  /** Signals on this side with a known bracket result, and their mean (ticks). */
  trades: number;
  expectancy: number | null;
}

export interface MarkComparison {
  /** `marks:<mark>:<family>`; the ledger ids add `:win` and `:expectancy`. */
  id: string;
  mark: MarkId;
  family: MarkFamily;
  with: MarkSide;
  without: MarkSide;
  /** Why no test was run (too few signals on a side), or null when tested. */
  untested: string | null;
  winRate: { difference: number; low: number; high: number; z: number; p: number; q: number | null; holm: number | null } | null;
  expectancy: {
    difference: number;
    welch: { t: number; df: number; p: number } | null;
    hac: { t: number; df: number; p: number; lagWith: number; lagWithout: number; q: number | null; holm: number | null } | null;
  } | null;
  /** Differences (with − without) with session block bootstrap percentile intervals. */
  bootstrap: {
    reps: number;
    level: number;
    sessions: number;
    winRate: { estimate: number; low: number; high: number; undefinedDraws: number };
    expectancy: { estimate: number; low: number; high: number; undefinedDraws: number };
  } | null;
}

export interface MarksResult {
  /** "no footprint": every mark column is empty (or absent) on every directional signal. */
  status: "analysed" | "no footprint";
  /** What each mark means, in the report's words. */
  definitions: { mark: MarkId; with: string; without: string }[];
  comparisons: MarkComparison[];
  /** Signals by the number of imbalance rows in their direction (descriptive, no test). */
  imbalanceCounts: { family: MarkFamily; bucket: "0" | "1-2" | "3+"; side: MarkSide }[];
  /** The marks' tests, adjusted together with every test of the report's ledger. */
  pValues: AdjustedPValue[];
  notes: string[];
}

/** `with` and `without` read after "signals": "inversions with a stacked imbalance … win 40% against 30% without one". */
const DEFINITIONS: MarksResult["definitions"] = [
  { mark: "stacked_with", with: "with a stacked imbalance in the signal's direction (stacked buy under a long, stacked sell under a short)", without: "without one" },
  { mark: "stacked_against", with: "with a stacked imbalance against the signal (stacked sell under a long, stacked buy under a short)", without: "without one" },
  { mark: "imbalance_with", with: "with at least one diagonal imbalance in the signal's direction (buy rows under a long, sell rows under a short)", without: "without any" },
  { mark: "unfinished_stop_side", with: "with an unfinished auction at the extreme behind the stop (the low of a long, the high of a short)", without: "with that extreme finished (one side only traded there)" },
  { mark: "unfinished_target_side", with: "with an unfinished auction at the extreme the trade aims at (the high of a long, the low of a short)", without: "with that extreme finished" },
  { mark: "naked_poc_vs_composite_edge", with: "near a naked POC (the nearest level within the radius is a naked_poc)", without: "near a composite value-area edge (cva_high or cva_low)" },
];

const FAMILIES: readonly MarkFamily[] = ["all", "inversion", "exhaustion"];
const known = (v: number | null | undefined): v is number => v !== undefined && v !== null && !Number.isNaN(v);

function side(rows: readonly number[], trades: TradeColumns): MarkSide {
  const win = trades.win, res = trades.resultTicks;
  const w = win ? rows.filter((r) => known(win[r])) : [];
  const wins = w.filter((r) => win![r] === 1).length;
  const t = res ? rows.filter((r) => known(res[r])) : [];
  const wil = w.length ? wilsonInterval(wins, w.length) : null;
  return {
    n: w.length,
    wins,
    winRate: w.length ? wins / w.length : null,
    wilson: wil,
    trades: t.length,
    expectancy: t.length ? t.reduce((s, r) => s + res![r]!, 0) / t.length : null,
  };
}

/** Mean of `x` over the drawn rows flagged 1 minus that over those flagged 0 (NaN x skipped). */
function differenceOf(x: ArrayLike<number>, flag: ArrayLike<number>): RowStatistic {
  return (rows, count) => {
    let s1 = 0, n1 = 0, s0 = 0, n0 = 0;
    for (let i = 0; i < count; i++) {
      const r = rows[i]!;
      const v = x[r]!;
      if (v !== v) continue;
      if (flag[r] === 1) { s1 += v; n1++; } else { s0 += v; n0++; }
    }
    return n1 > 0 && n0 > 0 ? s1 / n1 - s0 / n0 : NaN;
  };
}

/** Per directional row: 1 with the mark, 0 without, NaN when it cannot be told. */
function markColumns(table: SignalsTable, n: number, cls: SignalClassification): Record<MarkId, Float64Array> {
  const num = (name: string) => numeric(table, name, n) ?? new Float64Array(n).fill(NaN);
  const imbBuy = num(C.imbBuy), imbSell = num(C.imbSell);
  const stBuy = num(C.stackedBuy), stSell = num(C.stackedSell);
  const unHigh = num(C.unfinishedHigh), unLow = num(C.unfinishedLow);
  const kind = text(table, C.levelKind, n) ?? new Array<string | null>(n).fill(null);
  const near = num(C.nearLevel);
  const pick = (longCol: Float64Array, shortCol: Float64Array, f: (v: number) => number) =>
    Float64Array.from(cls.direction, (d, i) => {
      const v = d === "long" ? longCol[i]! : d === "short" ? shortCol[i]! : NaN;
      return Number.isNaN(v) ? NaN : f(v);
    });
  const isOne = (v: number) => (v === 1 ? 1 : 0);
  return {
    stacked_with: pick(stBuy, stSell, isOne),
    stacked_against: pick(stSell, stBuy, isOne),
    imbalance_with: pick(imbBuy, imbSell, (v) => (v > 0 ? 1 : 0)),
    unfinished_stop_side: pick(unLow, unHigh, isOne),
    unfinished_target_side: pick(unHigh, unLow, isOne),
    naked_poc_vs_composite_edge: Float64Array.from(kind, (k, i) =>
      near[i] !== 1 ? NaN : k === "naked_poc" ? 1 : k === "cva_high" || k === "cva_low" ? 0 : NaN,
    ),
  };
}

export function marksAnalysis(
  table: SignalsTable,
  n: number,
  cls: SignalClassification,
  directional: readonly number[],
  trades: TradeColumns,
  reportLedger: readonly AdjustedPValue[],
  settings: AnalysisSettings,
): MarksResult {
  const notes: string[] = [];
  const out: MarksResult = { status: "analysed", definitions: DEFINITIONS, comparisons: [], imbalanceCounts: [], pValues: [], notes };
  const footprintColumns = [C.imbBuy, C.imbSell, C.stackedBuy, C.stackedSell, C.unfinishedHigh, C.unfinishedLow];
  const cols = footprintColumns.map((c) => numeric(table, c, n));
  if (!cols.some((c) => c && directional.some((r) => known(c[r])))) {
    out.status = "no footprint";
    notes.push("no footprint in this input: the imbalance and auction columns are empty on every signal, so no mark can be compared");
  }
  const marks = markColumns(table, n, cls);
  const session = text(table, C.session, n);
  const inFamily = (f: MarkFamily, r: number) => f === "all" || (f === "inversion" ? cls.isInversion[r] === 1 : cls.isExhaustion[r] === 1);
  const entries: PValueEntry[] = [];
  const pc = (v: number | null) => (v === null ? "—" : `${(100 * v).toFixed(1)}%`);

  for (const def of DEFINITIONS) {
    const mark = def.mark;
    const m = marks[mark];
    if (mark === "naked_poc_vs_composite_edge") {
      if (!directional.some((r) => m[r] === 1)) {
        notes.push("no signal is near a naked POC (levels.extraKinds off, or none within the radius): the naked POC comparison is empty");
        continue;
      }
    } else if (out.status === "no footprint") continue;
    for (const family of FAMILIES) {
      const rows = directional.filter((r) => inFamily(family, r) && known(m[r]));
      if (rows.length === 0) continue;
      const withRows = rows.filter((r) => m[r] === 1), withoutRows = rows.filter((r) => m[r] === 0);
      const c: MarkComparison = {
        id: `marks:${mark}:${family}`, mark, family,
        with: side(withRows, trades), without: side(withoutRows, trades),
        untested: null, winRate: null, expectancy: null, bootstrap: null,
      };
      out.comparisons.push(c);
      const minN = settings.minGroupSize;
      if (c.with.n < minN || c.without.n < minN) {
        c.untested = `fewer than ${minN} signals with an outcome on a side (${c.with.n} with, ${c.without.n} without)`;
        continue;
      }
      const z = twoProportionTest(c.with.wins, c.with.n, c.without.wins, c.without.n);
      if (z) {
        const ci = newcombeInterval(c.with.wins, c.with.n, c.without.wins, c.without.n);
        c.winRate = { difference: z.difference, low: ci.low, high: ci.high, z: z.z, p: z.p, q: null, holm: null };
        entries.push({
          id: `${c.id}:win`, source: "marks",
          label: `win rate with vs without ${mark} (${family}): ${pc(c.with.winRate)} vs ${pc(c.without.winRate)} (two-proportion z)`,
          p: z.p,
        });
      }
      const res = trades.resultTicks;
      if (res) {
        const a = withRows.map((r) => res[r]!).filter(known), b = withoutRows.map((r) => res[r]!).filter(known);
        const welch = welchTTest(a, b);
        const hac = hacWelchTest(a, b, { lag: "newey-west-1994" });
        if (a.length && b.length) {
          c.expectancy = {
            difference: c.with.expectancy! - c.without.expectancy!,
            welch: welch ? { t: welch.t, df: welch.df, p: welch.p } : null,
            hac: hac ? { t: hac.t, df: hac.df, p: hac.p, lagWith: hac.lagA, lagWithout: hac.lagB, q: null, holm: null } : null,
          };
          if (hac) {
            const d = c.expectancy.difference;
            entries.push({
              id: `${c.id}:expectancy`, source: "marks",
              label: `expectancy with vs without ${mark} (${family}): ${d >= 0 ? "+" : ""}${d.toFixed(2)} ticks (Welch t, Newey–West variances)`,
              p: hac.p,
            });
          }
        }
      }
      if (session) {
        const kept = rows.filter((r) => session[r] !== null);
        const flag = Float64Array.from(kept, (r) => m[r]!);
        const win = Float64Array.from(kept, (r) => (trades.win ? trades.win[r]! : NaN));
        const result = Float64Array.from(kept, (r) => (res ? res[r]! : NaN));
        const b = sessionBlockBootstrap(
          kept.map((r) => session[r]!),
          { winRate: differenceOf(win, flag), expectancy: differenceOf(result, flag) },
          { reps: settings.sessionBootstrapSamples, seed: settings.seed },
        );
        c.bootstrap = { reps: b.reps, level: b.level, sessions: b.sessions, winRate: b.intervals.winRate, expectancy: b.intervals.expectancy };
      }
    }
  }

  const imb = numeric(table, C.imbBuy, n), imbS = numeric(table, C.imbSell, n);
  if (out.status === "analysed" && imb && imbS)
    for (const family of FAMILIES) {
      const count = (r: number) => (cls.direction[r] === "long" ? imb[r]! : imbS[r]!);
      const rows = directional.filter((r) => inFamily(family, r) && known(count(r)));
      if (rows.length === 0) continue;
      const buckets = [["0", (v: number) => v === 0], ["1-2", (v: number) => v >= 1 && v <= 2], ["3+", (v: number) => v >= 3]] as const;
      for (const [bucket, test] of buckets) out.imbalanceCounts.push({ family, bucket, side: side(rows.filter((r) => test(count(r))), trades) });
    }

  // one adjustment across the report's tests and the marks' tests; only the marks' entries are kept here
  const all = adjustPValues([...reportLedger.map((e) => ({ id: e.id, source: e.source, label: e.label, p: e.p })), ...entries], settings.alpha);
  out.pValues = all.filter((e) => e.source === "marks");
  const byId = new Map(out.pValues.map((e) => [e.id, e]));
  for (const c of out.comparisons) {
    const w = byId.get(`${c.id}:win`), e = byId.get(`${c.id}:expectancy`);
    if (c.winRate && w) { c.winRate.q = w.q; c.winRate.holm = w.holm; }
    if (c.expectancy?.hac && e) { c.expectancy.hac.q = e.q; c.expectancy.hac.holm = e.holm; }
  }
  return out;
}
