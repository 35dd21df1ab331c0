// Differential tests of the WebAssembly dense kernels (@tda/core-wasm assembly/dense.ts) against the
// plain TypeScript they replace: every number must be the same bits (Object.is, so −0 ≠ +0).
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { gramPacked, hacMovingSums, hacMovingSumsOfProducts, withResidentGram } from "@tda/core-wasm";
import { hacMeat, hacMovingSumsTs, robustCovariance } from "./covariance.js";
import { denseKernels } from "./dense.js";
import { packRowBlocks, weightedGramPacked, weightedGramPackedTs } from "./gram.js";
import {
  applyQt, householderQR, householderQRDroppingAliased, householderQRDroppingAliasedTs, householderQRTs, type QR,
} from "./householder-qr.js";
import { dropAliasedColumns } from "./drop-aliased.js";
import { columnNorms, conditionNumber } from "./condition-number.js";
import { singularValues } from "./dense.js";
import { ols } from "./ols.js";
import { logit } from "./logit.js";

/** Indices and values where two arrays differ bit-wise (first few). */
function diff(a: ArrayLike<number>, b: ArrayLike<number>): string[] {
  const out: string[] = [];
  if (a.length !== b.length) return [`length ${a.length} vs ${b.length}`];
  for (let i = 0; i < a.length && out.length < 5; i++) if (!Object.is(a[i], b[i])) out.push(`${i}: ${a[i]} vs ${b[i]}`);
  return out;
}

function expectSameQR(got: QR, want: QR): void {
  expect([got.n, got.p, got.deficientColumn]).toEqual([want.n, want.p, want.deficientColumn]);
  expect(diff(got.v, want.v)).toEqual([]);
  expect(diff(got.vNorm2, want.vNorm2)).toEqual([]);
  expect(diff(got.r.flat(), want.r.flat())).toEqual([]);
}

const value = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 2, arbitrary: fc.constantFrom(0, -0, 1, -1) },
  { weight: 1, arbitrary: fc.double({ min: -1e150, max: 1e150, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ min: -1e-150, max: 1e-150, noNaN: true }) },
);

/**
 * A random design: n rows (incl. n < 4 and n < p), p columns (odd and even), columns of values,
 * all zeros, constant, or copies / scaled copies / sums of earlier columns (aliased).
 */
const design = fc
  .record({ n: fc.integer({ min: 0, max: 40 }), p: fc.integer({ min: 0, max: 11 }), seed: fc.integer() })
  .chain(({ n, p }) =>
    fc.tuple(
      fc.constant(n),
      fc.array(
        fc.record({
          kind: fc.constantFrom("values", "values", "values", "zero", "constant", "copy", "scaled", "sum"),
          data: fc.array(value, { minLength: n, maxLength: n }),
          src: fc.nat(),
          src2: fc.nat(),
          scale: fc.double({ min: -5, max: 5, noNaN: true }),
        }),
        { minLength: p, maxLength: p },
      ),
    ),
  )
  .map(([n, specs]) => {
    const cols: Float64Array[] = [];
    for (const s of specs) {
      const j = cols.length;
      let c: Float64Array;
      if (s.kind === "zero") c = new Float64Array(n);
      else if (s.kind === "constant") c = new Float64Array(n).fill(s.data[0] ?? 1);
      else if (j > 0 && s.kind === "copy") c = cols[s.src % j]!.slice();
      else if (j > 0 && s.kind === "scaled") c = cols[s.src % j]!.map((x) => x * s.scale);
      else if (j > 0 && s.kind === "sum") {
        const a = cols[s.src % j]!, b = cols[s.src2 % j]!;
        c = a.map((x, i) => x + b[i]!);
      } else c = Float64Array.from(s.data);
      cols.push(c);
    }
    return { n, cols };
  });

/** A plain random design of a given shape (for the larger cases fast-check does not reach). */
function randomDesign(n: number, p: number, seed: number): Float64Array[] {
  let s = seed >>> 0;
  const r = () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 4294967296);
  return Array.from({ length: p }, (_, j) =>
    Float64Array.from({ length: n }, () => (j === 0 ? 1 : r() < 0.1 ? 0 : (r() - 0.5) * 10 ** Math.floor(r() * 6 - 3))),
  );
}

