/**
 * Snappy compression, the same bytes as hyparquet-writer 0.17.0's snappyCompress (src/snappy.js,
 * itself from snappyjs, MIT, © 2016 Zhipeng Jia): one block, a hash table of at most 2^14 entries,
 * matches within 64 KiB. This copy writes into one preallocated buffer instead of a byte at a time
 * through a DataView; snappy.test.ts compares it with the original on random and repetitive input.
 */

const MAX_HASH_TABLE_BITS = 14;
const MAX_OFFSET = 0xffff;
const INPUT_MARGIN = 15;
const tables: (Uint32Array | undefined)[] = new Array(MAX_HASH_TABLE_BITS + 1);

let out = new Uint8Array(1 << 16);
let at = 0;

function hash(key: number, shift: number): number {
  return Math.imul(key, 0x1e35a7bd) >>> shift;
}

function load32(a: Uint8Array, p: number): number {
  return a[p]! + (a[p + 1]! << 8) + (a[p + 2]! << 16) + (a[p + 3]! << 24);
}

function equals32(a: Uint8Array, p: number, q: number): boolean {
  return a[p] === a[q] && a[p + 1] === a[q + 1] && a[p + 2] === a[q + 2] && a[p + 3] === a[q + 3];
}

function varint(v: number): void {
  for (;;) {
    if ((v & ~0x7f) === 0) { out[at++] = v; return; }
    out[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
}

function literal(input: Uint8Array, ip: number, len: number): void {
  if (len <= 60) {
    out[at++] = (len - 1) << 2;
  } else {
    const value = len - 1;
    const bytes = value < 0x100 ? 1 : value < 0x10000 ? 2 : value < 0x1000000 ? 3 : 4;
    out[at++] = (59 + bytes) << 2;
    for (let i = 0; i < bytes; i++) out[at++] = (value >>> (i * 8)) & 0xff;
  }
  out.set(input.subarray(ip, ip + len), at);
  at += len;
}

function copyLessThan64(offset: number, len: number): void {
  if (len < 12 && offset < 2048) {
    out[at++] = (1 + ((len - 4) << 2) + ((offset >>> 8) << 5)) & 0xff;
    out[at++] = offset & 0xff;
  } else {
    out[at++] = (2 + ((len - 1) << 2)) & 0xff;
    out[at++] = offset & 0xff;
    out[at++] = (offset >>> 8) & 0xff;
  }
}

function copy(offset: number, len: number): void {
  while (len >= 68) { copyLessThan64(offset, 64); len -= 64; }
  if (len > 64) { copyLessThan64(offset, 60); len -= 60; }
  copyLessThan64(offset, len);
}

/** Snappy-compressed bytes of `input` (a fresh array). */
export function snappyCompress(input: Uint8Array): Uint8Array {
  const size = input.length;
  const bound = 32 + size + Math.ceil(size / 6) + 16;
  if (out.length < bound) out = new Uint8Array(bound);
  at = 0;
  varint(size);
  let bits = 1;
  while (1 << bits <= size && bits <= MAX_HASH_TABLE_BITS) bits++;
  bits--;
  const shift = 32 - bits;
  const table = (tables[bits] ??= new Uint32Array(1 << bits));
  table.fill(0);
  let ip = 0, nextEmit = 0;
  if (size >= INPUT_MARGIN) {
    const ipLimit = size - INPUT_MARGIN;
    ip++;
    let nextHash = hash(load32(input, ip), shift);
    let more = true;
    let candidate = 0;
    while (more) {
      let skip = 32;
      let nextIp = ip;
      do {
        ip = nextIp;
        const h = nextHash;
        const step = skip >>> 5;
        skip++;
        nextIp = ip + step;
        if (ip > ipLimit) { more = false; break; }
        nextHash = hash(load32(input, nextIp), shift);
        candidate = table[h]!;
        table[h] = ip;
      } while (ip - candidate > MAX_OFFSET || !equals32(input, ip, candidate));
      if (!more) break;
      literal(input, nextEmit, ip - nextEmit);
      do {
        const base = ip;
        let matched = 4;
        while (ip + matched < size && input[ip + matched] === input[candidate + matched]) matched++;
        ip += matched;
        copy(base - candidate, matched);
        nextEmit = ip;
        if (ip >= ipLimit) { more = false; break; }
        table[hash(load32(input, ip - 1), shift)] = ip - 1;
        const cur = hash(load32(input, ip), shift);
        candidate = table[cur]!;
        table[cur] = ip;
      } while (ip - candidate <= MAX_OFFSET && equals32(input, ip, candidate));
      if (!more) break;
      ip++;
      nextHash = hash(load32(input, ip), shift);
    }
  }
  if (nextEmit < size) literal(input, nextEmit, size - nextEmit);
  return out.slice(0, at);
}
