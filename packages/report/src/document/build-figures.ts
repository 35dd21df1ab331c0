/**
 * The pictures of the HTML page (SPEC §9): win rate and expectancy by group, forward-return curves
 * by horizon, threshold sweeps, the equity curve of bracket trades, footprint pictures of sample
 * signals with their levels, and the run's notices.
 */
import { SIGNAL_COLUMNS as C, type FootprintSample, type ProfileSample } from "@tda/engine";
import type { AnalysisResult } from "../analysis/analyze.js";
import type { Block, Figure, LineChart } from "./model.js";

/** Signals table columns as the pipeline or the signals reader gives them (for the equity curve). */
export type Columns = Record<string, Float64Array | (string | null)[]>;

type Group = AnalysisResult["groups"]["groups"][number];

function groupLabel(g: Group): string {
  const k = g.key as Record<string, unknown>;
  return Object.values(k).map((v) => String(v ?? "")).join(" · ");
}

const caption = (text: string) => ({ kind: "paragraph" as const, lines: [[text]] });

export function reportFigures(
  a: AnalysisResult, columns: Columns, samples: readonly FootprintSample[], notices: readonly string[], profiles: readonly ProfileSample[] = [],
): Figure[] {
  const groups = [...a.groups.groups].sort((x, y) => y.summary.n - x.summary.n);
  const figures: Figure[] = [];

  if (groups.length) {
    const base = a.baseWinRate ?? undefined;
    figures.push({
      heading: "Win rate and expectancy by group",
      lead: [caption(`Groups with at least ${a.groups.minN} directional signals; whiskers are Wilson 95% intervals, the dashed line the base win rate of all signals.`)],
      blocks: [
        {
          kind: "chart",
          chart: {
            type: "bar",
            title: "Win rate (MFE ≥ target before the stop)",
            rows: groups.map((g) => ({
              label: `${groupLabel(g)} (n=${g.summary.n})`,
              value: (g.summary.winRate ?? NaN) * 100,
              lo: (g.summary.winRateCi?.low ?? NaN) * 100,
              hi: (g.summary.winRateCi?.high ?? NaN) * 100,
            })),
            unit: "%",
            ...(base === undefined ? {} : { ref: base * 100 }),
          },
        },
        {
          kind: "chart",
          chart: {
            type: "bar",
            title: "Expectancy of the bracket trade (ticks per trade)",
            rows: groups.map((g) => ({ label: `${groupLabel(g)} (n=${g.summary.n})`, value: g.summary.expectancy ?? NaN })),
            unit: "",
          },
        },
      ],
    });
    const series = groups.slice(0, 8).map((g) => ({
      name: groupLabel(g),
      points: g.summary.returns.map((x) => [x.horizon, x.mean ?? NaN] as [number, number]),
    }));
    figures.push({
      heading: "Forward returns by horizon",
      lead: [caption("Mean forward return (ticks; −stop when stopped first) of the largest groups.")],
      blocks: [{ kind: "chart", chart: { type: "line", title: "Mean forward return", series, xLabel: "bars after entry", yLabel: "ticks" } }],
    });
  } else {
    figures.push({ heading: "Groups", lead: [caption(`No group reaches ${a.groups.minN} directional signals with outcomes: nothing to chart.`)], blocks: [] });
  }

  const t = a.thresholds;
  if (t && t.rules.length) {
    const features = [...new Set(t.rules.map((x) => x.feature))];
    const chosen = t.chosen?.rule;
    const pctOf = (p: number) => (p <= 1 ? p * 100 : p);
    const blocks: Block[] = [];
    for (const f of features) {
      const flat = barelyVaries(columns, f);
      if (flat) {
        blocks.push(caption(`${f} is not drawn: ${flat} Its percentile thresholds are a handful of identical rules, so a sweep would be flat lines, not a curve.${chosen?.feature === f ? ` The chosen rule is on it: ${f} ${chosen.side} ${num2(chosen.threshold)}.` : ""}`));
        continue;
      }
      const chart: LineChart = {
        type: "line",
        title: `Sweep of ${f}`,
        series: ([">=", "<="] as const).map((side) => ({
          name: `${f} ${side} pct`,
          points: t.rules.filter((x) => x.feature === f && x.side === side).map((x) => [pctOf(x.percentile), x.train.mean ?? NaN] as [number, number]),
        })),
        xLabel: "percentile of the training sample",
        yLabel: "ticks per trade",
        height: 250,
        ...(chosen?.feature === f ? { marks: [{ x: pctOf(chosen.percentile), label: `chosen: ${chosen.side} ${num2(chosen.threshold)} (p${Math.round(pctOf(chosen.percentile))})` }] } : {}),
      };
      blocks.push({ kind: "chart", chart });
    }
    figures.push({
      heading: "Threshold sweeps (training sessions)",
      lead: [caption(`Mean bracket result of the trades each percentile rule keeps, on the earlier ${t.trainSessions.length} sessions; the chosen rule${chosen ? ` (${chosen.feature} ${chosen.side} ${num2(chosen.threshold)}, the dashed purple line)` : ""} is then tested on the later ${t.testSessions.length}.`)],
      blocks,
    });
  }

  const usd = columns[C.bracketUsd] as Float64Array | undefined;
  const dir = columns[C.direction] as (string | null)[] | undefined;
  if (usd && dir) {
    const curve = equityCurve(columns);
    figures.push({
      heading: "Equity curve of bracket trades",
      lead: [caption(`Every directional signal taken as a one-contract bracket (target / stop at the bar's extreme), in time order, in dollars after the configured costs. It overlaps trades and ignores capital: a picture of the edge, not an account.${curve.rolls.length ? " Dashed lines mark the contract rolls (the first trade of each later contract)." : curve.contracts === 1 ? " One contract: no roll." : ""}`)],
      blocks: [
        curve.points.length
          ? { kind: "chart", chart: { type: "line", title: "Cumulative bracket PnL", series: [{ name: "all signals", points: curve.points }], xLabel: curve.byDate ? "date of the signal" : "trade", yLabel: "USD", ...(curve.byDate ? { xTicks: curve.ticks } : {}), ...(curve.rolls.length ? { marks: curve.rolls } : {}) } }
          : caption("No trade has an outcome."),
      ],
    });
  }

  if (samples.length) {
    const bare = samples.every((s) => s.rows.length === 0);
    figures.push({
      heading: "Sample signals",
      lead: [
        caption(bare
          ? "The first signal of each kind near a level. This input has no per-price footprint (a bar export), so each card shows the signal bar (outlined) and the bracket trade after it: entry, stop, target, the nearest level, and where the trade ended."
          : "The first signal of each kind near a level: bid × ask per price (imbalance cells shaded: green buy, red sell, a bar beside stacked ones; ● an unfinished high or low; the nearest level's row shaded blue), and beside it the bracket trade after the signal bar (outlined): entry, stop, target, the level, and where the trade ended."),
        { kind: "footprints", samples: [...samples] },
      ],
      blocks: [],
    });
  }
  const shown = sampleProfiles(samples, profiles);
  if (shown.length)
    figures.push({
      heading: "TPO profiles of the sample sessions",
      id: "profiles",
      lead: [
        caption(`The RTH TPO profile of each sample signal's session: a letter per ${shown[0]!.periodMinutes}-minute period (A from ${shown[0]!.sessionStart}) on every price it traded, the value area shaded, the POC outlined, single prints in red at the left, the sample signals as arrows. On the right, the levels known at the session's open (no look-ahead): composite value areas as purple bands and the prior session's value area and POC as lines.${shown.length > 1 ? " Pick a session above the picture." : ""}`),
        { kind: "profiles", profiles: shown },
      ],
      blocks: [],
    });
  if (notices.length) figures.unshift({ heading: "Read first", lead: [caption(`This run has ${notices.length} caveat${notices.length > 1 ? "s" : ""} (what could not be computed and why), listed once under Data caveats at the top of the Full report below.`)], blocks: [] });
  return figures;
}

