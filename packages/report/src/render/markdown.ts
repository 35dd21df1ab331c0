/** The document as Markdown (report.md): its body; pictures have no Markdown form and are left out. */
import type { Block, ReportDocument, Text } from "../document/model.js";

const runs = (t: Text): string => t.map((r) => (typeof r === "string" ? r : "code" in r ? `\`${r.code}\`` : `**${r.bold}**`)).join("");
const cell = (t: Text): string => runs(t).replace(/\|/g, "\\|");

/** The lines of a block; an empty block has none (and so leaves an extra blank line). */
function lines(b: Block): string[] {
  switch (b.kind) {
    case "heading":
      return [`${"#".repeat(b.level)} ${runs(b.text)}`];
    case "paragraph":
      return b.lines.map(runs);
    case "list":
      return b.items.map((i) => `- ${runs(i)}`);
    case "notes":
      return b.items.map((n) => `- ${n}`);
    case "table":
      return [
        `| ${b.header.map(cell).join(" | ")} |`,
        `|${b.header.map(() => "---").join("|")}|`,
        ...b.rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
      ];
    case "chart":
    case "footprints":
    case "profiles":
      return [];
  }
}

/** Blocks separated by one blank line, the text ending with a newline. */
export function renderMarkdown(doc: Pick<ReportDocument, "body">): string {
  return doc.body
    .filter((b) => b.kind !== "chart" && b.kind !== "footprints" && b.kind !== "profiles")
    .flatMap((b) => [...lines(b), ""])
    .join("\n");
}