describe("Householder QR in WebAssembly", () => {
  it("householderQR: the same bits as the TypeScript reference (random shapes, zeros, aliased, large/small)", () => {
    fc.assert(
      fc.property(design, ({ n, cols }) => {
        expectSameQR(householderQR(cols, n), householderQRTs(cols, n));
      }),
      { numRuns: 400 },
    );
  });

  it("householderQRDroppingAliased: the same kept, dropped and factorisation", () => {
    fc.assert(
      fc.property(design, ({ n, cols }) => {
        const got = householderQRDroppingAliased(cols, n);
        const want = householderQRDroppingAliasedTs(cols, n);
        expect(got.kept).toEqual(want.kept);
        expect(got.dropped).toEqual(want.dropped);
        expectSameQR(got.qr, want.qr);
      }),
      { numRuns: 400 },
    );
  });

  it("larger designs (p up to 47, n in the thousands)", () => {
    for (const [n, p] of [[1000, 47], [333, 46], [2001, 9], [5, 12], [3, 3]] as const) {
      const cols = randomDesign(n, p, n * 31 + p);
      cols.push(cols[1]!.map((x, i) => x + cols[2]![i]!)); // one aliased column
      expectSameQR(householderQR(cols, n), householderQRTs(cols, n));
      const got = householderQRDroppingAliased(cols, n);
      const want = householderQRDroppingAliasedTs(cols, n);
      expect([got.kept, got.dropped]).toEqual([want.kept, want.dropped]);
      expectSameQR(got.qr, want.qr);
    }
  });
});

