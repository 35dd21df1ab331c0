/**
 * The document as the self-contained HTML page (report.html, SPEC §9): the pictures, then the full
 * report text. No external assets; deterministic.
 */
import type { Block, Chart, Figure, ReportDocument, Text } from "../document/model.js";
import type { ProfileSample } from "@tda/engine";
import { footprintSvg } from "./footprint.js";
import { barChart, CHART_CSS, esc, lineChart } from "./svg.js";
import { levelsOutside, tpoSvg } from "./tpo.js";

const runs = (t: Text): string =>
  t.map((r) => (typeof r === "string" ? esc(r) : "code" in r ? `<code>${esc(r.code)}</code>` : `<b>${esc(r.bold)}</b>`)).join("");

function chart(c: Chart): string {
  return c.type === "bar"
    ? barChart(c.title, c.rows, { unit: c.unit, ...(c.ref === undefined ? {} : { ref: c.ref }) })
    : lineChart(c.title, c.series, {
      xLabel: c.xLabel, yLabel: c.yLabel,
      ...(c.width === undefined ? {} : { width: c.width }), ...(c.height === undefined ? {} : { height: c.height }),
      ...(c.xTicks ? { xTicks: c.xTicks } : {}), ...(c.marks ? { marks: c.marks } : {}),
    });
}

/** The id of a session's profile panel, for the picker and the cards' links. */
export const profileId = (p: Pick<ProfileSample, "contract" | "session">): string => `tpo-${p.contract}-${p.session}`.replace(/[^A-Za-z0-9_-]/g, "_");

/**
 * The profile pictures; with several, a session picker made of radio buttons and CSS only (no
 * script): one panel shows at a time, every panel when printed.
 */
function profiles(ps: ProfileSample[]): string {
  const panel = (p: ProfileSample) => {
    const out = levelsOutside(p);
    const say = (ls: ProfileSample["levels"]) => ls.map((l) => `${esc(l.kind)} ${(l.price * p.tickSize).toFixed(2)}${l.kind.startsWith("cva") ? ` (${l.sessions} sessions)` : ""}`).join(", ");
    const parts = [out.above.length ? `above: ${say(out.above)}` : "", out.below.length ? `below: ${say(out.below)}` : ""].filter(Boolean);
    const note = parts.length ? `<p class="sm">Nearest levels known at the open outside this session's range — ${parts.join("; ")}${out.more ? ` (and ${out.more} further away)` : ""}.</p>` : "";
    return `<div class="tpo-panel" id="${profileId(p)}-panel">${tpoSvg(p)}${note}</div>`;
  };
  if (ps.length === 1) return `<div class="tpos">${panel(ps[0]!)}</div>`;
  const ids = ps.map(profileId);
  const css = ids.map((id) => `#${id}:checked~.tpo-panels #${id}-panel`).join(",") + "{display:block}" +
    ids.map((id) => `#${id}:checked~.tpo-pick label[for=${id}]`).join(",") + "{background:#1f77b4;color:#fff}";
  return `<style>${css}</style><div class="tpos picker">${ids.map((id, k) => `<input type="radio" name="tpo" id="${id}"${k ? "" : " checked"}>`).join("")}` +
    `<div class="tpo-pick" role="tablist">${ps.map((p, k) => `<label for="${ids[k]}">${esc(p.session)} ${esc(p.contract)}</label>`).join("")}</div>` +
    `<div class="tpo-panels">${ps.map(panel).join("")}</div></div>`;
}

function footprints(samples: Extract<Block, { kind: "footprints" }>["samples"], linked: Set<string>): string {
  return `<div class="fp">${samples.map((s) => {
    const id = s.session && s.contract ? profileId({ session: s.session, contract: s.contract }) : "";
    const link = linked.has(id) ? `<label class="to-tpo" for="${id}">show the TPO profile of ${esc(s.session!)} below</label>` : "";
    const svg = footprintSvg(s);
    // a flex item holding a width:100% svg would shrink to 300 px: give the card its drawn width
    const w = /viewBox="0 0 ([\d.]+) /.exec(svg)![1];
    return `<figure style="width:${w}px">${svg}${link}</figure>`;
  }).join("")}</div>`;
}

/** The HTML of a block; "" for an empty one. Body headings sit one level below the page's h1. */
function block(b: Block, linked: Set<string> = new Set()): string {
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
      return footprints(b.samples, linked);
    case "profiles":
      return profiles(b.profiles);
  }
}

const figure = (f: Figure, linked: Set<string>): string =>
  [`<h2${f.id ? ` id="${f.id}"` : ""}>${esc(f.heading)}</h2>${f.lead.map((b) => block(b, linked)).join("")}`, ...f.blocks.map((b) => block(b, linked))].join("\n");

export function renderHtml(doc: ReportDocument): string {
  const body = doc.body.map((b) => block(b)).filter((h) => h !== "").join("\n");
  // footprint cards link to their session's profile when the page holds it
  const linked = new Set(doc.figures.flatMap((f) => [...f.lead, ...f.blocks]).flatMap((b) => (b.kind === "profiles" && b.profiles.length > 1 ? b.profiles.map(profileId) : [])));
  const sections = [...doc.figures.map((f) => figure(f, linked)), `<h2 id="full">Full report</h2>${body}`];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(doc.title)}</title>
<style>body{font:14px/1.45 system-ui,sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#222}
table{border-collapse:collapse;margin:8px 0;font-size:12px}td,th{border:1px solid #ddd;padding:3px 6px;text-align:right}
th{background:#f5f5f5}td:first-child,th:first-child{text-align:left}code{background:#f3f3f3;padding:0 3px}
.fp{display:flex;flex-wrap:wrap;gap:8px}.fp figure{margin:0;max-width:100%}.tw{overflow-x:auto;max-width:100%}svg{height:auto}
.sm{font-size:12px;color:#555}@media (max-width:600px){h1{font-size:22px}h2{font-size:18px}}.to-tpo{display:block;font-size:12px;color:#1f77b4;text-decoration:underline;cursor:pointer}
.picker>input{position:absolute;opacity:0;pointer-events:none}.tpo-panel{display:none}.tpos:not(.picker) .tpo-panel{display:block}
.tpo-pick{display:flex;flex-wrap:wrap;gap:4px;margin:6px 0}.tpo-pick label{border:1px solid #1f77b4;border-radius:3px;padding:2px 8px;cursor:pointer;font-size:13px}
@media print{body{max-width:none;margin:0}.tw{overflow:visible}h2{break-after:avoid}svg,table{break-inside:avoid}.tpo-pick,.to-tpo{display:none}.tpo-panel{display:block!important}}${CHART_CSS}</style></head>
<body><h1>${esc(doc.title)}</h1>
${sections.join("\n")}
</body></html>
`;
}
