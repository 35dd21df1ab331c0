import { describe, expect, it, beforeAll } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runQuietly as quietly } from "../testing.js";

const repo = fileURLToPath(new URL("../../../../", import.meta.url));


describe("tda run → statistics and reports; tda analyze", () => {
  let dir: string, input: string, out: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "tda-an-"));
    // about 25 sessions of real ESU24 bars
    const text = readFileSync(join(repo, "data/es-5m/ESU24-CME.scid_BarData__5m.txt"), "utf8").split("\n").slice(0, 7001);
    input = join(dir, "ESU24-CME.txt");
    writeFileSync(input, text.join("\n") + "\n");
    out = join(dir, "run");
    const r = await quietly(["run", input, "--out", out, "-q"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
  }, 120_000);

  it("signals.csv holds one row per signal bar with entry, stop and outcomes as SPEC §7 defines them", () => {
    const lines = readFileSync(join(out, "signals.csv"), "utf8").trimEnd().split("\n");
    const h = lines[0]!.split(",");
    const col = (r: string[], name: string) => r[h.indexOf(name)]!;
    const rows = lines.slice(1).map((l) => l.split(","));
    expect(rows.length).toBeGreaterThan(500);
    for (const r of rows) {
      const dir = col(r, "direction");
      expect(["long", "short"]).toContain(dir); // plain 5-minute bars: inversions only, never both
      const open = +col(r, "open"), close = +col(r, "close"), delta = +col(r, "delta");
      if (dir === "long") expect(delta < 0 && close > open).toBe(true);
      else expect(delta > 0 && close < open).toBe(true);
      expect(col(r, "exh_long")).toBe("0");
      expect(+col(r, "entry")).toBe(close);
      expect(+col(r, "stop")).toBe(dir === "long" ? +col(r, "low") - 0.25 : +col(r, "high") + 0.25);
      if (col(r, "stopped") === "1") {
        // stopped at or before a horizon → that return is −stopTicks
        const stopTicks = Math.abs(+col(r, "entry") - +col(r, "stop")) / 0.25;
        const sb = +col(r, "stop_bar");
        for (const hz of [5, 10, 20, 30, 40, 50, 75, 100]) if (hz >= sb) expect(+col(r, `ret_${hz}`)).toBe(-stopTicks);
        expect(+col(r, "mae")).toBe(stopTicks);
      }
      if (col(r, "bracket_ticks") !== "") expect(+col(r, "bracket_usd")).toBe(+col(r, "bracket_ticks") * 12.5);
      if (col(r, "level_distance") !== "") {
        expect(+col(r, "level_distance")).toBe((+col(r, "level_price") - +col(r, "entry")) / 0.25);
        expect(col(r, "near_level")).toBe(Math.abs(+col(r, "level_distance")) <= 12 ? "1" : "0");
      }
    }
    expect(rows.some((r) => col(r, "near_level") === "1")).toBe(true);
    expect(rows.some((r) => col(r, "scenario") !== "none")).toBe(true);
  });

  it("writes sessions.csv: each session's profile facts and the levels known at its start", () => {
    const lines = readFileSync(join(out, "sessions.csv"), "utf8").trimEnd().split("\n");
    const h = lines[0]!.split(",");
    expect(h.slice(0, 10)).toEqual(["session", "contract", "partial", "bars", "rth_high", "rth_low", "poc", "vah", "val", "shape"]);
    const rows = lines.slice(1).map((l) => Object.fromEntries(l.split(",").map((v, j) => [h[j]!, v])));
    expect(rows[0]!.partial).toBe("1"); // the file starts Monday 00:00, before the first 08:30
    const full = rows.filter((r) => r.partial === "0");
    expect(full.length).toBeGreaterThan(20);
    for (const r of full) {
      expect(+r.val!).toBeLessThanOrEqual(+r.poc!);
      expect(+r.poc!).toBeLessThanOrEqual(+r.vah!);
      expect(+r.rth_low!).toBeLessThanOrEqual(+r.val!);
      expect(+r.vah!).toBeLessThanOrEqual(+r.rth_high!);
      expect(["D", "P", "b", "thin"]).toContain(r.shape);
    }
    // the first full session knows no level; the next knows the prior session's value area exactly
    expect(full[0]!.levels_known).toBe("");
    const [a, b] = [full[0]!, full[1]!];
    expect(b.levels_known).toContain(`prior_vah@${a.vah}×1`);
    expect(b.levels_known).toContain(`prior_val@${a.val}×1`);
    expect(b.levels_known).toContain(`prior_poc@${a.poc}×1`);
  });

  it("writes stats.json, report.md and a self-contained report.html with its charts", () => {
    const stats = JSON.parse(readFileSync(join(out, "stats.json"), "utf8"));
    expect(stats.counts.directional).toBeGreaterThan(500);
    expect(stats.groups.groups.length).toBeGreaterThan(0);
    for (const g of stats.groups.groups) expect(g.summary.n).toBeGreaterThanOrEqual(30);
    expect(stats.pValues.every((p: { q: number | null; p: number | null }) => p.q === null || p.p === null || p.q >= p.p - 1e-15)).toBe(true);
    const md = readFileSync(join(out, "report.md"), "utf8");
    expect(md).toMatch(/## Signal groups/);
    const html = readFileSync(join(out, "report.html"), "utf8");
    for (const section of ["Win rate and expectancy by group", "Forward returns by horizon", "Threshold sweeps", "Equity curve of bracket trades", "Sample signals", "Full report"]) {
      expect(html).toContain(section);
    }
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThan(6);
    expect(html).not.toMatch(/<script|https?:\/\//); // self-contained: no scripts, no remote assets
  });

  it("tda analyze on the run's signals.csv gives the same statistics, byte for byte, every time", async () => {
    const a1 = join(dir, "an1"), a2 = join(dir, "an2");
    expect((await quietly(["analyze", join(out, "signals.csv"), "--out", a1, "-q"])).code).toBe(0);
    expect((await quietly(["analyze", join(out, "signals.csv"), "--out", a2, "-q"])).code).toBe(0);
    const s1 = readFileSync(join(a1, "stats.json"));
    expect(s1.equals(readFileSync(join(a2, "stats.json")))).toBe(true);
    expect(s1.equals(readFileSync(join(out, "stats.json")))).toBe(true);
    expect(readFileSync(join(a1, "report.md")).equals(readFileSync(join(out, "report.md")))).toBe(true);
  });

  it("tda analyze names the line and column of a broken signals.csv", async () => {
    const lines = readFileSync(join(out, "signals.csv"), "utf8").split("\n");
    const f = lines[3]!.split(",");
    f[6] = "lots";
    lines[3] = f.join(",");
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, lines.join("\n"));
    const r = await quietly(["analyze", bad, "--out", join(dir, "an3")]);
    expect(r.code).toBe(1);
    const col = f.slice(0, 6).join(",").length + 2;
    expect(r.err).toContain(`bad.csv:4:${col}: volume: expected a number or empty, got "lots"`);
  });
});
