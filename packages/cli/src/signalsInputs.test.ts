import { describe, expect, it, beforeAll } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readSignalsCsv } from "@tda/engine";
import { findSignalsFiles, partitionFolder, readSignalsUnion } from "./signalsInputs.js";
import { runQuietly as quietly } from "./testing.js";

const repo = fileURLToPath(new URL("../../../", import.meta.url));

const HEADER = "time,session,direction,contract,ret_10";
function table(dir: string, rows: string[], runJson?: object, header = HEADER): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "signals.csv"), [header, ...rows].join("\n") + "\n");
  if (runJson) writeFileSync(join(dir, "run.json"), JSON.stringify(runJson));
  return join(dir, "signals.csv");
}

describe("findSignalsFiles", () => {
  it("finds one signals table per folder below (Parquet, else Arrow, else CSV), hive keys from key=value folders, hidden folders left out", () => {
    const d = mkdtempSync(join(tmpdir(), "tda-si-"));
    table(join(d, "ds", "year=2024", "contract=ESZ24"), []);
    writeFileSync(join(d, "ds", "year=2024", "contract=ESZ24", "signals.parquet"), "PAR1");
    table(join(d, "ds", "year=2024", "contract=ES%2FX"), []);
    table(join(d, "ds", ".contract=ESH25.tda-77.tmp"), []); // a task still writing
    table(join(d, "plain"), []);
    const found = findSignalsFiles([join(d, "ds"), join(d, "plain", "signals.csv")]);
    expect(found).toEqual([
      { path: join(d, "ds", "year=2024", "contract=ES%2FX", "signals.csv"), partitions: [["year", "2024"], ["contract", "ES/X"]] },
      { path: join(d, "ds", "year=2024", "contract=ESZ24", "signals.parquet"), partitions: [["year", "2024"], ["contract", "ESZ24"]] },
      { path: join(d, "plain", "signals.csv"), partitions: [] },
    ]);
    expect(() => findSignalsFiles([join(d, "nope")])).toThrow(/nope: no such file or folder/);
    mkdirSync(join(d, "empty"));
    expect(() => findSignalsFiles([join(d, "empty")])).toThrow(/empty: no signals.parquet, signals.arrow, signals.csv in the folder or any folder below it/);
    expect(() => findSignalsFiles([join(d, "plain"), join(d, "plain", "signals.csv")])).toThrow(/given twice/);
  });

  it("names partition folders as Hive does (escapes what a path cannot hold), and reads them back", () => {
    expect(partitionFolder("contract", "ESZ24-CME")).toBe("contract=ESZ24-CME");
    expect(partitionFolder("contract", "a/b=c d")).toBe("contract=a%2Fb%3Dc%20d");
  });
});

