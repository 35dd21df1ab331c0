import { main } from "./main.js";

/** Runs the CLI in this process with stderr captured (for tests). */
export async function runQuietly(argv: string[]): Promise<{ code: number; err: string }> {
  const write = process.stderr.write.bind(process.stderr);
  let err = "";
  process.stderr.write = ((s: string) => { err += s; return true; }) as typeof process.stderr.write;
  try {
    return { code: await main(["node", "tda", ...argv]), err };
  } finally {
    process.stderr.write = write;
  }
}
