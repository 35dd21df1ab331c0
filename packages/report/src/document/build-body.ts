/**
 * The report text a trader reads (all of report.md, and the "Full report" of the HTML page) as
 * blocks of the document model. Plain tables, every p-value beside its BH q-value, and explicit words
 * where samples are small, a model could not be fitted, or a number is easy to misread (a two-sided
 * test "significant" because a group is worse, an SQN that is really a t statistic, a stop rate that
 * includes trades that had already reached the target). Deterministic: the same result gives the
 * same blocks.
 *
 * A section whose content is empty keeps an empty block: report.md has always had a blank line
 * there, and the outputs are pinned byte for byte.
 */
import type { AdjustedPValue, GroupSummary } from "@tda/stats";
import type { AnalysisResult } from "../analysis/analyze.js";
import { groupTestId } from "../analysis/p-values.js";
import type { RegressionSummary } from "../analysis/regressions.js";
import { inferenceSections } from "./build-inference.js";
import { marksSection } from "./build-marks.js";
import { formatP, num, pct } from "./format.js";
import { type Block, bold, code, heading, list, paragraph, type Run, table, type Text } from "./model.js";

export interface BodyOptions {
  /**
   * Caveats from the run that produced the signals table (e.g. "exhaustion skipped: no footprint"),
   * printed at the top with the analysis notes: a reader must see them before the numbers.
   */
  notices?: readonly string[];
}

/**
 * q-value with its verdict mark: ✓ survives BH at α, † significant only before correction.
 * (Not "*": a lone asterisk pairs up with the next one as emphasis in small Markdown renderers.)
 */
function markedQ(entry: AdjustedPValue | undefined): string {
  if (!entry) return "—";
  return `${formatP(entry.q)}${entry.significantAfterCorrection ? " ✓" : entry.onlyBeforeCorrection ? " †" : ""}`;
}

const MARKS = "✓ = significant after the Benjamini–Hochberg correction across every test in this report; † = significant only before correction (treat as likely noise).";

type Ledger = Map<string, AdjustedPValue>;

function caveatSection(result: AnalysisResult, options: BodyOptions): Block[] {
  const items = [...(options.notices ?? []), ...result.notes];
  if (items.length === 0) return [];
  return [
    heading(2, "Data caveats"),
    paragraph(["Read these before the numbers: they say what could not be computed and what a label really means."]),
    { kind: "notes", items },
  ];
}

/** A plain-words verdict on trading every signal, only when the sample is big enough to say one. */
function verdict(o: GroupSummary, minN: number): string {
  if (o.expectancy === null || o.winN < minN) return ".";
  const net = o.pnlUsd ?? o.expectancy;
  if (o.expectancy > 0 && net < 0) return " — profitable before costs, losing after them.";
  if (net < 0) return " — taken together the signals lose money.";
  if (net > 0) return " — taken together the signals make money (before any selection).";
  return ".";
}

