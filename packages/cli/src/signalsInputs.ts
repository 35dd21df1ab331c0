import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import {
  InputError, SIGNAL_COLUMNS, contractOrder, csvColumnsOf, mergeTables, parseIsoMicros, readSignalsCsv, readTypedTable,
  typedTableFormat, type OutputColumn, type SignalsColumns, type SignalsTable,
} from "@tda/engine";

/**
 * The signals tables `tda analyze` reads: files (CSV, Arrow IPC or Parquet, told by their first
 * bytes) and folders of them, hive-partitioned or not, read as ONE table merged in time order exactly
 * as `tda run` merges its contracts — so per-contract runs analysed together give the statistics of
 * one run over the same files (docs/scale-out.md).
 */

/** One signals file, with the `key=value` folders (hive partitions) it lies in. */
export interface SignalsFile {
  path: string;
  /** [key, value] of every `key=value` folder of its path, outermost first (values %-decoded). */
  partitions: [string, string][];
}

/** The names a run writes its signals table under; a folder's table is the first present (the same table in three forms). */
export const SIGNALS_TABLE_NAMES = ["signals.parquet", "signals.arrow", "signals.csv"] as const;

/**
 * Files as given; a folder stands for the signals table in it (signals.parquet, else signals.arrow,
 * else signals.csv) and in every folder below it, in name order. Hidden entries (a run's staging
 * folders `.<name>.tda-<pid>.tmp`) are left out, so a dataset being written is read only as complete.
 */
export function findSignalsFiles(given: string[]): SignalsFile[] {
  const out: SignalsFile[] = [];
  for (const g of given) {
    const p = resolve(g);
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      throw new Error(`${g}: no such file or folder`);
    }
    const outer = partitionsOf(g, isDir ? g : dirname(g));
    if (!isDir) { out.push({ path: p, partitions: outer }); continue; }
    const before = out.length;
    walk(p, outer, out);
    if (out.length === before) throw new Error(`${g}: no ${SIGNALS_TABLE_NAMES.join(", ")} in the folder or any folder below it`);
  }
  const seen = new Map<string, string>();
  for (const f of out) {
    if (seen.has(f.path)) throw new Error(`${f.path}: given twice — each signals file is read once`);
    seen.set(f.path, f.path);
  }
  return out;
}

function walk(dir: string, partitions: [string, string][], out: SignalsFile[]): void {
  const names = readdirSync(dir).filter((n) => !n.startsWith(".")).sort();
  const table = SIGNALS_TABLE_NAMES.find((n) => names.includes(n) && statSync(join(dir, n)).isFile());
  if (table) out.push({ path: join(dir, table), partitions });
  for (const n of names) {
    const sub = join(dir, n);
    if (!statSync(sub).isDirectory()) continue;
    walk(sub, [...partitions, ...partitionsOf(n, n, sub)], out);
  }
}

/** The `key=value` segments of a folder path, %-decoded as Hive and DuckDB write them. */
function partitionsOf(given: string, folder: string, where = given): [string, string][] {
  const out: [string, string][] = [];
  for (const seg of folder.split(/[\\/]/)) {
    const m = /^([^=]+)=(.*)$/.exec(seg);
    if (!m) continue;
    let value: string;
    try {
      value = decodeURIComponent(m[2]!);
    } catch {
      throw new Error(`${where}: partition folder "${seg}": expected key=value with %XX escapes, got a broken escape`);
    }
    if (out.some(([k]) => k === m[1])) throw new Error(`${where}: partition key "${m[1]}" appears twice in the path`);
    out.push([m[1]!, value]);
  }
  return out;
}

/** A partition value as a folder name: everything but letters, digits and `._-` %-escaped (as Hive does). */
export function partitionFolder(key: string, value: string): string {
  const esc = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, (ch) => encodeURIComponent(ch).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
  return `${esc(key)}=${esc(value)}`;
}

/** One signals file read: its columns in the CSV's form, each row's time in µs, and what its run said. */
interface ReadFile {
  file: SignalsFile;
  columns: SignalsColumns;
  names: string[];
  rows: number;
  /** µs UTC of each row (NaN where empty); undefined when the table has no time column. */
  times: Float64Array | undefined;
  /** The first bar's time of each contract, from the run.json beside the file (tda run ≥ issue 13). */
  firstBars: Map<string, number>;
  notices: string[];
}

