import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ScidRecordKernel, type ScidTradeRules } from "./scidRecords.js";

const EPOCH = 25569 * 86400 * 1e6;
const FIRST = Math.fround(-1.99900095e37), LAST = Math.fround(-1.99900197e37);

/** Plain TypeScript reference of assembly/scidRecords.ts, written the obvious way. */
function reference(u32: Uint32Array, i32: Int32Array, f32: Float32Array, n: number, R: ScidTradeRules, prev: number, cap: number) {
  const out = { time: [] as number[], price: [] as number[], size: [] as number[], side: [] as number[], bid: [] as number[], ask: [] as number[], mark: [] as number[] };
  let quotes = 0, both = 0, anyQuote = false, rec1 = -1, rec2 = -1, r = 0;
  const scale = (x: number) => (R.byInverse ? x * R.inverse : x / R.tickSize);
  for (; r < n; r++) {
    const w = r * 10, open = f32[w + 2]!;
    if (!(open === 0 || open === FIRST || open === LAST)) break;
    const volume = u32[w + 7]!;
    if (volume === 0) { quotes++; continue; }
    if (out.time.length >= cap) break;
    const unixUs = i32[w + 1]! * 4294967296 + u32[w]! - R.epochUs, sierraUs = unixUs + R.epochUs;
    if (!(sierraUs >= R.minUs && sierraUs <= R.maxUs) || !(unixUs >= prev)) break;
    const high = f32[w + 3]!, low = f32[w + 4]!, close = f32[w + 5]!;
    const c = scale(close), cr = Math.round(c);
    if (!(close > 0 && close <= R.maxPrice && Math.abs(c - cr) <= R.grid && cr <= 2147483647)) break;
    const quote = high !== 0 || low !== 0;
    let ar = 0, br = 0;
    if (quote) {
      const a = scale(high), b = scale(low);
      ar = Math.round(a); br = Math.round(b);
      if (!(high > 0 && high <= R.maxPrice && Math.abs(a - ar) <= R.grid && ar <= 2147483647 &&
        low > 0 && low <= R.maxPrice && Math.abs(b - br) <= R.grid && low <= high)) break;
    }
    const bidVol = u32[w + 8]!, askVol = u32[w + 9]!;
    if (!(volume <= R.maxSize && bidVol <= R.maxSize && askVol <= R.maxSize)) break;
    if (!(bidVol + askVol === volume || bidVol + askVol === 0)) break;
    if (askVol > 0 && bidVol > 0) both++;
    if (quote) anyQuote = true;
    out.time.push(unixUs); out.price.push(cr | 0); out.size.push(volume);
    out.side.push(askVol > 0 ? (bidVol > 0 ? 0 : 1) : bidVol > 0 ? -1 : 0);
    out.bid.push(br | 0); out.ask.push(ar | 0); out.mark.push(open === FIRST ? 1 : open === LAST ? 2 : 0);
    rec2 = rec1; rec1 = r; prev = unixUs;
  }
  return { records: r, trades: out.time.length, quoteUpdates: quotes, bothSides: both, anyQuote, lastRecord: rec1, recordBefore: rec2, lastTime: prev, out };
}

const rulesFor = (tickSize: number): ScidTradeRules => {
  const inverse = 1 / tickSize;
  return {
    tickSize, inverse, byInverse: Number.isInteger(Math.log2(tickSize)) && inverse * tickSize === 1, epochUs: EPOCH,
    minUs: Date.UTC(1950, 0, 1) * 1000 + EPOCH, maxUs: Date.UTC(2200, 0, 1) * 1000 + EPOCH, maxPrice: 1e6, grid: 1e-3, maxSize: 2 ** 32 - 2,
  };
};

describe("scidTrades (WebAssembly) = its TypeScript reference", () => {
  const k = new ScidRecordKernel(512, 512);
  const field = fc.oneof(
    { weight: 6, arbitrary: fc.constant("good") }, { weight: 1, arbitrary: fc.constant("bits") }, { weight: 1, arbitrary: fc.constant("zero") },
  );
  it("same records consumed, same trades, counts and state on random, partly damaged records", () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(field, field, field, field, fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 6 })), { maxLength: 300 }),
      fc.constantFrom(0.25, 0.1, 1, 5, 0.03125),
      fc.integer({ min: 0, max: 300 }),
      fc.boolean(),
      (recs, tick, cap, fromStart) => {
        const R = rulesFor(tick);
        let t = Date.UTC(2024, 2, 5) * 1000 + EPOCH, p = 20000;
        recs.forEach(([ft, fo, fp, fv, bits, dt], r) => {
          const w = r * 10;
          t += dt === 6 ? -5e6 : dt * 1e5;
          p += (bits % 5) - 2;
          const hi = Math.floor(t / 4294967296);
          k.i32[w + 1] = ft === "bits" ? bits | 0 : ft === "zero" ? 0 : hi; k.u32[w] = ft === "bits" ? bits : t - hi * 4294967296;
          k.f32[w + 2] = fo === "good" ? [0, FIRST, LAST][bits % 3]! : fo === "zero" ? 0 : new Float32Array(new Uint32Array([bits]).buffer)[0]!;
          const quote = bits % 4 === 0;
          k.f32[w + 3] = quote ? (p + 1) * tick : 0; k.f32[w + 4] = quote ? p * tick : 0;
          k.f32[w + 5] = fp === "good" ? p * tick : fp === "zero" ? 0 : new Float32Array(new Uint32Array([bits ^ 0x5a5a5a5a]).buffer)[0]!;
          const vol = fv === "good" ? 1 + (bits % 30) : fv === "zero" ? 0 : bits;
          k.u32[w + 6] = 1; k.u32[w + 7] = vol;
          k.u32[w + 8] = bits % 3 === 0 ? vol : bits % 7 === 0 ? 1 : 0; k.u32[w + 9] = bits % 3 === 1 ? vol : 0;
        });
        const prev = fromStart ? -Infinity : Date.UTC(2024, 2, 5) * 1000;
        const got = k.run(0, recs.length, R, prev, 0, Math.min(cap, 512));
        const want = reference(k.u32, k.i32, k.f32, recs.length, R, prev, Math.min(cap, 512));
        const { out, ...counts } = want;
        expect(got).toEqual(counts);
        const n = got.trades;
        expect(Array.from(k.time.subarray(0, n))).toEqual(out.time);
        expect(Array.from(k.price.subarray(0, n))).toEqual(out.price);
        expect(Array.from(k.size.subarray(0, n))).toEqual(out.size);
        expect(Array.from(k.side.subarray(0, n))).toEqual(out.side);
        expect(Array.from(k.bid.subarray(0, n))).toEqual(out.bid);
        expect(Array.from(k.ask.subarray(0, n))).toEqual(out.ask);
        expect(Array.from(k.mark.subarray(0, n))).toEqual(out.mark);
      },
    ), { numRuns: 500, seed: 11 });
  });

  it("refuses runs outside its buffers", () => {
    expect(() => k.run(500, 20, rulesFor(0.25), -Infinity, 0, 1)).toThrow(/records 500\+20 of 512/);
    expect(() => new ScidRecordKernel(0, 1)).toThrow(/whole numbers/);
  });
});