function summarySection(result: AnalysisResult): Block[] {
  const o = result.overall;
  const items: Text[] = [];
  if (o.winN > 0)
    items.push([
      bold(`All ${result.counts.directional} directional signals:`),
      ` win rate ${pct(o.winRate)} ` +
        `(95% CI ${o.winRateCi ? `${pct(o.winRateCi.low)}–${pct(o.winRateCi.high)}` : "—"}, ${o.winN} with a known outcome); ` +
        "bracket trade expectancy ",
      bold(`${num(o.expectancy)} ticks per trade`),
      ` before costs, profit factor ${num(o.profitFactor)}, ` +
        `total PnL ${num(o.pnlUsd, 0)} $ after the configured commission and slippage` +
        verdict(o, result.settings.minGroupSize),
    ]);
  const after = result.pValues.filter((p) => p.significantAfterCorrection).length;
  const before = result.pValues.filter((p) => p.onlyBeforeCorrection).length;
  if (result.pValues.length)
    items.push([
      bold(`${result.pValues.length} tests`),
      ` in this report: ${after} survive the false-discovery-rate correction at α = ${result.settings.alpha}, ` +
        `${before} are significant only before it. A significant test is an effect in either direction — read its sign.`,
    ]);
  const t = result.thresholds;
  if (t?.chosen) {
    const c = t.chosen;
    const rc = t.realityCheck;
    items.push([
      bold("Threshold search:"),
      ` best of ${t.rulesTried} rules on training was `,
      code(`${c.rule.feature} ${c.rule.side} ${num(c.rule.threshold, 4)}`),
      ` (${num(c.rule.train.mean)} ticks/trade in sample); out of sample it made `,
      bold(`${num(c.test.mean)} ticks/trade`),
      ` on ${c.test.n} trades against ${num(t.test.mean)} for taking every test signal. ` +
        (rc && Number.isFinite(rc.spaP)
          ? rc.spaP < result.settings.alpha
            ? `The search survives the data-snooping check (SPA p ${formatP(rc.spaP)}).`
            : `The data-snooping check does not reject chance (SPA p ${formatP(rc.spaP)}): the in-sample edge is what searching ${t.rulesTried} thresholds finds in noise.`
          : ""),
    ]);
  }
  return [heading(2, "Summary"), list(items)];
}

function groupSection(result: AnalysisResult, q: Ledger): Block[] {
  const g = result.groups;
  const out: Block[] = [heading(2, "Signal groups")];
  out.push(
    paragraph([
      "Directional signals: ",
      bold(String(result.counts.directional)),
      ` (long ${result.counts.long}, short ${result.counts.short}); ` +
        `conflict ${result.counts.conflict}, none ${result.counts.none} (excluded). ` +
        "Base win rate: ",
      bold(pct(result.baseWinRate)),
      ` over ${result.counts.withOutcome} signals with a known outcome.`,
    ]),
  );
  if (g.groups.length === 0) {
    out.push(paragraph([`No group has n ≥ ${g.minN}; nothing is reported by group. ${g.unreported.groups} group(s) holding ${g.unreported.rows} signal(s) are too small to judge.`]));
    return out;
  }
  const horizons = g.groups[0]!.summary.returns.map((r) => r.horizon);
  const label: Record<string, string> = { nearLevel: "near level" };
  const dims = g.dimensions;
  const header = [
    ...dims.map((d) => label[d] ?? d), "n", "win rate", "95% CI", "p vs base", "q",
    ...horizons.map((h) => `ret ${h}`), "stop rate", "MFE", "MAE", "expectancy", "PF", "SQN100", "SQN", "PnL $",
  ];
  const cells = (s: GroupSummary) => [
    String(s.n), pct(s.winRate), s.winRateCi ? `${pct(s.winRateCi.low)}–${pct(s.winRateCi.high)}` : "—",
  ];
  const tail = (s: GroupSummary) => [
    ...s.returns.map((x) => num(x.mean, 1)), pct(s.stopRate), num(s.meanMfe, 1), num(s.meanMae, 1),
    num(s.expectancy, 2), num(s.profitFactor, 2), num(s.sqn100, 2), num(s.sqn, 2), num(s.pnlUsd, 0),
  ];
  const rows: (string | Run[])[][] = [
    [[bold("all")], ...dims.slice(1).map(() => ""), ...cells(result.overall), "(base)", "", ...tail(result.overall)],
    ...g.groups.map((r) => [
      ...dims.map((d) => r.key[d] ?? ""),
      ...cells(r.summary), formatP(r.summary.binomialP), markedQ(q.get(groupTestId(r.key))),
      ...tail(r.summary),
    ]),
  ];
  out.push(table(header, rows));
  out.push(
    paragraph([
      `Groups with n < ${g.minN} are not shown: ${g.unreported.groups} group(s), ${g.unreported.rows} signal(s) (they are in the `,
      bold("all"),
      " row). " +
        "ret h = mean forward return after h bars in ticks (a stopped trade counts −stop). " +
        "Stop rate = share of trades whose stop was hit anywhere in the forward scan, including trades that had already reached the target first, so win rate + stop rate can exceed 100%. " +
        "MFE/MAE = mean favourable/adverse excursion in ticks. Expectancy (ticks per trade, before commission and slippage), PF (profit factor = gains / losses) and SQN are of the bracket trade; PnL $ is its total after the configured commission and slippage. " +
        "SQN100 = √min(n, 100)·mean/sd, Van Tharp's scale (≈ 2 average, ≥ 3 good); SQN = √n·mean/sd over all n trades is the t statistic of the expectancy and grows with n, so compare it only between groups of similar size. " +
        "p vs base: exact two-sided binomial test of the group's win rate against the base rate (sum of the probabilities of every outcome no more likely than the observed one, as R's binom.test); a small p can mean worse than base. " +
        "The interval and the test treat signals as independent; neighbouring signals share the same price path, so both are somewhat optimistic. " +
        MARKS,
    ]),
  );
  return out;
}

