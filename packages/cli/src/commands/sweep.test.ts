import { beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { runQuietly as quietly } from "../testing.js";

const repo = fileURLToPath(new URL("../../../../", import.meta.url));
const real = (f: string) => join(repo, "data/es-5m", f);
const bin = join(repo, "packages/cli/bin/tda.js");

function slice(dir: string, from: string, name: string, lines: number): string {
  const path = join(dir, name);
  writeFileSync(path, readFileSync(real(from), "utf8").split("\n").slice(0, lines).join("\n") + "\n");
  return path;
}

/** sweep.csv as rows of named fields (the test's fields hold no commas or quotes). */
function readCsv(path: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(path, "utf8").trimEnd().split("\n");
  const names = header!.split(",");
  return rows.map((r) => Object.fromEntries(r.split(",").map((v, i) => [names[i]!, v])));
}
const numberOrNull = (s: string) => (s === "" ? null : Number(s));

/** Nested config object from "a.b" paths. */
function nested(settings: Record<string, unknown>, into: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [path, v] of Object.entries(settings)) {
    const parts = path.split(".");
    let at = into;
    for (const p of parts.slice(0, -1)) at = (at[p] ??= {}) as Record<string, unknown>;
    at[parts[parts.length - 1]!] = v;
  }
  return into;
}

