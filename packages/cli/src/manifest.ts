import { readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { INPUT_FORMATS, contractName } from "@tda/engine";
import { environmentMessage } from "./errors.js";
import { partitionFolder } from "./signalsInputs.js";

/**
 * The task list of a scaled-out run (`tda run --manifest F --index I`, docs/scale-out.md): one
 * task per contract file, each writing its own partition `contract=<name>/` of the dataset.
 *
 * Format: UTF-8 text, one task per line, numbered from 0 in the order written (blank lines and
 * lines starting with `#` are not tasks). A line is either a path, as it is (spaces included), or a
 * JSON object `{"input": "<path>", "format": "<input format>", "contract": "<name>"}` with
 * `format` and `contract` optional. `ls /data/ES*.scid > tasks.txt` is a manifest. Relative paths are
 * relative to the manifest's folder, so a manifest travels with its data.
 *
 * `format` reads that input as the given format (as --input-format does for the whole run).
 * `contract` is a check: the contract is named by the file (its name up to the first dot), and a
 * manifest that names another is refused rather than writing a partition under a wrong name.
 */
export interface ManifestTask {
  /** 0-based task number (the index a job array gives). */
  index: number;
  /** Line of the manifest (1-based). */
  line: number;
  /** Absolute path of the input file. */
  input: string;
  format?: string;
  /** The contract (from the file name) and so the partition folder `contract=<contract>`. */
  contract: string;
}

const KEYS = new Set(["input", "format", "contract"]);

/** Reads and checks a manifest: every problem names the manifest, its line and what was expected. */
export function readManifest(path: string): ManifestTask[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new Error(`cannot read the manifest ${environmentMessage(err) ?? path}`);
  }
  const base = dirname(resolve(path));
  const tasks: ManifestTask[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const where = (line: number) => `${path}:${line}`;
  lines.forEach((raw, k) => {
    const line = k + 1;
    const s = raw.trim();
    if (s === "" || s.startsWith("#")) return;
    let entry: { input?: unknown; format?: unknown; contract?: unknown } = { input: s };
    if (s.startsWith("{")) {
      try {
        entry = JSON.parse(s) as typeof entry;
      } catch (e) {
        throw new Error(`${where(line)}: expected a JSON object {"input": "<path>", "format"?: …, "contract"?: …} on one line (${(e as Error).message})`);
      }
      if (entry === null || typeof entry !== "object" || Array.isArray(entry)) throw new Error(`${where(line)}: expected a JSON object`);
      for (const key of Object.keys(entry)) {
        if (!KEYS.has(key)) throw new Error(`${where(line)}: unknown key "${key}" (expected input, format, contract)`);
      }
    }
    if (typeof entry.input !== "string" || entry.input.trim() === "") throw new Error(`${where(line)}: "input": expected the path of one contract file`);
    if (entry.format !== undefined && (typeof entry.format !== "string" || !(INPUT_FORMATS as readonly string[]).includes(entry.format))) {
      throw new Error(`${where(line)}: "format": expected one of ${INPUT_FORMATS.join(", ")}, got ${JSON.stringify(entry.format)}`);
    }
    const input = isAbsolute(entry.input) ? entry.input : resolve(base, entry.input);
    const contract = contractName(input);
    if (entry.contract !== undefined) {
      if (typeof entry.contract !== "string") throw new Error(`${where(line)}: "contract": expected a string`);
      if (entry.contract !== contract) {
        throw new Error(`${where(line)}: "contract": the file names contract "${contract}" (its name up to the first dot), not "${entry.contract}"`);
      }
    }
    const twin = tasks.find((t) => t.contract === contract);
    if (twin) throw new Error(`${where(line)}: contract ${contract} is already task ${twin.index} (line ${twin.line}) — each contract is one task, one partition`);
    tasks.push({ index: tasks.length, line, input, contract, ...(entry.format !== undefined ? { format: entry.format as string } : {}) });
  });
  if (tasks.length === 0) throw new Error(`${path}: expected at least one task (one input path per line), found none`);
  return tasks;
}

/** Where a task's index came from. */
export type IndexSource = "--index" | "JOB_COMPLETION_INDEX" | "AWS_BATCH_JOB_ARRAY_INDEX";

/**
 * The task index: `--index`, else a Kubernetes Indexed Job's JOB_COMPLETION_INDEX, else an AWS Batch
 * array job's AWS_BATCH_JOB_ARRAY_INDEX (both 0-based). Two environment variables that disagree are
 * an error rather than a guess.
 */
export function taskIndex(flag: string | undefined, env: NodeJS.ProcessEnv, count: number, manifest: string): { index: number; from: IndexSource } {
  let from: IndexSource, text: string;
  if (flag !== undefined) { from = "--index"; text = flag; }
  else {
    const k8s = env.JOB_COMPLETION_INDEX, aws = env.AWS_BATCH_JOB_ARRAY_INDEX;
    if (k8s !== undefined && aws !== undefined && k8s !== aws) {
      throw new Error(`--index not given and JOB_COMPLETION_INDEX (${k8s}) and AWS_BATCH_JOB_ARRAY_INDEX (${aws}) disagree: give --index`);
    }
    if (k8s !== undefined) { from = "JOB_COMPLETION_INDEX"; text = k8s; }
    else if (aws !== undefined) { from = "AWS_BATCH_JOB_ARRAY_INDEX"; text = aws; }
    else throw new Error("--manifest needs the task's index: --index <i>, or JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch array job) in the environment");
  }
  const index = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(index)) throw new Error(`${from}: expected a whole number ≥ 0, got "${text}"`);
  if (index >= count) throw new Error(`${from}: task ${index} is out of range: ${manifest} has ${count} task(s), numbered 0 to ${count - 1}`);
  return { index, from };
}

/** The task of this process: its input, its input format, and its partition folder below --out. */
export function manifestTask(manifest: string, flag: string | undefined, env: NodeJS.ProcessEnv = process.env): ManifestTask & { from: IndexSource; partition: string } {
  const tasks = readManifest(manifest);
  const { index, from } = taskIndex(flag, env, tasks.length, manifest);
  const task = tasks[index]!;
  let isFile = false;
  try { isFile = statSync(task.input).isFile(); } catch { /* reported below */ }
  if (!isFile) throw new Error(`${manifest}:${task.line}: task ${index}: ${task.input}: expected an input file (one contract), found ${isFileOrMissing(task.input)}`);
  return { ...task, from, partition: partitionFolder("contract", task.contract) };
}

function isFileOrMissing(p: string): string {
  try { return statSync(p).isDirectory() ? "a folder" : "something else"; } catch { return "nothing there"; }
}