function regressionSection(r: RegressionSummary, q: Ledger): Block[] {
  const out: Block[] = [heading(3, r.model === "logit" ? `Logit of ${r.response}` : `OLS of ${r.response} (ticks)`)];
  if (r.status !== "fitted") {
    out.push(paragraph([`Not fitted: ${r.reason}.`]));
    if (r.warnings.length) out.push({ kind: "notes", items: [...r.warnings] });
    return out;
  }
  out.push(paragraph(["Formula: ", code(r.formula ?? ""), ` — n = ${r.n}${r.droppedRows ? ` (${r.droppedRows} rows dropped for a missing feature)` : ""}, k = ${r.k}.`]));
  const joint = q.get(`model:${r.id}`);
  const nwUsed = r.jointTest?.method === "newey-west-wald";
  const fit: Text[] = [];
  if (r.waldNeweyWest)
    fit.push([
      `Joint test of all slopes with Newey–West SEs (lag ${r.neweyWestLag}): ${r.model === "ols" ? "F" : "χ²"} ${num(r.waldNeweyWest.statistic, 2)}, p ${formatP(r.waldNeweyWest.p)}` +
        (nwUsed ? `, q ${markedQ(joint)}.` : " — unreliable here (too few blocks of lag + 1 rows); the classic test below is the one listed."),
    ]);
  const classicNote = nwUsed ? "classic, assumes independent signals: for comparison only" : `classic, listed: q ${markedQ(joint)}`;
  if (r.model === "ols")
    fit.push([`R² ${num(r.r2, 4)}, adj. R² ${num(r.adjR2, 4)}, F ${num(r.fStatistic, 2)} (p ${formatP(r.fP)}, ${classicNote}), log L ${num(r.logLik, 1)}, AIC ${num(r.aic, 1)}, BIC ${num(r.bic, 1)}.`]);
  else
    fit.push([`log L ${num(r.logLik, 2)}, null log L ${num(r.nullLogLik, 2)}, LLR ${num(r.llr, 2)} (p ${formatP(r.llrP)}, ${classicNote}), McFadden pseudo-R² ${num(r.pseudoR2, 4)}, AIC ${num(r.aic, 1)}, BIC ${num(r.bic, 1)}.`]);
  out.push(paragraph(...fit));
  const stat = r.model === "ols" ? "t" : "z";
  out.push(
    table(
      ["term", "coef", "SE", `${stat}`, "p", "NW SE", `NW ${stat}`, "NW p", "NW q", "NW 95% CI"],
      r.coefficients.map((c) => [
        c.term, num(c.coef, 4), num(c.classic.se, 4), num(c.classic.stat, 2), formatP(c.classic.p),
        num(c.neweyWest.se, 4), num(c.neweyWest.stat, 2), formatP(c.neweyWest.p),
        c.term === "Intercept" ? "—" : markedQ(q.get(`${r.id}:${c.term}`)),
        `${num(c.neweyWest.ciLow, 4)} … ${num(c.neweyWest.ciHigh, 4)}`,
      ]),
    ),
  );
  const reading: Text[] = [[
    r.model === "ols"
      ? "Coefficients are ticks of forward return per unit of the feature (for a 0/1 flag: the difference when the flag is set); the intercept's p is shown but is not one of the report's tests."
      : "Coefficients are log-odds of a win per unit of the feature; exp(coef) is the odds ratio; the intercept's p (win rate = 50%) is shown but is not one of the report's tests.",
  ]];
  const centred = r.variables.filter((v) => v.kind === "continuous" && v.centre !== null);
  if (centred.length)
    reading.push([
      `Continuous features are centred (${centred.map((v) => `${v.name} at ${num(v.centre, 3)}`).join(", ")}), so a main effect is the effect at the mean of the others; `,
      code("a:b"),
      " is the interaction.",
    ]);
  out.push(paragraph(...reading));
  if (r.droppedTerms.length) out.push(paragraph([`Terms dropped as aliased (no independent variation): ${r.droppedTerms.join(", ")}.`]));
  if (r.warnings.length) out.push({ kind: "notes", items: [...r.warnings] });
  return out;
}

