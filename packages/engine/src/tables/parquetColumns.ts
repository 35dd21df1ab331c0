import type { ColumnChunk, SchemaElement } from "hyparquet";
import type { ByteWriter } from "hyparquet-writer";
import { writePageHeader } from "hyparquet-writer/src/datapage.js";
import { snappyCompress } from "./snappy.js";
import type { TypedColumn } from "./typedTable.js";

/**
 * The column chunks of hyparquet-writer 0.17.0 (src/column.js, datapage.js, dictionary.js,
 * encoding.js, plain.js), written from typed columns: the same bytes, without a JavaScript value
 * (a boxed number, a BigInt, a string) per row. parquetTable.ts writes every column chunk through
 * `writeColumnChunk` and leaves the file header, the footer and the metadata to hyparquet-writer's
 * ParquetWriter, so only the pages are ours. What it reproduces, for the one layout the tool writes
 * (flat OPTIONAL columns, Snappy, data page v2, statistics on, no page index, no bloom filter):
 *
 * - one data page per chunk: hyparquet-writer starts a new page at 1 MiB of estimated value bytes,
 *   and a row group of ROW_GROUP_ROWS values of at most 8 bytes never reaches it (checked);
 * - definition levels RLE/bit-packed (bit width 1), in the levels section, uncompressed;
 * - text: always a dictionary (forced RLE_DICTIONARY), in order of first occurrence in the chunk;
 * - booleans: never a dictionary; RLE (bit width 1, length-prefixed) above 16 rows, else PLAIN;
 * - numbers: a dictionary when a 1,000-value sample has at most 90 % distinct value bytes and the
 *   dictionary plus its bit-packed indexes at most halve the plain bytes; equal values (0 and −0
 *   too: a JavaScript Map's SameValueZero) share the entry of the first one seen;
 * - statistics: min/max by the same comparisons (strings in code point order; min −0 and max +0
 *   for a zero bound), the null count, and a NaN count for doubles.
 *
 * parquetColumns.test.ts compares the bytes with hyparquet-writer's on random tables.
 */

/** Pages start at this many estimated value bytes in hyparquet-writer (its default pageSize). */
const PAGE_SIZE = 1048576;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A growable byte buffer for one page. */
class Bytes {
  buf = new Uint8Array(1024);
  n = 0;

  reset(): this {
    this.n = 0;
    return this;
  }

  ensure(k: number): void {
    if (this.n + k <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.n++] = v & 0xff;
  }

  u32(v: number): void {
    this.ensure(4);
    const b = this.buf, n = this.n;
    b[n] = v & 0xff; b[n + 1] = (v >>> 8) & 0xff; b[n + 2] = (v >>> 16) & 0xff; b[n + 3] = (v >>> 24) & 0xff;
    this.n = n + 4;
  }

  varint(v: number): void {
    for (;;) {
      if ((v & ~0x7f) === 0) { this.u8(v); return; }
      this.u8((v & 0x7f) | 0x80);
      v >>>= 7;
    }
  }

  bytes(src: Uint8Array): void {
    this.ensure(src.length);
    this.buf.set(src, this.n);
    this.n += src.length;
  }

  view(): Uint8Array {
    return this.buf.subarray(0, this.n);
  }
}

const levels = new Bytes(), page = new Bytes(), rle = new Bytes();

/** hyparquet-writer's writeRleBitPackedHybrid (encoding.js), on a typed array. */
export function rleBitPackedHybrid(out: Bytes, values: ArrayLike<number>, bitWidth: number): number {
  const start = out.n;
  const n = values.length;
  let pendingGroups = 0, packedStart = 0, i = 0;
  while (i < n) {
    const first = values[i]!;
    let run = 1;
    while (i + run < n && values[i + run] === first) run++;
    if (run >= 8) {
      if (pendingGroups) { bitPacked(out, values, packedStart, pendingGroups, bitWidth); pendingGroups = 0; }
      out.varint(run << 1);
      const width = (bitWidth + 7) >> 3;
      for (let j = 0; j < width; j++) out.u8((first >> (j << 3)) & 0xff);
      i += run;
    } else {
      if (pendingGroups === 0) packedStart = i;
      pendingGroups++;
      i += 8;
    }
  }
  if (pendingGroups) bitPacked(out, values, packedStart, pendingGroups, bitWidth);
  return out.n - start;
}

