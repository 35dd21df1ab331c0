import { describe, expect, it, beforeAll } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { tableFromIPC } from "apache-arrow";
import { runQuietly as quietly } from "../testing.js";

const repo = fileURLToPath(new URL("../../../../", import.meta.url));
const real = (f: string) => join(repo, "data/es-5m", f);
const bin = join(repo, "packages/cli/bin/tda.js");

/** The first `lines` lines of a real file (header included), as a new contract file. */
function slice(dir: string, from: string, name: string, lines: number): string {
  const text = readFileSync(real(from), "utf8").split("\n").slice(0, lines).join("\n") + "\n";
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}


describe("tda run", () => {
  let dir: string;
  let h24: string, m24: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "tda-run-"));
    h24 = slice(dir, "ESH24-CME.scid_BarData__5m.txt", "ESH24-CME.txt", 2001);
    m24 = slice(dir, "ESM24-CME.scid_BarData__5m.txt", "ESM24-CME.txt", 1501);
  });

  it("writes signals.csv with the SPEC §9 columns first, exchange times with offsets, prices in points", async () => {
    const out = join(dir, "o1");
    const r = await quietly(["run", m24, h24, "--out", out, "--quiet"]);
    expect(r.code).toBe(0);
    const lines = readFileSync(join(out, "signals.csv"), "utf8").trimEnd().split("\n");
    const header = lines[0]!.split(",");
    expect(header.slice(0, 15)).toEqual(["time", "session", "open", "high", "low", "close", "volume", "delta",
      "max_delta", "min_delta", "delta_pct", "trapped_pct", "vol_star", "td_ratio", "close_location"]);
    expect(header).toContain("bracket_usd");
    // ESH24 comes first (earlier first bar) although named second; rows are signal bars only
    const first = lines[1]!.split(",");
    expect(first[0]).toMatch(/^2023-12-18T\d\d:\d\d:00\.000-06:00$/);
    // a bar before the file's first 08:30 open belongs to the partial session it continues: Friday's (SPEC §1)
    expect(first[1]).toBe(Number(first[0]!.slice(11, 13)) * 60 + Number(first[0]!.slice(14, 16)) < 8 * 60 + 30 ? "2023-12-15" : "2023-12-18");
    // the same bar in the source file (chart time = exchange time, US Central)
    const [d, t] = first[0]!.slice(0, 19).split("T");
    const key = `${d!.split("-").map(Number).join("/")}, ${t}`;
    const src = readFileSync(h24, "utf8").split("\n").find((l) => l.startsWith(key))!.split(", ");
    expect(first.slice(2, 6).map(Number)).toEqual(src.slice(2, 6).map(Number));
    expect(Number(first[6])).toBe(Number(src[6]));
    expect(Number(first[7])).toBe(Number(src[9]) - Number(src[8])); // delta = ask − bid
    expect(first[8]).toBe(""); // no max delta in a plain bar export: empty, not 0
    const rows = lines.slice(1).map((l) => l.split(","));
    // time order across the two contracts, sessions per contract
    const times = rows.map((r) => Date.parse(r[0]!));
    for (let k = 1; k < times.length; k++) expect(times[k]!).toBeGreaterThanOrEqual(times[k - 1]!);
    expect(rows.some((r) => r[0]!.startsWith("2024-03-18T") && r[0]!.endsWith("-05:00"))).toBe(true);
    // after the fixed columns: the contract (both inputs named), then the §5 marks, empty without a footprint
    const c = header.indexOf("contract");
    expect(header.slice(c, c + 7)).toEqual(["contract", "imb_buy", "imb_sell", "stacked_buy", "stacked_sell", "unfinished_high", "unfinished_low"]);
    expect(new Set(rows.map((r) => r[c])).size).toBe(2);
    expect(rows.every((r) => r.slice(c + 1, c + 7).every((v) => v === ""))).toBe(true);
  });

  it("signals.arrow holds the same table, typed: zoned µs timestamps, dates, booleans, dictionary text, the config", async () => {
    const out = join(dir, "o2");
    expect((await quietly(["run", h24, "--out", out, "-q"])).code).toBe(0);
    const table = tableFromIPC(readFileSync(join(out, "signals.arrow")));
    const csv = readFileSync(join(out, "signals.csv"), "utf8").trimEnd().split("\n");
    expect(table.numRows).toBe(csv.length - 1);
    expect(table.schema.fields.map((f) => f.name).join(",")).toBe(csv[0]);
    const field = (n: string) => table.schema.fields.find((f) => f.name === n)!.type;
    expect(String(field("time"))).toBe("Timestamp<MICROSECOND, America/Chicago>");
    expect(String(field("session"))).toBe("Date32<DAY>");
    expect(String(field("near_level"))).toBe("Bool");
    expect(String(field("direction"))).toBe("Dictionary<Int32, Utf8>");
    expect(JSON.parse(table.schema.metadata.get("tda.config")!).sessions.exchangeTimeZone).toBe("America/Chicago");
    const row5 = csv[5]!.split(",");
    const header = csv[0]!.split(",");
    // stored in µs UTC (arrow-js hands out ms); the CSV's offset time names the same instant
    expect(Number((table.getChild("time")!.data[0]!.values as BigInt64Array)[4]!)).toBe(Date.parse(row5[0]!) * 1000);
    expect(table.getChild("time")!.get(4)).toBe(Date.parse(row5[0]!));
    expect(table.getChild("close")!.get(4)).toBe(Number(row5[5]));
    expect(table.getChild("max_delta")!.get(4)).toBeNull();
    const near = header.indexOf("near_level");
    expect(table.getChild("near_level")!.get(4)).toBe(row5[near] === "" ? null : row5[near] === "1");
  });

  it("tda analyze of signals.parquet and signals.arrow gives the stats.json of signals.csv, byte for byte (built CLI)", () => {
    const out = join(dir, "parity");
    expect(spawnSync(process.execPath, [bin, "run", m24, h24, "--out", out, "-q"], { encoding: "utf8" }).status).toBe(0);
    const stats = ["signals.csv", "signals.parquet", "signals.arrow"].map((f) => {
      const o = join(dir, `parity-${f}`);
      const r = spawnSync(process.execPath, [bin, "analyze", join(out, f), "--out", o, "-q"], { encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      return readFileSync(join(o, "stats.json"));
    });
    expect(stats[0]!.length).toBeGreaterThan(1000);
    expect(stats[1]!.equals(stats[0]!)).toBe(true);
    expect(stats[2]!.equals(stats[0]!)).toBe(true);
  });

  it("tda inspect reads its own signals.arrow and signals.parquet back (built CLI)", () => {
    const out = join(dir, "inspect");
    expect(spawnSync(process.execPath, [bin, "run", h24, "--out", out, "-q"], { encoding: "utf8" }).status).toBe(0);
    const csv = readFileSync(join(out, "signals.csv"), "utf8").trimEnd().split("\n");
    for (const f of ["signals.arrow", "signals.parquet"]) {
      const r = spawnSync(process.execPath, [bin, "inspect", join(out, f), "--json"], { encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      const report = JSON.parse(r.stdout);
      expect(report.kind).toBe("signals");
      expect(report.rows).toBe(csv.length - 1);
      expect(report.timeZone).toBe("America/Chicago");
      expect(report.first).toBe(csv[1]!.split(",")[0]);
      expect(report.columns.map((c: { name: string }) => c.name).join(",")).toBe(csv[0]);
      expect(report.columns.find((c: { name: string }) => c.name === "win").type).toBe("flag");
    }
    const levels = JSON.parse(spawnSync(process.execPath, [bin, "inspect", join(out, "levels.parquet"), "--json"], { encoding: "utf8" }).stdout);
    expect(levels.kind).toBe("levels");
    expect(levels.rows).toBeGreaterThan(0);
  });

  it("names the file, line and column of bad input; --lenient skips and lists the row", async () => {
    const bad = join(dir, "ESZ24-bad.txt");
    const text = readFileSync(h24, "utf8").split("\n");
    text[7] = text[7]!.replace(/, (\d+), (\d+), (\d+), (\d+)$/, ", 12x, $2, $3, $4");
    writeFileSync(bad, text.join("\n"));
    const r = await quietly(["run", bad, "--out", join(dir, "o3")]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/ESZ24-bad\.txt:8:\d+: Volume: expected a number, got "12x"/);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    const out = join(dir, "o4");
    expect((await quietly(["run", bad, "--out", out, "--lenient", "-q"])).code).toBe(0);
    const skipped = readFileSync(join(out, "skipped.csv"), "utf8");
    expect(skipped).toMatch(/ESZ24-bad\.txt",8,\d+,"Volume: expected a number, got \\"12x\\""/);
    const missing = await quietly(["run", join(dir, "nope.txt"), "--out", join(dir, "o5")]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nope\.txt: no such file/);
  });

  it("--timings prints the wall time of each stage; run.json records them last, and no other file does", async () => {
    const out = join(dir, "timed");
    const r = spawnSync(process.execPath, [bin, "run", m24, h24, "--out", out, "--timings", "--quiet"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    const stages = ["read", "bars", "sessions", "signals", "levels", "outcomes", "tables", "statistics", "report"];
    const printed = r.stderr.trimEnd().split("\n");
    expect(printed[0]).toBe("timings (ms):");
    expect(printed.slice(1).map((l) => l.trim().split(/\s+(?=[\d.]+$)/)[0])).toEqual([...stages, "contracts (wall)", "total (wall)"]);
    const run = JSON.parse(readFileSync(join(out, "run.json"), "utf8"));
    expect(Object.keys(run).at(-1)).toBe("timings");
    expect(Object.keys(run.timings.stagesMs)).toEqual(stages);
    const ms = Object.values(run.timings.stagesMs) as number[];
    for (const v of ms) expect(v).toBeGreaterThanOrEqual(0);
    // one thread: the stages are disjoint parts of the run, so they add up to no more than the whole
    expect(ms.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(run.timings.totalMs + 1);
    expect(run.timings.contractsWallMs).toBeLessThanOrEqual(run.timings.totalMs);
    expect(run.timings.threads).toBe(0);
    // without --timings nothing is printed, and every other output is as without the flag
    const plain = join(dir, "untimed");
    const q = spawnSync(process.execPath, [bin, "run", m24, h24, "--out", plain, "--quiet"], { encoding: "utf8" });
    expect(q.stderr).toBe("");
    for (const f of ["signals.csv", "sessions.csv", "stats.json", "report.md", "report.html", "signals.parquet", "levels.parquet"])
      expect(readFileSync(join(plain, f)).equals(readFileSync(join(out, f))), f).toBe(true);
    expect(readFileSync(join(plain, "stats.json"), "utf8")).not.toMatch(/stagesMs|contractsWallMs/);
  });

  it("gives byte-identical output with 0, 1, 2 and 3 worker threads, for two contracts and for one (built CLI)", () => {
    expect(existsSync(join(repo, "packages/cli/dist/main.js"))).toBe(true);
    // every output; run.json without its timings (the one place they are)
    const bytes = (out: string, f: string) => {
      if (f !== "run.json") return readFileSync(join(out, f));
      const run = JSON.parse(readFileSync(join(out, f), "utf8"));
      expect(run.timings.threads).toBeGreaterThanOrEqual(0);
      delete run.timings;
      return Buffer.from(JSON.stringify(run));
    };
    for (const [name, inputs, threads] of [["two", [m24, h24], [0, 1, 2, 3]], ["one", [h24], [0, 1, 2]]] as const) {
      const outs = threads.map((t) => {
        const out = join(dir, `threads-${name}-${t}`);
        const r = spawnSync(process.execPath, [bin, "run", ...inputs, "--out", out, "--threads", String(t), "--quiet"], { encoding: "utf8" });
        expect(r.stderr).toBe("");
        expect(r.status).toBe(0);
        return out;
      });
      const files = readdirSync(outs[0]!).sort();
      expect(files).toEqual(expect.arrayContaining(["signals.csv", "sessions.csv", "signals.arrow", "signals.parquet", "sessions.parquet", "levels.parquet", "stats.json", "report.md", "report.html", "run.json"]));
      for (const o of outs.slice(1)) {
        expect(readdirSync(o).sort()).toEqual(files);
        for (const f of files) expect(bytes(o, f).equals(bytes(outs[0]!, f)), `${name} contract(s), ${f}, ${o}`).toBe(true);
      }
    }
    // a statistics step that fails gives the serial run's error, whatever the number of threads
    const failed = [0, 1, 2].map((t) => spawnSync(process.execPath, [bin, "run", h24, "--out", join(dir, `threads-fail-${t}`), "--threads", String(t), "--group-by", "no_such_column", "--quiet"], { encoding: "utf8" }));
    expect(failed[0]!.stderr).toMatch(/--group-by: no column "no_such_column"/);
    for (const r of failed) expect([r.status, r.stderr]).toEqual([1, failed[0]!.stderr]);
  });
});
