/**
 * The p-value ledger: one entry per hypothesis the report makes — each reported group's binomial
 * test, each slope's Newey–West test, each model's joint test, the SPA test of the threshold search
 * and the chosen rule's out-of-sample comparison — with BH q-values and Holm across all of them.
 *
 * The dependence- and search-aware p-values of inference.ts add no entry: the HAC Welch test and
 * the SPA with the benchmark re-estimated per draw test the same hypotheses as the iid Welch test
 * and the old SPA already listed (a second p-value for one hypothesis would count it twice), and
 * StepM's p-values are already family-wise adjusted over the rules (BH on top would adjust twice).
 * PSR/DSR and PBO are probabilities, not tests of a listed hypothesis.
 *
 * Labels carry the direction of each effect: a two-sided test that is "significant" because a
 * group or rule is WORSE must not read like a finding in its favour.
 */
import { adjustPValues, type AdjustedPValue, type GroupTable, type PValueEntry, type ThresholdSearchResult } from "@tda/stats";
import type { RegressionSummary } from "./regressions.js";

/** Ledger id of a group's binomial test (the report looks its q-value up by it). */
export const groupTestId = (key: Record<string, string>): string => `group:${Object.values(key).join("|")}`;

export function pValueLedger(
  groups: GroupTable,
  baseWinRate: number | null,
  regressions: readonly RegressionSummary[],
  thresholds: ThresholdSearchResult | null,
  alpha: number,
): AdjustedPValue[] {
  const entries: PValueEntry[] = [];
  const groupLabel = (k: Record<string, string>) => Object.values(k).join(" · ");
  const pc = (v: number) => `${(100 * v).toFixed(1)}%`;
  for (const g of groups.groups)
    if (g.summary.binomialP !== null && g.summary.winRate !== null && baseWinRate !== null) {
      const side = g.summary.winRate > baseWinRate ? "above" : g.summary.winRate < baseWinRate ? "below" : "equal to";
      entries.push({
        id: groupTestId(g.key),
        source: "group",
        label: `win rate of ${groupLabel(g.key)}: ${pc(g.summary.winRate)}, ${side} the base ${pc(baseWinRate)} (exact binomial)`,
        p: g.summary.binomialP,
      });
    }
  for (const r of regressions) {
    if (r.status !== "fitted") continue;
    const jt = r.jointTest;
    if (jt && jt.p !== null) {
      const how = jt.method === "newey-west-wald" ? "Newey–West Wald" : jt.method === "classic-f" ? "classic F" : "likelihood ratio";
      entries.push({ id: `model:${r.id}`, source: "model", label: `${r.response}: all slopes zero (${how})`, p: jt.p });
    }
    for (const c of r.coefficients)
      if (c.term !== "Intercept" && c.neweyWest.p !== null) {
        const sign = c.coef === null || c.coef === 0 ? "" : c.coef > 0 ? "positive, " : "negative, ";
        entries.push({ id: `${r.id}:${c.term}`, source: r.model, label: `${r.response} on ${c.term} (${sign}Newey–West)`, p: c.neweyWest.p });
      }
  }
  if (thresholds?.realityCheck && Number.isFinite(thresholds.realityCheck.spaP))
    entries.push({
      id: "threshold:spa",
      source: "threshold",
      label: `threshold search: does any of ${thresholds.rulesTried} rules beat taking every signal? (Hansen SPA, one-sided)`,
      p: thresholds.realityCheck.spaP,
    });
  if (thresholds?.chosen?.testComparison) {
    const d = thresholds.chosen.testComparison.difference;
    const how = d > 0 ? `better than skipped by ${d.toFixed(2)} ticks` : d < 0 ? `WORSE than skipped by ${(-d).toFixed(2)} ticks` : "equal to skipped";
    entries.push({
      id: "threshold:out-of-sample",
      source: "threshold",
      label: `chosen rule out of sample: taken trades ${how} (Welch t, two-sided)`,
      p: thresholds.chosen.testComparison.p,
    });
  }
  return adjustPValues(entries, alpha);
}
