import { describe, expect, it, beforeAll } from "vitest";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { execFile, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseYamlSubset } from "./yamlSubset.js";

// The scale-out of docs/scale-out.md on this machine, with local processes standing in for the
// cluster: tasks of a manifest run as separate `tda` processes, their partitions analysed as one
// table must give the bytes of one run over the same files.
const repo = fileURLToPath(new URL("../../", import.meta.url));
const tda = join(repo, "packages/cli/bin/tda.js");
const data = join(repo, "data/es-5m");
const contractFiles = readdirSync(data).filter((f) => f.endsWith(".txt")).sort();

interface Ran { code: number; stdout: string; stderr: string }
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((done) => {
    execFile(cmd, args, { env: { ...process.env, ...env }, maxBuffer: 1 << 26 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr });
    });
  });
}
const runTda = (args: string[], env: NodeJS.ProcessEnv = {}) => run(process.execPath, [tda, ...args], env);

/** Runs the jobs two at a time (this machine's cores), as a job array's pods would. */
async function inParallel<T>(jobs: (() => Promise<T>)[], width = 2): Promise<T[]> {
  const out: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < jobs.length) { const k = next++; out[k] = await jobs[k]!(); }
  }));
  return out;
}

const bytes = (p: string) => readFileSync(p);
/** A signals.csv's rows of one contract, with the header (the contract column says whose a row is). */
function rowsOf(csv: string, contract: string): string {
  const lines = readFileSync(csv, "utf8").trimEnd().split("\n");
  const at = lines[0]!.split(",").indexOf("contract");
  return [lines[0], ...lines.slice(1).filter((l) => l.split(",")[at] === contract)].join("\n");
}

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), "tda-scale-")); });

