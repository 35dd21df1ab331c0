// Parquet writer (BENCHMARKS.md, "Parquet writer"): hyparquet-writer (pure JS, the engine's writer)
// against parquet-wasm (Rust arrow-rs/parquet compiled to WebAssembly), on the embedded run's
// signals table and on a synthetic 1M-row table of the same columns. Baseline: the Arrow IPC file
// of the same typed table (apache-arrow), measured in the same run.
//
//   npx -y pnpm@12.4.2 exec turbo run build
//   npm install --prefix "$SCRATCH" --no-save parquet-wasm@0.8.0     # the candidate not kept
//   PARQUET_WASM_DIR="$SCRATCH/node_modules/parquet-wasm" node bench/parquet-writer.bench.mjs [rows]
//
// Without PARQUET_WASM_DIR only the engine's writer is measured. Each (writer, table) runs in a
// child process of its own, so its peak RSS (getrusage maxrss) is its own: the script prints the
// RSS once the table is built and the peak after the writes, write time (median of 5 after one
// warm-up), file size, whether two writes (and two processes) gave identical bytes, and whether
// DuckDB (@duckdb/node-api, no extension) reads each Parquet file back with the right types, null
// counts and sums.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { rng, timeIt } from "./lib.mjs";

const repo = fileURLToPath(new URL("..", import.meta.url));
const engineDist = join(repo, "packages/engine/dist");
const META = { timeZone: "America/Chicago", version: "bench", config: { bench: true } };

async function engine() {
  const tables = await import(pathToFileURL(join(engineDist, "tables/index.js")).href);
  const main = await import(pathToFileURL(join(engineDist, "index.js")).href);
  return { ...tables, ...main };
}

/** The embedded run's signals table (SPEC §9 columns and those that follow), typed. */
async function embeddedTable(e) {
  const dir = join(repo, "data/es-5m");
  const files = readdirSync(dir).filter((f) => f.endsWith(".txt")).sort().map((f) => join(dir, f));
  const result = await e.runPipeline(files, e.makeConfig({}));
  return e.typedFromOutputColumns(result.table, { ...META, kind: "signals" });
}

/** `rows` rows of the embedded table's columns, seeded: every type, ~10 % nulls where the column has some. */
function syntheticTable(e, like, rows) {
  const r = rng(7);
  const values = {};
  const t0 = 1_704_067_200_000_000; // 2024-01-01 UTC, µs
  for (const c of like.columns) {
    const spec = c.spec, hasNulls = c.nullCount > 0;
    const empty = () => hasNulls && r() < 0.1;
    switch (c.kind) {
      case "timestamp": values[spec.name] = Float64Array.from({ length: rows }, (_, i) => t0 + i * 300_000_000); break;
      case "date": values[spec.name] = Float64Array.from({ length: rows }, (_, i) => 19_723 + Math.floor(i / 276)); break;
      case "bool": values[spec.name] = Float64Array.from({ length: rows }, () => (empty() ? NaN : r() < 0.3 ? 1 : 0)); break;
      case "int32": case "int64": values[spec.name] = Float64Array.from({ length: rows }, () => (empty() ? NaN : Math.floor(r() * 4000) - 2000)); break;
      case "float64": values[spec.name] = Float64Array.from({ length: rows }, () => (empty() ? NaN : 4000 + Math.round(r() * 16000) / 4)); break;
      case "text": {
        const words = c.dictionary.length ? c.dictionary : ["x"];
        values[spec.name] = Array.from({ length: rows }, () => (empty() ? null : words[Math.floor(r() * words.length)]));
      }
    }
  }
  return e.typedColumns(like.columns.map((c) => c.spec), values, like.meta);
}