function bitPacked(out: Bytes, values: ArrayLike<number>, start: number, groups: number, bitWidth: number): void {
  out.varint((groups << 1) | 1);
  if (bitWidth === 0) return;
  const mask = (1 << bitWidth) - 1;
  const total = groups * 8;
  out.ensure(total * bitWidth / 8 + 1);
  const b = out.buf;
  let at = out.n, buffer = 0, used = 0;
  const end = Math.min(start + total, values.length);
  if (bitWidth === 1) {
    // a byte per 8 values (what the loop below gives for width 1), the last group padded with 0
    let i = start;
    for (; i + 8 <= end; i += 8) {
      b[at++] = (values[i]! & 1) | ((values[i + 1]! & 1) << 1) | ((values[i + 2]! & 1) << 2) | ((values[i + 3]! & 1) << 3)
        | ((values[i + 4]! & 1) << 4) | ((values[i + 5]! & 1) << 5) | ((values[i + 6]! & 1) << 6) | ((values[i + 7]! & 1) << 7);
    }
    for (; i < start + total; i += 8) {
      let byte = 0;
      for (let j = 0; j < 8 && i + j < end; j++) byte |= (values[i + j]! & 1) << j;
      b[at++] = byte;
    }
    out.n = at;
    return;
  }
  for (let idx = start; idx < end; idx++) {
    buffer |= (values[idx]! & mask) << used;
    used += bitWidth;
    while (used >= 8) { b[at++] = buffer & 0xff; buffer >>>= 8; used -= 8; }
  }
  for (let i = end - start; i < total; i++) {
    const v = 0;
    buffer |= v << used;
    used += bitWidth;
    while (used >= 8) { b[at++] = buffer & 0xff; buffer >>>= 8; used -= 8; }
  }
  if (used > 0) b[at++] = buffer & 0xff;
  out.n = at;
}

/** Little-endian bytes of a typed array (a view on this machine's usual byte order). */
function le(a: Float64Array | Int32Array): Uint8Array {
  const u = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (LITTLE_ENDIAN) return u;
  const w = a.BYTES_PER_ELEMENT, out = new Uint8Array(u.length);
  for (let i = 0; i < u.length; i += w) for (let j = 0; j < w; j++) out[i + j] = u[i + w - 1 - j]!;
  return out;
}

/** Whole float64 values (|x| < 2^53) → int64 little-endian words as [lo, hi] int32 pairs. */
function int64Words(x: Float64Array): Int32Array {
  const w = new Int32Array(x.length * 2);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const hi = Math.floor(v / 4294967296);
    w[2 * i] = v - hi * 4294967296;
    w[2 * i + 1] = hi;
  }
  return w;
}

/** An open-addressing set of float64 values keyed by their bits (−0 as 0): index of first occurrence. */
const indexPool = new Map<number, NumberIndex>();

class NumberIndex {
  private keys: Float64Array;
  private slots: Int32Array;
  private mask: number;
  private readonly bits = new Float64Array(1);
  private readonly words = new Int32Array(this.bits.buffer);
  /** distinct values in order of first occurrence (the first one's sign for 0) */
  values: Float64Array;
  size = 0;

  /** the slots taken, in order (so reset clears only those) */
  private taken: Int32Array;

  constructor(capacity: number) {
    let cap = 16;
    while (cap < capacity * 2) cap <<= 1;
    this.keys = new Float64Array(cap);
    this.slots = new Int32Array(cap).fill(-1);
    this.taken = new Int32Array(cap);
    this.mask = cap - 1;
    this.values = new Float64Array(Math.max(1, capacity));
  }

  /**
   * An empty index for `capacity` distinct values: one kept per table size and reused (its taken
   * slots cleared), so a column does not allocate and fill a table of 2 × 65,536 slots. The
   * indexes given depend only on the order of the values, not on the table's size.
   */
  static empty(capacity: number): NumberIndex {
    let cap = 16;
    while (cap < capacity * 2) cap <<= 1;
    let x = indexPool.get(cap);
    if (!x) { indexPool.set(cap, (x = new NumberIndex(capacity))); return x; }
    for (let i = 0; i < x.size; i++) x.slots[x.taken[i]!] = -1;
    x.size = 0;
    if (x.values.length < capacity) x.values = new Float64Array(capacity);
    return x;
  }