describe("tda run --manifest/--index tasks as separate processes, then tda analyze of the partitions", () => {
  let all: string, dataset: string;
  beforeAll(async () => {
    all = join(dir, "all");
    const one = await runTda(["run", "--out", all, "-q"]); // the embedded data: every contract in one run
    expect(one.stderr).toBe("");
    // the task list: the embedded contract files, named relative to the manifest's folder
    mkdirSync(join(dir, "m"));
    writeFileSync(join(dir, "m", "tasks.txt"), `# the embedded ES contracts\n${contractFiles.map((f) => join(data, f)).join("\n")}\n`);
    dataset = join(dir, "dataset");
    // the index from each of the three places a job array can give it
    const sources = ["--index", "JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX"] as const;
    const ran = await inParallel(contractFiles.map((_, i) => () => {
      const from = sources[i % 3]!;
      const args = ["run", "--manifest", join(dir, "m", "tasks.txt"), "--out", dataset, ...(i % 2 ? ["--json"] : []), ...(from === "--index" ? ["--index", String(i)] : [])];
      return runTda(args, from === "--index" ? {} : { [from]: String(i) });
    }));
    ran.forEach((r, i) => {
      expect(r.code).toBe(0);
      // which index was used: on stderr, or in the --json summary (which replaces the text lines)
      if (i % 2 === 0) expect(r.stderr).toContain(`tda run: task ${i} of tasks.txt (index from ${sources[i % 3]}): ${contractFiles[i]!.split(".")[0]} → `);
      else expect(JSON.parse(r.stdout)).toMatchObject({ out: join(dataset, `contract=${contractFiles[i]!.split(".")[0]}`), task: { index: i, indexFrom: sources[i % 3], line: i + 2 } });
    });
  }, 600_000);

  it("writes one partition per contract, each holding that contract's rows of the one run, byte for byte", () => {
    expect(readdirSync(dataset).sort()).toEqual(contractFiles.map((f) => `contract=${f.split(".")[0]}`).sort());
    for (const f of contractFiles) {
      const c = f.split(".")[0]!;
      const part = join(dataset, `contract=${c}`);
      expect(readFileSync(join(part, "signals.csv"), "utf8").trimEnd()).toBe(rowsOf(join(all, "signals.csv"), c));
      const runJson = JSON.parse(readFileSync(join(part, "run.json"), "utf8"));
      expect(runJson.task).toMatchObject({ manifest: "tasks.txt", index: contractFiles.indexOf(f) });
      expect(runJson.contracts[0].firstBar).toBe(JSON.parse(readFileSync(join(all, "run.json"), "utf8")).contracts.find((x: { contract: string }) => x.contract === c).firstBar);
    }
  });

  it("tda analyze of the dataset folder gives the one run's stats.json, byte for byte", async () => {
    const r = await runTda(["analyze", dataset, "--out", join(dir, "an-dataset"), "--json", "-q"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ inputs: contractFiles.length, rows: JSON.parse(readFileSync(join(all, "run.json"), "utf8")).rows });
    expect(bytes(join(dir, "an-dataset", "stats.json")).equals(bytes(join(all, "stats.json")))).toBe(true);
  }, 300_000);

  it("the union of the per-contract runs read as CSV, Arrow and Parquet (mixed, no run.json, no partition folders) gives the same bytes", async () => {
    const files = contractFiles.map((f, i) => {
      const c = f.split(".")[0]!;
      const name = ["signals.csv", "signals.arrow", "signals.parquet"][i % 3]!;
      const to = join(dir, "loose", c);
      mkdirSync(to, { recursive: true });
      copyFileSync(join(dataset, `contract=${c}`, name), join(to, name));
      return join(to, name);
    });
    const r = await runTda(["analyze", ...files.reverse(), "--out", join(dir, "an-mixed"), "-q"]);
    expect(r.stderr).toBe("");
    expect(bytes(join(dir, "an-mixed", "stats.json")).equals(bytes(join(all, "stats.json")))).toBe(true);
  }, 300_000);

  it("DuckDB reads the partitions as one table (the query of docs/scale-out.md) with the one run's rows", async () => {
    const { DuckDBInstance } = await import(createRequire(join(repo, "packages/engine/package.json")).resolve("@duckdb/node-api"));
    const db = await DuckDBInstance.create(":memory:", { autoinstall_known_extensions: "false", autoload_known_extensions: "false" });
    const duck = await db.connect();
    const q = async (sql: string) => (await duck.runAndReadAll(sql)).getRowsJson();
    const byContract = (from: string) => `
      SELECT contract, count(*) AS signals, count(*) FILTER (WHERE win) AS wins, round(avg(ret_10), 6) AS avg_ret_10
      FROM ${from} WHERE direction IN ('long', 'short') GROUP BY contract ORDER BY contract`;
    const parts = await q(byContract(`read_parquet('${dataset}/contract=*/signals.parquet', hive_partitioning = true)`));
    const one = await q(byContract(`read_parquet('${join(all, "signals.parquet")}')`));
    expect(parts.length).toBe(contractFiles.length);
    expect(parts).toEqual(one);
    // in time order, the union is the one run's table row for row
    const cols = "time, contract, direction, ret_10, win";
    const u = await q(`SELECT ${cols} FROM read_parquet('${dataset}/contract=*/signals.parquet', hive_partitioning = true) ORDER BY time, contract`);
    const o = await q(`SELECT ${cols} FROM read_parquet('${join(all, "signals.parquet")}') ORDER BY time, contract`);
    expect(u).toEqual(o);
    duck.closeSync?.();
  }, 300_000);
});

