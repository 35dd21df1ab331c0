import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../errors.js";
import { readInput } from "./readInput.js";

/**
 * The corpus of bad files: each case is a file's content and the exact message reading it must
 * give (strict mode). A lenient read of the same file skips the row with the same reason.
 */
const TAS_HEAD = "Date;Time;Sequence;DepthSequence;Price;Volume;TradeType;AskPrice;BidPrice";
const tas = (...rows: string[]) => [TAS_HEAD, ...rows].join("\n") + "\n";

interface Case {
  name: string;
  file: string;
  content: string;
  message: string;
}

const CASES: Case[] = [
  {
    name: "a 1 MiB price field (once quadratic): fails fast with the quoted text capped",
    file: "big-field.txt",
    content: tas(`2022-01-24;13:30:00.5000;1;1;${"1".repeat(1 << 20)}x;1;2;4347.75;4347.5`),
    message: `big-field.txt:2:30: Price: expected a number, got "${"1".repeat(60)}…" (1048577 characters)`,
  },
];

const ctx = { tickSize: 0.25, sourceTimeZone: undefined, exchangeTimeZone: "America/Chicago", lenient: false };

describe("bad-file corpus", () => {
  const dir = mkdtempSync(join(tmpdir(), "tda-corpus-"));
  for (const c of CASES) {
    it(c.name, () => {
      const path = join(dir, c.file);
      writeFileSync(path, c.content);
      let err: unknown;
      try {
        readInput(path, ctx);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).message.replace(dir + "/", "")).toBe(c.message);
    });
  }
});