/** Everything the analysis needs of the inputs: one table, its row count, the runs' notices. */
export interface SignalsUnion {
  columns: SignalsColumns;
  rows: number;
  notices: string[];
  files: SignalsFile[];
}

/**
 * Reads the signals files and merges them into one table. One file is taken as it is (its rows are in
 * the order its run wrote them). Several are split by contract and merged as `tda run` merges
 * contracts: contracts ordered by their first bar's time (`contractOrder`, from the run.json beside
 * each file; without one, the contract's first row), rows by time with ties in that contract order
 * (`mergeTables`). A contract found in two files is an error: the union would count it twice.
 */
export async function readSignalsUnion(files: SignalsFile[]): Promise<SignalsUnion> {
  const read: ReadFile[] = [];
  for (const f of files) read.push(await readSignalsFile(f));
  const notices = [...new Set(read.flatMap((r) => r.notices))];
  if (read.length === 1) return { columns: read[0]!.columns, rows: read[0]!.rows, notices, files };
  const first = read[0]!;
  for (const r of read.slice(1)) sameColumns(first, r);

  interface Group { read: ReadFile; contract: string | null; rows: number[]; firstTime: number }
  const groups: Group[] = [];
  const owner = new Map<string, string>();
  for (const r of read) {
    if (!r.times) throw new InputError(r.file.path, 1, 1, `expected a "${SIGNAL_COLUMNS.time}" column: several signals files are merged by time`);
    for (let i = 0; i < r.rows; i++) {
      if (Number.isNaN(r.times[i]!)) throw new InputError(r.file.path, i + 2, 1, `${SIGNAL_COLUMNS.time}: expected an ISO 8601 time with its offset (rows are merged by time), got an empty or malformed value`);
    }
    const contract = r.columns[SIGNAL_COLUMNS.contract];
    const byName = new Map<string | null, Group>();
    for (let i = 0; i < r.rows; i++) {
      const name = Array.isArray(contract) ? (contract[i] ?? null) : null;
      let g = byName.get(name);
      if (!g) {
        g = { read: r, contract: name, rows: [], firstTime: NaN };
        byName.set(name, g);
        groups.push(g);
      }
      g.rows.push(i);
    }
    for (const g of byName.values()) {
      if (g.contract !== null) {
        const other = owner.get(g.contract);
        if (other !== undefined) throw new Error(`${r.file.path}: contract ${g.contract} is also in ${other} — a contract must be in one signals file only (the union would count it twice)`);
        owner.set(g.contract, r.file.path);
      }
      g.firstTime = (g.contract !== null ? r.firstBars.get(g.contract) : r.firstBars.size === 1 ? [...r.firstBars.values()][0] : undefined) ?? r.times[g.rows[0]!]!;
    }
  }
  const order = contractOrder(groups.map((g) => g.firstTime));
  const tables: SignalsTable[] = order.map((k) => {
    const g = groups[k]!;
    const pick = g.rows;
    const columns: OutputColumn[] = first.names.map((name) => {
      const v = g.read.columns[name]!;
      return Array.isArray(v)
        ? { name, type: "string" as const, values: pick.map((i) => v[i] ?? null) }
        : { name, type: "float" as const, values: Float64Array.from(pick, (i) => (v as Float64Array)[i]!) };
    });
    return { length: pick.length, columns, time: Float64Array.from(pick, (i) => g.read.times![i]!) };
  });
  const merged = mergeTables(tables);
  const columns: SignalsColumns = {};
  for (const c of merged.columns) columns[c.name] = c.values;
  return { columns, rows: merged.length, notices, files };
}

