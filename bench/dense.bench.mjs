// The dense kernels of the regressions, plain TypeScript (the reference kept in @tda/stats) against
// WebAssembly (@tda/core-wasm assembly/dense.ts, f64x2), on a design of the study run's shape
// (36,822 × 46 by default), in the same process: TS and WASM alternately after a warm-up, medians.
// The WASM times include every copy into and out of linear memory. Every output is checked to be
// the same bits. Build first (`pnpm exec turbo run build`).
//   node bench/dense.bench.mjs [--rows N] [--terms P] [--rounds R]
import { loadavg } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { rng } from "./lib.mjs";

const repo = join(import.meta.dirname, "..");
const mod = (p) => import(pathToFileURL(join(repo, "packages/stats/dist/regression", p)).href);
const qr = await mod("householder-qr.js");
const gram = await mod("gram.js");
const cov = await mod("covariance.js");
const { denseKernels } = await mod("dense.js");
const wasm = await import(pathToFileURL(join(repo, "packages/core-wasm/dist/index.js")).href);

const args = process.argv.slice(2);
const opt = (name, d) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const n = opt("--rows", 36822), p = opt("--terms", 46), ROUNDS = opt("--rounds", 7);

// a design like the study's: intercept, dummies, continuous terms of mixed scale
const r = rng(42);
const columns = Array.from({ length: p }, (_, j) =>
  Float64Array.from({ length: n }, () => (j === 0 ? 1 : j % 3 === 1 ? (r() < 0.3 ? 1 : 0) : (r() - 0.5) * 10 ** ((j % 5) - 2))),
);
const weights = Float64Array.from({ length: n }, () => 0.25 * r());
const packed = gram.packRowBlocks(columns, n);
const scores = columns.map((c) => c.map((x, i) => x * (r() - 0.5) * (1 + (i % 7))));

function same(a, b) {
  const flat = (x) => (Array.isArray(x) || ArrayBuffer.isView(x) ? Array.from(x).flatMap(flat) : [x]);
  const fa = flat(a), fb = flat(b);
  return fa.length === fb.length && fa.every((v, i) => Object.is(v, fb[i]));
}
const qrParts = (q) => [q.v, q.vNorm2, q.r, q.deficientColumn];

function pair(name, fTs, fWasm, parts = (x) => x) {
  fTs();
  fWasm();
  const tTs = [], tW = [];
  let oTs, oW;
  for (let k = 0; k < ROUNDS; k++) {
    let s = process.hrtime.bigint();
    oTs = fTs();
    tTs.push(Number(process.hrtime.bigint() - s) / 1e6);
    s = process.hrtime.bigint();
    oW = fWasm();
    tW.push(Number(process.hrtime.bigint() - s) / 1e6);
  }
  const med = (t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)];
  const a = med(tTs), b = med(tW);
  const ok = same(parts(oTs), parts(oW));
  console.log(`  ${name.padEnd(44)} ${a.toFixed(1).padStart(8)} ms → ${b.toFixed(1).padStart(8)} ms   ${(a / b).toFixed(2).padStart(5)}×   ${ok ? "same bits" : "DIFFERENT"}`);
  if (!ok) process.exitCode = 1;
  return a / b;
}

console.log(`dense kernels, ${n.toLocaleString("en-US")} × ${p}: TypeScript → WebAssembly (incl. copies), medians of ${ROUNDS} alternations; load ${loadavg().map((v) => v.toFixed(1)).join(" ")}`);
const withTs = (f) => () => {
  denseKernels.wasm = false;
  try {
    return f();
  } finally {
    denseKernels.wasm = true;
  }
};
pair("householderQR", () => qr.householderQRTs(columns, n), () => qr.householderQR(columns, n), qrParts);
pair("householderQRDroppingAliased", () => qr.householderQRDroppingAliasedTs(columns, n), () => qr.householderQRDroppingAliased(columns, n),
  (x) => [x.kept, x.dropped, ...qrParts(x.qr)]);
// as packages/report calls the check: TS QR then applyQt vs the WebAssembly panel forming Qᵀy, no vectors out
const y = Float64Array.from({ length: n }, () => r() - 0.5);
pair("aliased QR + Qᵀy (rhs, keepVectors: false)", () => {
  const x = qr.householderQRDroppingAliasedTs(columns, n);
  return [x.kept, x.qr.r, qr.applyQt(x.qr, y)];
}, () => {
  const x = qr.householderQRDroppingAliased(columns, n, { rhs: y, keepVectors: false });
  return [x.kept, x.qr.r, x.qr.qty];
});
pair("weightedGramPacked (one Newton step)", () => gram.weightedGramPackedTs(packed, p, n, weights), () => gram.weightedGramPacked(packed, p, n, weights));
for (const lag of [0, 20, 100]) {
  pair(`Newey–West moving sums, lag ${lag}`, () => cov.hacMovingSumsTs(scores, n, lag), () => wasm.hacMovingSums(scores, n, lag),
    (t) => Array.from(t).filter((_, i) => i % p >= Math.floor(i / p)));
}
{
  const e = Float64Array.from({ length: n }, (_, i) => (r() - 0.5) * (1 + (i % 7)));
  // TS side as robustCovariance forms its scores (plain loops; Float64Array.from with a callback is far slower)
  const scoresOf = () => columns.map((c) => {
    const s = new Float64Array(n);
    for (let i = 0; i < n; i++) s[i] = c[i] * e[i];
    return s;
  });
  pair("Newey–West meat from x and e, lag 100", () => cov.hacMovingSumsTs(scoresOf(), n, 100),
    () => wasm.hacMovingSumsOfProducts(columns, e, n, 100), (t) => Array.from(t).filter((_, i) => i % p >= Math.floor(i / p)));
}
pair("hacMeat lag 100 (whole function)", withTs(() => cov.hacMeat(scores, n, 100)), () => cov.hacMeat(scores, n, 100));
console.log(`  load at the end ${loadavg().map((v) => v.toFixed(1)).join(" ")}`);