/** parquet-wasm's write of the same typed table: through the Arrow IPC stream it takes. */
async function parquetWasmWriter(e, dir) {
  const pw = await import(pathToFileURL(join(dir, "node/parquet_wasm.js")).href);
  // the ES module build, the instance the engine's dist imports (the CommonJS one would not know its classes)
  const { tableToIPC } = await import(pathToFileURL(join(repo, "packages/engine/node_modules/apache-arrow/Arrow.node.mjs")).href);
  return (t) => {
    const ipc = tableToIPC(e.toArrowTable(t), "stream");
    const kv = new Map(e.tableMetadata(t));
    let b = new pw.WriterPropertiesBuilder().setCompression(pw.Compression.SNAPPY).setCreatedBy(`tda ${t.meta.version}`)
      .setKeyValueMetadata(kv).setMaxRowGroupSize(100_000).setWriterVersion(pw.WriterVersion.V2).setDictionaryEnabled(false);
    for (const c of t.columns) if (c.kind === "text") b = b.setColumnDictionaryEnabled(c.spec.name, true);
    return pw.writeParquet(pw.Table.fromIPCStream(ipc), b.build());
  };
}

/** One writer on one table (read from the Arrow file the parent wrote), in a process of its own. */
async function child(writer, input, out) {
  const e = await engine();
  const t = await e.readTypedTable(input);
  globalThis.gc?.();
  const rssTable = process.memoryUsage().rss;
  resetPeak();
  const write = writer === "arrow" ? e.arrowTableBytes
    : writer === "hyparquet-writer" ? e.parquetTableBytes
      : await parquetWasmWriter(e, process.env.PARQUET_WASM_DIR);
  let bytes;
  const ms = timeIt(() => { bytes = write(t); }, 5);
  const again = write(t);
  writeFileSync(out, bytes);
  const same = Buffer.compare(Buffer.from(bytes), Buffer.from(again)) === 0;
  console.log(JSON.stringify({
    rows: t.length, columns: t.columns.length, ms, size: bytes.length, same,
    sha: createHash("sha256").update(bytes).digest("hex"),
    rssTableMB: rssTable / 2 ** 20, peakMB: peakRss() / 2 ** 20,
    expect: t.columns.map((c) => ({ name: c.spec.name, kind: c.kind, nulls: c.nullCount, sum: c.kind === "text" ? null : sumOf(c) })),
  }));
}

// Peak RSS of the write phase alone: getrusage's maxrss would carry the parent's high-water mark
// across fork/exec, so read the kernel's per-process VmHWM and reset it once the table is loaded.
function resetPeak() {
  try { writeFileSync("/proc/self/clear_refs", "5"); } catch { /* not Linux: the peak then includes loading */ }
}

function peakRss() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]) * 1024;
  } catch { /* not Linux */ }
  return process.resourceUsage().maxRSS * 1024;
}

function sumOf(c) {
  let s = 0;
  for (let i = 0; i < c.values.length; i++) if (!c.valid || c.valid[i]) s += Number(c.values[i]);
  return s;
}

const DUCK_TYPES = { timestamp: "TIMESTAMP WITH TIME ZONE", date: "DATE", bool: "BOOLEAN", int32: "INTEGER", int64: "BIGINT", float64: "DOUBLE", text: "VARCHAR" };