describe("Qᵀy formed with the factorisation (rhs) and vectors left in linear memory", () => {
  const rhsOf = (n: number, seed: number, data: number[]) =>
    Float64Array.from({ length: n }, (_, i) => data[i] ?? ((i * 7919 + seed) % 13) - 6.5);

  it("householderQR with rhs: qty is applyQt's bits, R and vectors unchanged, with and without vectors", () => {
    fc.assert(
      fc.property(design, fc.array(value, { minLength: 40, maxLength: 40 }), ({ n, cols }, ys) => {
        const y = rhsOf(n, cols.length, ys);
        const ref = householderQRTs(cols, n);
        const want = applyQt(ref, y);
        const got = householderQR(cols, n, { rhs: y });
        expectSameQR(got, ref);
        expect(diff(got.qty!, want)).toEqual([]);
        const bare = householderQR(cols, n, { rhs: y, keepVectors: false });
        expect(diff(bare.qty!, want)).toEqual([]);
        expect(diff(bare.r.flat(), ref.r.flat())).toEqual([]);
        expect(bare.deficientColumn).toBe(ref.deficientColumn);
        expect(() => bare.v).toThrow(/not kept/);
        expect(diff(bare.columnNorms!, columnNorms(cols, n))).toEqual([]);
        expect(diff(householderQRTs(cols, n).columnNorms!, columnNorms(cols, n))).toEqual([]);
        expect(diff(householderQRTs(cols, n, { rhs: y }).qty!, want)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it("householderQRDroppingAliased with rhs: qty is applyQt's bits on the reduced factorisation", () => {
    fc.assert(
      fc.property(design, fc.array(value, { minLength: 40, maxLength: 40 }), ({ n, cols }, ys) => {
        const y = rhsOf(n, cols.length, ys);
        const ref = householderQRDroppingAliasedTs(cols, n);
        const want = applyQt(ref.qr, y);
        for (const keepVectors of [true, false]) {
          const got = householderQRDroppingAliased(cols, n, { rhs: y, keepVectors });
          expect([got.kept, got.dropped]).toEqual([ref.kept, ref.dropped]);
          expect(diff(got.qr.qty!, want)).toEqual([]);
          expect(diff(got.qr.r.flat(), ref.qr.r.flat())).toEqual([]);
          expect(diff(got.qr.vNorm2, ref.qr.vNorm2)).toEqual([]);
          if (keepVectors) expectSameQR(got.qr, ref.qr);
          expect(diff(got.qr.columnNorms!, columnNorms(got.kept.map((j) => cols[j]!), n))).toEqual([]);
        }
        const ts = householderQRDroppingAliasedTs(cols, n, { rhs: y, keepVectors: false });
        expect(diff(ts.qr.qty!, want)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it("larger designs, and ols on a dropAliasedColumns QR carrying qty gives the same fit", () => {
    for (const [n, p] of [[1000, 47], [333, 46], [2001, 9], [5, 12], [3, 3]] as const) {
      const cols = randomDesign(n, p, n * 17 + p);
      cols.push(cols[1]!.map((x, i) => x + cols[2]![i]!));
      const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i) + (cols[1]![i]! ?? 0));
      expect(diff(householderQR(cols, n, { rhs: y, keepVectors: false }).qty!, applyQt(householderQRTs(cols, n), y))).toEqual([]);
      const ref = householderQRDroppingAliasedTs(cols, n);
      expect(diff(householderQRDroppingAliased(cols, n, { rhs: y, keepVectors: false }).qr.qty!, applyQt(ref.qr, y))).toEqual([]);
      if (n <= p + 1) continue;
      const names = cols.map((_, j) => `x${j}`);
      const plain = dropAliasedColumns({ names, columns: cols }, n);
      const lean = dropAliasedColumns({ names, columns: cols }, n, { rhs: y, keepVectors: false, remember: false });
      const covariances = [{ type: "newey-west" as const, lag: 4, smallSampleCorrection: true }];
      expect(JSON.stringify(ols(y, lean.design, { covariances, qr: lean.qr }))).toBe(JSON.stringify(ols(y, plain.design, { covariances })));
    }
  });
});

describe("XᵀWX of the logit in WebAssembly", () => {
  it("weightedGramPacked: the same bits (n not a multiple of 4, p odd, zero and negative weights)", () => {
    fc.assert(
      fc.property(design, fc.array(value, { minLength: 40, maxLength: 40 }), ({ n, cols }, w) => {
        const p = cols.length;
        const packed = packRowBlocks(cols, n);
        const weights = Float64Array.from(w.slice(0, n));
        expect(diff(gramPacked(packed, p, n, weights), weightedGramPackedTs(packed, p, n, weights))).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it("withResidentGram: one resident design, many weight vectors, other kernels in between: the same bits", () => {
    fc.assert(
      fc.property(design, fc.array(fc.array(value, { minLength: 40, maxLength: 40 }), { minLength: 1, maxLength: 4 }), ({ n, cols }, ws) => {
        const p = cols.length;
        const packed = packRowBlocks(cols, n);
        withResidentGram(packed, p, n, (gram) => {
          for (const w of ws) {
            const weights = Float64Array.from(w.slice(0, n));
            // a QR in between allocates above the resident design and must not disturb it
            householderQR(cols, n, { rhs: weights, keepVectors: false });
            expect(diff(gram(weights), weightedGramPackedTs(packed, p, n, weights))).toEqual([]);
          }
        });
      }),
      { numRuns: 200 },
    );
  });

  it("a larger design", () => {
    const n = 1003, p = 47;
    const cols = randomDesign(n, p, 7);
    const w = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 4000);
    const packed = packRowBlocks(cols, n);
    expect(diff(weightedGramPacked(packed, p, n, w), weightedGramPackedTs(packed, p, n, w))).toEqual([]);
  });
});

describe("Newey–West moving-sum meat in WebAssembly", () => {
  const upper = (m: Float64Array, p: number) => Array.from({ length: p * p }, (_, i) => (i % p >= Math.floor(i / p) ? m[i]! : 0));

  it("hacMovingSums: the same upper triangle for every lag (0, short, longer than n)", () => {
    fc.assert(
      fc.property(design, fc.integer({ min: 0, max: 45 }), ({ n, cols }, lag) => {
        const p = cols.length;
        expect(diff(upper(hacMovingSums(cols, n, lag), p), upper(hacMovingSumsTs(cols, n, lag), p))).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it("hacMovingSumsOfProducts: the moving sums of x·w formed in linear memory, the same bits", () => {
    fc.assert(
      fc.property(design, fc.array(value, { minLength: 40, maxLength: 40 }), fc.integer({ min: 0, max: 45 }), ({ n, cols }, ws, lag) => {
        const p = cols.length;
        const w = Float64Array.from(ws.slice(0, n));
        const scores = cols.map((c) => Float64Array.from(c, (x, i) => x * w[i]!));
        expect(diff(upper(hacMovingSumsOfProducts(cols, w, n, lag), p), upper(hacMovingSumsTs(scores, n, lag), p))).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it("robustCovariance through the switch (HC0–HC3, Newey–West whole and fractional lags)", () => {
    const n = 1001, p = 7;
    const cols = randomDesign(n, p, 3);
    const residuals = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.7) * 3);
    const leverage = Float64Array.from({ length: n }, (_, i) => ((i * 37) % 100) / 400);
    const bread = Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, b) => (a === b ? 2 : 1 / (1 + a + b))));
    const specs = [{ type: "HC0" }, { type: "HC1" }, { type: "HC2" }, { type: "HC3" }, { type: "newey-west", lag: 0 },
      { type: "newey-west", lag: 13, smallSampleCorrection: true }, { type: "newey-west", lag: 2.5 }] as const;
    for (const spec of specs) {
      denseKernels.wasm = false;
      const want = robustCovariance(spec, { columns: cols, n, residuals, bread, leverage });
      denseKernels.wasm = true;
      expect(diff(robustCovariance(spec, { columns: cols, n, residuals, bread, leverage }).flat(), want.flat())).toEqual([]);
    }
  });

  it("hacMeat through the switch, on a design past several chunks of 64 windows", () => {
    const n = 2003, p = 13;
    const cols = randomDesign(n, p, 11);
    for (const lag of [0, 1, 5, 20, 100]) {
      denseKernels.wasm = false;
      const want = hacMeat(cols, n, lag);
      denseKernels.wasm = true;
      expect(diff(hacMeat(cols, n, lag).flat(), want.flat())).toEqual([]);
    }
  });
});

describe("fits through the switch", () => {
  it("ols (classic, HC1, Newey–West) and logit give the same numbers with and without WebAssembly", () => {
    const n = 777, p = 9;
    const cols = randomDesign(n, p, 5);
    const y = Float64Array.from({ length: n }, (_, i) => cols[1]![i]! * 0.3 - cols[2]![i]! + Math.sin(i));
    const yb = Float64Array.from(y, (v) => (v > 0 ? 1 : 0));
    const names = cols.map((_, j) => `x${j}`);
    const covariances = [{ type: "HC1" }, { type: "HC3" }, { type: "newey-west", lag: 7 }] as const;
    const run = () => [
      ols(y, { names, columns: cols }, { covariances: [...covariances] }),
      logit(yb, { names, columns: cols }, { covariances: [{ type: "newey-west", lag: 3 }] }),
    ];
    denseKernels.wasm = false;
    const want = JSON.stringify(run());
    denseKernels.wasm = true;
    expect(JSON.stringify(run())).toBe(want);
  });
});

describe("condition number", () => {
  it("raw is computed when read: the eager value, keys in the same order, in JSON and copies", () => {
    const n = 300, p = 8;
    const cols = randomDesign(n, p, 9);
    const qr = householderQRTs(cols, n);
    const norms = columnNorms(cols, n);
    const c = conditionNumber(qr.r, norms);
    const sv = singularValues(qr.r);
    const svs = singularValues(qr.r.map((row) => row.map((v, j) => v / norms[j]!)));
    const eager = { raw: sv[0]! / sv[sv.length - 1]!, scaled: svs[0]! / svs[svs.length - 1]!, warning: c.warning };
    expect(Object.keys(c)).toEqual(["raw", "scaled", "warning"]);
    expect(JSON.stringify(c)).toBe(JSON.stringify(eager));
    expect(Object.is(c.raw, eager.raw)).toBe(true);
    expect(structuredClone(c)).toEqual(eager);
    expect({ ...c }).toEqual(eager);
  });
});
