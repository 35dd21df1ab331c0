import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const dist = join(repo, "packages/cli/dist");

// Runs in a plain node (a worker started under vitest would resolve the packages to their sources):
// each failing job's error line from a worker, beside the same work's error on the main thread.
const script = `
const dist = ${JSON.stringify(pathToFileURL(dist).href)};
const { workerPool } = await import(dist + "/workerPool.js");
const { writeOutputTables } = await import(dist + "/outputTables.js");
const { errorLine } = await import(dist + "/errors.js");
const { mkdtempSync, writeFileSync, existsSync } = await import("node:fs");
const { tmpdir } = await import("node:os");
const { join } = await import("node:path");
const noRows = { length: 0, columns: [] };
const tables = (sessions) => ({ table: noRows, sessions, levels: noRows, skipped: [], meta: { timeZone: "America/Chicago", version: "test" } });
const base = mkdtempSync(join(tmpdir(), "tda-pool-"));
writeFileSync(join(base, "a-file"), "");
const pool = workerPool(2);
const out = {};
const line = (e) => (e === null ? null : { line: errorLine(e), code: e.code ?? null });
const here = (f) => { try { f(); return null; } catch (e) { return line(e); } };
const there = (p) => p.then(() => null, line);
try {
  // a folder that cannot be created (a file is in its path): a system error, code and path kept
  const blocked = join(base, "a-file", "out");
  out.blocked = [here(() => writeOutputTables(blocked, tables(noRows))), await there(pool.post(0, { kind: "tables", dir: blocked, tables: tables(noRows) }))];
  // a table the writer refuses
  const dir = join(base, "out");
  out.refused = [here(() => writeOutputTables(dir, tables(noRows))), await there(pool.post(1, { kind: "tables", dir, tables: tables(noRows) }))];
  out.unknown = await there(pool.post(1, { kind: "nothing" }));
  // a part of the statistics that fails: the error runAnalysisPart gives on the main thread
  const { runAnalysisPart } = await import(${JSON.stringify(pathToFileURL(join(repo, "packages/report/dist/index.js")).href)});
  const nope = { kind: "nope" };
  out.unknownPart = [here(() => runAnalysisPart(nope)), await there(pool.post(0, { kind: "analysis", part: nope }))];
  const broken = { kind: "regressions", part: { input: null, logit: true } };
  out.broken = [here(() => runAnalysisPart(broken)), await there(pool.post(1, { kind: "analysis", part: broken }))];
  // the workers go on with the next job after a failure
  out.after = await pool.post(0, { kind: "analysis", part: { kind: "regressions", part: { input: [{}, undefined, {}, [], { maxHorizon: 5, horizons: [], interactions: false, observationsPerCoefficient: 10, minGroupSize: 30 }], logit: true } } });
  out.folds = await pool.post(1, { kind: "analysis", part: { kind: "folds", input: { allY: new Float64Array(0), allX: {}, labels: [], rules: [], allWin: undefined, settings: { walkForwardFolds: 5, minGroupSize: 30, pboBlocks: 16 } } } });
} finally {
  await pool.close();
}
console.log(JSON.stringify(out));
`;

describe("workerPool (tda run --threads; built CLI)", () => {
  it("a failing job rejects with the error the same work gives on the main thread; the worker goes on", () => {
    expect(existsSync(join(dist, "worker.js"))).toBe(true);
    const file = join(mkdtempSync(join(tmpdir(), "tda-pool-")), "pool.mjs");
    writeFileSync(file, script);
    const env = { ...process.env };
    delete env.NODE_OPTIONS; // vitest's, which would make the workers resolve the packages to their sources
    const r = spawnSync(process.execPath, [file], { encoding: "utf8", env });
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(out.blocked[0]).not.toBeNull();
    expect(out.blocked[0].code).toMatch(/^E[A-Z]+$/);
    expect(out.blocked[1]).toEqual(out.blocked[0]);
    expect(out.blocked[1].line).toMatch(/a-file/);
    expect(out.refused[0].line).toBe('column "session": no values given');
    expect(out.refused[1]).toEqual(out.refused[0]);
    expect(out.unknown.line).toBe('worker thread: unknown job "nothing"');
    expect(out.unknownPart[0].line).toBe('analysis: unknown part "nope"');
    expect(out.unknownPart[1]).toEqual(out.unknownPart[0]);
    expect(out.broken[0].line).toMatch(/\S/);
    expect(out.broken[1]).toEqual(out.broken[0]);
    expect(out.folds).toEqual({ value: { walkForward: null, pbo: null }, notes: [expect.stringMatching(/^walk-forward folds skipped: /)] });
    expect(out.after).toEqual([expect.objectContaining({ id: "logit:win", status: "skipped", reason: "column win absent" })]);
  });
});