/** DuckDB's reading of a Parquet file against what was written: types, null counts, sums. */
async function duckCheck(file, expect) {
  const require = createRequire(join(repo, "packages/engine/package.json"));
  const { DuckDBInstance } = await import(pathToFileURL(require.resolve("@duckdb/node-api")).href);
  const db = await DuckDBInstance.create(":memory:", { autoinstall_known_extensions: "false", autoload_known_extensions: "false" });
  const c = await db.connect();
  const q = (n) => `"${n}"`;
  const parts = expect.flatMap((x) => [
    `typeof(any_value(${q(x.name)}))`, `count(*) - count(${q(x.name)})`,
    x.kind === "text" ? "0" : x.kind === "timestamp" ? `sum(epoch_us(${q(x.name)}))::DOUBLE` : x.kind === "date" ? `sum(${q(x.name)} - DATE '1970-01-01')::DOUBLE` : `sum(${q(x.name)}::DOUBLE)`,
  ]);
  const row = (await c.runAndReadAll(`select ${parts.join(", ")} from read_parquet('${file}')`)).getRows()[0];
  const enc = (await c.runAndReadAll(`select path_in_schema, encodings from parquet_metadata('${file}')`)).getRows();
  const bad = [];
  expect.forEach((x, k) => {
    const [type, nulls, sum] = row.slice(3 * k, 3 * k + 3);
    if (type !== DUCK_TYPES[x.kind] && !(x.nulls === row.length && type === "NULL")) bad.push(`${x.name}: type ${type}, expected ${DUCK_TYPES[x.kind]}`);
    if (Number(nulls) !== x.nulls) bad.push(`${x.name}: ${nulls} nulls, expected ${x.nulls}`);
    if (x.sum !== null && Math.abs(Number(sum ?? 0) - x.sum) > 1e-9 * Math.max(1, Math.abs(x.sum))) bad.push(`${x.name}: sum ${sum}, expected ${x.sum}`);
    if (x.kind === "text" && !enc.some(([p, e]) => p === x.name && String(e).includes("RLE_DICTIONARY"))) bad.push(`${x.name}: not dictionary-encoded`);
  });
  return bad;
}

async function main() {
  if (process.argv[2] === "--child") return child(process.argv[3], process.argv[4], process.argv[5]);
  const rows = Number(process.argv[2] ?? 1_000_000);
  const writers = ["arrow", "hyparquet-writer", ...(process.env.PARQUET_WASM_DIR ? ["parquet-wasm"] : [])];
  if (!process.env.PARQUET_WASM_DIR) console.log("(PARQUET_WASM_DIR not set: parquet-wasm not measured)");
  const tmp = mkdtempSync(join(tmpdir(), "tda-pq-bench-"));
  try {
    const e = await engine();
    const embedded = await embeddedTable(e);
    e.writeArrowTable(join(tmp, "embedded.input.arrow"), embedded);
    e.writeArrowTable(join(tmp, "synthetic.input.arrow"), syntheticTable(e, embedded, rows));
    for (const dataset of ["embedded", "synthetic"]) {
      const results = {};
      for (const w of writers) {
        const runs = [0, 1].map((k) => {
          const out = join(tmp, `${dataset}-${w}-${k}.${w === "arrow" ? "arrow" : "parquet"}`);
          const r = spawnSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), "--child", w, join(tmp, `${dataset}.input.arrow`), out], { encoding: "utf8", maxBuffer: 1 << 26 });
          if (r.status !== 0) throw new Error(`${w} on ${dataset} failed:\n${r.stderr}`);
          return { ...JSON.parse(r.stdout.trim().split("\n").pop()), out };
        });
        results[w] = { ...runs[0], sameAcrossProcesses: runs[0].sha === runs[1].sha };
        if (w !== "arrow") results[w].duck = await duckCheck(runs[0].out, runs[0].expect);
      }
      const base = results.arrow;
      console.log(`${dataset}: ${base.rows.toLocaleString("en-US")} rows × ${base.columns} columns`);
      for (const [w, r] of Object.entries(results)) {
        const ratio = w === "arrow" ? "baseline" : `${(r.ms / base.ms).toFixed(2)}× the baseline's time`;
        console.log(`  ${w.padEnd(18)} ${r.ms.toFixed(1).padStart(9)} ms  ${ratio.padEnd(28)} size ${(r.size / 2 ** 20).toFixed(2).padStart(7)} MiB` +
          `  RSS table ${r.rssTableMB.toFixed(0)} MB → peak ${r.peakMB.toFixed(0)} MB` +
          `  same bytes: ${r.same && r.sameAcrossProcesses ? "yes" : "NO"}` + (r.duck ? `  DuckDB: ${r.duck.length ? r.duck.join("; ") : "types, nulls, sums, dictionaries ok"}` : ""));
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
