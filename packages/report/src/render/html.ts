/**
 * The document as the self-contained HTML page (report.html, SPEC §9): the pictures, then the full
 * report text. No external assets; deterministic.
 */
import type { Block, Chart, Figure, ReportDocument, Text } from "../document/model.js";
import { footprintSvg } from "./footprint.js";
import { barChart, CHART_CSS, esc, lineChart } from "./svg.js";

const runs = (t: Text): string =>
  t.map((r) => (typeof r === "string" ? esc(r) : "code" in r ? `<code>${esc(r.code)}</code>` : `<b>${esc(r.bold)}</b>`)).join("");

function chart(c: Chart): string {
  return c.type === "bar"
    ? barChart(c.title, c.rows, { unit: c.unit, ...(c.ref === undefined ? {} : { ref: c.ref }) })
    : lineChart(c.title, c.series, { xLabel: c.xLabel, yLabel: c.yLabel, ...(c.width === undefined ? {} : { width: c.width }), ...(c.height === undefined ? {} : { height: c.height }) });
}

/** The HTML of a block; "" for an empty one. Body headings sit one level below the page's h1. */
function block(b: Block): string {
  switch (b.kind) {
    case "heading":
      return `<h${b.level + 1}>${runs(b.text)}</h${b.level + 1}>`;
    case "paragraph":
      return b.lines.length ? `<p>${b.lines.map(runs).join(" ")}</p>` : "";
    case "list":
      return b.items.length ? `<ul>${b.items.map((i) => `<li>${runs(i)}</li>`).join("")}</ul>` : "";
    case "notes":
      return b.items.length ? `<ul>${b.items.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>` : "";
    case "table":
      return `<div class='tw'><table><thead><tr>${b.header.map((c) => `<th>${runs(c)}</th>`).join("")}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map((c) => `<td>${runs(c)}</td>`).join("")}</tr>`).join("")}</tbody></table></div>`;
    case "chart":
      return chart(b.chart);
    case "footprints":
      return `<div class="fp">${b.samples.map(footprintSvg).join("")}</div>`;
  }
}

const figure = (f: Figure): string => [`<h2>${esc(f.heading)}</h2>${f.lead.map(block).join("")}`, ...f.blocks.map(block)].join("\n");

export function renderHtml(doc: ReportDocument): string {
  const body = doc.body.map(block).filter((h) => h !== "").join("\n");
  const sections = [...doc.figures.map(figure), `<h2>Full report</h2>${body}`];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(doc.title)}</title>
<style>body{font:14px/1.45 system-ui,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#222}
table{border-collapse:collapse;margin:8px 0;font-size:12px}td,th{border:1px solid #ddd;padding:3px 6px;text-align:right}
th{background:#f5f5f5}td:first-child,th:first-child{text-align:left}code{background:#f3f3f3;padding:0 3px}
.fp{display:flex;flex-wrap:wrap;gap:8px}.tw{overflow-x:auto;max-width:100%}svg{height:auto}
@media print{body{max-width:none;margin:0}.tw{overflow:visible}h2{break-after:avoid}svg,table{break-inside:avoid}}${CHART_CSS}</style></head>
<body><h1>${esc(doc.title)}</h1>
${sections.join("\n")}
</body></html>
`;
}
