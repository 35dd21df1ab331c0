/**
 * The report of a parameter sweep (`tda sweep`): what was tried and what was reused, the sweep judged
 * as one search (deflated Sharpe ratio, SPA and PBO over every trial) in sentences a trader can act
 * on, the parameter surface — expectancy over the first two settings that vary, one table (and, in
 * the HTML page, one chart) per combination of the other settings — and every point's figures.
 * Built from the sweep's figures only, so the same figures give the same bytes.
 */
import type { SweepPointFigures } from "../sweep/point-figures.js";
import { ruleText, type SweepFigures } from "../sweep/sweep-figures.js";
import { formatP, num, pct } from "./format.js";
import { type Block, type Chart, type Figure, heading, paragraph, type ReportDocument, table } from "./model.js";

export interface SweepReportInput {
  title: string;
  /** The grid: config paths and their values, in the file's order. */
  grid: { keys: string[]; values: unknown[][] };
  points: { id: string; settings: Record<string, unknown>; figures: SweepPointFigures }[];
  sweep: SweepFigures;
  /** Distinct results each pipeline stage computed (per contract). */
  stages: { name: string; what: string; runs: number }[];
  contracts: string[];
  notices: readonly string[];
}

const value = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
const short = (key: string) => key.split(".").pop()!;
const setting = (key: string, v: unknown) => `${short(key)} = ${value(v)}`;

/** Every combination of the given keys' values (last fastest), as index lists. */
function combinations(sizes: number[]): number[][] {
  const out: number[][] = [[]];
  for (const s of sizes) {
    const next: number[][] = [];
    for (const c of out) for (let i = 0; i < s; i++) next.push([...c, i]);
    out.splice(0, out.length, ...next);
  }
  return out;
}

function reuseSentence(r: SweepReportInput): string {
  const n = r.points.length;
  const parts = r.stages
    .filter((s) => s.name !== "analysis")
    .map((s) => `${s.what} ${s.runs === 1 ? "once" : `${s.runs} times`}`);
  return `One batch job: for the ${n} points it ${parts.join(", ")} (per contract), and ran the statistics ${n} times — where ${n} single runs would have done everything ${n} times.`;
}

function searchSection(s: SweepFigures): Block[] {
  const out: Block[] = [heading(2, "The sweep as one search")];
  const lines: string[][] = [
    [
      `Every threshold rule at every grid point is a trial: ${s.trials} trials (${s.points} points × their rules, ${s.trialsPerPoint.join(" + ")}). ` +
        "A user who picks the best cell of the surface below has made all of these tries, so the figures here count them all.",
    ],
  ];
  if (s.best)
    lines.push([
      `The best trial in training is ${s.best.point} with ${ruleText(s.best.rule)}: ${num(s.best.trainExpectancy)} ticks per trade over ${s.best.trainTrades} training trades, ` +
        `${num(s.best.testExpectancy)} ticks over ${s.best.testTrades} later (out-of-sample) trades.`,
    ]);
  const d = s.deflatedSharpe;
  if (d)
    lines.push([
      `Deflated for the ${d.trials} trials, the chance that it has real skill — a true Sharpe ratio above the ${num(d.expectedMaxSharpe, 3)} per trade that the luckiest of ${d.trials} unskilled tries would show — is ${pct(d.hac)} ` +
        `(overlapping trades allowed for: Newey–West variance, ${num(d.varianceRatio)}× the independent one; ${pct(d.iid)} treating its trades as independent). Below 95%, the best trial cannot be told apart from luck.`,
    ]);
  const spa = s.spa;
  if (spa)
    lines.push([
      `Could the best of the ${spa.trials} trials make money by luck alone? Resampling whole training sessions (${spa.reps} draws), p = ${formatP(spa.pConsistent)} ` +
        `(Hansen SPA against not trading, on each trial's result per session; bounds ${formatP(spa.pLower)} … ${formatP(spa.pUpper)}, White's reality check ${formatP(spa.whiteP)}).`,
    ]);
  const p = s.pbo;
  if (p)
    lines.push([
      `Probability of backtest overfitting: cutting the ${p.sessions} sessions into ${p.blocks} blocks and trying all ${p.splits} halves, the trial that is best in one half is at or below the median of the ${p.strategies} trials in the other half ${pct(p.pbo)} of the time, ` +
        `and loses money there in ${pct(p.probabilityOfLoss)} of the splits. Near 50% or above, the sweep is picking noise.`,
    ]);
  out.push(paragraph(...lines));
  if (s.notes.length) out.push({ kind: "notes", items: [...s.notes] });
  return out;
}

/** Axes of the surface: the first two settings with more than one value; the rest make the small multiples. */
function axes(r: SweepReportInput): { x: number; y: number | undefined; rest: number[] } {
  const varying = r.grid.keys.map((_, j) => j).filter((j) => r.grid.values[j]!.length > 1);
  const [x = 0, y, ...rest] = varying.length ? varying : [0];
  const fixed = r.grid.keys.map((_, j) => j).filter((j) => j !== x && j !== y && !rest.includes(j));
  return { x, y, rest: [...rest, ...fixed].sort((a, b) => a - b) };
}

function pointAt(r: SweepReportInput, chosen: Map<number, number>) {
  return r.points.find((p) => r.grid.keys.every((k, j) => !chosen.has(j) || value(p.settings[k]) === value(r.grid.values[j]![chosen.get(j)!])));
}