  /** The value's index, adding it if new. */
  add(v: number): number {
    const key = v === 0 ? 0 : v !== v ? NaN : v; // SameValueZero: −0 is 0, every NaN one
    this.bits[0] = key;
    let h = this.words[0]! ^ Math.imul(this.words[1]!, 0x9e3779b1); // then murmur3's finaliser
    h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
    const mask = this.mask, keys = this.keys, slots = this.slots;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const k = slots[s]!;
      if (k < 0) {
        slots[s] = this.size;
        this.taken[this.size] = s;
        keys[s] = key;
        this.values[this.size] = v;
        return this.size++;
      }
      if (keys[s] === key || (key !== key && keys[s] !== keys[s])) return k;
    }
  }
}

/** Compares strings in UTF-8 byte (code point) order: hyparquet-writer's compareStrings (column.js). */
export function compareStrings(left: string, right: string): number {
  if (left === right) return 0;
  const length = Math.min(left.length, right.length);
  let i = 0;
  while (i < length && left.charCodeAt(i) === right.charCodeAt(i)) i++;
  if (i > 0) {
    const prev = left.charCodeAt(i - 1);
    if (prev >= 0xd800 && prev <= 0xdbff) i--;
  }
  while (i < left.length && i < right.length) {
    const a = codePointAt(left, i), b = codePointAt(right, i);
    if (a !== b) return a - b;
    i += a > 0xffff ? 2 : 1;
  }
  return left.length - right.length;
}

function codePointAt(s: string, i: number): number {
  const code = s.codePointAt(i) ?? 0xfffd;
  return code >= 0xd800 && code <= 0xdfff ? 0xfffd : code;
}

interface Statistics {
  min_value?: number | bigint | boolean | string;
  max_value?: number | bigint | boolean | string;
  null_count: bigint;
  nan_count?: bigint;
}

/** min/max of present numbers as getStatistics (column.js) finds them: NaN skipped and counted. */
function numberStats(x: Float64Array | Int32Array, nulls: number, isFloat: boolean): Statistics {
  let min = NaN, max = NaN, nan = 0, any = false;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (v !== v) { nan++; continue; }
    if (!any) { min = v; max = v; any = true; continue; }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const s: Statistics = { null_count: BigInt(nulls) };
  if (any) {
    s.min_value = min === 0 ? -0 : min;
    s.max_value = max === 0 ? 0 : max;
  }
  if (isFloat) s.nan_count = BigInt(nan);
  return s;
}

const encoder = new TextEncoder();

/** The present values of rows [a, b) of a numeric column, packed. */
function present<A extends Float64Array | Int32Array | Uint8Array>(values: A, valid: Uint8Array | null, a: number, b: number, nulls: number): A {
  if (!valid || !nulls) return values.subarray(a, b) as A;
  const out = new (values.constructor as new (n: number) => A)(b - a - nulls);
  let k = 0;
  for (let i = a; i < b; i++) if (valid[i]) out[k++] = values[i]!;
  return out;
}

/**
 * hyparquet-writer's useDictionary for a numeric column (dictionary.js; not forced, no size cap):
 * the sample over all rows (nulls count 0 bytes), then the full dictionary and the win check.
 * Returns the distinct values and each present value's index, or null for PLAIN.
 */
function numberDictionary(rowValues: Float64Array | Int32Array, valid: Uint8Array | null, a: number, b: number, present: Float64Array | Int32Array, size: number): { dictionary: Float64Array; indexes: Int32Array } | null {
  const n = b - a;
  const sampleSize = Math.min(n, 1000);
  const seen = NumberIndex.empty(sampleSize);
  let nullSeen = false, dictBytes = 0, totalBytes = 0;
  for (let i = 0; i < sampleSize; i++) {
    const at = a + (sampleSize === 1 ? 0 : Math.floor(i * (n - 1) / (sampleSize - 1)));
    if (valid && !valid[at]) { if (!nullSeen) nullSeen = true; continue; } // a null's size is 0
    const before = seen.size;
    seen.add(rowValues[at]!);
    if (seen.size > before) dictBytes += size;
    totalBytes += size;
  }
  if (!totalBytes || dictBytes / totalBytes > 0.9) return null;
  const index = NumberIndex.empty(Math.min(present.length, 1 << 16));
  const indexes = new Int32Array(present.length);
  // a value equal to the one before it (SameValueZero, so not NaN) has that one's index: no look-up
  let prev = NaN, prevIndex = -1;
  for (let i = 0; i < present.length; i++) {
    const v = present[i]!;
    indexes[i] = v === prev ? prevIndex : (prevIndex = index.add(v));
    prev = v;
  }
  const distinct = index.size;
  const bitWidth = Math.ceil(Math.log2(distinct));
  const indexSize = Math.ceil(present.length * bitWidth / 8);
  if (2 * (distinct * size + indexSize) > present.length * size) return null;
  return { dictionary: index.values.slice(0, distinct), indexes }; // a copy: the index is reused
}

