import { readFileSync } from "node:fs";
import { InputError } from "../errors.js";
import { readArrowBytes } from "./arrowTable.js";
import { readParquetBytes } from "./parquetTable.js";
import { TableValueError, type TypedTable } from "./typedTable.js";

/** "arrow" (IPC file "ARROW1" or stream), "parquet" ("PAR1"), or undefined, from the first bytes. */
export function typedTableFormat(bytes: Uint8Array): "arrow" | "parquet" | undefined {
  const head = Buffer.from(bytes.subarray(0, 6)).toString("latin1");
  if (head === "ARROW1") return "arrow";
  if (head.startsWith("PAR1")) return "parquet";
  // an IPC stream starts with the continuation marker 0xFFFFFFFF (or, pre-1.0, a message length)
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff) return "arrow";
  return undefined;
}

/**
 * Reads an Arrow IPC or Parquet file of the tool's convention (or any flat table of its types)
 * back into the typed table it was written from. The format is told by the file's magic bytes, not
 * its name. Problems are InputErrors naming the file (and the column).
 */
export async function readTypedTable(path: string): Promise<TypedTable> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new InputError(path, 0, 0, `cannot read the file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const format = typedTableFormat(bytes);
  if (!format) throw new InputError(path, 0, 0, `expected an Arrow IPC file ("ARROW1") or a Parquet file ("PAR1")`);
  try {
    return format === "arrow" ? readArrowBytes(bytes) : await readParquetBytes(bytes);
  } catch (e) {
    if (e instanceof TableValueError) throw new InputError(path, 0, 0, e.message);
    throw new InputError(path, 0, 0, `could not read it as ${format === "arrow" ? "Arrow IPC" : "Parquet"}: ${(e as Error).message}`);
  }
}
