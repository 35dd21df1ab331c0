/**
 * `renderMarkdown(result)`: the report a trader reads (report.md) from an `AnalysisResult`.
 * Plain tables, every p-value beside its BH q-value, and explicit words where samples are small or
 * a model could not be fitted. Deterministic: the same result gives the same text.
 */
import type { AnalysisResult, RegressionSummary } from "../analyze.js";
import type { GroupRow } from "../summaries/group-table.js";

function num(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return v.toFixed(digits);
}

function pct(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined || !Number.isFinite(v) ? "—" : `${(v * 100).toFixed(digits)}%`;
}

/** p-values: 3 significant digits, scientific below 0.001. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return "—";
  if (p === 0) return "0";
  return p < 0.001 ? p.toExponential(2) : p.toFixed(3);
}

function table(header: string[], rows: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, "\\|");
  return [
    `| ${header.map(esc).join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`),
  ].join("\n");
}

function groupSection(result: AnalysisResult): string {
  const g = result.groups;
  const out: string[] = ["## Signal groups", ""];
  out.push(
    `Directional signals: **${result.counts.directional}** (long ${result.counts.long}, short ${result.counts.short}); ` +
      `conflict ${result.counts.conflict}, none ${result.counts.none} (excluded). ` +
      `Base win rate: **${pct(result.baseWinRate)}** over ${result.counts.withOutcome} signals with a known outcome.`,
    "",
  );
  if (g.groups.length === 0) {
    out.push(`No group has n ≥ ${g.minN}; nothing is reported by group. ${g.unreported.groups} group(s) holding ${g.unreported.rows} signal(s) are too small to judge.`, "");
    return out.join("\n");
  }
  const horizons = g.groups[0]!.summary.returns.map((r) => r.horizon);
  const header = [
    "direction", "family", "strength", "near level", "scenario", "n", "win rate", "95% CI", "p vs base",
    ...horizons.map((h) => `ret ${h}`), "stop rate", "MFE", "MAE", "expectancy", "PF", "SQN", "PnL $",
  ];
  const row = (r: GroupRow) => {
    const s = r.summary;
    return [
      r.key.direction!, r.key.family!, r.key.strength!, r.key.nearLevel!, r.key.scenario!, String(s.n),
      pct(s.winRate), s.winRateCi ? `${pct(s.winRateCi.low)}–${pct(s.winRateCi.high)}` : "—", formatP(s.binomialP),
      ...s.returns.map((x) => num(x.mean, 1)), pct(s.stopRate), num(s.meanMfe, 1), num(s.meanMae, 1),
      num(s.expectancy, 2), num(s.profitFactor, 2), num(s.sqn, 2), num(s.pnlUsd, 0),
    ];
  };
  out.push(table(header, g.groups.map(row)), "");
  out.push(
    `Groups with n < ${g.minN} are not shown: ${g.unreported.groups} group(s), ${g.unreported.rows} signal(s). ` +
      "Returns, MFE, MAE and expectancy are in ticks; expectancy, PF and SQN are of the bracket trade. " +
      "The p-value is an exact binomial test of the group's win rate against the base rate, before correction (see the p-value table for q-values).",
    "",
  );
  return out.join("\n");
}

function regressionSection(r: RegressionSummary): string {
  const title = r.model === "logit" ? `### Logit of ${r.response}` : `### OLS of ${r.response} (ticks)`;
  const out: string[] = [title, ""];
  if (r.status !== "fitted") {
    out.push(`Not fitted: ${r.reason}.`, "");
    if (r.warnings.length) out.push(...r.warnings.map((w) => `- ${w}`), "");
    return out.join("\n");
  }
  out.push(`Formula: \`${r.formula}\` — n = ${r.n}${r.droppedRows ? ` (${r.droppedRows} rows dropped for a missing feature)` : ""}, k = ${r.k}.`, "");
  if (r.model === "ols")
    out.push(`R² ${num(r.r2, 4)}, adj. R² ${num(r.adjR2, 4)}, F ${num(r.fStatistic, 2)} (p ${formatP(r.fP)}, classic), log L ${num(r.logLik, 1)}, AIC ${num(r.aic, 1)}, BIC ${num(r.bic, 1)}.`);
  else
    out.push(`log L ${num(r.logLik, 2)}, null log L ${num(r.nullLogLik, 2)}, LLR ${num(r.llr, 2)} (p ${formatP(r.llrP)}), McFadden pseudo-R² ${num(r.pseudoR2, 4)}, AIC ${num(r.aic, 1)}, BIC ${num(r.bic, 1)}.`);
  if (r.waldNeweyWest)
    out.push(
      `Joint test of all slopes with Newey–West SEs (lag ${r.neweyWestLag}): ${r.model === "ols" ? "F" : "χ²"} ${num(r.waldNeweyWest.statistic, 2)}, p ${formatP(r.waldNeweyWest.p)}` +
        (r.jointTest && r.jointTest.method !== "newey-west-wald" ? " — unreliable here (too few blocks), the classic test is the one listed below." : "."),
    );
  out.push("");
  const stat = r.model === "ols" ? "t" : "z";
  out.push(
    table(
      ["term", "coef", "SE", `${stat}`, "p", "NW SE", `NW ${stat}`, "NW p", "NW 95% CI"],
      r.coefficients.map((c) => [
        c.term, num(c.coef, 4), num(c.classic.se, 4), num(c.classic.stat, 2), formatP(c.classic.p),
        num(c.neweyWest.se, 4), num(c.neweyWest.stat, 2), formatP(c.neweyWest.p),
        `${num(c.neweyWest.ciLow, 4)} … ${num(c.neweyWest.ciHigh, 4)}`,
      ]),
    ),
    "",
  );
  const centred = r.variables.filter((v) => v.kind === "continuous" && v.centre !== null);
  if (centred.length)
    out.push(`Continuous features are centred (${centred.map((v) => `${v.name} at ${num(v.centre, 3)}`).join(", ")}), so a main effect is the effect at the mean of the others; \`a:b\` is the interaction.`, "");
  if (r.droppedTerms.length) out.push(`Terms dropped as aliased (no independent variation): ${r.droppedTerms.join(", ")}.`, "");
  if (r.warnings.length) out.push(...r.warnings.map((w) => `- ${w}`), "");
  return out.join("\n");
}

function thresholdSection(result: AnalysisResult): string {
  const t = result.thresholds;
  const out: string[] = ["## Percentile threshold search", ""];
  if (!t) {
    out.push("Not run (see notes).", "");
    return out.join("\n");
  }
  out.push(
    `Training: ${t.trainSessions.length} sessions (${t.trainSessions[0] ?? "—"} … ${t.trainSessions[t.trainSessions.length - 1] ?? "—"}), ${t.train.n} trades, expectancy ${num(t.train.mean)} ticks. ` +
      `Test: ${t.testSessions.length} sessions, ${t.test.n} trades, expectancy ${num(t.test.mean)} ticks. Rules tried: ${t.rulesTried}.`,
    "",
  );
  if (t.chosen) {
    const c = t.chosen;
    out.push(
      `Chosen on training: **${c.rule.feature} ${c.rule.side} ${num(c.rule.threshold, 4)}** (${c.rule.percentile}th percentile).`,
      "",
      table(
        ["sample", "trades", "expectancy (ticks)", "win rate", "Sharpe / trade"],
        [
          ["training (in sample)", String(c.rule.train.n), num(c.rule.train.mean), pct(c.rule.train.winRate), num(c.rule.train.sharpe, 3)],
          ["test (out of sample)", String(c.test.n), num(c.test.mean), pct(c.test.winRate), num(c.test.sharpe, 3)],
          ["all test trades", String(t.test.n), num(t.test.mean), pct(t.test.winRate), num(t.test.sharpe, 3)],
        ],
      ),
      "",
    );
    if (c.testComparison)
      out.push(`Out of sample, taken minus skipped trades: ${num(c.testComparison.difference)} ticks (Welch t ${num(c.testComparison.t)}, p ${formatP(c.testComparison.p)}).`);
    out.push(
      `Probabilistic Sharpe ratio (SR > 0): training ${num(c.psrTrain, 3)}, test ${num(c.psrTest, 3)}. ` +
        `Deflated Sharpe ratio for ${t.rulesTried} rules tried: ${num(c.deflatedSharpe, 3)} (expected best Sharpe of unskilled rules ${num(c.expectedMaxSharpe, 3)}).`,
    );
  }
  if (t.realityCheck)
    out.push(
      `Data-snooping check for the whole search (${t.realityCheck.method} bootstrap, mean block ${t.realityCheck.blockLength}, ${t.realityCheck.reps} draws, seed ${t.realityCheck.seed}): ` +
        `Hansen SPA p ${formatP(t.realityCheck.spaP)}, White Reality Check p ${formatP(t.realityCheck.whiteP)}. ` +
        "A large p means the best rule is what searching this many thresholds produces by chance.",
    );
  out.push("");
  if (t.notes.length) out.push(...t.notes.map((n) => `- ${n}`), "");
  return out.join("\n");
}

function pValueSection(result: AnalysisResult): string {
  const out: string[] = ["## Every p-value, with its Benjamini–Hochberg q-value", ""];
  if (result.pValues.length === 0) {
    out.push("No test could be run.", "");
    return out.join("\n");
  }
  const alpha = result.settings.alpha;
  const after = result.pValues.filter((p) => p.significantAfterCorrection).length;
  const before = result.pValues.filter((p) => p.onlyBeforeCorrection).length;
  out.push(
    `${result.pValues.length} tests. At α = ${alpha}: ${after} survive the false-discovery-rate correction; ${before} are significant only before correction (treat them as likely noise).`,
    "",
    table(
      ["test", "p", "q (BH)", "verdict"],
      result.pValues.map((p) => [
        p.label, formatP(p.p), formatP(p.q),
        p.significantAfterCorrection ? "significant" : p.onlyBeforeCorrection ? "significant only before correction" : "not significant",
      ]),
    ),
    "",
  );
  return out.join("\n");
}

export function renderMarkdown(result: AnalysisResult): string {
  const parts = [
    "# Signal statistics",
    "",
    `${result.counts.rows} rows, ${result.counts.directional} directional signals. Minimum group size ${result.settings.minGroupN}; significance level ${result.settings.alpha}; bootstrap seed ${result.settings.seed}.`,
    "",
  ];
  if (result.counts.withOutcome < result.settings.minGroupN)
    parts.push(`**Caution:** only ${result.counts.withOutcome} signals have a known outcome; no conclusion should be drawn from this sample.`, "");
  parts.push(groupSection(result));
  parts.push("## Regressions", "", "Standard errors are shown classic and Newey–West (Bartlett kernel, lag = the horizon, since overlapping outcome windows make neighbouring signals dependent). Judge significance by the Newey–West columns.", "");
  for (const r of result.regressions) parts.push(regressionSection(r));
  parts.push(thresholdSection(result));
  parts.push(pValueSection(result));
  parts.push("## Notes", "");
  parts.push(result.notes.length ? result.notes.map((n) => `- ${n}`).join("\n") : "- none", "");
  return parts.join("\n");
}