/** The Parquet element facts a chunk needs. */
export interface ChunkColumn {
  column: TypedColumn;
  element: SchemaElement;
}

/** The writer hyparquet-writer's ParquetWriter writes into (a ByteWriter). */
type Out = Pick<ByteWriter, "offset" | "appendBytes"> & Parameters<typeof writePageHeader>[0];

function dictionaryPage(out: Out, plain: Uint8Array, count: number): number {
  const compressed = snappyCompress(plain);
  const start = out.offset;
  writePageHeader(out, {
    type: "DICTIONARY_PAGE",
    uncompressed_page_size: plain.length,
    compressed_page_size: compressed.length,
    dictionary_page_header: { num_values: count, encoding: "PLAIN" },
  } as never);
  const header = out.offset - start;
  out.appendBytes(compressed);
  return header + plain.length;
}

/** One data page v2 (datapage.js writeDataPageV2): levels, then the Snappy-compressed values. */
function dataPage(out: Out, encoding: string, defLevels: Uint8Array, nulls: number, values: Uint8Array): number {
  const lv = levels.reset();
  const defLength = rleBitPackedHybrid(lv, defLevels, 1);
  const compressed = snappyCompress(values);
  const start = out.offset;
  writePageHeader(out, {
    type: "DATA_PAGE_V2",
    uncompressed_page_size: lv.n + values.length,
    compressed_page_size: lv.n + compressed.length,
    data_page_header_v2: {
      num_values: defLevels.length, num_nulls: nulls, num_rows: defLevels.length, encoding,
      definition_levels_byte_length: defLength, repetition_levels_byte_length: 0, is_compressed: true,
    },
  } as never);
  const header = out.offset - start;
  out.appendBytes(lv.view());
  out.appendBytes(compressed);
  return header + lv.n + values.length;
}

/** RLE_DICTIONARY page values: the bit width of the largest index, then the indexes hybrid-encoded. */
function dictionaryIndexes(indexes: Int32Array): Uint8Array {
  let max = 0;
  for (let i = 0; i < indexes.length; i++) if (indexes[i]! > max) max = indexes[i]!;
  const bitWidth = Math.ceil(Math.log2(max + 1));
  const p = page.reset();
  p.u8(bitWidth);
  rleBitPackedHybrid(p, indexes, bitWidth);
  return p.view();
}

/** PLAIN BYTE_ARRAY of UTF-8 strings: a 4-byte length, then the bytes, each. */
function plainStrings(strings: readonly string[]): Uint8Array {
  const p = page.reset();
  for (const s of strings) {
    const bytes = encoder.encode(s);
    p.u32(bytes.length);
    p.bytes(bytes);
  }
  return p.view();
}

/**
 * Writes rows [a, b) of a column as one column chunk (dictionary page if any, one data page) at
 * the writer's position and returns its ColumnChunk (the metadata ParquetWriter serialises).
 */
