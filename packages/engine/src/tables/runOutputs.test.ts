import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { signalsSchema } from "../signalsSchema.js";

// The real outputs of `tda run` (the built CLI) on a slice of the embedded data — two contracts
// whose signals span the March DST change — read by DuckDB's own Parquet reader, no extension:
// what a user's `SELECT … FROM 'out/signals.parquet'` sees.

const repo = fileURLToPath(new URL("../../../../", import.meta.url));
const bin = join(repo, "packages/cli/bin/tda.js");

let dir: string, out: string;
let db: DuckDBInstance;
let duck: DuckDBConnection;
let csv: string[][];
let header: string[];

function slice(from: string, name: string, lines: number): string {
  const text = readFileSync(join(repo, "data/es-5m", from), "utf8").split("\n").slice(0, lines).join("\n") + "\n";
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

beforeAll(async () => {
  expect(existsSync(join(repo, "packages/cli/dist/main.js"))).toBe(true);
  dir = mkdtempSync(join(tmpdir(), "tda-run-outputs-"));
  const h24 = slice("ESH24-CME.scid_BarData__5m.txt", "ESH24-CME.txt", 2001);
  const m24 = slice("ESM24-CME.scid_BarData__5m.txt", "ESM24-CME.txt", 1501);
  out = join(dir, "out");
  const r = spawnSync(process.execPath, [bin, "run", m24, h24, "--out", out, "--quiet"], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const lines = readFileSync(join(out, "signals.csv"), "utf8").trimEnd().split("\n");
  header = lines[0]!.split(",");
  csv = lines.slice(1).map((l) => l.split(","));
  db = await DuckDBInstance.create(":memory:", { autoinstall_known_extensions: "false", autoload_known_extensions: "false" });
  duck = await db.connect();
  await duck.run("SET TimeZone = 'America/Chicago'");
}, 120_000);

afterAll(() => {
  duck?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

const rows = async (sql: string) => (await duck.runAndReadAll(sql)).getRowsJson();
const file = (f: string) => `'${join(out, f).replace(/'/g, "''")}'`;

describe("DuckDB reads tda run's Parquet outputs", () => {
  test("signals.parquet: TIMESTAMPTZ time, DATE session, BOOLEAN flags, the CSV's columns and row count", async () => {
    const types = new Map((await rows(`select column_name, column_type from (describe select * from ${file("signals.parquet")})`))
      .map(([n, t]) => [String(n), String(t)]));
    expect([...types.keys()]).toEqual(header);
    expect(types.get("time")).toBe("TIMESTAMP WITH TIME ZONE");
    expect(types.get("session")).toBe("DATE");
    const flags = signalsSchema().filter((c) => c.type === "flag" && types.has(c.name)).map((c) => c.name);
    expect(flags).toEqual(expect.arrayContaining(["near_level", "win", "stopped", "inv_long"]));
    for (const f of flags) expect(types.get(f), f).toBe("BOOLEAN");
    expect(types.get("direction")).toBe("VARCHAR");
    expect(types.get("close")).toBe("DOUBLE");
    expect(Number((await rows(`select count(*) from ${file("signals.parquet")}`))[0]![0])).toBe(csv.length);
    expect(csv.length).toBeGreaterThan(100);
  });

  test("times carry both offsets (−06:00 winter, −05:00 summer) and name the CSV's instants; values equal the CSV's", async () => {
    const offsets = await rows(`select distinct right(time::VARCHAR, 3) as o from ${file("signals.parquet")} order by o`);
    expect(offsets.map((r) => r[0])).toEqual(["-05", "-06"]);
    const got = await rows(`select epoch_us(time)::VARCHAR, session::VARCHAR, close, direction, near_level, win
      from ${file("signals.parquet")}`);
    const col = (n: string) => header.indexOf(n);
    const flag = (s: string) => (s === "" ? null : s === "1");
    // the first rows, the last, and one either side of the DST change
    const dst = csv.findIndex((r) => r[0]!.endsWith("-05:00"));
    expect(dst).toBeGreaterThan(0);
    for (const i of [0, 1, 2, dst - 1, dst, csv.length - 1]) {
      const c = csv[i]!;
      expect(got[i], `row ${i + 1}`).toEqual([
        String(Date.parse(c[0]!) * 1000), c[col("session")], Number(c[col("close")]),
        c[col("direction")] === "" ? null : c[col("direction")], flag(c[col("near_level")]!), flag(c[col("win")]!),
      ]);
    }
    // every flag of every row, against the CSV
    const wins = await rows(`select count(*) filter (where win), count(*) filter (where not win), count(*) filter (where win is null) from ${file("signals.parquet")}`);
    const w = col("win");
    expect(wins[0]!.map(Number)).toEqual([csv.filter((r) => r[w] === "1").length, csv.filter((r) => r[w] === "0").length, csv.filter((r) => r[w] === "").length]);
  });

  test("sessions.parquet: one row per session of sessions.csv, session a DATE", async () => {
    const lines = readFileSync(join(out, "sessions.csv"), "utf8").trimEnd().split("\n");
    const names = lines[0]!.split(",");
    const types = new Map((await rows(`select column_name, column_type from (describe select * from ${file("sessions.parquet")})`)).map(([n, t]) => [String(n), String(t)]));
    expect(types.get("session")).toBe("DATE");
    expect(types.get("partial")).toBe("BOOLEAN");
    expect(types.has("levels_known")).toBe(false);
    const got = await rows(`select session::VARCHAR, contract, poc from ${file("sessions.parquet")}`);
    expect(got).toHaveLength(lines.length - 1);
    const first = lines[1]!.split(",");
    expect(got[0]).toEqual([first[names.indexOf("session")], first[names.indexOf("contract")], first[names.indexOf("poc")] === "" ? null : Number(first[names.indexOf("poc")])]);
  });

  test("levels.parquet: one row per session × level packed in sessions.csv's levels_known", async () => {
    const lines = readFileSync(join(out, "sessions.csv"), "utf8").trimEnd().split("\n");
    const names = lines[0]!.split(",");
    const k = names.indexOf("levels_known");
    // levels_known is the last column and holds no commas: "kind@price×strength kind@…"
    const packed = lines.slice(1).flatMap((l) => {
      const f = l.split(",");
      return f[k] ? f[k]!.split(" ").map((x) => `${f[names.indexOf("session")]} ${x}`) : [];
    });
    expect(packed.length).toBeGreaterThan(0);
    const got = await rows(`select session::VARCHAR || ' ' || kind || '@' || price::VARCHAR || '×' || strength::VARCHAR from ${file("levels.parquet")}`);
    const norm = (s: string) => s.replace(/@(-?\d+)\.0×/, "@$1×").replace(/×(-?\d+)\.0$/, "×$1");
    expect(got.map((r) => norm(String(r[0])))).toEqual(packed);
    const types = new Map((await rows(`select column_name, column_type from (describe select * from ${file("levels.parquet")})`)).map(([n, t]) => [String(n), String(t)]));
    expect(types.get("session")).toBe("DATE");
    expect(types.get("source_session")).toBe("DATE");
  });
});