function surface(r: SweepReportInput): { blocks: Block[]; charts: Chart[] } {
  const { x, y, rest } = axes(r);
  const { keys, values } = r.grid;
  const blocks: Block[] = [
    heading(2, "Parameter surface: expectancy per trade"),
    paragraph([
      `Expectancy of taking every signal (bracket result, ticks per trade; trades in brackets) over ${keys[x]}` +
        (y !== undefined ? ` (columns) and ${keys[y]} (rows)` : "") +
        (rest.length ? `, one table for each setting of ${rest.map((j) => keys[j]).join(", ")}` : "") +
        ". A lone good cell among poor neighbours is more likely luck than a stable edge; a broad plateau is what a robust setting looks like.",
    ]),
  ];
  const charts: Chart[] = [];
  const numericX = values[x]!.every((v) => typeof v === "number");
  for (const combo of combinations(rest.map((j) => values[j]!.length))) {
    const fixed = new Map(rest.map((j, i) => [j, combo[i]!]));
    const caption = rest.map((j) => setting(keys[j]!, values[j]![fixed.get(j)!])).join(", ");
    if (rest.length) blocks.push(heading(3, caption));
    const ys = y === undefined ? [undefined] : values[y]!.map((_, i) => i);
    const rows = ys.map((yi) => {
      const cells = values[x]!.map((_, xi) => {
        const at = new Map(fixed);
        at.set(x, xi);
        if (yi !== undefined) at.set(y!, yi);
        const p = pointAt(r, at);
        return p ? `${num(p.figures.expectancy)} (${p.figures.trades})` : "—";
      });
      return [yi === undefined ? "all signals" : value(values[y!]![yi]), ...cells];
    });
    blocks.push(table([y === undefined ? "" : `${short(keys[y]!)} ↓ / ${short(keys[x]!)} →`, ...values[x]!.map(value)], rows));
    if (numericX)
      charts.push({
        type: "line",
        title: `Expectancy over ${short(keys[x]!)}${caption ? ` — ${caption}` : ""}`,
        xLabel: keys[x]!,
        yLabel: "ticks per trade",
        series: ys.map((yi) => ({
          name: yi === undefined ? "all signals" : setting(keys[y!]!, values[y!]![yi]),
          points: values[x]!.flatMap((xv, xi) => {
            const at = new Map(fixed);
            at.set(x, xi);
            if (yi !== undefined) at.set(y!, yi);
            const e = pointAt(r, at)?.figures.expectancy;
            return e === null || e === undefined ? [] : [[xv as number, e] as [number, number]];
          }),
        })),
      });
  }
  if (!numericX)
    charts.push({
      type: "bar",
      title: "Expectancy per grid point",
      unit: "ticks",
      rows: r.points.map((p) => ({ label: `${p.id}: ${r.grid.keys.map((k) => setting(k, p.settings[k])).join(", ")}`, value: p.figures.expectancy ?? NaN })),
    });
  return { blocks, charts };
}

function pointsTable(r: SweepReportInput): Block[] {
  return [
    heading(2, "Every point"),
    paragraph([
      "Each row is what a single `tda run` with that point's settings reports (stats.json): every signal taken, then the point's own threshold search — its chosen rule, how it did on the later sessions, and its deflated Sharpe ratio and SPA p for that point's search alone.",
    ]),
    table(
      ["point", ...r.grid.keys.map(short), "signals", "trades", "win rate", "expectancy", "profit factor", "Sharpe", "rules", "chosen rule", "out of sample", "DSR", "SPA p"],
      r.points.map((p) => {
        const f = p.figures;
        const c = f.chosen;
        return [
          p.id,
          ...r.grid.keys.map((k) => value(p.settings[k])),
          String(f.signals),
          String(f.trades),
          pct(f.winRate),
          num(f.expectancy),
          num(f.profitFactor),
          num(f.sharpe, 3),
          String(f.rulesTried),
          c ? `${c.rule.feature} ${c.rule.side} ${num(c.rule.threshold, 4)}` : "—",
          c ? `${num(c.testExpectancy)} (${c.testTrades})` : "—",
          pct(c?.deflatedSharpe),
          formatP(f.spaP),
        ];
      }),
    ),
  ];
}

export function buildSweepReport(r: SweepReportInput): ReportDocument {
  const { blocks: surfaceBlocks, charts } = surface(r);
  const grid = r.grid.keys.map((k, j) => `${k} ∈ {${r.grid.values[j]!.map(value).join(", ")}}`).join("; ");
  const body: Block[] = [
    heading(1, r.title),
    paragraph(
      [`${r.points.length} settings combinations over ${r.contracts.join(", ")}: ${grid}.`],
      [reuseSentence(r)],
    ),
    ...(r.notices.length
      ? [
          heading(2, "Data caveats"),
          paragraph([`What the run of the first point (${r.points[0]?.id ?? "—"}) could not compute or estimated; other points' counts differ with their settings (each point's notices are in sweep.json).`]),
          { kind: "notes" as const, items: [...r.notices] },
        ]
      : []),
    ...searchSection(r.sweep),
    ...surfaceBlocks,
    ...pointsTable(r),
  ];
  const figures: Figure[] = charts.length
    ? [{ heading: "Parameter surface", lead: [paragraph(["Expectancy of every signal, ticks per trade, at each grid point."])], blocks: charts.map((chart) => ({ kind: "chart" as const, chart })) }]
    : [];
  return { title: r.title, figures, body };
}
