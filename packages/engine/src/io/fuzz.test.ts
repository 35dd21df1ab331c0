import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../errors.js";
import { readInput, type InputBars } from "./readInput.js";
import { writeScidTicks } from "./scid.js";

/**
 * Mutations of the real embedded files (byte flips, line swaps, truncation, duplicated lines, CR and
 * NUL injection), read strict and lenient: never anything but an InputError (no stack trace, no
 * TypeError), and what a read keeps is plausible data — positive prices on the grid, Low ≤ High,
 * volumes that add up, times that never go back; under --lenient every skipped row has its line and
 * reason. Slices of the files and a fixed seed keep the run short and the same in CI.
 */
const DATA = new URL("../../../../data/", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "tda-fuzz-"));
const ctx = { tickSize: 0.25, sourceTimeZone: undefined, exchangeTimeZone: "America/Chicago", lenient: false };
const RUNS = { numRuns: 60, seed: 12 };

const head = (file: string, lines: number) => readFileSync(join(DATA, file), "utf8").split("\n").slice(0, lines).join("\n") + "\n";
const BARS = head("es-5m/ESH24-CME.scid_BarData__5m.txt", 200);
const TAS = head("ticks/ES-2022-01-24-tas.txt", 200);

type Mutation = (b: Buffer) => Buffer;
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([at, x]): Mutation => (b) => { const c = Buffer.from(b); c[at % c.length] ^= x; return c; }),
  fc.nat().map((at): Mutation => (b) => b.subarray(0, at % (b.length + 1))),
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]): Mutation => (b) => {
    const l = b.toString("latin1").split("\n");
    const a = 1 + (i % Math.max(1, l.length - 1)), c = 1 + (j % Math.max(1, l.length - 1));
    [l[a], l[c]] = [l[c]!, l[a]!];
    return Buffer.from(l.join("\n"), "latin1");
  }),
  fc.nat().map((i): Mutation => (b) => {
    const l = b.toString("latin1").split("\n");
    const a = 1 + (i % Math.max(1, l.length - 1));
    l.splice(a, 0, l[a] ?? "");
    return Buffer.from(l.join("\n"), "latin1");
  }),
  fc.tuple(fc.nat(), fc.constantFrom("\r", "\0", "\0".repeat(64), "\r\n")).map(([at, s]): Mutation => (b) => {
    const k = at % (b.length + 1);
    return Buffer.concat([b.subarray(0, k), Buffer.from(s, "latin1"), b.subarray(k)]);
  }),
);

function read(path: string, lenient: boolean): InputBars | InputError {
  try {
    return readInput(path, { ...ctx, lenient, lenientMaxSkipShare: 1 });
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e; // anything else is a bug: a stack trace for the user
  }
}

function expectPlausible(r: InputBars): void {
  if (r.kind === "bars") {
    const b = r.bars;
    for (let i = 0; i < b.length; i++) {
      expect(b.low[i]).toBeGreaterThan(0);
      expect(b.low[i]).toBeLessThanOrEqual(Math.min(b.open[i]!, b.close[i]!));
      expect(b.high[i]).toBeGreaterThanOrEqual(Math.max(b.open[i]!, b.close[i]!));
      expect(b.bidVolume[i]! + b.askVolume[i]!).toBe(b.volume[i]);
      expect(b.trades[i]).toBeLessThanOrEqual(b.volume[i]!);
      if (i > 0) expect(b.time[i]).toBeGreaterThanOrEqual(b.time[i - 1]!);
    }
  } else {
    const t = r.ticks!;
    for (let i = 0; i < t.length; i++) {
      expect(t.price[i]).toBeGreaterThan(0);
      expect(Number.isInteger(t.size[i]) && t.size[i]! >= 1).toBe(true);
      if (t.hasQuote) expect(t.bid[i]).toBeLessThanOrEqual(t.ask[i]!);
      if (i > 0) expect(t.time[i]).toBeGreaterThanOrEqual(t.time[i - 1]!);
    }
  }
  for (const s of r.skipped) {
    expect(s.line).toBeGreaterThanOrEqual(1);
    expect(s.reason.length).toBeGreaterThan(0);
  }
}

function fuzz(name: string, original: Buffer): void {
  it(`${name}: mutated copies give plausible data or an InputError, strict and lenient`, () => {
    let n = 0;
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => {
      const path = join(dir, `${name}-${n++}`);
      writeFileSync(path, ms.reduce((b, m) => m(b), original));
      const strict = read(path, false);
      const lenient = read(path, true);
      if (!(strict instanceof InputError)) {
        expectPlausible(strict);
        // a file strict mode takes whole, lenient mode reads alike
        expect(lenient).not.toBeInstanceOf(InputError);
        expect((lenient as InputBars).skipped).toEqual([]);
      }
      if (!(lenient instanceof InputError)) expectPlausible(lenient);
      else expect(lenient.message).toMatch(/^.+:\d+(:\d+)?: /);
    }), RUNS);
  });
}

describe("fuzz: mutations of the real files", () => {
  fuzz("bars.txt", Buffer.from(BARS));
  fuzz("tas.txt", Buffer.from(TAS));
  const scid = join(dir, "real.scid");
  const ticks = readInput(join(DATA, "ticks/ES-2022-01-24-tas.txt"), ctx).ticks!;
  writeScidTicks(scid, { ...ticks, length: 150 }, { tickSize: 0.25 });
  fuzz("ticks.scid", readFileSync(scid));
});