/** Several files merge only when they have the same columns, each text or numbers in both. */
function sameColumns(a: ReadFile, b: ReadFile): void {
  const missing = a.names.filter((n) => !(n in b.columns));
  const extra = b.names.filter((n) => !(n in a.columns));
  if (missing.length || extra.length) {
    const parts = [missing.length ? `lacks ${missing.join(", ")}` : "", extra.length ? `has ${extra.join(", ")} besides` : ""].filter(Boolean);
    throw new InputError(b.file.path, 1, 1, `expected the columns of ${a.file.path} (every file of one analysis has the same columns); it ${parts.join(" and ")}`);
  }
  for (const n of a.names) {
    if (Array.isArray(a.columns[n]) !== Array.isArray(b.columns[n])) {
      throw new InputError(b.file.path, 1, b.names.indexOf(n) + 1, `${n}: is ${Array.isArray(b.columns[n]) ? "text" : "numbers"} here but ${Array.isArray(a.columns[n]) ? "text" : "numbers"} in ${a.file.path}`);
    }
  }
}

/**
 * One signals file in the form signals.csv reads into: CSV, or Arrow IPC / Parquet told by the
 * file's magic bytes (not its name). Partition keys become text columns when the table lacks them;
 * when it has them, every row must agree with its folder.
 */
async function readSignalsFile(file: SignalsFile): Promise<ReadFile> {
  const path = file.path;
  let columns: SignalsColumns, rows: number, times: Float64Array | undefined;
  if (isTypedTable(path)) {
    const table = await readTypedTable(path);
    columns = csvColumnsOf(table);
    for (const need of [SIGNAL_COLUMNS.direction, SIGNAL_COLUMNS.session]) {
      if (!(need in columns)) throw new InputError(path, 0, 0, `expected a signals table with a "${need}" column (as written by tda run)`);
    }
    rows = table.length;
    const t = table.columns.find((c) => c.spec.name === SIGNAL_COLUMNS.time);
    if (t?.kind === "timestamp") times = Float64Array.from(t.values, (us, i) => (t.valid && !t.valid[i] ? NaN : us));
    else if (t) times = timesOf(columns[SIGNAL_COLUMNS.time]);
  } else {
    ({ columns, rows } = readSignalsCsv(path));
    times = timesOf(columns[SIGNAL_COLUMNS.time]);
  }
  const names = Object.keys(columns);
  for (const [key, value] of file.partitions) {
    const have = columns[key];
    if (have === undefined) {
      columns[key] = new Array<string | null>(rows).fill(value);
      names.push(key);
      continue;
    }
    const col = names.indexOf(key) + 1;
    for (let i = 0; i < rows; i++) {
      const v = have[i];
      const same = Array.isArray(have) ? v === value : (v as number) === Number(value);
      if (!same) throw new InputError(path, i + 2, col, `${key}: expected "${value}" as the folder ${key}=${value} says, got "${v ?? ""}"`);
    }
  }
  const run = runFacts(path);
  return { file, columns, names, rows, times, ...run };
}

function isTypedTable(path: string): boolean {
  const head = new Uint8Array(8);
  let got = 0;
  try {
    const fd = openSync(path, "r");
    try { got = readSync(fd, head, 0, 8, 0); } finally { closeSync(fd); }
  } catch {
    return false; // the CSV reader's own error names the file
  }
  return typedTableFormat(head.subarray(0, got)) !== undefined;
}

function timesOf(v: SignalsColumns[string] | undefined): Float64Array | undefined {
  if (!Array.isArray(v)) return undefined;
  return Float64Array.from(v, (s) => (s === null ? NaN : parseIsoMicros(s)));
}

/** The notices and the contracts' first bar times of the run that wrote a signals file (its run.json beside it). */
function runFacts(signalsPath: string): { notices: string[]; firstBars: Map<string, number> } {
  const firstBars = new Map<string, number>();
  const runJson = join(dirname(signalsPath), "run.json");
  if (!existsSync(runJson)) return { notices: [], firstBars };
  let run: { notices?: unknown; contracts?: unknown };
  try {
    run = JSON.parse(readFileSync(runJson, "utf8")) as typeof run;
  } catch {
    return { notices: [], firstBars };
  }
  const notices = Array.isArray(run.notices) ? run.notices.filter((n): n is string => typeof n === "string") : [];
  if (Array.isArray(run.contracts)) {
    for (const c of run.contracts as { contract?: unknown; firstBar?: unknown }[]) {
      if (typeof c?.contract !== "string" || typeof c.firstBar !== "string") continue;
      const us = parseIsoMicros(c.firstBar);
      if (!Number.isNaN(us)) firstBars.set(c.contract, us);
    }
  }
  return { notices, firstBars };
}
