import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

// Every code block of README.md and packages/*/README.md is run (issue 13): TypeScript / JavaScript
// blocks as ES modules against the built packages (imported by their names, as a user would), and each
// `tda …` / `npx tda …` line of a shell block through the built CLI, in order, in one scratch folder
// where `data/` is the repository's. A block not meant to run says so on the line before it:
//   <!-- readme-test: skip — <why> -->
// Blocks without a language (folder trees) are not code. A shell line that is not a tda command in a
// block without that mark fails the test, so nothing is left out silently.
const repo = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(repo, "packages/cli/bin/tda.js");
const PACKAGES = ["core-wasm", "stats", "engine", "report", "cli"];
const SKIP = /<!--\s*readme-test:\s*skip\b[^>]*-->/;
const CODE = new Set(["ts", "typescript", "js", "javascript", "mjs"]);
const SHELL = new Set(["sh", "bash", "shell", "console"]);

export interface Block { file: string; line: number; lang: string; code: string; skip: boolean }

/** The fenced blocks of a Markdown text: language, first line number, body, and the skip mark before it. */
export function fencedBlocks(file: string, text: string): Block[] {
  const lines = text.split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```\s*([\w-]*)/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    let before = start - 1;
    while (before >= 0 && lines[before]!.trim() === "") before--;
    blocks.push({ file, line: start + 1, lang: open[1]!.toLowerCase(), code: body.join("\n"), skip: before >= 0 && SKIP.test(lines[before]!) });
  }
  return blocks;
}

/** A shell line's tda arguments (after `tda` or `npx tda`, up to a `#` comment), or undefined for another command. */
export function tdaArgs(line: string): string[] | undefined {
  const words = line.replace(/(^|\s)#.*$/, "").trim().split(/\s+/).filter(Boolean);
  if (words[0] === "npx") words.shift();
  if (words[0] !== "tda") return undefined;
  if (words.some((w) => /["'`$|;&<>]/.test(w))) throw new Error(`a README tda line with shell syntax cannot be run here: ${line}`);
  return words.slice(1);
}

const readmes = ["README.md", ...readdirSync(join(repo, "packages")).map((p) => `packages/${p}/README.md`)]
  .filter((f) => { try { readFileSync(join(repo, f)); return true; } catch { return false; } });
const blocks = readmes.flatMap((f) => fencedBlocks(f, readFileSync(join(repo, f), "utf8")));

describe("README code blocks run", () => {
  it("the block finder sees languages, bodies and skip marks", () => {
    const b = fencedBlocks("x.md", "text\n<!-- readme-test: skip — needs a network -->\n\n```sh\nnpm test\n```\n```ts\nconst a = 1;\n```\n```\nsrc/\n```\n");
    expect(b).toEqual([
      { file: "x.md", line: 4, lang: "sh", code: "npm test", skip: true },
      { file: "x.md", line: 7, lang: "ts", code: "const a = 1;", skip: false },
      { file: "x.md", line: 10, lang: "", code: "src/", skip: false },
    ]);
    expect(tdaArgs("npx tda run a.txt --out o   # comment")).toEqual(["run", "a.txt", "--out", "o"]);
    expect(tdaArgs("npm test")).toBeUndefined();
    expect(blocks.filter((x) => CODE.has(x.lang)).length).toBeGreaterThanOrEqual(5);
  });

  it("every block has a language the test knows, or none (not code)", () => {
    for (const b of blocks) expect(["", ...CODE, ...SHELL], `${b.file}:${b.line}`).toContain(b.lang);
  });

  const scratch = () => {
    const dir = mkdtempSync(join(tmpdir(), "tda-readme-"));
    symlinkSync(join(repo, "data"), join(dir, "data"));
    symlinkSync(join(repo, "examples"), join(dir, "examples"));
    mkdirSync(join(dir, "node_modules", "@tda"), { recursive: true });
    for (const p of PACKAGES) symlinkSync(join(repo, "packages", p), join(dir, "node_modules", "@tda", p));
    return dir;
  };

  it("every TypeScript block type-checks (strict) against the packages' published types", () => {
    const dir = scratch();
    try {
      writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
      const code = blocks.filter((b) => (b.lang === "ts" || b.lang === "typescript") && !b.skip);
      const files = code.map((b, k) => { const f = join(dir, `snippet-${k}.ts`); writeFileSync(f, b.code); return f; });
      const program = ts.createProgram(files, {
        module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022,
        lib: ["lib.es2022.d.ts"], strict: true, noEmit: true, skipLibCheck: true, types: ["node"], typeRoots: [join(repo, "node_modules/@types")],
      });
      const problems = ts.getPreEmitDiagnostics(program).map((d) => {
        const k = d.file ? files.indexOf(d.file.fileName) : -1;
        const where = k >= 0 && d.file && d.start !== undefined ? `${code[k]!.file}:${code[k]!.line + 1 + d.file.getLineAndCharacterOfPosition(d.start).line}` : d.file?.fileName ?? "";
        return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
      });
      expect(problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("every TypeScript / JavaScript block runs against the built packages", () => {
    const dir = scratch();
    try {
      const code = blocks.filter((b) => CODE.has(b.lang) && !b.skip);
      const failures: string[] = [];
      for (const [k, b] of code.entries()) {
        const js = ts.transpileModule(b.code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
        const file = join(dir, `snippet-${k}.mjs`);
        writeFileSync(file, js);
        const r = spawnSync(process.execPath, [file], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 28 });
        if (r.status !== 0) failures.push(`${b.file}:${b.line} (${b.lang}) exited ${r.status}:\n${r.stderr.split("\n").slice(0, 8).join("\n")}`);
      }
      expect(failures).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it("every tda command of a shell block runs, in order, in one scratch folder", () => {
    const dir = scratch();
    try {
      const failures: string[] = [];
      let ran = 0;
      for (const b of blocks.filter((x) => SHELL.has(x.lang) && !x.skip)) {
        b.code.split("\n").forEach((line, j) => {
          if (!line.trim() || line.trim().startsWith("#")) return;
          const args = tdaArgs(line);
          if (!args) { failures.push(`${b.file}:${b.line + 1 + j}: not a tda command; mark the block <!-- readme-test: skip — why --> if it is not meant to run: ${line}`); return; }
          const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: "utf8", maxBuffer: 1 << 28 });
          ran++;
          if (r.status !== 0) failures.push(`${b.file}:${b.line + 1 + j}: ${line}\n  exited ${r.status}: ${r.stderr.trim().split("\n").slice(-3).join("\n  ")}`);
        });
      }
      expect(failures).toEqual([]);
      expect(ran).toBeGreaterThanOrEqual(7);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
