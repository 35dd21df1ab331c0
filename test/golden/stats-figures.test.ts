import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// The statistics of `tda run` on the embedded data and on the synthesised 8-tick study export
// (the same two runs as scripts/golden.mjs), compared number by number with the figures recorded
// before the statistics were made faster (test/golden/stats-before/): every estimate, standard
// error, statistic and interval within 1e-9 relative, every p- and q-value within 1e-6 relative,
// the threshold search and its bootstrap exactly, everything that is not a number identical.
const repo = join(dirname(fileURLToPath(import.meta.url)), "../..");
const bin = join(repo, "packages/cli/bin/tda.js");

function tda(args: string[]): void {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tda ${args.join(" ")} failed (${r.status}):\n${r.stderr}`);
}

const P_KEY = /^(p|fP|llrP|q|holm|pAdjusted|whiteP|spaP|binomialP)$/;

/** Every difference beyond tolerance, as "path: recorded vs now". */
// A confidence bound coef ± t·se can lie near zero while coef and se do not; its error is then that
// of coef and se, so it is measured against |coef| as well as against itself.
const CI_KEY = /^(ciLow|ciHigh)$/;

export function differences(before: unknown, now: unknown, path = "", out: string[] = [], coefScale = 0): string[] {
  if (typeof before === "number" && typeof now === "number") {
    const key = path.slice(path.lastIndexOf(".") + 1);
    const tol = P_KEY.test(key) ? 1e-6 : 1e-9;
    const scale = Math.max(Math.abs(before), Math.abs(now), CI_KEY.test(key) ? coefScale : 0);
    if (!(Math.abs(before - now) <= tol * scale) && before !== now)
      out.push(`${path}: ${before} vs ${now} (relative tolerance ${tol})`);
    return out;
  }
  if (Array.isArray(before) && Array.isArray(now)) {
    if (before.length !== now.length) out.push(`${path}: length ${before.length} vs ${now.length}`);
    else before.forEach((b, i) => differences(b, now[i], `${path}[${i}]`, out, coefScale));
    return out;
  }
  if (before && now && typeof before === "object" && typeof now === "object") {
    const kb = Object.keys(before).join(",");
    const kn = Object.keys(now).join(",");
    if (kb !== kn) out.push(`${path}: keys ${kb} vs ${kn}`);
    else {
      const coef = (before as Record<string, unknown>).coef;
      const scale = typeof coef === "number" ? Math.abs(coef) : coefScale;
      for (const k of Object.keys(before))
        differences((before as Record<string, unknown>)[k], (now as Record<string, unknown>)[k], `${path}.${k}`, out, scale);
    }
    return out;
  }
  if (before !== now) out.push(`${path}: ${JSON.stringify(before)} vs ${JSON.stringify(now)}`);
  return out;
}

// The analysis options took the config's names when the report package was split out (issue 10);
// the recorded figures keep the old names, mapped here in place.
const RENAMED: Record<string, string> = { minGroupN: "minGroupSize", trainFraction: "trainShare", bootstrapReps: "bootstrapSamples" };
function recorded(name: string) {
  const r = JSON.parse(readFileSync(join(repo, "test/golden/stats-before", name), "utf8"));
  if (r.settings) r.settings = Object.fromEntries(Object.entries(r.settings).map(([k, v]) => [RENAMED[k] ?? k, v]));
  return r;
}

// stats.json has gained keys since the recording (issue 14: `inference` and its three settings);
// the recorded figures are compared, the new ones are checked by packages/report's tests.
function recordedKeysOnly(before: Record<string, unknown>, now: Record<string, unknown>): Record<string, unknown> {
  const out = Object.fromEntries(Object.keys(before).map((k) => [k, now[k]]));
  const settings = now.settings as Record<string, unknown> | undefined;
  if (settings && before.settings) out.settings = Object.fromEntries(Object.keys(before.settings as object).map((k) => [k, settings[k]]));
  return out;
}

describe("stats.json figures against those recorded before the speed-up", () => {
  const tmp = mkdtempSync(join(tmpdir(), "tda-stats-figures-"));

  it("the comparison itself fails on a difference beyond tolerance", () => {
    expect(differences({ coef: 1, p: 0.5 }, { coef: 1 + 1e-10, p: 0.5 * (1 + 1e-7) })).toEqual([]);
    expect(differences({ coef: 1 }, { coef: 1 + 1e-8 })).toHaveLength(1);
    expect(differences({ p: 0.5 }, { p: 0.5 * (1 + 1e-5) })).toHaveLength(1);
    expect(differences({ a: [1, null] }, { a: [1, 0] })).toHaveLength(1);
    expect(differences({ coef: -9, nw: { ciHigh: 0.1 } }, { coef: -9, nw: { ciHigh: 0.1 + 1e-9 } })).toEqual([]);
    expect(differences({ coef: -9, nw: { ciHigh: 0.1 } }, { coef: -9, nw: { ciHigh: 0.1 + 1e-7 } })).toHaveLength(1);
  });

  it("embedded data: tda run", () => {
    tda(["run", "--out", join(tmp, "embedded"), "--quiet"]);
    const before = recorded("embedded.stats.json");
    const now = recordedKeysOnly(before, JSON.parse(readFileSync(join(tmp, "embedded", "stats.json"), "utf8")));
    expect(differences(before, now)).toEqual([]);
    expect(now.thresholds).toEqual(before.thresholds);
  }, 300_000);

  it("synthesised 8-tick study export: tda synth → bars → run --column-map sierra-8tick-103", () => {
    tda(["synth", "--from", "data/es-5m/ESH24-CME.scid_BarData__5m.txt", "--out", join(tmp, "synth"), "--volume-scale", "0.02", "--quiet"]);
    const scid = join(tmp, "synth", readdirSync(join(tmp, "synth")).find((f) => f.endsWith(".scid"))!);
    tda(["bars", scid, "--out", join(tmp, "ESH24-study.csv"), "--quiet"]);
    tda(["run", join(tmp, "ESH24-study.csv"), "--column-map", "sierra-8tick-103", "--out", join(tmp, "study"), "--quiet"]);
    const before = recorded("study.stats.json");
    const now = recordedKeysOnly(before, JSON.parse(readFileSync(join(tmp, "study", "stats.json"), "utf8")));
    expect(differences(before, now)).toEqual([]);
    expect(now.thresholds).toEqual(before.thresholds);
    rmSync(tmp, { recursive: true, force: true });
  }, 300_000);
});
