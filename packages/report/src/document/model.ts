/**
 * The report as one small typed tree, built once from the analysis (build.ts) and rendered twice:
 * to Markdown (report.md) and to the self-contained HTML page (report.html). Text is a list of runs —
 * plain, code or bold — so neither renderer parses the other's markup.
 */
import type { FootprintSample, ProfileSample } from "@tda/engine";

/** A run of text: plain, `code`, or **bold**. */
export type Run = string | { code: string } | { bold: string };
/** A line of text made of runs. */
export type Text = readonly Run[];

export interface BarChart {
  type: "bar";
  title: string;
  rows: { label: string; value: number; lo?: number; hi?: number }[];
  unit: string;
  /** Bars at or above it are green (0 by default); drawn as a dashed line when given. */
  ref?: number;
}

export interface LineChart {
  type: "line";
  title: string;
  series: { name: string; points: [number, number][] }[];
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
  /** Labelled x ticks (dates) instead of numbers. */
  xTicks?: { x: number; label: string }[];
  /** Vertical marks with a label (contract rolls, the chosen threshold). */
  marks?: { x: number; label: string }[];
}

export type Chart = BarChart | LineChart;

export type Block =
  | { kind: "heading"; level: 1 | 2 | 3; text: Text }
  /** Lines of one paragraph (Markdown keeps the line breaks; HTML joins them with a space). */
  | { kind: "paragraph"; lines: Text[] }
  | { kind: "list"; items: Text[] }
  | { kind: "table"; header: Text[]; rows: Text[][] }
  /** Caveats as plain sentences (run notices, analysis notes). */
  | { kind: "notes"; items: string[] }
  | { kind: "chart"; chart: Chart }
  | { kind: "footprints"; samples: FootprintSample[] }
  /** TPO profile pictures of chosen sessions, with a session picker when there are several. */
  | { kind: "profiles"; profiles: ProfileSample[] };

/**
 * A picture of the analysis in the HTML page: its heading and the blocks on the heading's line
 * (`lead`), then one block per line (`blocks`).
 */
export interface Figure {
  heading: string;
  /** Anchor of the heading in the page (links to it). */
  id?: string;
  lead: Block[];
  blocks: Block[];
}

export interface ReportDocument {
  /** Page title (HTML only: report.md starts with its own heading). */
  title: string;
  /** The pictures above the text in the HTML page; Markdown has no pictures, so report.md omits them. */
  figures: Figure[];
  /** The report text: all of report.md, and the "Full report" of the HTML page. */
  body: Block[];
}

export const code = (s: string): Run => ({ code: s });
export const bold = (s: string): Run => ({ bold: s });
export const heading = (level: 1 | 2 | 3, text: string): Block => ({ kind: "heading", level, text: [text] });
export const paragraph = (...lines: Text[]): Block => ({ kind: "paragraph", lines });
export const list = (items: Text[]): Block => ({ kind: "list", items });
/** A table whose cells are plain text unless given as runs. */
export const table = (header: (string | Text)[], rows: (string | Text)[][]): Block => ({
  kind: "table",
  header: header.map(cell),
  rows: rows.map((r) => r.map(cell)),
});
const cell = (c: string | Text): Text => (typeof c === "string" ? [c] : c);

/** The plain text of a line (for tests and labels). */
export const plain = (t: Text): string => t.map((r) => (typeof r === "string" ? r : "code" in r ? r.code : r.bold)).join("");
