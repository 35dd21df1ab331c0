import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The engine's layout (STYLE.md): a flat core, then the stages in pipeline order. A file may import
 * the core, its own folder and any stage before its own — never one after it. Tests may reach further
 * (a sessions test reads real files through the pipeline), so only non-test sources are checked;
 * index.ts is the package's face and re-exports every stage.
 */
const ORDER = ["", "io", "sessions", "bars", "signals", "levels", "outcomes", "tables", "pipeline", "synth"] as const;

const SRC = dirname(fileURLToPath(import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && p !== join(SRC, "index.ts") ? [p] : [];
  });
}

/** "" for the flat core, else the stage folder a path lies in. */
const folderOf = (file: string): string => {
  const parts = relative(SRC, file).split("/");
  return parts.length === 1 ? "" : parts[0]!;
};

/** Every relative import of a source, resolved to the folder it lands in. */
export function importedFolders(file: string): { spec: string; folder: string }[] {
  const text = readFileSync(file, "utf8");
  const out: { spec: string; folder: string }[] = [];
  for (const m of text.matchAll(/\bfrom\s+"(\.{1,2}\/[^"]+)"/g)) {
    out.push({ spec: m[1]!, folder: folderOf(resolve(dirname(file), m[1]!)) });
  }
  return out;
}

describe("engine layout", () => {
  const files = sources(SRC);

  it("knows every folder of src/", () => {
    const folders = new Set(files.map(folderOf));
    for (const f of folders) expect(ORDER as readonly string[], `src/${f}/ is not in the stage order`).toContain(f);
  });

  it("no file imports a stage after its own (core → io → sessions → bars → signals → levels → outcomes → tables → pipeline → synth)", () => {
    const backEdges: string[] = [];
    for (const file of files) {
      const from = ORDER.indexOf(folderOf(file) as (typeof ORDER)[number]);
      for (const { spec, folder } of importedFolders(file)) {
        const to = ORDER.indexOf(folder as (typeof ORDER)[number]);
        if (to > from) backEdges.push(`${relative(SRC, file)} imports ${spec}`);
      }
    }
    expect(backEdges).toEqual([]);
  });

  it("sees real imports (the check cannot pass by reading nothing)", () => {
    const edges = importedFolders(join(SRC, "pipeline/runContract.ts")).map((e) => e.folder);
    expect(edges).toContain("signals");
    expect(edges).toContain("");
  });
});