function thresholdSection(result: AnalysisResult, q: Ledger): Block[] {
  const t = result.thresholds;
  const out: Block[] = [heading(2, "Percentile threshold search")];
  if (!t) {
    out.push(paragraph(["Not run (see the data caveats)."]));
    return out;
  }
  out.push(
    paragraph([
      `Training: ${t.trainSessions.length} sessions (${t.trainSessions[0] ?? "—"} … ${t.trainSessions[t.trainSessions.length - 1] ?? "—"}), ${t.train.n} trades, expectancy ${num(t.train.mean)} ticks. ` +
        `Test: ${t.testSessions.length} sessions (${t.testSessions[0] ?? "—"} … ${t.testSessions[t.testSessions.length - 1] ?? "—"}), ${t.test.n} trades, expectancy ${num(t.test.mean)} ticks. Rules tried: ${t.rulesTried} ` +
        `(5th…95th percentiles of the training values of each feature, as ≥ and ≤, each taking at least ${result.settings.minGroupSize} training trades; chosen by training expectancy of the bracket trade). ` +
        "Rules pool longs and shorts, and the features are not mirrored for shorts: ",
      code("close_location ≥ τ"),
      " takes longs and shorts that both closed near the bar's high.",
    ]),
  );
  const judged: Text[] = [];
  if (t.chosen) {
    const c = t.chosen;
    out.push(
      paragraph(["Chosen on training: ", bold(`${c.rule.feature} ${c.rule.side} ${num(c.rule.threshold, 4)}`), ` (${c.rule.percentile}th percentile).`]),
      table(
        ["sample", "trades", "expectancy (ticks)", "win rate", "Sharpe / trade"],
        [
          ["training (in sample)", String(c.rule.train.n), num(c.rule.train.mean), pct(c.rule.train.winRate), num(c.rule.train.sharpe, 3)],
          ["test (out of sample)", String(c.test.n), num(c.test.mean), pct(c.test.winRate), num(c.test.sharpe, 3)],
          ["all test trades", String(t.test.n), num(t.test.mean), pct(t.test.winRate), num(t.test.sharpe, 3)],
        ],
      ),
    );
    if (c.testComparison) {
      const d = c.testComparison.difference;
      judged.push([
        "Out of sample the trades the rule takes did ",
        d >= 0 ? "better" : bold("worse"),
        ` than the trades it skips by ${num(Math.abs(d))} ticks ` +
          `(Welch t ${num(c.testComparison.t)}, two-sided p ${formatP(c.testComparison.p)}, q ${markedQ(q.get("threshold:out-of-sample"))}).`,
      ]);
    }
    judged.push([
      `Probabilistic Sharpe ratio — the probability that the true per-trade Sharpe ratio is above 0: training ${num(c.psrTrain, 3)}, test ${num(c.psrTest, 3)}. ` +
        `Deflated Sharpe ratio — the probability, judged from its training trades, that the chosen rule's true Sharpe ratio exceeds ${num(c.expectedMaxSharpe, 3)}, the best Sharpe ratio expected from ${t.rulesTried} unskilled rules ` +
        "(Bailey & López de Prado 2014): ",
      bold(num(c.deflatedSharpe, 3)),
      "; below 0.95 the in-sample result is explained by the search. " +
        "Both treat trades as independent; overlapping trades make them optimistic.",
    ]);
  }
  if (t.realityCheck)
    judged.push([
      `Data-snooping check for the whole search (${t.realityCheck.method} bootstrap, mean block ${t.realityCheck.blockLength}, ${t.realityCheck.reps} draws, seed ${t.realityCheck.seed}): ` +
        `Hansen SPA p ${formatP(t.realityCheck.spaP)}, White Reality Check p ${formatP(t.realityCheck.whiteP)}. ` +
        `The null hypothesis is that no rule improves on taking every training signal (${num(t.train.mean)} ticks per trade); ` +
        "a large p means the best rule is what searching this many thresholds produces by chance. Beating that benchmark is not the same as making money when the benchmark itself loses.",
    ]);
  out.push(paragraph(...judged));
  if (t.notes.length) out.push({ kind: "notes", items: [...t.notes] });
  return out;
}