export function writeColumnChunk(out: Out, { column: c, element }: ChunkColumn, a: number, b: number): ColumnChunk {
  const n = b - a;
  if (n * 8 >= PAGE_SIZE) throw new RangeError(`a row group of ${n} rows would need several pages (not written here)`);
  const offsetStart = out.offset;
  const valid = c.valid;
  let nulls = 0;
  if (valid) for (let i = a; i < b; i++) if (!valid[i]) nulls++;
  const defLevels = valid ? valid.subarray(a, b) : ones(n);
  let uncompressed = 0;
  let dictionaryOffset: bigint | undefined;
  let encoding: string;
  let values: Uint8Array;
  let statistics: Statistics;
  const useDict = (plainDictionary: Uint8Array, count: number, indexes: Int32Array) => {
    dictionaryOffset = BigInt(out.offset);
    uncompressed += dictionaryPage(out, plainDictionary, count);
    encoding = "RLE_DICTIONARY";
    values = dictionaryIndexes(indexes);
  };
  switch (c.kind) {
    case "text": {
      // first occurrence order, forced dictionary
      const remap = new Int32Array(c.dictionary.length).fill(-1);
      const used: string[] = [];
      const indexes = new Int32Array(n - nulls);
      let k = 0;
      for (let i = a; i < b; i++) {
        if (valid && !valid[i]) continue;
        const code = c.indices[i]!;
        let j = remap[code]!;
        if (j < 0) { j = remap[code] = used.length; used.push(c.dictionary[code]!); }
        indexes[k++] = j;
      }
      statistics = { null_count: BigInt(nulls) };
      if (used.length) {
        let min = used[0]!, max = used[0]!;
        for (const s of used) {
          if (compareStrings(s, min) < 0) min = s;
          if (compareStrings(s, max) > 0) max = s;
        }
        statistics.min_value = min;
        statistics.max_value = max;
      }
      const plain = plainStrings(used).slice();
      useDict(plain, used.length, indexes);
      break;
    }
    case "bool": {
      const bits = present(c.values, valid, a, b, nulls);
      statistics = { null_count: BigInt(nulls) };
      if (bits.length) {
        let any1 = false, any0 = false;
        for (let i = 0; i < bits.length; i++) if (bits[i]) any1 = true; else any0 = true;
        statistics.min_value = !any0;
        statistics.max_value = any1;
      }
      if (n > 16) {
        encoding = "RLE";
        const r = rle.reset();
        rleBitPackedHybrid(r, bits, 1);
        const p = page.reset();
        p.u32(r.n);
        p.bytes(r.view());
        values = p.view();
      } else {
        encoding = "PLAIN";
        const p = page.reset();
        let byte = 0;
        for (let i = 0; i < bits.length; i++) {
          if (bits[i]) byte |= 1 << (i % 8);
          if (i % 8 === 7) { p.u8(byte); byte = 0; }
        }
        if (bits.length % 8) p.u8(byte);
        values = p.view();
      }
      break;
    }
    case "float64": case "int32": case "date": {
      const x = present(c.values, valid, a, b, nulls);
      statistics = numberStats(x, nulls, c.kind === "float64");
      const size = c.kind === "float64" ? 8 : 4;
      const dict = numberDictionary(c.values, valid, a, b, x, size);
      if (dict) {
        const d = c.kind === "float64" ? dict.dictionary : Int32Array.from(dict.dictionary);
        useDict(le(d).slice(), dict.dictionary.length, dict.indexes);
      } else {
        encoding = "PLAIN";
        values = le(x);
      }
      break;
    }
    case "int64": case "timestamp": {
      const x = present(c.values, valid, a, b, nulls);
      // int64 statistics compare BigInts; timestamp statistics compare the numbers given (column.js)
      const s = numberStats(x, nulls, false);
      if (c.kind === "int64" && s.min_value !== undefined) { s.min_value = BigInt(s.min_value as number); s.max_value = BigInt(s.max_value as number); }
      statistics = s;
      const dict = numberDictionary(c.values, valid, a, b, x, 8);
      if (dict) useDict(le(int64Words(dict.dictionary)).slice(), dict.dictionary.length, dict.indexes);
      else { encoding = "PLAIN"; values = le(int64Words(x)); }
      break;
    }
  }
  const dataOffset = BigInt(out.offset);
  uncompressed += dataPage(out, encoding!, defLevels, nulls, values!);
  const type = element.type!;
  return {
    meta_data: {
      type,
      encodings: dictionaryOffset !== undefined ? ["PLAIN", "RLE_DICTIONARY"] : [encoding! as "PLAIN"],
      path_in_schema: [element.name],
      codec: "SNAPPY",
      num_values: BigInt(n),
      total_compressed_size: BigInt(out.offset - offsetStart),
      total_uncompressed_size: BigInt(uncompressed),
      data_page_offset: dataOffset,
      dictionary_page_offset: dictionaryOffset,
      statistics: statistics! as never,
      encoding_stats: [
        ...(dictionaryOffset !== undefined ? [{ page_type: "DICTIONARY_PAGE", encoding: "PLAIN", count: 1 }] : []),
        { page_type: "DATA_PAGE_V2", encoding: encoding!, count: 1 },
      ] as never,
    },
    file_offset: BigInt(offsetStart),
  } as ColumnChunk;
}

let onesCache = new Uint8Array(0);
function ones(n: number): Uint8Array {
  if (onesCache.length < n) onesCache = new Uint8Array(Math.max(n, 1024)).fill(1);
  return onesCache.subarray(0, n);
}