describe("tda sweep", () => {
  let dir: string, h24: string, m24: string, base: string, gridFile: string;
  const baseSettings = { stats: { bootstrapSamples: 200, pboBlocks: 4 } };
  const grid = { "signals.minAbsDeltaPct": [0, 0.05], "outcomes.targetTicks": [12, 25], "levels.nearTicks": [6] };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tda-sweep-"));
    h24 = slice(dir, "ESH24-CME.scid_BarData__5m.txt", "ESH24-CME.txt", 2001);
    m24 = slice(dir, "ESM24-CME.scid_BarData__5m.txt", "ESM24-CME.txt", 1501);
    base = join(dir, "base.json");
    writeFileSync(base, JSON.stringify(baseSettings));
    gridFile = join(dir, "grid.json");
    writeFileSync(gridFile, JSON.stringify(grid));
    const r = await quietly(["sweep", m24, h24, "--grid", gridFile, "--config", base, "--out", join(dir, "sweep"), "-q"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
  });

  it("writes the point table, the sweep's figures, the report and run.json marked complete", () => {
    const files = readdirSync(join(dir, "sweep")).sort();
    expect(files).toEqual(["report.html", "report.md", "run.json", "sweep.csv", "sweep.json", "sweep.parquet"]);
    const run = JSON.parse(readFileSync(join(dir, "sweep", "run.json"), "utf8"));
    expect(run).toMatchObject({ command: "sweep", complete: true, points: 4, grid });
    // inputs and bars once, signals per delta threshold, outcomes per delta × target, statistics per point
    expect(run.stages).toEqual({ read: 1, metrics: 1, signals: 2, marks: 1, levels: 2, outcomes: 4, analysis: 4 });
    const rows = readCsv(join(dir, "sweep", "sweep.csv"));
    expect(rows.map((r) => [r.point, r["signals.minAbsDeltaPct"], r["outcomes.targetTicks"], r["levels.nearTicks"]])).toEqual([
      ["p01", "0", "12", "6"], ["p02", "0", "25", "6"], ["p03", "0.05", "12", "6"], ["p04", "0.05", "25", "6"],
    ]);
    const md = readFileSync(join(dir, "sweep", "report.md"), "utf8");
    expect(md).toContain("## Parameter surface: expectancy per trade");
    expect(md).toContain("## The sweep as one search");
    expect(readFileSync(join(dir, "sweep", "report.html"), "utf8")).toContain("<svg");
  });

  it("each point's figures equal the stats.json of a single tda run with that point's config", async () => {
    const rows = readCsv(join(dir, "sweep", "sweep.csv"));
    const json = JSON.parse(readFileSync(join(dir, "sweep", "sweep.json"), "utf8"));
    let rulesTried = 0;
    const trainSharpes: number[] = [];
    for (const row of rows) {
      const point = json.points.find((p: { id: string }) => p.id === row.point);
      const cfg = join(dir, `${row.point}.json`);
      writeFileSync(cfg, JSON.stringify(nested(point.settings, structuredClone(baseSettings))));
      const out = join(dir, `single-${row.point}`);
      const r = await quietly(["run", m24, h24, "--config", cfg, "--out", out, "-q"]);
      expect(r.code, r.err).toBe(0);
      const s = JSON.parse(readFileSync(join(out, "stats.json"), "utf8"));
      const t = s.thresholds;
      const c = t.chosen;
      expect({
        signals: numberOrNull(row.signals!), trades: numberOrNull(row.trades!), win_rate: numberOrNull(row.win_rate!),
        expectancy: numberOrNull(row.expectancy!), profit_factor: numberOrNull(row.profit_factor!), pnl_usd: numberOrNull(row.pnl_usd!),
        rules_tried: numberOrNull(row.rules_tried!), chosen_rule: row.chosen_rule,
        chosen_train_trades: numberOrNull(row.chosen_train_trades!), chosen_train_expectancy: numberOrNull(row.chosen_train_expectancy!),
        chosen_test_trades: numberOrNull(row.chosen_test_trades!), chosen_test_expectancy: numberOrNull(row.chosen_test_expectancy!),
        chosen_test_win_rate: numberOrNull(row.chosen_test_win_rate!), chosen_dsr: numberOrNull(row.chosen_dsr!),
        chosen_test_p: numberOrNull(row.chosen_test_p!), spa_p: numberOrNull(row.spa_p!), white_p: numberOrNull(row.white_p!),
      }, row.point).toEqual({
        signals: s.counts.directional, trades: s.counts.withOutcome, win_rate: s.overall.winRate,
        expectancy: s.overall.expectancy, profit_factor: s.overall.profitFactor, pnl_usd: s.overall.pnlUsd,
        rules_tried: t.rulesTried, chosen_rule: `${c.rule.feature} ${c.rule.side} ${c.rule.threshold}`,
        chosen_train_trades: c.rule.train.n, chosen_train_expectancy: c.rule.train.mean,
        chosen_test_trades: c.test.n, chosen_test_expectancy: c.test.mean,
        chosen_test_win_rate: c.test.winRate, chosen_dsr: c.deflatedSharpe,
        chosen_test_p: c.testComparison.p, spa_p: t.realityCheck.spaP, white_p: t.realityCheck.whiteP,
      });
      // the Sharpe ratio of every trade, from the single run's signals.csv
      const lines = readFileSync(join(out, "signals.csv"), "utf8").trimEnd().split("\n");
      const names = lines[0]!.split(",");
      const [d, b] = [names.indexOf("direction"), names.indexOf("bracket_ticks")];
      const x = lines.slice(1).map((l) => l.split(",")).filter((f) => (f[d] === "long" || f[d] === "short") && f[b] !== "").map((f) => Number(f[b]));
      const m = x.reduce((a, v) => a + v, 0) / x.length;
      const sd = Math.sqrt(x.reduce((a, v) => a + (v - m) ** 2, 0) / (x.length - 1));
      expect(Number(row.sharpe)).toBeCloseTo(m / sd, 12);
      rulesTried += t.rulesTried;
      for (const rule of t.rules) if (rule.train.sharpe !== null) trainSharpes.push(rule.train.sharpe);
    }
    // the whole sweep counts every point's rules as trials: Σ over points (here 4 points × the same rules each)
    const sw = json.sweep;
    expect(rulesTried).toBeGreaterThan(40);
    expect(sw.trials).toBe(rulesTried);
    expect(sw.trialsPerPoint).toEqual(rows.map((r) => Number(r.rules_tried)));
    expect(sw.deflatedSharpe.trials).toBe(rulesTried);
    expect(sw.spa.trials).toBe(rulesTried);
    expect(sw.pbo.strategies).toBe(rulesTried);
    expect(sw.pbo.blocks).toBe(4);
    // the DSR's variance is that of every trial's training Sharpe ratio, as the single runs report them
    const mean = trainSharpes.reduce((a, v) => a + v, 0) / trainSharpes.length;
    const variance = trainSharpes.reduce((a, v) => a + (v - mean) ** 2, 0) / (trainSharpes.length - 1);
    expect(sw.deflatedSharpe.sharpeVariance).toBeCloseTo(variance, 12);
    // the best trial is the point whose chosen rule has the highest training expectancy
    const best = rows.reduce((a, r) => (Number(r.chosen_train_expectancy) > Number(a.chosen_train_expectancy) ? r : a));
    expect(sw.best.point).toBe(best.point);
  });

  it("refuses a bad grid naming the file, the setting and what was expected — never a stack trace", async () => {
    const cases: [string, string | object, RegExp | string][] = [
      ["notjson.json", "{ levels.nearTicks: [1] }", /notjson\.json: expected JSON, an object of setting paths and lists of values \(/],
      ["list.json", [1, 2], /list\.json: expected an object of setting paths and lists of values, e\.g\. \{"levels\.nearTicks": \[8, 12, 16\]\}, got \[1,2\]/],
      ["empty.json", {}, /empty\.json: the grid names no setting/],
      ["typo.json", { "levels.nearTick": [8] }, `typo.json: "levels.nearTick" is not a setting (did you mean "levels.nearTicks"?)`],
      ["group.json", { levels: [8] }, `group.json: "levels" is a group of settings; name one of them, e.g. "levels.valueAreaPct"`],
      ["nolist.json", { "levels.nearTicks": 12 }, "nolist.json: levels.nearTicks: expected a non-empty list of values to try, e.g. [12], got 12"],
      ["frac.json", { "outcomes.targetTicks": [25, 2.5] }, "frac.json: outcomes.targetTicks[1]: expected a whole number from 1 to 1000000, got 2.5"],
      ["neg.json", { "levels.nearTicks": [8, -4] }, "neg.json: levels.nearTicks[1]: expected a finite number ≥ 0, got -4"],
      ["word.json", { "outcomes.entry": ["close", "open"] }, `word.json: outcomes.entry[1]: expected one of "close", "nextOpen", got "open"`],
      ["twice.json", { "levels.nearTicks": [8, 8] }, "twice.json: levels.nearTicks[1]: 8 is listed twice"],
      ["odd.json", { "stats.pboBlocks": [16, 7] }, "odd.json: stats.pboBlocks[1]: expected an even whole number from 2 to 30, got 7"],
      ["kinds.json", { "levels.extraKinds": [["naked_poc"], ["nope"]] }, `kinds.json: levels.extraKinds[1]: expected a list of any of "naked_poc", "poor_high", "poor_low" (or [] for none), got ["nope"]`],
      ["horizon.json", { "outcomes.maxHorizon": [100, 50] }, "horizon.json: point p02 (outcomes.maxHorizon = 50): outcomes.horizons: 75 is beyond outcomes.maxHorizon (50)"],
      ["big.json", { "levels.nearTicks": Array.from({ length: 40 }, (_, i) => i), "outcomes.targetTicks": Array.from({ length: 30 }, (_, i) => i + 1) }, "big.json: 40 × 30 = 1200 points; at most 1000 are allowed in one sweep"],
    ];
    for (const [name, content, expected] of cases) {
      const path = join(dir, name);
      writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
      const r = await quietly(["sweep", m24, "--grid", path, "--out", join(dir, `bad-${name}`)]);
      expect(r.code, name).toBe(1);
      expect(r.err.split("\n").length, name).toBe(2); // one line
      if (typeof expected === "string") expect(r.err, name).toBe(`tda: ${join(dir, expected)}\n`);
      else expect(r.err, name).toMatch(expected);
      expect(existsSync(join(dir, `bad-${name}`)), name).toBe(false);
    }
    const missing = await quietly(["sweep", m24, "--grid", join(dir, "nope.json"), "--out", join(dir, "bad-missing")]);
    expect(missing.err).toBe(`tda: cannot read the grid file ${join(dir, "nope.json")}: no such file or folder\n`);
    const clash = await quietly(["sweep", m24, "--grid", join(dir, "word.json"), "--entry", "next-open", "--out", join(dir, "bad-clash")]);
    writeFileSync(join(dir, "entry.json"), JSON.stringify({ "outcomes.entry": ["close", "nextOpen"] }));
    const clash2 = await quietly(["sweep", m24, "--grid", join(dir, "entry.json"), "--entry", "next-open", "--out", join(dir, "bad-clash")]);
    expect(clash.code).toBe(1);
    expect(clash2.err).toBe(`tda: ${join(dir, "entry.json")}: outcomes.entry is in the grid and set by --entry; give it in one place\n`);
  });

  it("gives byte-identical outputs with 0, 1 and 2 worker threads (built CLI)", () => {
    expect(existsSync(join(repo, "packages/cli/dist/commands/sweepWorker.js"))).toBe(true);
    const outs = [0, 1, 2].map((t) => {
      const out = join(dir, `threads${t}`);
      const r = spawnSync(process.execPath, [bin, "sweep", m24, h24, "--grid", gridFile, "--config", base, "--out", out, "--threads", String(t), "--json"], { encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ out, points: 4 });
      return out;
    });
    for (const f of readdirSync(outs[0]!)) {
      const a = readFileSync(join(outs[0]!, f));
      for (const o of outs.slice(1)) expect(readFileSync(join(o, f)).equals(a), `${f} in ${o}`).toBe(true);
    }
    // and the same bytes as the in-process sweep of the first test
    expect(readFileSync(join(outs[0]!, "sweep.csv")).equals(readFileSync(join(dir, "sweep", "sweep.csv")))).toBe(true);
  });
});
