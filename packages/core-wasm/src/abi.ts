// One generic kernel call. Every kernel's ABI — its export name and, in order, its parameters: input
// arrays, output arrays, scratch arrays (each with its element type and length) and plain numbers —
// is declared once, in src/kernels.ts. `callKernel` reads that table to reserve every block, copy the
// inputs in, call the export with pointers and numbers, and hand back the outputs; the TypeScript faces
// never write a copy loop or an argument list of their own.
import { type Arena, type Column, type TypedArray, copyColumn } from "./arena.js";
import { coreExports } from "./wasm.js";

/** Element types of the arrays a kernel reads or writes, as AssemblyScript loads/stores them. */
export const ELEMENT = { i8: Int8Array, u8: Uint8Array, i32: Int32Array, f64: Float64Array } as const;
export type ElementType = keyof typeof ELEMENT;
type ArrayOf<E extends ElementType> =
  E extends "i8" ? Int8Array : E extends "u8" ? Uint8Array : E extends "i32" ? Int32Array : Float64Array;

/**
 * Length of an array parameter, in elements, written in terms of the call's numbers: a number's name
 * (`"n"`), a name plus or times another term (`"n+1"`, `"n*nh"`), or a literal (`"1"`).
 */
export type Length = string;

/** An array the kernel reads (copied in), writes (copied out on request) or uses as scratch. */
export interface ArrayParam<N extends string = string, E extends ElementType = ElementType> {
  readonly name: N;
  readonly kind: "in" | "out" | "scratch";
  readonly type: E;
  readonly length: Length;
}
/** A plain number (count, length, threshold, code) passed by value. */
export interface NumberParam<N extends string = string> {
  readonly name: N;
  readonly kind: "number";
}
export type Param = ArrayParam | NumberParam;

export interface KernelAbi<P extends readonly Param[] = readonly Param[]> {
  /** Name of the WebAssembly export (the function in assembly/). */
  readonly export: string;
  /** Parameters in the order of the export's signature. */
  readonly params: P;
  /** Whether the export returns an i32 (a count, an index) or nothing. */
  readonly returns: "i32" | "void";
}

export const input = <N extends string, E extends ElementType>(name: N, type: E, length: Length) =>
  ({ name, kind: "in", type, length }) as const;
export const output = <N extends string, E extends ElementType>(name: N, type: E, length: Length) =>
  ({ name, kind: "out", type, length }) as const;
export const scratch = <N extends string, E extends ElementType>(name: N, type: E, length: Length) =>
  ({ name, kind: "scratch", type, length }) as const;
export const number = <N extends string>(name: N) => ({ name, kind: "number" }) as const;

/** Declares a kernel's ABI (the `const` type parameter keeps every name and type literal). */
export function kernel<const P extends readonly Param[]>(exportName: string, returns: "i32" | "void", params: P): KernelAbi<P> {
  // Inputs, outputs (with scratch) and numbers are three separate records of a call, so a name need
  // only be unique within its own kind: an output may share its input's name (forwardScan's `entry`).
  const seen = new Set<string>();
  for (const p of params) {
    const key = `${p.kind === "scratch" ? "out" : p.kind}:${p.name}`;
    if (seen.has(key)) throw new Error(`kernel ${exportName}: parameter ${p.name} declared twice`);
    seen.add(key);
  }
  return { export: exportName, params, returns };
}

/** A block of linear memory holding one array, reserved in an arena for the current call. */
export class Block<T extends TypedArray = TypedArray> {
  constructor(
    readonly arena: Arena,
    readonly type: ElementType,
    readonly ptr: number,
    readonly length: number,
  ) {}

  /** A fresh view, valid until the next allocation (memory.grow detaches it). */
  view(): T {
    return this.arena.view(ELEMENT[this.type] as never, this.ptr, this.length) as T;
  }

  /** Copies elements `from … from + count − 1` out into a new array that survives the arena's reset. */
  read(from = 0, count = this.length - from): T {
    if (from < 0 || count < 0 || from + count > this.length) throw new Error(`read ${from}+${count} of a block of ${this.length}`);
    return this.arena.read(ELEMENT[this.type] as never, this.ptr + from * ELEMENT[this.type].BYTES_PER_ELEMENT, count) as T;
  }
}

/** Reserves a block of `length` elements (at least one element is reserved, so the pointer is real). */
export function reserve<E extends ElementType>(a: Arena, type: E, length: number): Block<ArrayOf<E>> {
  return new Block(a, type, a.allocOf(ELEMENT[type] as never, length), length);
}

/** Reserves a block and copies a column into it: for an array several kernels read, or one checked first. */
/**
 * In a scope of views, a view an earlier face handed back (same element type, inside this memory) is
 * read where it is: nothing there is freed or moved until the scope ends, so it cannot alias a new block.
 */
function viewBlock(a: Arena, type: ElementType, column: unknown, length: number): Block | undefined {
  if (!a.keepsViews || !ArrayBuffer.isView(column) || column.buffer !== a.memory.buffer) return undefined;
  if (!(column instanceof ELEMENT[type]) || column.length !== length) return undefined;
  return new Block(a, type, column.byteOffset, length);
}