describe("examples/: the Kubernetes Indexed Job and the Ray driver, local processes standing in for the cluster", () => {
  const three = ["ESH24-CME.scid_BarData__5m.txt", "ESM24-CME.scid_BarData__5m.txt", "ESU24-CME.scid_BarData__5m.txt"];
  let one: string;
  beforeAll(async () => {
    one = join(dir, "one-2024");
    const r = await runTda(["run", ...three.map((f) => join(data, f)), "--out", one, "-q"]);
    expect(r.stderr).toBe("");
  }, 600_000);

  it("indexed-job.yaml: `completions` pods run its command with JOB_COMPLETION_INDEX; the analysis of its dataset is the one run's", async () => {
    const yamlPath = join(repo, "examples/kubernetes/indexed-job.yaml");
    const docs = parseYamlSubset(readFileSync(yamlPath, "utf8")) as Record<string, any>[];
    const py = spawnSync("python3", ["-c", "import sys, json, yaml; print(json.dumps(list(yaml.safe_load_all(open(sys.argv[1])))))", yamlPath], { encoding: "utf8" });
    if (py.status === 0) expect(docs).toEqual(JSON.parse(py.stdout)); // PyYAML reads it the same way
    const configMap = docs.find((d) => d.kind === "ConfigMap")!;
    const job = docs.find((d) => d.kind === "Job")!;
    expect(job.spec.completionMode).toBe("Indexed");
    const pod = job.spec.template.spec;
    const container = pod.containers[0];
    const [program, ...args] = container.command as string[];
    expect(program).toBe("tda");
    // the container's file system, here: each volume's mountPath is a local folder
    const root = join(dir, "k8s");
    const mounts = new Map<string, string>();
    for (const m of container.volumeMounts) {
      const vol = pod.volumes.find((v: { name: string }) => v.name === m.name);
      const local = join(root, m.mountPath);
      mkdirSync(join(local, ".."), { recursive: true });
      if (vol.configMap) {
        expect(vol.configMap.name).toBe(configMap.metadata.name);
        mkdirSync(local);
        for (const [k, v] of Object.entries(configMap.data as Record<string, string>)) {
          // the task paths name files on the data volume: point them at the local stand-in
          writeFileSync(join(local, k), v.replace(/^\//gm, `${root}/`));
        }
      } else if (m.name === "data") symlinkSync(data, local);
      else mkdirSync(local);
      mounts.set(m.mountPath, local);
    }
    const local = (a: string) => { for (const [mp, l] of mounts) if (a.startsWith(mp + "/")) return l + a.slice(mp.length); return a; };
    const tasks = readFileSync(join(mounts.get("/tasks")!, "tasks.txt"), "utf8").split("\n").filter((l) => l.trim() && !l.trim().startsWith("#"));
    expect(job.spec.completions).toBe(tasks.length);
    const env = Object.fromEntries((container.env ?? []).map((e: { name: string; value: string }) => [e.name, e.value]));
    const pods = await inParallel(Array.from({ length: job.spec.completions }, (_, i) => () =>
      runTda(args.map(local), { ...env, JOB_COMPLETION_INDEX: String(i) })));
    for (const p of pods) expect([p.code, p.stderr]).toEqual([0, ""]);
    const out = local(args[args.indexOf("--out") + 1]!);
    expect(readdirSync(out).sort()).toEqual(three.map((f) => `contract=${f.split(".")[0]}`));
    expect((await runTda(["analyze", out, "--out", join(dir, "an-k8s"), "-q"])).code).toBe(0);
    expect(bytes(join(dir, "an-k8s", "stats.json")).equals(bytes(join(one, "stats.json")))).toBe(true);
  }, 300_000);

  const python = spawnSync("python3", ["--version"]).status === 0;
  it.skipIf(!python)("ray/driver.py --local: its task function in local processes, then its analysis of the union, equals the one run", async () => {
    const manifest = join(dir, "ray-tasks.txt");
    writeFileSync(manifest, three.map((f) => join(data, f)).join("\n") + "\n");
    const r = await run("python3", [join(repo, "examples/ray/driver.py"), "--local", "--workers", "2", "--manifest", manifest,
      "--out", join(dir, "ray-dataset"), "--analyze", join(dir, "an-ray"), "--tda", `${process.execPath} ${tda}`]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("3 task(s) done");
    expect(readdirSync(join(dir, "ray-dataset")).sort()).toEqual(three.map((f) => `contract=${f.split(".")[0]}`));
    expect(bytes(join(dir, "an-ray", "stats.json")).equals(bytes(join(one, "stats.json")))).toBe(true);
    // a failing task fails the driver, naming the task
    writeFileSync(manifest, join(dir, "no-such-contract.txt") + "\n");
    const bad = await run("python3", [join(repo, "examples/ray/driver.py"), "--local", "--manifest", manifest, "--out", join(dir, "ray-bad"), "--tda", `${process.execPath} ${tda}`]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/task 0 failed \(1\): tda: .*ray-tasks.txt:1: task 0: .*no-such-contract.txt: expected an input file/);
  }, 300_000);
});

it("the test data is there", () => expect(existsSync(data) && contractFiles.length).toBe(8));
