// Level kernels (WASM, compiled) against plain TypeScript references, all timed in this run; prints
// the ratios and checks that both give the same numbers. Run after the build:
//   cd packages/core-wasm && npx asc assembly/index.ts --config asconfig.json --target release && npx tsc -p tsconfig.json
//   node bench/levels.bench.mjs [bars]
import { buildProfiles, nearestLevels } from "../packages/core-wasm/dist/index.js";
import { rng, timeIt, report } from "./lib.mjs";
import { refNearest as nearestBinary, refProfiles } from "./references.mjs";

/** Session-like bars: 81 RTH bars per profile in periods of 6, `width` ticks wide on average. */
function makeProfileBars(n, width, seed) {
  const r = rng(seed);
  const x = { high: new Int32Array(n), low: new Int32Array(n), volume: new Float64Array(n), profile: new Int32Array(n), period: new Int32Array(n) };
  let p = 18000;
  for (let i = 0; i < n; i++) {
    p += Math.floor(r() * 9) - 4;
    const w = Math.floor(r() * 2 * width);
    x.low[i] = p - (w >> 1); x.high[i] = x.low[i] + w;
    x.volume[i] = Math.floor(r() * 5000);
    x.profile[i] = Math.floor(i / 81);
    x.period[i] = Math.floor((i % 81) / 6);
  }
  return { x, nProfiles: Math.ceil(n / 81) };
}

/** The reference: bounds, offsets, TPO periods and spread volume, written as plain loops. */
// the volume-spread profile (no footprint): the shared reference with fromFootprint = false
const profilesReference = (x, nProfiles) => refProfiles(x, nProfiles, false);

function makeQueries(nSets, nq, seed) {
  const r = rng(seed);
  const offset = [0], price = [], strength = [];
  for (let k = 0; k < nSets; k++) {
    const ps = new Set();
    const m = 3 + Math.floor(r() * 30);
    while (ps.size < m) ps.add(18000 + Math.floor(r() * 400));
    for (const p of [...ps].sort((a, b) => a - b)) { price.push(p); strength.push([1, 2, 3, 4.5][Math.floor(r() * 4)]); }
    offset.push(price.length);
  }
  const entry = new Float64Array(nq), set = new Int32Array(nq);
  for (let q = 0; q < nq; q++) { set[q] = Math.floor(r() * nSets); entry[q] = 17980 + Math.floor(r() * 440); }
  return { sets: { offset: Int32Array.from(offset), price: Float64Array.from(price), strength: Float64Array.from(strength) }, entry, set };
}

/** Reference nearest level: the same binary search in JS (fair), and the obvious scan of every level. */
function nearestScan({ offset, price, strength }, entry, set) {
  const out = new Int32Array(entry.length).fill(-1);
  for (let q = 0; q < entry.length; q++) {
    const s = set[q], x = entry[q];
    let best = -1;
    for (let j = offset[s]; j < offset[s + 1]; j++) {
      if (best < 0) { best = j; continue; }
      const d = Math.abs(price[j] - x), e = Math.abs(price[best] - x);
      if (d < e || (d === e && (strength[j] > strength[best] || (strength[j] === strength[best] && price[j] > price[best])))) best = j;
    }
    out[q] = best;
  }
  return out;
}

const equal = (a, b, what) => {
  if (a.length !== b.length) throw new Error(`${what}: lengths differ`);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) throw new Error(`${what}[${i}]: wasm ${a[i]} vs reference ${b[i]}`);
};

const n = Number(process.argv[2] ?? 1_000_000);
for (const [label, width] of [["8-tick bars", 4], ["5-minute bars (≈ 20 ticks wide)", 10]]) {
  const { x, nProfiles } = makeProfileBars(n, width, 7);
  const want = profilesReference(x, nProfiles), got = buildProfiles(x, nProfiles, 1);
  equal(got.tpo, want.tpo, "tpo");
  equal(got.volume, want.volume, "volume");
  const js = timeIt(() => profilesReference(x, nProfiles));
  const wasm = timeIt(() => buildProfiles(x, nProfiles, 1));
  report(`TPO + volume profiles, ${label}, ${nProfiles} profiles`, n, "bars", { "TS reference": js, "WASM (incl. copies in/out)": wasm });
  console.log();
}

const { sets, entry, set } = makeQueries(5000, n, 11);
const want = nearestBinary(sets, entry, set);
equal(nearestLevels(sets, entry, set), want, "nearest");
equal(nearestScan(sets, entry, set), want, "nearest (scan)");
const scan = timeIt(() => nearestScan(sets, entry, set));
const bin = timeIt(() => nearestBinary(sets, entry, set));
const wasm = timeIt(() => nearestLevels(sets, entry, set));
report("nearest level (5000 sets of 3–32 levels)", n, "queries", { "TS scan of every level": scan, "TS binary search": bin, "WASM binary search (incl. copies)": wasm });
