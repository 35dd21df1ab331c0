/**
 * The report sections of SPEC §8 "Dependence and search, honestly" (analysis/inference.ts): one
 * short section per figure, each opening with a sentence a trader can act on, beside the iid
 * figures of the sections before (which stay). In stats.json an infinite profit factor (no losing
 * trade in a draw) is null, so a missing upper end of a profit-factor range reads "∞".
 */
import type { AnalysisResult } from "../analysis/analyze.js";
import type { SessionBootstrapFigures } from "../analysis/inference.js";
import { formatP, num, pct } from "./format.js";
import { type Block, heading, paragraph, table } from "./model.js";

const pf = (v: number | null) => (v === null ? "∞" : num(v));
const range = (lo: string, hi: string) => `${lo} … ${hi}`;

function bootstrapRow(label: string, f: SessionBootstrapFigures | null): string[] {
  if (!f) return [label, "—", "—", "—", "—", "—"];
  return [
    label,
    String(f.sessions),
    String(f.rows),
    `${pct(f.winRate.estimate)} (${range(pct(f.winRate.low), pct(f.winRate.high))})`,
    `${num(f.expectancy.estimate)} (${range(num(f.expectancy.low), num(f.expectancy.high))})`,
    `${pf(f.profitFactor.estimate)} (${range(pf(f.profitFactor.low), pf(f.profitFactor.high))})`,
  ];
}

function sessionBootstrapSection(result: AnalysisResult): Block[] {
  const sb = result.inference.sessionBootstrap;
  if (!sb) return [];
  const o = sb.overall;
  const lead = o
    ? `Resampling whole sessions (${sb.reps} draws), the win rate of all signals has a ${Math.round(sb.level * 100)}% range of ${range(pct(o.winRate.low), pct(o.winRate.high))} and the expectancy ${range(num(o.expectancy.low), num(o.expectancy.high))} ticks per trade; ` +
      `a range that straddles zero expectancy (or a profit factor of 1) means the edge is not established.`
    : "No signal with a session label: no session bootstrap.";
  return [
    heading(2, "Ranges from resampling whole sessions"),
    paragraph([lead], [
      "Signals of one session share its market, so they are resampled together (session block bootstrap, percentile intervals); these ranges are wider than the ones that treat every trade as independent.",
    ]),
    table(
      ["group", "sessions", "signals", "win rate (95% range)", "expectancy, ticks (95% range)", "profit factor (95% range)"],
      [bootstrapRow("all signals", o), ...sb.groups.map((g) => bootstrapRow(Object.values(g.key).join(" · "), g.figures))],
    ),
  ];
}

function searchSection(result: AnalysisResult): Block[] {
  const inf = result.inference;
  const out: Block[] = [];
  const c = inf.chosenRule;
  if (c) {
    out.push(
      heading(2, "The chosen rule, allowing for dependent trades"),
      paragraph(
        [
          `Neighbouring trades are correlated (their variance of the mean is ${num(c.varianceRatio)}× the independent one, Newey–West lag ${c.lag ?? "—"}); allowing for it, ` +
            `the chance the rule's true Sharpe ratio is above zero is ${pct(c.hacPsrTrain)} in training and ${pct(c.hacPsrTest)} out of sample, and ${pct(c.hacDeflatedSharpe)} after deflating for the ${result.thresholds?.rulesTried ?? 0} rules tried.`,
        ],
        [
          c.hacTestComparison
            ? `Out of sample, taken trades differ from skipped ones by ${num(c.hacTestComparison.difference)} ticks; with the dependence allowed for, p = ${formatP(c.hacTestComparison.p)} (Welch t with Newey–West variances; the independent-trades p is in the threshold section).`
            : "Out of sample, too few taken or skipped trades for the dependence-aware comparison.",
        ],
      ),
    );
  }
  const s = inf.spa;
  if (s)
    out.push(
      heading(2, "Data snooping, benchmark re-estimated"),
      paragraph([
        `Re-estimating "take every signal" in each of the ${s.reps} draws, the chance that the best rule's edge is luck alone is p = ${formatP(s.pConsistent)} ` +
          `(Hansen SPA; bounds ${formatP(s.pLower)} … ${formatP(s.pUpper)}; White's reality check ${formatP(s.whiteP)}). It tests the same question as the SPA p of the threshold section, which held the benchmark fixed.`,
      ]),
    );
  const m = inf.stepM;
  if (m)
    out.push(
      heading(2, "Which rules beat taking every signal (StepM)"),
      paragraph([
        m.rejected.length === 0
          ? `None of the ${m.rules} rules beats taking every signal once the search is allowed for (Romano–Wolf StepM, family-wise error ${m.alpha}; smallest adjusted p ${formatP(m.smallestAdjustedP)}).`
          : `${m.rejected.length} of the ${m.rules} rules beat taking every signal with the search allowed for (Romano–Wolf StepM, family-wise error ${m.alpha}).`,
      ]),
      ...(m.rejected.length
        ? [table(["rule", "adjusted p"], m.rejected.map((r) => [`${r.feature} ${r.side} ${num(r.threshold, 4)}`, formatP(r.adjustedP)]))]
        : []),
    );
  const wf = inf.walkForward;
  if (wf) {
    const better = wf.folds.filter((f) => f.test.mean !== null && f.test.allMean !== null && f.test.mean > f.test.allMean).length;
    out.push(
      heading(2, "Walk-forward over whole sessions"),
      paragraph([
        `Choosing the rule on all earlier sessions and trading it on the next block, it beat taking every signal in ${better} of ${wf.folds.length} out-of-sample blocks (${wf.k} blocks of whole sessions, the first one training only).`,
      ], [
        "Every trade ends within its own session, so no training trade shares a price path with a test trade: no purge or embargo between the blocks is needed.",
      ]),
      table(
        ["test sessions", "rule chosen on the sessions before", "trades", "expectancy, ticks", "win rate", "every signal, ticks"],
        wf.folds.map((f) => [
          `${f.testSessions[0]} … ${f.testSessions[1]}`,
          f.rule ? `${f.rule.feature} ${f.rule.side} ${num(f.rule.threshold, 4)}` : "none takes enough trades",
          String(f.test.n),
          num(f.test.mean),
          pct(f.test.winRate),
          num(f.test.allMean),
        ]),
      ),
    );
  }
  const p = inf.pbo;
  if (p)
    out.push(
      heading(2, "Probability of backtest overfitting"),
      paragraph([
        `Splitting the history into ${p.blocks} blocks and trying all ${p.splits} halves, the rule that looks best in one half is at or below the median of the ${p.strategies} rules in the other half ${pct(p.pbo)} of the time; ` +
          `it loses money out of sample in ${pct(p.probabilityOfLoss)} of the splits (CSCV, per-trade Sharpe ratio; a PBO near 50% or above means the search is picking noise).`,
      ]),
    );
  return out;
}

export function inferenceSections(result: AnalysisResult): Block[] {
  return [...sessionBootstrapSection(result), ...searchSection(result)];
}
