/**
 * The report section on the footprint marks (analysis/marks.ts): for each mark, in a trader's words,
 * whether signals that carry it win more or less often and make more or less per trade than those
 * that do not — judged by the q-values (BH across every test of the report and the marks' tests), with
 * the session-resampled ranges beside them. "No footprint in this input" where the marks are empty.
 */
import type { AnalysisResult } from "../analysis/analyze.js";
import type { MarkComparison, MarkSide, MarksResult } from "../analysis/marks.js";
import { formatP, num, pct } from "./format.js";
import { type Block, heading, list, paragraph, table, type Text } from "./model.js";

const FAMILY: Record<MarkComparison["family"], string> = { all: "all signals", inversion: "inversions", exhaustion: "exhaustions" };
const pp = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? "—" : `${v >= 0 ? "+" : ""}${(100 * v).toFixed(1)} pts`);
const signed = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? "—" : `${v >= 0 ? "+" : ""}${num(v)}`);
const range = (lo: string, hi: string) => `${lo} … ${hi}`;

const zeroInside = (b: { low: number; high: number } | undefined) => b !== undefined && b.low <= 0 && b.high >= 0;

/** One sentence per comparison: what the mark does to the win rate and to the expectancy. */
function verdict(c: MarkComparison, marks: MarksResult, alpha: number): Text {
  const def = marks.definitions.find((d) => d.mark === c.mark)!;
  const who = `${FAMILY[c.family]} ${def.with}`;
  if (c.untested) return [`${who}: too few signals to tell (${c.with.n} with an outcome, ${c.without.n} ${def.without}; each side needs ${c.untested.match(/fewer than (\d+)/)?.[1] ?? "more"}).`];
  const parts: string[] = [];
  const w = c.winRate;
  const bw = c.bootstrap?.winRate, be = c.bootstrap?.expectancy;
  const caveat = (sig: boolean, b: { low: number; high: number } | undefined) =>
    sig && zeroInside(b) ? ", though resampling whole sessions leaves zero inside its range" : "";
  if (w) {
    const sig = w.q !== null && w.q < alpha;
    parts.push(
      `win ${pct(c.with.winRate)} of the time against ${pct(c.without.winRate)} ${def.without} (${pp(w.difference)}, 95% range ${range(pp(w.low), pp(w.high))}` +
        `${bw ? `, sessions resampled ${range(pp(bw.low), pp(bw.high))}` : ""}, q = ${formatP(w.q)}): ` +
        (sig ? `the mark ${w.difference > 0 ? "raises" : "lowers"} the win rate${caveat(sig, bw)}` : "no evidence that it changes the win rate"),
    );
  } else parts.push("the win rates cannot be compared (every signal on both sides won, or none did)");
  const e = c.expectancy;
  if (e) {
    const h = e.hac;
    const sig = h !== null && h.q !== null && h.q < alpha;
    parts.push(
      `make ${num(c.with.expectancy)} ticks per trade against ${num(c.without.expectancy)} (${signed(e.difference)} ticks` +
        `${be ? `, sessions resampled ${range(signed(be.low), signed(be.high))}` : ""}, q = ${formatP(h?.q)} with dependent trades allowed for): ` +
        (sig ? `the mark ${e.difference > 0 ? "improves" : "worsens"} the expectancy${caveat(sig, be)}` : "no evidence that it changes the expectancy"),
    );
  }
  return [`${who} ${parts.join("; they ")}.`];
}

const sideCells = (s: MarkSide) => [String(s.n), pct(s.winRate)];

function winRow(c: MarkComparison): string[] {
  const w = c.winRate;
  const b = c.bootstrap?.winRate;
  return [
    c.mark, FAMILY[c.family], ...sideCells(c.with), ...sideCells(c.without),
    w ? `${pp(w.difference)} (${range(pp(w.low), pp(w.high))})` : "—",
    w ? formatP(w.p) : "—", w ? formatP(w.q) : "—",
    b ? range(pp(b.low), pp(b.high)) : "—",
  ];
}

function expectancyRow(c: MarkComparison): string[] {
  const e = c.expectancy;
  const b = c.bootstrap?.expectancy;
  return [
    c.mark, FAMILY[c.family], num(c.with.expectancy), num(c.without.expectancy),
    e ? signed(e.difference) : "—",
    e?.welch ? formatP(e.welch.p) : "—", e?.hac ? formatP(e.hac.p) : "—", e?.hac ? formatP(e.hac.q) : "—",
    b ? range(signed(b.low), signed(b.high)) : "—",
  ];
}

export function marksSection(result: AnalysisResult): Block[] {
  const marks = result.marks;
  const out: Block[] = [heading(2, "Footprint marks: do they change the signals they accompany?")];
  if (marks.status === "no footprint")
    out.push(paragraph(["No footprint in this input: the imbalance, stacked-imbalance and unfinished-auction columns are empty, so whether those marks change the win rate or the expectancy cannot be told here (run on ticks, or on an export with footprint rows)."]));
  const alpha = result.settings.alpha;
  const tested = marks.comparisons.filter((c) => !c.untested);
  if (marks.comparisons.length > 0) {
    out.push(
      paragraph([
        `Each mark splits the signals of a family into those that carry it and those that do not. Win rates are compared with the two-proportion z test (Newcombe's interval for the difference), ` +
          `expectancies (bracket ticks per trade) with Welch's t using Newey–West variances, and both differences are resampled by whole sessions (${marks.comparisons.find((c) => c.bootstrap)?.bootstrap?.reps ?? result.settings.sessionBootstrapSamples} draws). ` +
          `q is the Benjamini–Hochberg q-value across every test of this report and these ${marks.pValues.length}; a comparison needs ${result.settings.minGroupSize} signals with an outcome on each side.`,
      ]),
      list(marks.comparisons.map((c) => verdict(c, marks, alpha))),
    );
    if (tested.length > 0) {
      out.push(
        table(["mark", "family", "with: n", "with: win rate", "without: n", "without: win rate", "difference (95%)", "p", "q (BH)", "session-resampled range"], tested.map(winRow)),
        table(["mark", "family", "with: ticks/trade", "without: ticks/trade", "difference", "Welch p", "Newey–West p", "q (BH)", "session-resampled range"], tested.map(expectancyRow)),
      );
    }
  }
  if (marks.imbalanceCounts.length > 0)
    out.push(
      paragraph(["Signals by the number of footprint rows with a diagonal imbalance in their direction (descriptive):"]),
      table(
        ["family", "imbalance rows", "signals", "win rate", "ticks/trade"],
        marks.imbalanceCounts.map((b) => [FAMILY[b.family], b.bucket, String(b.side.n), pct(b.side.winRate), num(b.side.expectancy)]),
      ),
    );
  const other = marks.notes.filter((n) => !n.startsWith("no footprint in this input"));
  if (other.length) out.push({ kind: "notes", items: other });
  return out;
}
