import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../errors.js";
import { makeConfig } from "../config.js";
import { readInput } from "./readInput.js";

/**
 * The corpus of bad files: each case is a file's content and the exact message reading it must
 * give (strict mode). A lenient read of the same file skips the row with the same reason.
 */
const TAS_HEAD = "Date;Time;Sequence;DepthSequence;Price;Volume;TradeType;AskPrice;BidPrice";
const BAR_HEAD = "Date, Time, Open, High, Low, Last, Volume, NumberOfTrades, BidVolume, AskVolume";
const tas = (...rows: string[]) => [TAS_HEAD, ...rows].join("\n") + "\n";

interface Case {
  name: string;
  file: string;
  content: string;
  message: string;
  /** Read with --lenient (the message is then the skip-share stop). */
  lenient?: boolean;
}

const CASES: Case[] = [
  {
    name: "a 1 MiB price field (once quadratic): fails fast with the quoted text capped",
    file: "big-field.txt",
    content: tas(`2022-01-24;13:30:00.5000;1;1;${"1".repeat(1 << 20)}x;1;2;4347.75;4347.5`),
    message: `big-field.txt:2:30: Price: expected a number, got "${"1".repeat(60)}…" (1048577 characters)`,
  },
  {
    name: "a repeated Sequence: a duplicated trade",
    file: "dup.txt",
    content: tas("2022-01-24;13:30:00.5000;7;1;4347.75;1;2;4347.75;4347.5", "2022-01-24;13:30:00.5001;7;1;4347.75;1;2;4347.75;4347.5"),
    message: "dup.txt:3:26: duplicate trade: Sequence 7 repeats line 2",
  },
  {
    name: "lenient, every row skipped: the run stops (never exit 0 on nothing)",
    file: "all-bad.txt",
    lenient: true,
    content: tas("2022-01-24;13:30:00.5000;1;1;abc;1;2;4347.75;4347.5", "2022-01-24;13:30:00.5001;2;1;abc;1;2;4347.75;4347.5"),
    message: 'all-bad.txt: 2 of 2 data rows skipped (100 %), more than lenientMaxSkipShare allows (1 %); the first, line 2:30: Price: expected a number, got "abc"',
  },
  // plausibility (issue 12): every reader refuses impossible data, naming the field
  ...plausibility(),
];

function plausibility(): Case[] {
  const bars = (row: string) => `${BAR_HEAD}\n2024/3/5, 08:30:00, 5000.25, 5001.00, 5000.00, 5000.50, 10, 5, 4, 6\n${row}\n`;
  const t = (price: string, size = "1", ask = "4347.75", bid = "4347.5") => tas(`2022-01-24;13:30:00.5000;1;1;${price};${size};2;${ask};${bid}`);
  return [
    { name: "trade price 0", file: "p0.txt", content: t("0"), message: "p0.txt:2:30: Price: expected a price above 0 and at most 1000000 points, got 0" },
    { name: "negative trade price", file: "pneg.txt", content: t("-4347.75"), message: "pneg.txt:2:30: Price: expected a price above 0 and at most 1000000 points, got -4347.75" },
    { name: "absurd trade price", file: "p308.txt", content: t("1e308"), message: "p308.txt:2:30: Price: expected a price above 0 and at most 1000000 points, got 1e+308" },
    { name: "off-grid trade price (not rounded)", file: "grid.txt", content: t("4347.6"), message: "grid.txt:2:30: Price: expected a multiple of the tick size 0.25, got 4347.6" },
    { name: "2^32-1 size", file: "size.txt", content: t("4347.75", "4294967295"), message: "size.txt:2:38: Volume: expected a whole number from 1 to 4294967294, got 4294967295" },
    { name: "bid above ask", file: "cross.txt", content: t("4347.75", "1", "4347.5", "4347.75"), message: "cross.txt:2:49: expected BidPrice ≤ AskPrice, got BidPrice 4347.75 > AskPrice 4347.5" },
    { name: "bar: bid + ask volume ≠ volume", file: "sum.txt", content: bars("2024/3/5, 08:35:00, 5000.25, 5001.00, 5000.00, 5000.50, 10, 5, 4, 5"), message: "sum.txt:3:64: expected BidVolume + AskVolume = Volume, got 4 + 5 ≠ 10" },
    { name: "bar: more trades than volume", file: "trades.txt", content: bars("2024/3/5, 08:35:00, 5000.25, 5001.00, 5000.00, 5000.50, 10, 11, 4, 6"), message: "trades.txt:3:61: expected NumberOfTrades ≤ Volume, got 11 > 10" },
    { name: "bar: fractional volume", file: "frac.txt", content: bars("2024/3/5, 08:35:00, 5000.25, 5001.00, 5000.00, 5000.50, 10.5, 5, 4, 6.5"), message: "frac.txt:3:57: Volume: expected a whole number from 0 to 4294967294, got 10.5" },
    { name: "bar: high below low", file: "hl.txt", content: bars("2024/3/5, 08:35:00, 5000.25, 4999.00, 5000.00, 5000.50, 10, 5, 4, 6"), message: "hl.txt:3:30: expected Low ≤ Open, Last ≤ High, got O=5000.25 H=4999 L=5000 Last=5000.5" },
    { name: "bar: price 0", file: "bar0.txt", content: bars("2024/3/5, 08:35:00, 0, 5001.00, 5000.00, 5000.50, 10, 5, 4, 6"), message: "bar0.txt:3:21: Open: expected a price above 0 and at most 1000000 points, got 0" },
  ];
}

const ctx = { tickSize: 0.25, sourceTimeZone: undefined, exchangeTimeZone: "America/Chicago", lenient: false };

describe("bad-file corpus", () => {
  const dir = mkdtempSync(join(tmpdir(), "tda-corpus-"));
  for (const c of CASES) {
    it(c.name, () => {
      const path = join(dir, c.file);
      writeFileSync(path, c.content);
      let err: unknown;
      try {
        readInput(path, { ...ctx, lenient: c.lenient ?? false });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).message.replace(dir + "/", "")).toBe(c.message);
    });
  }
});

describe("lenientMaxSkipShare", () => {
  it("is checked against its domain [0, 1]", () => {
    expect(makeConfig({}).lenientMaxSkipShare).toBe(0.01);
    expect(makeConfig({ lenientMaxSkipShare: 0.5 }).lenientMaxSkipShare).toBe(0.5);
    for (const bad of [-0.1, 1.5, Number.NaN, "1" as unknown as number]) {
      expect(() => makeConfig({ lenientMaxSkipShare: bad })).toThrow(/^config\.lenientMaxSkipShare: expected a share from 0 to 1/);
    }
  });

  it("lets a lenient read through while the skipped share stays at or below it", () => {
    const dir = mkdtempSync(join(tmpdir(), "tda-share-"));
    const path = join(dir, "half.txt");
    writeFileSync(path, tas("2022-01-24;13:30:00.5000;1;1;4347.75;1;2;4347.75;4347.5", "2022-01-24;13:30:00.5001;2;1;abc;1;2;4347.75;4347.5"));
    expect(readInput(path, { ...ctx, lenient: true, lenientMaxSkipShare: 0.5 }).skipped).toHaveLength(1);
    expect(() => readInput(path, { ...ctx, lenient: true, lenientMaxSkipShare: 0.49 })).toThrow(/1 of 2 data rows skipped \(50 %\), more than lenientMaxSkipShare allows \(49 %\)/);
  });
});
