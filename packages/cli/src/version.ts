import { readFileSync } from "node:fs";

/** The tool's version, from this package's package.json (src/ and dist/ both sit one level below it). */
export const TDA_VERSION: string = (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