describe("readSignalsUnion", () => {
  let d: string;
  beforeAll(() => { d = mkdtempSync(join(tmpdir(), "tda-su-")); });

  it("merges by time; equal times follow the contracts' first bars (run.json), not their first rows, as tda run orders them", async () => {
    // B's first bar (08:30) is before A's (08:40) though A's first signal row comes first: at 09:00 B's row leads
    const a = table(join(d, "a"), ["2024-03-18T08:45:00.000-05:00,2024-03-18,long,A,1", "2024-03-18T09:00:00.000-05:00,2024-03-18,short,A,2"],
      { contracts: [{ contract: "A", firstBar: "2024-03-18T13:40:00.000000Z" }] });
    const b = table(join(d, "b"), ["2024-03-18T09:00:00.000-05:00,2024-03-18,long,B,3", "2024-03-18T09:05:00.000-05:00,2024-03-18,long,B,4"],
      { contracts: [{ contract: "B", firstBar: "2024-03-18T13:30:00.000000Z" }] });
    const u = await readSignalsUnion(findSignalsFiles([a, b]));
    expect(u.rows).toBe(4);
    expect(u.columns.contract).toEqual(["A", "B", "A", "B"]);
    expect(Array.from(u.columns.ret_10 as Float64Array)).toEqual([1, 3, 2, 4]);
    // without run.json the contract's first row stands in for its first bar: A first
    const a2 = table(join(d, "a2"), readFileSync(a, "utf8").trim().split("\n").slice(1));
    const b2 = table(join(d, "b2"), readFileSync(b, "utf8").trim().split("\n").slice(1));
    const v = await readSignalsUnion(findSignalsFiles([b2, a2]));
    expect(Array.from(v.columns.ret_10 as Float64Array)).toEqual([1, 2, 3, 4]);
  });

  it("adds a partition key as a text column when the table lacks it, checks it when it has it", async () => {
    const p = table(join(d, "ds", "contract=Z"), ["2024-03-18T08:45:00.000-05:00,2024-03-18,long,1"], undefined, "time,session,direction,ret_10");
    const q = table(join(d, "ds", "contract=Y"), ["2024-03-18T08:50:00.000-05:00,2024-03-18,long,2"], undefined, "time,session,direction,ret_10");
    const u = await readSignalsUnion(findSignalsFiles([join(d, "ds")]));
    expect(u.columns.contract).toEqual(["Z", "Y"]);
    expect(Object.keys(u.columns)).toEqual(["time", "session", "direction", "ret_10", "contract"]);
    expect(p && q).toBeTruthy();
    const bad = table(join(d, "bad", "contract=X"), ["2024-03-18T08:45:00.000-05:00,2024-03-18,long,W,1"]);
    await expect(readSignalsUnion(findSignalsFiles([bad]))).rejects.toThrow(/contract=X\/signals.csv:2:4: contract: expected "X" as the folder contract=X says, got "W"/);
  });

  it("refuses a contract in two files, different columns, and rows without a time", async () => {
    const one = table(join(d, "c1"), ["2024-03-18T08:45:00.000-05:00,2024-03-18,long,C,1"]);
    const two = table(join(d, "c2"), ["2024-03-19T08:45:00.000-05:00,2024-03-19,long,C,1"]);
    await expect(readSignalsUnion(findSignalsFiles([one, two]))).rejects.toThrow(/c2\/signals.csv: contract C is also in .*c1\/signals.csv/);
    const other = table(join(d, "c3"), ["2024-03-18T08:45:00.000-05:00,2024-03-18,long,D"], undefined, "time,session,direction,contract");
    await expect(readSignalsUnion(findSignalsFiles([one, other]))).rejects.toThrow(/c3\/signals.csv:1:1: expected the columns of .*c1\/signals.csv .*; it lacks ret_10/);
    const noTime = table(join(d, "c4"), [",2024-03-18,long,E,1"]);
    await expect(readSignalsUnion(findSignalsFiles([one, noTime]))).rejects.toThrow(/c4\/signals.csv:2:1: time: expected an ISO 8601 time/);
  });

  it("two overlapping contracts run apart and read back from Parquet + CSV give the rows of one run, in its order", async () => {
    // the same ESU24 bars under two contract names, overlapping by 2,000 bars: every row there ties in time
    const lines = readFileSync(join(repo, "data/es-5m/ESU24-CME.scid_BarData__5m.txt"), "utf8").split("\n");
    const x = join(d, "ESU24X-CME.txt"), y = join(d, "ESU24Y-CME.txt");
    writeFileSync(x, lines.slice(0, 4001).join("\n") + "\n");
    writeFileSync(y, [lines[0], ...lines.slice(2001, 6001)].join("\n") + "\n");
    for (const [args, out] of [[[y, x], "both"], [[x], "x"], [[y], "y"]] as const) {
      const r = await quietly(["run", ...args, "--out", join(d, out), "-q"]);
      expect(r.err).toBe("");
    }
    const one = readSignalsCsv(join(d, "both", "signals.csv"));
    const times = one.columns.time as string[];
    expect(new Set(times).size).toBeLessThan(times.length - 300); // hundreds of ties across the two contracts
    const u = await readSignalsUnion(findSignalsFiles([join(d, "y", "signals.csv"), join(d, "x", "signals.parquet")]));
    expect(u.rows).toBe(one.rows);
    expect(Object.keys(u.columns)).toEqual(Object.keys(one.columns));
    for (const k of Object.keys(one.columns)) expect([k, u.columns[k]]).toEqual([k, one.columns[k]]);
  }, 120_000);
});
