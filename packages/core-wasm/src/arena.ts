import type { Vector } from "apache-arrow";
import { coreExports } from "./wasm.js";

/** A column the kernels accept: a typed array, or an Arrow vector of the same element type. */
export type Column<T extends TypedArray> = T | Vector;
export type TypedArray =
  | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array
  | Float32Array | Float64Array;
type TypedArrayCtor<T extends TypedArray> = {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  new (length: number): T;
  BYTES_PER_ELEMENT: number;
};

const PAGE = 65536;

/**
 * A bump allocator over the module's linear memory. The TypeScript side owns all memory: a kernel
 * call reserves every input and output block first (`alloc`, which may grow memory), then takes
 * views, copies inputs in, calls the kernel (which never allocates), and copies results out.
 *
 * `memory.grow` detaches every view of the old buffer, so views are always created fresh by
 * `view()` after the last `alloc()` of a call — never cached across allocations.
 */
export class Arena {
  private top: number;
  private readonly base: number;

  constructor(readonly memory: WebAssembly.Memory, base: number) {
    this.base = align(base, 16);
    this.top = this.base;
  }

  /** Frees everything allocated since construction. */
  reset(): void {
    this.top = this.base;
  }

  /** Reserves `bytes` (16-byte aligned for SIMD loads) and returns the pointer. May grow memory. */
  alloc(bytes: number): number {
    const ptr = this.top;
    const end = align(ptr + bytes, 16);
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      try {
        this.memory.grow(pages);
      } catch {
        throw new Error(`WebAssembly core out of memory: ${end} bytes requested`);
      }
    }
    this.top = end;
    return ptr;
  }

  /** Reserves room for `n` elements of the given array type. */
  allocOf<T extends TypedArray>(ctor: TypedArrayCtor<T>, n: number): number {
    return this.alloc(Math.max(n, 1) * ctor.BYTES_PER_ELEMENT);
  }

  /** A fresh view (valid until the next `alloc`). */
  view<T extends TypedArray>(ctor: TypedArrayCtor<T>, ptr: number, n: number): T {
    return new ctor(this.memory.buffer, ptr, n);
  }

  /** Copies a column into memory at `ptr` (already reserved). */
  write<T extends TypedArray>(ctor: TypedArrayCtor<T>, ptr: number, column: Column<T>, n: number): void {
    const dst = this.view(ctor, ptr, n);
    copyColumn(dst, column);
  }

  /** Copies `n` elements at `ptr` out into a new array that survives `reset`. */
  read<T extends TypedArray>(ctor: TypedArrayCtor<T>, ptr: number, n: number): T {
    return this.view(ctor, ptr, n).slice() as T;
  }
}

function align(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}

/** Length of a column. */
export function columnLength(column: Column<TypedArray>): number {
  return column.length;
}

/**
 * Copies a typed array or an Arrow vector (looping over its chunks' `values`, never `get(i)`) into
 * `dst`. Arrow nulls are not interpreted here: callers pass non-nullable columns.
 */
export function copyColumn(dst: TypedArray, column: Column<TypedArray>): void {
  if (ArrayBuffer.isView(column)) {
    if (column.length !== dst.length) throw new Error(`column length ${column.length}, expected ${dst.length}`);
    (dst as Float64Array).set(column as unknown as Float64Array);
    return;
  }
  const vector = column as Vector;
  let at = 0;
  for (const chunk of vector.data) {
    const values = chunk.values as TypedArray;
    const part = values.subarray(0, chunk.length);
    (dst as Float64Array).set(part as unknown as Float64Array, at);
    at += chunk.length;
  }
  if (at !== dst.length) throw new Error(`column length ${at}, expected ${dst.length}`);
}

/**
 * Runs one call's worth of work on this thread's arena: everything allocated inside is freed when it
 * returns or throws. Calls do not nest (kernels never call back into TypeScript).
 */
export function withArena<T>(body: (a: Arena) => T): T {
  const a = arena();
  a.reset();
  try {
    return body(a);
  } finally {
    a.reset();
  }
}

/** Throws, naming the function and the column, unless every column has `n` rows. */
export function checkLengths(fn: string, columns: object, n: number): void {
  for (const [name, col] of Object.entries(columns as Record<string, { length: number } | undefined>)) {
    if (col && col.length !== n) throw new Error(`${fn}: column ${name} has ${col.length} rows, expected ${n}`);
  }
}

let shared: Arena | undefined;

/** The arena of this thread's module instance. */
export function arena(): Arena {
  if (!shared) {
    const core = coreExports();
    shared = new Arena(core.memory, core.heapBase());
  }
  return shared;
}
