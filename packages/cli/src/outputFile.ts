import { extname } from "node:path";

/**
 * Which format a single-file output is written in, from its extension (and --format when given):
 * a name the command cannot honour is refused instead of silently writing another format
 * (`tda bars --out x.parquet` used to write CSV).
 */
export function formatByExtension<F extends string>(path: string, byExtension: Record<string, F>, given: F | undefined, fallback: F, command: string): F {
  const ext = extname(path).toLowerCase();
  const known = Object.entries(byExtension).map(([e, f]) => `${e} (${f})`).join(", ");
  if (ext === "") return given ?? fallback;
  const implied = byExtension[ext];
  if (!implied) throw new Error(`--out ${path}: tda ${command} does not write ${ext} files; name the output ${known}`);
  if (given && given !== implied) throw new Error(`--out ${path}: the extension ${ext} means ${implied}, but --format says ${given}; name the output ${known}`);
  return implied;
}
