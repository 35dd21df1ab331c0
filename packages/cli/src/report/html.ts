import type { AnalysisResult } from "@tda/stats";
import { barChart, CHART_CSS, esc, lineChart, type Series } from "./svg.js";
import { footprintSvg, type FootprintSample } from "./footprint.js";
import { markdownToHtml } from "./markdownToHtml.js";

export interface HtmlReportInput {
  title: string;
  analysis: AnalysisResult;
  markdown: string;
  /** Signals table columns (for the equity curve). */
  columns: Record<string, Float64Array | (string | null)[]>;
  samples: FootprintSample[];
  notices: string[];
}

type Group = AnalysisResult["groups"]["groups"][number];

function groupLabel(g: Group): string {
  const k = g.key as Record<string, unknown>;
  return Object.values(k).map((v) => String(v ?? "")).join(" · ");
}

/**
 * The self-contained HTML report (SPEC §9): win rate and expectancy by group, forward-return curves
 * by horizon, threshold sweeps, the equity curve of bracket trades, footprint pictures of sample
 * signals with their levels, then the full Markdown report. No external assets; deterministic.
 */
export function renderHtml(r: HtmlReportInput): string {
  const a = r.analysis;
  const groups = [...a.groups.groups].sort((x, y) => y.summary.n - x.summary.n);
  const sections: string[] = [];

  if (groups.length) {
    const base = a.baseWinRate ?? undefined;
    sections.push(`<h2>Win rate and expectancy by group</h2><p>Groups with at least ${a.groups.minN} directional signals; whiskers are Wilson 95% intervals, the dashed line the base win rate of all signals.</p>`);
    sections.push(barChart("Win rate (MFE ≥ target before the stop)", groups.map((g) => ({
      label: `${groupLabel(g)} (n=${g.summary.n})`,
      value: (g.summary.winRate ?? NaN) * 100,
      lo: (g.summary.winRateCi?.low ?? NaN) * 100,
      hi: (g.summary.winRateCi?.high ?? NaN) * 100,
    })), { unit: "%", ref: base === undefined ? undefined : base * 100 }));
    sections.push(barChart("Expectancy of the bracket trade (ticks per trade)", groups.map((g) => ({
      label: `${groupLabel(g)} (n=${g.summary.n})`, value: g.summary.expectancy ?? NaN,
    })), { unit: "" }));
    const series: Series[] = groups.slice(0, 8).map((g) => ({
      name: groupLabel(g),
      points: g.summary.returns.map((x) => [x.horizon, x.mean ?? NaN] as [number, number]),
    }));
    sections.push(`<h2>Forward returns by horizon</h2><p>Mean forward return (ticks; −stop when stopped first) of the largest groups.</p>`);
    sections.push(lineChart("Mean forward return", series, { xLabel: "bars after entry", yLabel: "ticks", width: 900 }));
  } else {
    sections.push(`<h2>Groups</h2><p>No group reaches ${a.groups.minN} directional signals with outcomes: nothing to chart.</p>`);
  }

  const t = a.thresholds;
  if (t && t.rules.length) {
    sections.push(`<h2>Threshold sweeps (training sessions)</h2><p>Mean bracket result of the trades each percentile rule keeps, on the earlier ${t.trainSessions.length} sessions; the chosen rule is then tested on the later ${t.testSessions.length}.</p>`);
    const features = [...new Set(t.rules.map((x) => x.feature))];
    for (const f of features) {
      const series: Series[] = [">=", "<="].map((side) => ({
        name: `${f} ${side} pct`,
        points: t.rules.filter((x) => x.feature === f && x.side === side).map((x) => [x.percentile <= 1 ? x.percentile * 100 : x.percentile, x.train.mean ?? NaN] as [number, number]),
      }));
      sections.push(lineChart(`Sweep of ${f}`, series, { xLabel: "percentile of the training sample", yLabel: "ticks per trade", height: 240 }));
    }
  }

  const usd = r.columns["bracket_usd"] as Float64Array | undefined;
  const dir = r.columns["direction"] as (string | null)[] | undefined;
  if (usd && dir) {
    const pts: [number, number][] = [];
    let eq = 0, k = 0;
    for (let i = 0; i < usd.length; i++) {
      if ((dir[i] === "long" || dir[i] === "short") && Number.isFinite(usd[i]!)) {
        eq += usd[i]!;
        pts.push([++k, eq]);
      }
    }
    const step = Math.max(1, Math.ceil(pts.length / 1500));
    const thin = pts.filter((_, j) => j % step === 0 || j === pts.length - 1);
    sections.push(`<h2>Equity curve of bracket trades</h2><p>Every directional signal taken as a one-contract bracket (target / stop at the bar's extreme), in time order, in dollars after the configured costs. It overlaps trades and ignores capital: a picture of the edge, not an account.</p>`);
    sections.push(pts.length ? lineChart("Cumulative bracket PnL", [{ name: "all signals", points: thin }], { xLabel: "trade", yLabel: "USD" }) : "<p>No trade has an outcome.</p>");
  }

  if (r.samples.length) {
    sections.push(`<h2>Sample signals</h2><p>The first signal of each kind near a level (bid × ask per price; the dashed line is the nearest level).</p><div class="fp">${r.samples.map(footprintSvg).join("")}</div>`);
  }
  if (r.notices.length) sections.push(`<h2>Notices</h2><ul>${r.notices.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>`);
  sections.push(`<h2>Full report</h2>${markdownToHtml(r.markdown)}`);

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(r.title)}</title>
<style>body{font:14px/1.45 system-ui,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#222}
table{border-collapse:collapse;margin:8px 0;font-size:12px}td,th{border:1px solid #ddd;padding:3px 6px;text-align:right}
th{background:#f5f5f5}td:first-child,th:first-child{text-align:left}code{background:#f3f3f3;padding:0 3px}
.fp{display:flex;flex-wrap:wrap;gap:8px}${CHART_CSS}</style></head>
<body><h1>${esc(r.title)}</h1>
${sections.join("\n")}
</body></html>
`;
}