function pValueSection(result: AnalysisResult): Block[] {
  const out: Block[] = [heading(2, "Every p-value, with its Benjamini–Hochberg q-value")];
  if (result.pValues.length === 0) {
    out.push(paragraph(["No test could be run."]));
    return out;
  }
  const alpha = result.settings.alpha;
  const after = result.pValues.filter((p) => p.significantAfterCorrection).length;
  const before = result.pValues.filter((p) => p.onlyBeforeCorrection).length;
  out.push(
    paragraph([
      `${result.pValues.length} tests. At α = ${alpha}: ${after} survive the false-discovery-rate correction; ${before} are significant only before correction (treat them as likely noise). ` +
        "One test per hypothesis: each group's binomial test, each slope's Newey–West test, each model's joint test (Newey–West when there are enough blocks, else classic), the SPA test of the threshold search and the chosen rule's out-of-sample comparison. " +
        "The classic p-values beside the Newey–West ones and White's Reality Check (beside SPA) are shown for comparison and are not separate tests. " +
        "q (BH) controls the false discovery rate; Holm controls the chance of any false positive (stricter).",
    ]),
    table(
      ["test", "p", "q (BH)", "Holm", "verdict"],
      result.pValues.map((p) => [
        p.label, formatP(p.p), formatP(p.q), formatP(p.holm),
        p.significantAfterCorrection ? "significant" : p.onlyBeforeCorrection ? "significant only before correction" : "not significant",
      ]),
    ),
  );
  return out;
}

export function reportBody(result: AnalysisResult, options: BodyOptions = {}): Block[] {
  const q: Ledger = new Map(result.pValues.map((p) => [p.id, p]));
  const body: Block[] = [
    heading(1, "Signal statistics"),
    paragraph([`${result.counts.rows} rows, ${result.counts.directional} directional signals. Minimum group size ${result.settings.minGroupSize}; significance level ${result.settings.alpha}; bootstrap seed ${result.settings.seed}.`]),
  ];
  if (result.counts.withOutcome < result.settings.minGroupSize)
    body.push(paragraph([bold("Caution:"), ` only ${result.counts.withOutcome} signals have a known outcome; no conclusion should be drawn from this sample.`]));
  body.push(...caveatSection(result, options), ...summarySection(result), ...groupSection(result, q));
  body.push(
    heading(2, "Regressions"),
    paragraph([
      `Standard errors are shown classic and Newey–West (Bartlett kernel; lag = h signals for ret h and ${result.settings.maxHorizon} for win, the length of the forward scan, since overlapping outcome windows make neighbouring signals dependent). ` +
        `Judge significance by the Newey–West columns and their q-values. ${MARKS}`,
    ]),
  );
  for (const r of result.regressions) body.push(...regressionSection(r, q));
  body.push(...thresholdSection(result, q), ...inferenceSections(result), ...marksSection(result), ...pValueSection(result));
  return body;
}
