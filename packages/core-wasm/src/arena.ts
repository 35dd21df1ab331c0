import type { Vector } from "apache-arrow";
import { coreExports } from "./wasm.js";

/**
 * A column the kernels accept: a typed array, an Arrow vector of the same element type, or a block
 * already in linear memory (a resident column, see `withResident`: read where it is, not copied).
 */
export type Column<T extends TypedArray> = T | Vector | ResidentColumn<T>;

/** A block of linear memory holding a column (`Block` in abi.ts). */
export interface ResidentColumn<T extends TypedArray = TypedArray> {
  readonly ptr: number;
  readonly length: number;
  readonly type: string;
  view(): T;
}

/** Whether a column is a block in linear memory (rather than a typed array or an Arrow vector). */
export function isResident(column: unknown): column is ResidentColumn {
  return typeof column === "object" && column !== null && !ArrayBuffer.isView(column) &&
    typeof (column as ResidentColumn).ptr === "number" && typeof (column as ResidentColumn).view === "function";
}
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
  /** Where `reset` returns to: above the blocks of resident columns (`withResident`), else the base. */
  private floor: number;
  /**
   * Inside `withResident(…, { viewBytes })`: nothing is freed and memory never grows (it was sized
   * first), so `read` hands out views that stay valid until the scope ends.
   */
  private keep = false;

  constructor(readonly memory: WebAssembly.Memory, base: number) {
    this.base = align(base, 16);
    this.top = this.base;
    this.floor = this.base;
  }

  /** Frees everything allocated since construction, or since the innermost `pin` still held. */
  reset(): void {
    if (!this.keep) this.top = this.floor;
  }

  /**
   * Keeps everything allocated so far through later resets (resident columns), until `unpin` with
   * the returned mark. Pins nest like a stack.
   */
  pin(): number {
    const mark = this.floor;
    this.floor = this.top;
    return mark;
  }

  /** Releases the blocks pinned by the `pin` that returned `mark` (and resets above them). */
  unpin(mark: number): void {
    if (mark < this.base || mark > this.floor) throw new Error(`unpin(${mark}): not a mark of this arena`);
    this.floor = mark;
    this.top = mark;
  }

  /** Reserves `bytes` (16-byte aligned for SIMD loads) and returns the pointer. May grow memory. */
  alloc(bytes: number): number {
    const ptr = this.top;
    const end = align(ptr + bytes, 16);
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      if (this.keep) {
        throw new Error(`resident scope sized too small: ${end - have} more bytes needed (raise viewBytes)`);
      }
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

  /**
   * Copies `n` elements at `ptr` out into a new array that survives `reset`; inside a scope of views
   * (`withResident(…, { viewBytes })`) returns the view itself, valid until the scope ends.
   */
  read<T extends TypedArray>(ctor: TypedArrayCtor<T>, ptr: number, n: number): T {
    const v = this.view(ctor, ptr, n);
    return this.keep ? v : (v.slice() as T);
  }

  /** Grows memory (once) so that `bytes` more can be allocated without growing again. */
  reserveAhead(bytes: number): void {
    const end = align(this.top + bytes, 16), have = this.memory.buffer.byteLength;
    if (end <= have) return;
    try {
      this.memory.grow(Math.ceil((end - have) / PAGE));
    } catch {
      throw new Error(`WebAssembly core out of memory: ${end} bytes requested`);
    }
  }

  /** Whether this is a scope of views (outputs handed back as views, nothing freed, no growth). */
  get keepsViews(): boolean {
    return this.keep;
  }

  /** Starts (true) or ends (false) a scope of views; see `keep`. */
  keepViews(on: boolean): void {
    if (on && this.keep) throw new Error("scopes of views do not nest");
    this.keep = on;
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
  if (isResident(column)) {
    if (column.length !== dst.length) throw new Error(`column length ${column.length}, expected ${dst.length}`);
    (dst as Float64Array).set(column.view() as unknown as Float64Array);
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

/**
 * Keeps columns resident in linear memory across many kernel calls: `place` reserves and copies them
 * (inside `body`'s setup, before any kernel runs), and every face called inside `body` with those
 * blocks as inputs reads them where they are instead of copying them in again. The blocks are freed
 * when `body` returns or throws. Do not cache a block's `view()` across a kernel call: a call may
 * grow memory, which detaches old views (blocks hand out fresh ones).
 */
export function withResident<C, T>(place: (a: Arena) => C, body: (columns: C) => T, options: ResidentOptions = {}): T {
  const a = arena();
  a.reset();
  const columns = place(a);
  const mark = a.pin();
  const views = options.viewBytes !== undefined;
  try {
    if (views) {
      a.reserveAhead(options.viewBytes!);
      a.keepViews(true);
    }
    return body(columns);
  } finally {
    if (views) a.keepViews(false);
    a.unpin(mark);
  }
}

export interface ResidentOptions {
  /**
   * Hand every face's outputs back as views into linear memory instead of copies. Memory is grown
   * once, by this many bytes, before `body` runs, and never again inside it (an allocation beyond it
   * throws rather than detach the views handed out); nothing is freed until `body` returns, and the
   * views must not be used after that (copy what outlives the scope).
   */
  viewBytes?: number;
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
