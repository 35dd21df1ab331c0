import { describe, expect, it } from "vitest";
import { analyze } from "../analysis/analyze.js";
import { renderHtml } from "../render/html.js";
import { renderMarkdown } from "../render/markdown.js";
import { esc } from "../render/svg.js";
import { buildReport } from "./build.js";
import { type Block, bold, code, heading, list, paragraph, plain, type ReportDocument, table } from "./model.js";

describe("the document model renders to Markdown and HTML", () => {
  const small: ReportDocument = {
    title: "T <1>",
    figures: [{ heading: "Notices", lead: [{ kind: "notes", items: ["a & b"] }], blocks: [] }],
    body: [
      heading(1, "Signal statistics"),
      paragraph(["Formula: ", code("y ~ a"), " — n = 3."], ["second ", bold("line")]),
      list([["one"], [bold("two:"), " x"]]),
      table(["a", "b|c"], [[[bold("all")], "1"], ["", "2"]]),
      paragraph(),
      heading(2, "End"),
    ],
  };
  it("Markdown: blocks separated by a blank line; an empty block keeps one more", () => {
    expect(renderMarkdown(small)).toBe(
      [
        "# Signal statistics", "",
        "Formula: `y ~ a` — n = 3.", "second **line**", "",
        "- one", "- **two:** x", "",
        "| a | b\\|c |", "|---|---|", "| **all** | 1 |", "|  | 2 |", "",
        "", "## End", "",
      ].join("\n"),
    );
  });
  it("HTML: headings one level below the page title, paragraph lines joined, text escaped", () => {
    const html = renderHtml(small);
    expect(html).toContain("<title>T &lt;1&gt;</title>");
    expect(html).toContain("<h2>Notices</h2><ul><li>a &amp; b</li></ul>\n<h2 id=\"full\">Full report</h2><h2>Signal statistics</h2>\n");
    expect(html).toContain("<p>Formula: <code>y ~ a</code> — n = 3. second <b>line</b></p>\n<ul><li>one</li><li><b>two:</b> x</li></ul>\n");
    expect(html).toContain("<div class='tw'><table><thead><tr><th>a</th><th>b|c</th></tr></thead><tbody><tr><td><b>all</b></td><td>1</td></tr><tr><td></td><td>2</td></tr></tbody></table></div>\n<h3>End</h3>\n");
  });

  it("a real report: every heading and every table cell appears in both renderings", () => {
    const n = 400;
    const dir = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? "short" : "long"));
    const win = Array.from({ length: n }, (_, i) => ((i * 7) % 5 < 2 ? 1 : 0));
    const analysis = analyze(
      {
        direction: dir,
        inv_long: dir.map((d) => (d === "long" ? 1 : 0)),
        inv_short: dir.map((d) => (d === "short" ? 1 : 0)),
        near_level: dir.map((_, i) => i % 2),
        vol_star: dir.map((_, i) => 0.5 + ((i * 13) % 17) / 10),
        session: dir.map((_, i) => `2024-01-${String(1 + Math.floor(i / 20)).padStart(2, "0")}`),
        win,
        bracket_ticks: win.map((w, i) => (w ? 25 : -((i % 9) + 2))),
        ret_5: win.map((w, i) => (w ? 8 : -3) + (i % 4)),
      },
      { bootstrapSamples: 50, horizons: [5] },
    );
    const doc = buildReport({ title: "Report", analysis, columns: {}, samples: [], notices: ["run notice"] });
    const md = renderMarkdown(doc);
    const html = renderHtml(doc);
    const tables = doc.body.filter((b): b is Extract<Block, { kind: "table" }> => b.kind === "table");
    expect(tables.length).toBeGreaterThanOrEqual(3); // groups, coefficients, p-values
    let cells = 0;
    for (const t of tables)
      for (const row of [t.header, ...t.rows])
        for (const c of row) {
          const text = plain(c);
          if (text === "") continue;
          cells++;
          expect(md).toContain(text.replace(/\|/g, "\\|"));
          expect(html).toContain(`>${c.map((r) => (typeof r === "string" ? esc(r) : "code" in r ? `<code>${esc(r.code)}</code>` : `<b>${esc(r.bold)}</b>`)).join("")}</t`);
        }
    expect(cells).toBeGreaterThan(100);
    for (const h of doc.body.filter((b): b is Extract<Block, { kind: "heading" }> => b.kind === "heading")) {
      expect(md).toContain(`${"#".repeat(h.level)} ${plain(h.text)}\n`);
      expect(html).toContain(`<h${h.level + 1}>${esc(plain(h.text))}</h${h.level + 1}>`);
    }
    // the run notice is a caveat of the text, shown once in the page, which points to it first
    expect(md).toContain("- run notice");
    expect(html.match(/<li>run notice<\/li>/g)).toHaveLength(1);
    expect(html).toContain("<h2>Read first</h2><p>This run has 1 caveat (what could not be computed and why), listed once under Data caveats at the top of the Full report below.</p>");
    expect(html).not.toContain("**"); // no Markdown markup leaks into the page
  });
});