const num2 = (x: number) => (Number.isFinite(x) ? String(Math.round(x * 1000) / 1000) : "—");

/**
 * The profiles of the samples' sessions, in the samples' order, each once, then the last sessions of
 * the last contract (those the engine adds without a signal), at most 8 in all.
 */
function sampleProfiles(samples: readonly FootprintSample[], profiles: readonly ProfileSample[]): ProfileSample[] {
  const out: ProfileSample[] = [];
  for (const s of samples) {
    const p = profiles.find((q) => q.session === s.session && q.contract === s.contract);
    if (p && !out.includes(p) && out.length < 8) out.push(p);
  }
  const last = profiles[profiles.length - 1]?.contract;
  for (const p of profiles) if (p.contract === last && p.signals.length === 0 && !out.includes(p) && out.length < 8) out.push(p);
  return out;
}

/** Values of a swept feature on the directional signals with a bracket result (|x| for the abs_ features). */
function featureValues(columns: Columns, f: string): number[] {
  const abs = f.startsWith("abs_");
  const col = columns[abs ? f.slice(4) : f];
  const dir = columns[C.direction] as (string | null)[] | undefined;
  const res = columns[C.bracketTicks];
  if (!col || !dir || !res) return [];
  const out: number[] = [];
  for (let i = 0; i < dir.length; i++) {
    if (dir[i] !== "long" && dir[i] !== "short") continue;
    const r = Number(res[i] ?? NaN), v = col[i] === null || col[i] === "" ? NaN : Number(col[i]);
    if (Number.isFinite(r) && Number.isFinite(v)) out.push(abs ? Math.abs(v) : v);
  }
  return out;
}