export function place<E extends ElementType>(a: Arena, type: E, column: Column<ArrayOf<E>>, length: number): Block<ArrayOf<E>> {
  const inPlace = viewBlock(a, type, column, length);
  if (inPlace) return inPlace as Block<ArrayOf<E>>;
  if (column instanceof Block) {
    // already resident: read where it is
    if (column.type !== type || column.length !== length) {
      throw new Error(`resident column of ${column.length} ${column.type}, expected ${length} ${type}`);
    }
    return column as Block<ArrayOf<E>>;
  }
  const b = reserve(a, type, length);
  copyColumn(b.view(), column);
  return b;
}

type Names<P extends readonly Param[], K extends Param["kind"]> = Extract<P[number], { kind: K }>["name"];
type TypeOf<P extends readonly Param[], N> = Extract<P[number], { name: N; type: ElementType }>["type"];

/** Every number the ABI passes, plus any other name a length refers to. */
export type NumbersOf<P extends readonly Param[]> = { [N in Names<P, "number">]: number } & Record<string, number>;
/**
 * Each input: a column (copied in), a block already in memory (an output of an earlier call, or
 * `place`d), or a number every element is set to.
 */
export type InputsOf<P extends readonly Param[]> = {
  [N in Names<P, "in">]: Column<ArrayOf<TypeOf<P, N>>> | Block<ArrayOf<TypeOf<P, N>>> | number;
};
export type OutputsOf<P extends readonly Param[]> = { [N in Names<P, "out">]: Block<ArrayOf<TypeOf<P, N>>> };
export type ResultsOf<P extends readonly Param[]> = { [N in Names<P, "out">]: ArrayOf<TypeOf<P, N>> };

export interface KernelCall<P extends readonly Param[]> {
  /** What the export returned (0 for a void export). */
  result: number;
  /** The output blocks, still in memory: pass them to the next kernel, or read them. */
  out: OutputsOf<P>;
  /** Copies every output out (arrays that survive the arena's reset). */
  read(): ResultsOf<P>;
  /** The export's arguments as passed (pointers and numbers): a benchmark re-runs the kernel on them. */
  args: readonly number[];
}

/** Evaluates a `Length` against the call's numbers. */
export function lengthOf(length: Length, numbers: Record<string, number>, where: string): number {
  const m = /^\s*(\w+)\s*(?:([+*])\s*(\w+)\s*)?$/.exec(length);
  if (!m) throw new Error(`${where}: length "${length}" is not name, name+term or name*term`);
  const term = (t: string) => {
    if (/^\d+$/.test(t)) return Number(t);
    const v = numbers[t];
    if (typeof v !== "number") throw new Error(`${where}: length "${length}" needs the number ${t}`);
    return v;
  };
  const x = term(m[1]!);
  if (m[2] === undefined) return x;
  const y = term(m[3]!);
  return m[2] === "+" ? x + y : x * y;
}

/**
 * Calls one kernel in arena `a`: reserves every block the ABI names (inputs given as columns or
 * numbers, outputs, scratch) before taking any view, copies the inputs in, calls the export with
 * pointers and numbers in declared order, and returns the export's result and the output blocks.
 * Blocks stay valid until the arena is reset (the end of `withArena`), so calls can be chained.
 */
export function callKernel<P extends readonly Param[]>(
  a: Arena, abi: KernelAbi<P>, numbers: NumbersOf<P>, inputs: InputsOf<P>,
): KernelCall<P> {
  const fn = coreExports()[abi.export];
  if (typeof fn !== "function") throw new Error(`the WebAssembly core has no export ${abi.export}: rebuild @tda/core-wasm`);
  const given = inputs as Record<string, Column<TypedArray> | Block | number>;
  const nums = numbers as Record<string, number>;
  const blocks: Block[] = [];
  const copies: [Block, Column<TypedArray> | number][] = [];
  for (const p of abi.params) {
    if (p.kind === "number") continue;
    const where = `${abi.export}(${p.name})`;
    const n = lengthOf(p.length, nums, where);
    let value = p.kind === "in" ? given[p.name] : undefined;
    if (p.kind === "in" && value === undefined) throw new Error(`${where}: input not given`);
    value = viewBlock(a, p.type, value, n) ?? value;
    if (value instanceof Block) {
      if (value.type !== p.type || value.length !== n) {
        throw new Error(`${where}: block of ${value.length} ${value.type}, expected ${n} ${p.type}`);
      }
      blocks.push(value);
      continue;
    }
    const b = reserve(a, p.type, n);
    blocks.push(b);
    if (value !== undefined) copies.push([b, value]);
  }
  // Every block is reserved: memory no longer grows in this call, so the views below stay valid.
  for (const [b, value] of copies) {
    if (typeof value === "number") b.view().fill(value);
    else copyColumn(b.view(), value);
  }
  let k = 0;
  const args = abi.params.map((p) => {
    if (p.kind !== "number") return blocks[k++]!.ptr;
    const v = nums[p.name];
    if (typeof v !== "number") throw new Error(`${abi.export}: number ${p.name} not given`);
    return v;
  });
  const result = (fn as (...x: number[]) => number | undefined)(...args);
  const out: Record<string, Block> = {};
  k = 0;
  for (const p of abi.params) {
    if (p.kind === "number") continue;
    const b = blocks[k++]!;
    if (p.kind === "out") out[p.name] = b;
  }
  return {
    result: abi.returns === "i32" ? (result as number) : 0,
    out: out as OutputsOf<P>,
    args,
    read: () => Object.fromEntries(Object.entries(out).map(([name, b]) => [name, b.read()])) as ResultsOf<P>,
  };
}
