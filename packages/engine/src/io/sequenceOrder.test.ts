import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTimeAndSales } from "./timeAndSales.js";

const TAS = new URL("../../../../data/ticks/ES-2022-01-24-tas.txt", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "tda-seq-"));
const ES = { tickSize: 0.25 };

/**
 * The file as a program re-sorts it that reads the unpadded µs count `.1001` as a decimal fraction
 * (100.1 ms): rows ordered by date, second and the misread fraction (a stable sort).
 */
function misreadResort(text: string): string {
  const [head, ...rows] = text.trimEnd().split("\n");
  const key = (r: string) => {
    const [d, t] = r.split(";");
    const [hms, frac = "0"] = t!.split(".");
    return [`${d} ${hms}`, Number(`0.${frac}`)] as const;
  };
  const sorted = rows.map((r, i) => ({ r, i, k: key(r) })).sort((a, b) =>
    a.k[0] < b.k[0] ? -1 : a.k[0] > b.k[0] ? 1 : a.k[1] - b.k[1] || a.i - b.i);
  return [head, ...sorted.map((x) => x.r)].join("\n") + "\n";
}

function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe("time and sales in Sequence order (SPEC §3.4)", () => {
  const original = readFileSync(TAS, "utf8");

  it("a file re-sorted by a misread fraction reads exactly like the original", () => {
    const resorted = misreadResort(original);
    expect(resorted).not.toBe(original);
    const moved = resorted.split("\n").filter((r, i) => r !== original.split("\n")[i]).length;
    expect(moved).toBeGreaterThan(100);
    const a = readTimeAndSales(TAS, ES);
    const b = readTimeAndSales(write("resorted.txt", resorted), ES);
    expect(a.skipped).toEqual([]);
    expect(b.skipped).toEqual([]);
    expect(b.ticks.length).toBe(a.ticks.length);
    expect(Array.from(b.ticks.time)).toEqual(Array.from(a.ticks.time));
    expect(Array.from(b.ticks.price)).toEqual(Array.from(a.ticks.price));
    expect(Array.from(b.ticks.size)).toEqual(Array.from(a.ticks.size));
    expect(Array.from(b.ticks.side)).toEqual(Array.from(a.ticks.side));
    expect(a.notices).toEqual([]);
    expect(b.notices).toHaveLength(1);
    expect(b.notices[0]).toMatch(/^resorted\.txt: \d+ rows were out of file order — trades taken in Sequence order$/);
  });

  it("counts the rows out of file order: lines 2..23 of the real file re-sorted", () => {
    const lines = original.split("\n");
    // misread order of lines 2..23: .107000 .261000 .47000 .5000…5007 .509000…509007 .6000…6002
    const order = [14, 15, 13, 2, 3, 4, 5, 6, 7, 8, 9, 16, 17, 18, 19, 20, 21, 22, 23, 10, 11, 12];
    const text = [lines[0], ...order.map((n) => lines[n - 1]), ...lines.slice(23)].join("\n");
    const r = readTimeAndSales(write("first-22.txt", text), ES);
    expect(r.ticks.length).toBe(readTimeAndSales(TAS, ES).ticks.length);
    // every row after line 14's Sequence 2314251 that is lower: 13, 2..9 (15 and 16..23 are above 2314251? no: below 2314260 …)
    const seqs = order.map((n) => Number(lines[n - 1]!.split(";")[2]));
    let max = -Infinity, out = 0;
    for (const s of seqs) { if (s < max) out++; else max = s; }
    expect(out).toBe(12);
    expect(r.notices).toEqual([`first-22.txt: ${out} rows were out of file order — trades taken in Sequence order`]);
  });

  it("a repeated Sequence is a duplicate trade", () => {
    const lines = original.split("\n");
    const text = [lines[0], lines[1], lines[2], lines[2], lines[3]].join("\n");
    expect(() => readTimeAndSales(write("dup.txt", text), ES)).toThrow(/dup\.txt:4:26: duplicate trade: Sequence 2314223 repeats line 3$/);
  });

  it("times must not decrease in Sequence order", () => {
    const lines = original.split("\n");
    // Sequence 2314225 earlier than both trades before it (so it, not them, is the bad row)
    const earlier = lines[3]!.replace("13:30:00.5002", "13:30:00.4000");
    const text = [lines[0], lines[1], lines[2], earlier, lines[4]].join("\n");
    expect(() => readTimeAndSales(write("back.txt", text), ES)).toThrow(
      "back.txt:4:12: time goes backwards in Sequence order: Sequence 2314225 at 2022-01-24 13:30:00.004000 UTC comes after Sequence 2314223 (line 3) at 2022-01-24 13:30:00.005001 UTC",
    );
  });

  it("lenient: one far-future row is itself skipped and the good rows after it are kept", () => {
    const lines = original.trimEnd().split("\n");
    const bad = lines[5]!.replace("2022-01-24", "2029-01-24");
    const text = [...lines.slice(0, 5), bad, ...lines.slice(6)].join("\n");
    expect(() => readTimeAndSales(write("future.txt", text), ES)).toThrow(/\/future\.txt:6:12: time jumps ahead: Sequence 2314227 at 2029-01-24 /);
    const r = readTimeAndSales(write("future.txt", text), { ...ES, lenient: true });
    expect(r.skipped.map((s) => s.line)).toEqual([6]);
    expect(r.ticks.length).toBe(lines.length - 2);
  });
});