/**
 * A sentence when a feature's two commonest values hold at least 95% of the signals (close_location
 * on range bars: 0 or 1), else null: its sweep would be two flat lines.
 */
export function barelyVaries(columns: Columns, f: string): string | null {
  const v = featureValues(columns, f);
  if (v.length === 0) return null;
  const counts = new Map<number, number>();
  for (const x of v) counts.set(x, (counts.get(x) ?? 0) + 1);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, 2);
  const share = top.reduce((s, [, c]) => s + c, 0) / v.length;
  if (share < 0.95) return null;
  const vals = top.map(([x]) => num2(x)).sort();
  return `it is ${vals.join(" or ")} on ${(Math.floor(share * 1000) / 10).toFixed(1)}% of the ${v.length} signals with a result.`;
}

/**
 * The cumulative bracket PnL in time order: x is the signal's date (days since 1970) when the table
 * has a time column, else the trade number; month ticks and a mark at each later contract's first trade.
 */
export function equityCurve(columns: Columns): { points: [number, number][]; ticks: { x: number; label: string }[]; rolls: { x: number; label: string }[]; byDate: boolean; contracts: number } {
  const usd = columns[C.bracketUsd]!;
  const dir = columns[C.direction] as (string | null)[];
  const time = columns[C.time] as (string | null)[] | undefined;
  const contract = columns["contract"] as (string | null)[] | undefined;
  const byDate = !!time && time.every((t) => t === null || Number.isFinite(Date.parse(t)));
  const pts: [number, number][] = [];
  const ticks: { x: number; label: string }[] = [];
  const rolls: { x: number; label: string }[] = [];
  const seen = new Set<string>();
  let eq = 0, k = 0, month = "";
  for (let i = 0; i < dir.length; i++) {
    const v = Number(usd[i] ?? NaN);
    if ((dir[i] !== "long" && dir[i] !== "short") || !Number.isFinite(v)) continue;
    eq += v;
    k++;
    const x = byDate ? Date.parse(time![i]!) / 86_400_000 : k;
    pts.push([x, eq]);
    if (byDate && time![i]!.slice(0, 7) !== month) { month = time![i]!.slice(0, 7); ticks.push({ x, label: month }); }
    const c = contract?.[i];
    if (c && !seen.has(c)) { if (seen.size) rolls.push({ x, label: c.split("-")[0]! }); seen.add(c); }
  }
  // a few thousand points draw the same curve as every trade, in a fraction of the bytes
  const step = Math.max(1, Math.ceil(pts.length / 1500));
  const points = pts.filter((_, j) => j % step === 0 || j === pts.length - 1);
  return { points, ticks, rolls, byDate, contracts: seen.size };
}
