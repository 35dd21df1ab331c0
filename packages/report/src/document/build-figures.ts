/**
 * The pictures of the HTML page (SPEC §9): win rate and expectancy by group, forward-return curves
 * by horizon, threshold sweeps, the equity curve of bracket trades, footprint pictures of sample
 * signals with their levels, and the run's notices.
 */
import { SIGNAL_COLUMNS as C, type FootprintSample } from "@tda/engine";
import type { AnalysisResult } from "../analysis/analyze.js";
import type { Figure, LineChart } from "./model.js";

/** Signals table columns as the pipeline or the signals reader gives them (for the equity curve). */
export type Columns = Record<string, Float64Array | (string | null)[]>;

type Group = AnalysisResult["groups"]["groups"][number];

function groupLabel(g: Group): string {
  const k = g.key as Record<string, unknown>;
  return Object.values(k).map((v) => String(v ?? "")).join(" · ");
}

const caption = (text: string) => ({ kind: "paragraph" as const, lines: [[text]] });

export function reportFigures(a: AnalysisResult, columns: Columns, samples: readonly FootprintSample[], notices: readonly string[]): Figure[] {
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
      blocks: [{ kind: "chart", chart: { type: "line", title: "Mean forward return", series, xLabel: "bars after entry", yLabel: "ticks", width: 900 } }],
    });
  } else {
    figures.push({ heading: "Groups", lead: [caption(`No group reaches ${a.groups.minN} directional signals with outcomes: nothing to chart.`)], blocks: [] });
  }

  const t = a.thresholds;
  if (t && t.rules.length) {
    const features = [...new Set(t.rules.map((x) => x.feature))];
    figures.push({
      heading: "Threshold sweeps (training sessions)",
      lead: [caption(`Mean bracket result of the trades each percentile rule keeps, on the earlier ${t.trainSessions.length} sessions; the chosen rule is then tested on the later ${t.testSessions.length}.`)],
      blocks: features.map((f) => {
        const chart: LineChart = {
          type: "line",
          title: `Sweep of ${f}`,
          series: ([">=", "<="] as const).map((side) => ({
            name: `${f} ${side} pct`,
            points: t.rules.filter((x) => x.feature === f && x.side === side).map((x) => [x.percentile <= 1 ? x.percentile * 100 : x.percentile, x.train.mean ?? NaN] as [number, number]),
          })),
          xLabel: "percentile of the training sample",
          yLabel: "ticks per trade",
          height: 240,
        };
        return { kind: "chart" as const, chart };
      }),
    });
  }

  const usd = columns[C.bracketUsd] as Float64Array | undefined;
  const dir = columns[C.direction] as (string | null)[] | undefined;
  if (usd && dir) {
    const pts: [number, number][] = [];
    let eq = 0, k = 0;
    for (let i = 0; i < usd.length; i++) {
      if ((dir[i] === "long" || dir[i] === "short") && Number.isFinite(usd[i]!)) {
        eq += usd[i]!;
        pts.push([++k, eq]);
      }
    }
    // a few thousand points draw the same curve as every trade, in a fraction of the bytes
    const step = Math.max(1, Math.ceil(pts.length / 1500));
    const thin = pts.filter((_, j) => j % step === 0 || j === pts.length - 1);
    figures.push({
      heading: "Equity curve of bracket trades",
      lead: [caption("Every directional signal taken as a one-contract bracket (target / stop at the bar's extreme), in time order, in dollars after the configured costs. It overlaps trades and ignores capital: a picture of the edge, not an account.")],
      blocks: [
        pts.length
          ? { kind: "chart", chart: { type: "line", title: "Cumulative bracket PnL", series: [{ name: "all signals", points: thin }], xLabel: "trade", yLabel: "USD" } }
          : caption("No trade has an outcome."),
      ],
    });
  }

  if (samples.length)
    figures.push({
      heading: "Sample signals",
      lead: [caption("The first signal of each kind near a level (bid × ask per price; the dashed line is the nearest level)."), { kind: "footprints", samples: [...samples] }],
      blocks: [],
    });
  if (notices.length) figures.push({ heading: "Notices", lead: [{ kind: "notes", items: [...notices] }], blocks: [] });
  return figures;
}
